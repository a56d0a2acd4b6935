import { Link, useCreatePath, useRecordContext } from 'react-admin';
import { Typography } from '@mui/material';
import type { UsageRecord } from './types';

/** A sub-call links to the request it served; a client request says so. */
export const ParentRequestField = () => {
  const record = useRecordContext<UsageRecord>();
  const createPath = useCreatePath();
  if (!record) return null;
  if (!record.parentRequestId)
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        none (a client request)
      </Typography>
    );
  return (
    <Link
      to={createPath({ resource: 'usage', type: 'show', id: record.parentRequestId })}
      sx={{ fontFamily: 'monospace' }}
    >
      {record.parentRequestId}
    </Link>
  );
};
