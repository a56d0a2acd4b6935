import { useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import type { AuditEntry } from './types';

export const OutcomeField = () => {
  const record = useRecordContext<AuditEntry>();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={record.outcome === 'success' ? 'success' : 'error'}
      variant="outlined"
      label={record.outcome}
      title={record.errorMessage ?? undefined}
    />
  );
};
