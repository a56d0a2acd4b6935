import { useGetOne, useRecordContext } from 'react-admin';
import { Typography } from '@mui/material';
import type { CacheSettings } from './types';
import { cacheSummary } from './cacheInput';

/** A record's cache settings in one line; `off` says what applies instead (e.g. the key's). */
export const CacheField = ({ off = 'off' }: { off?: string }) => {
  const record = useRecordContext<{ cache: CacheSettings | null }>();
  const providerId = record?.cache?.embedder?.providerId;
  const { data: provider } = useGetOne<{ id: string; name: string }>(
    'providers',
    { id: providerId ?? '' },
    { enabled: !!providerId },
  );
  if (!record) return null;
  const { cache } = record;
  if (!cache)
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        {off}
      </Typography>
    );
  const embedder =
    cache.mode === 'semantic'
      ? ` · embedder ${providerId ? `${provider?.name ?? '…'} → ${cache.embedder?.model}` : 'built-in local'}`
      : '';
  return (
    <Typography component="span" variant="body2" data-testid="cache-settings">
      {cacheSummary(cache)}
      {embedder}
    </Typography>
  );
};
