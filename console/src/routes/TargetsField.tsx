import { useRecordContext } from 'react-admin';
import { Chip, Stack } from '@mui/material';
import type { Route, RouteTarget } from './types';
import { useTargetLabels } from './useTargetLabels';

/** What the list says about a target besides where it goes. */
function extras(target: RouteTarget, strategy: string): string {
  const parts = [];
  if (strategy === 'weighted') parts.push(`×${target.weight ?? 1}`);
  if (target.retry && target.retry.attempts > 1) parts.push(`retry ${target.retry.attempts}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Each target as "provider → model" or "↪ route", in order; the first one filled. */
export const TargetsField = () => {
  const record = useRecordContext<Route>();
  const labelOf = useTargetLabels();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {record.targets.map((target, index) => (
        <Chip
          key={index}
          size="small"
          variant={index === 0 ? 'filled' : 'outlined'}
          label={`${labelOf(target)}${extras(target, record.strategy)}`}
        />
      ))}
    </Stack>
  );
};
