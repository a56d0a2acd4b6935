import { useRecordContext } from 'react-admin';
import { Tooltip } from '@mui/material';
import { HttpStatusChip } from '../common/HttpStatusChip';
import type { UsageRecord } from './types';

/** The status, with the gateway's error code on hover for failed requests. */
export const UsageStatusField = () => {
  const record = useRecordContext<UsageRecord>();
  if (!record) return null;
  const chip = <HttpStatusChip status={record.status} />;
  if (!record.errorCode) return chip;
  return (
    <Tooltip title={`${record.errorCode}${record.errorMessage ? `: ${record.errorMessage}` : ''}`}>
      <span>{chip}</span>
    </Tooltip>
  );
};
