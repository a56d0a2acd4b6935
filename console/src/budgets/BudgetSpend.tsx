import { useRecordContext } from 'react-admin';
import { Stack } from '@mui/material';
import { formatMicroUsd } from '../common/format';
import { UsageBar } from '../common/UsageBar';
import type { Budget } from './types';

/** Spend in the current window against each limit the budget has, as bars. */
export const BudgetSpend = () => {
  const record = useRecordContext<Budget>();
  if (!record) return null;
  return (
    <Stack spacing={1} sx={{ minWidth: 180 }}>
      {record.limitMicroUsd !== null && (
        <UsageBar
          used={record.status.spentMicroUsd}
          limit={record.limitMicroUsd}
          format={(micro) => formatMicroUsd(Math.round(micro))}
          testId={`budget-usd-${record.id}`}
        />
      )}
      {record.limitTokens !== null && (
        <UsageBar
          used={record.status.spentTokens}
          limit={record.limitTokens}
          testId={`budget-tokens-${record.id}`}
        />
      )}
    </Stack>
  );
};
