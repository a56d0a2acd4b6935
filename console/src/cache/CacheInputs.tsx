import { NumberInput, TextInput, type Validator } from 'react-admin';
import { Stack } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { EmbedderProviderInput } from '../common/EmbedderProviderInput';
import { SettingsPanel } from '../common/SettingsPanel';
import { MAX_CACHE_TTL_SECONDS, cacheSummary, type CacheForm } from './cacheInput';
import { CacheModeInput } from './CacheModeInput';

type Values = { cache?: CacheForm | null };

/**
 * The checks the API makes (1 s to 7 days, a similarity in 0–1), shown under the field. The inputs
 * carry no min/max: the browser's own bubble would stop the form before these say why.
 */
const validTtl: Validator = (value: unknown, all: Values) => {
  if (!all.cache?.mode) return undefined;
  const seconds = Number(value);
  if (value === null || value === undefined || value === '') return 'How long an answer is kept';
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_CACHE_TTL_SECONDS)
    return `Whole seconds from 1 to ${MAX_CACHE_TTL_SECONDS} (7 days)`;
  return undefined;
};
const validThreshold: Validator = (value: unknown, all: Values) => {
  if (all.cache?.mode !== 'semantic') return undefined;
  const similarity = Number(value);
  if (value === null || value === undefined || value === '') return 'A semantic cache needs a threshold';
  return similarity >= 0 && similarity <= 1 ? undefined : 'A similarity between 0 and 1';
};
const validEmbedderModel: Validator = (value: unknown, all: Values) =>
  all.cache?.mode === 'semantic' && all.cache.embedder?.providerId && !String(value ?? '').trim()
    ? "Name the provider's embeddings model"
    : undefined;

/**
 * Response caching (README "Caching"): off, exact or semantic, how long answers are kept, and for
 * a semantic cache the similarity a hit needs and the embedder. `scope` says what the settings
 * apply to, under the panel's title.
 */
export const CacheInputs = ({ scope }: { scope: string }) => {
  const cache = useWatch({ name: 'cache' }) as CacheForm | null | undefined;
  return (
    <SettingsPanel title="Response cache" summary={cacheSummary(cache)} defaultExpanded={!!cache?.mode}>
      <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
        <CacheModeInput helperText={scope} />
        {cache?.mode && (
          <NumberInput
            source="cache.ttlSeconds"
            label="Keep for (seconds)"
            step={1}
            defaultValue={600}
            validate={validTtl}
            helperText="1 s to 7 days (604800)"
          />
        )}
      </Stack>
      {cache?.mode === 'semantic' && (
        <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
          <NumberInput
            source="cache.threshold"
            label="Similarity threshold"
            step={0.01}
            defaultValue={0.92}
            validate={validThreshold}
            helperText="Cosine similarity a hit needs (0–1)"
          />
          <EmbedderProviderInput
            source="cache.embedder.providerId"
            helperText="Embeds the last user message"
          />
          {cache.embedder?.providerId && (
            <TextInput
              source="cache.embedder.model"
              label="Embeddings model"
              validate={validEmbedderModel}
              helperText="e.g. text-embedding-3-small"
            />
          )}
        </Stack>
      )}
    </SettingsPanel>
  );
};
