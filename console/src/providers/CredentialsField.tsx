import { useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import KeyOffIcon from '@mui/icons-material/KeyOff';
import type { ProviderAccount } from './types';

/** Whether credentials are stored; what they are is never available to the console. */
export const CredentialsField = () => {
  const record = useRecordContext<ProviderAccount>();
  if (!record) return null;
  return record.hasCredentials ? (
    <Chip icon={<KeyIcon />} label="stored" size="small" color="success" variant="outlined" />
  ) : (
    <Chip icon={<KeyOffIcon />} label="none" size="small" variant="outlined" />
  );
};
