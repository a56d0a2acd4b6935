import { useRecordContext } from 'react-admin';
import { Typography } from '@mui/material';
import type { VirtualKey } from './types';

/** The first characters of the secret, so a key found in a config file can be recognised here. */
export const KeyPrefixField = () => {
  const record = useRecordContext<VirtualKey>();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace' }}>
      {record.prefix}…
    </Typography>
  );
};
