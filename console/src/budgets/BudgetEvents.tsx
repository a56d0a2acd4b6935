import { useRecordContext } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { budgetEvents } from '../dataProvider/budgets';
import { formatMicroUsd } from '../common/format';
import type { Budget } from './types';

/** The budget's alert threshold crossings, newest first, with how their webhook went. */
export const BudgetEvents = () => {
  const record = useRecordContext<Budget>();
  const { data } = useQuery({
    queryKey: ['budgetEvents', record?.id],
    queryFn: () => budgetEvents(record!.id),
    enabled: Boolean(record),
    refetchInterval: 10_000,
  });
  if (!record) return null;
  if (!data?.length)
    return (
      <Typography variant="body2" color="text.secondary">
        No threshold reached yet.
      </Typography>
    );
  return (
    <Table size="small" data-testid="budget-events">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>Threshold</TableCell>
          <TableCell>Spent</TableCell>
          <TableCell>Window</TableCell>
          <TableCell>Webhook</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((event) => (
          <TableRow key={event.id}>
            <TableCell>{new Date(event.createdAt).toLocaleString()}</TableCell>
            <TableCell>{event.threshold}%</TableCell>
            <TableCell>
              {formatMicroUsd(Math.round(event.spentMicroUsd))} · {event.spentTokens.toLocaleString('en-US')}{' '}
              tokens
            </TableCell>
            <TableCell>{new Date(event.windowStart).toLocaleString()}</TableCell>
            <TableCell>
              <Chip
                size="small"
                variant="outlined"
                color={
                  event.webhookStatus === 'delivered'
                    ? 'success'
                    : event.webhookStatus === 'failed'
                      ? 'error'
                      : 'default'
                }
                label={event.webhookStatus}
                title={event.webhookError ?? undefined}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
