import type { ReactNode } from 'react';
import { useRecordContext } from 'react-admin';
import { Box, Chip, Stack, Typography } from '@mui/material';
import { CacheField } from '../cache/CacheField';
import { DEFAULT_RETRY_STATUSES, type Route, type RouteMatch } from './types';
import { useTargetLabels } from './useTargetLabels';

const Block = ({ title, children }: { title: string; children: ReactNode }) => (
  <Box sx={{ mb: 2 }}>
    <Typography variant="subtitle2" color="text.secondary" gutterBottom>
      {title}
    </Typography>
    {children}
  </Box>
);

function matchText(match: RouteMatch): string {
  if (match.op === 'exists') return `${match.field} exists`;
  const value = Array.isArray(match.value) ? `[${match.value.join(', ')}]` : JSON.stringify(match.value);
  return `${match.field} ${match.op} ${value}`;
}

/** The strategy's own settings and the fallback policy, as sentences rather than form fields. */
export const RouteSettings = () => {
  const record = useRecordContext<Route>();
  const labelOf = useTargetLabels();
  if (!record) return null;
  const target = (index: number | null) =>
    index === null ? 'answer 404' : `#${index + 1} ${labelOf(record.targets[index])}`;
  const fallback = record.fallback;
  return (
    <>
      {record.conditions && (
        <Block title="Conditional rules">
          {record.conditions.rules.map((rule, index) => (
            <Typography key={index} variant="body2">
              {index + 1}. when {rule.when.map(matchText).join(' and ')} → {target(rule.target)}
            </Typography>
          ))}
          <Typography variant="body2">otherwise → {target(record.conditions.defaultTarget)}</Typography>
        </Block>
      )}
      {record.semantic && (
        <Block title="Semantic intents">
          <Typography variant="body2" gutterBottom>
            Embedder:{' '}
            {record.semantic.embedder.providerId
              ? labelOf({
                  providerId: record.semantic.embedder.providerId,
                  model: record.semantic.embedder.model,
                })
              : 'built-in local'}{' '}
            · threshold {record.semantic.threshold} · no match → {target(record.semantic.defaultTarget)} ·
            embed error → {record.semantic.onEmbedError}
          </Typography>
          {record.semantic.intents.map((intent) => (
            <Box key={intent.name} sx={{ mb: 1 }}>
              <Typography variant="body2">
                <strong>{intent.name}</strong> → {target(intent.target)}
                {intent.threshold !== null ? ` (threshold ${intent.threshold})` : ''}
              </Typography>
              <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                {intent.examples.map((example) => (
                  <Chip key={example} size="small" variant="outlined" label={example} />
                ))}
              </Stack>
            </Box>
          ))}
        </Block>
      )}
      {record.ensemble && (
        <Block title="Ensemble panel">
          <Typography variant="body2">
            Mode {record.ensemble.mode} · at least {record.ensemble.minResponses} answer(s) · deadline{' '}
            {record.ensemble.deadlineMs} ms
            {record.ensemble.judge ? ` · judge ${labelOf(record.ensemble.judge)}` : ''}
          </Typography>
          {record.ensemble.judgePrompt && (
            <Typography variant="body2" color="text.secondary">
              Judge prompt: {record.ensemble.judgePrompt}
            </Typography>
          )}
        </Block>
      )}
      {record.strategy !== 'single' && (
        <Block title="Fallback policy">
          <Typography variant="body2">
            {fallback ? 'Custom: ' : 'Defaults: '}
            on {(fallback?.onStatuses ?? DEFAULT_RETRY_STATUSES).join(', ')}
            {fallback?.onTimeout === false ? '' : ', timeouts'}
            {fallback?.onConnectionError === false ? '' : ', connection errors'}
          </Typography>
        </Block>
      )}
      <Block title="Response cache">
        <CacheField off="off (the calling key's settings apply, if it has any)" />
      </Block>
    </>
  );
};
