import { useRecordContext } from 'react-admin';
import { Chip, Stack, Tooltip, Typography } from '@mui/material';
import type { UsageRecord } from './types';

/**
 * How many upstream attempts a request took (retries and fallbacks included), highlighted when more
 * than one; and a "sub-call" mark on records that served another request (ensemble members, judges,
 * routing embeddings).
 */
export const AttemptsField = () => {
  const record = useRecordContext<UsageRecord>();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={0.5} alignItems="center" justifyContent="flex-end">
      {record.parentRequestId && (
        <Tooltip title={`Sub-call of ${record.parentRequestId}`}>
          <Chip size="small" variant="outlined" label="sub-call" />
        </Tooltip>
      )}
      {record.attempts !== null && record.attempts > 1 ? (
        <Chip size="small" color="warning" variant="outlined" label={`${record.attempts} attempts`} />
      ) : (
        <Typography component="span" variant="body2" color="text.secondary">
          {record.attempts ?? '—'}
        </Typography>
      )}
    </Stack>
  );
};
