import { useRecordContext } from 'react-admin';
import { Typography } from '@mui/material';
import type { ProviderAccount } from './types';

/** Non-secret options as `name=value` pairs. */
export const OptionsField = () => {
  const record = useRecordContext<ProviderAccount>();
  const entries = Object.entries(record?.options ?? {});
  if (!entries.length)
    return (
      <Typography variant="body2" color="text.secondary">
        —
      </Typography>
    );
  return (
    <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
      {entries.map(([name, value]) => `${name}=${String(value)}`).join(' ')}
    </Typography>
  );
};
