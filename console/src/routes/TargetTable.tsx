import { useRecordContext } from 'react-admin';
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { Route, RouteTarget } from './types';
import { useTargetLabels } from './useTargetLabels';

function retryText(target: RouteTarget): string {
  const retry = target.retry;
  if (!retry || retry.attempts <= 1) return '—';
  return `${retry.attempts} attempts, ${retry.backoffMs}–${retry.maxBackoffMs} ms, on ${retry.onStatuses.join(' ')}`;
}

function breakerText(target: RouteTarget): string {
  const breaker = target.breaker;
  if (!breaker) return '—';
  return `${breaker.failures} in ${breaker.windowMs / 1000} s, cool ${breaker.cooldownMs / 1000} s`;
}

/** A route's targets in order, with everything set on each. */
export const TargetTable = () => {
  const record = useRecordContext<Route>();
  const labelOf = useTargetLabels();
  if (!record) return null;
  const weighted = record.strategy === 'weighted';
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>Target</TableCell>
          {weighted && <TableCell align="right">Weight</TableCell>}
          <TableCell>Retry</TableCell>
          <TableCell align="right">Timeout</TableCell>
          <TableCell>Breaker</TableCell>
          <TableCell>Overrides</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {record.targets.map((target, index) => (
          <TableRow key={index}>
            <TableCell>{index + 1}</TableCell>
            <TableCell>{labelOf(target)}</TableCell>
            {weighted && <TableCell align="right">{target.weight ?? 1}</TableCell>}
            <TableCell>{retryText(target)}</TableCell>
            <TableCell align="right">{target.timeoutMs ? `${target.timeoutMs} ms` : '—'}</TableCell>
            <TableCell>{breakerText(target)}</TableCell>
            <TableCell>
              {target.overrides ? (
                <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                  {JSON.stringify(target.overrides)}
                </Typography>
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
