import { useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import type { Budget } from './types';

/** exhausted (blocking, with a hard stop), or how much of the larger limit is used. */
export const BudgetStatusChip = () => {
  const record = useRecordContext<Budget>();
  if (!record) return null;
  const { exhausted, percentUsed } = record.status;
  if (exhausted)
    return (
      <Chip
        size="small"
        color="error"
        label={record.hardStop ? 'exhausted: blocking' : 'exhausted: alerting'}
      />
    );
  return (
    <Chip
      size="small"
      variant="outlined"
      color={percentUsed >= 80 ? 'warning' : 'success'}
      label={`${percentUsed.toFixed(percentUsed < 10 ? 1 : 0)}% used`}
    />
  );
};
