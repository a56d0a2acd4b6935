import { useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import type { McpServer } from './types';

const LABELS: Record<string, string> = {
  none: 'none',
  bearer: 'bearer token',
  headers: 'headers',
  oauth: 'OAuth',
};

/** Which kind of credentials is stored (never the credentials), with header names where known. */
export const AuthTypeField = () => {
  const record = useRecordContext<McpServer>();
  if (!record) return null;
  const detail =
    record.authType === 'headers' && record.headerNames.length ? `: ${record.headerNames.join(', ')}` : '';
  return (
    <Chip
      size="small"
      variant="outlined"
      color={record.authType === 'none' ? 'default' : 'success'}
      label={`${LABELS[record.authType] ?? record.authType}${detail}`}
    />
  );
};
