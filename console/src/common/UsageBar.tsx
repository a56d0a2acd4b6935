import { Box, Typography } from '@mui/material';

/**
 * How much of a limit is used, as a bar with "used / limit" beside it. Red from 90 %, amber from
 * 70 %; a dash when there is no limit.
 */
export const UsageBar = ({
  used,
  limit,
  format = (value) => Math.round(value).toLocaleString('en-US'),
  testId,
}: {
  used: number | null | undefined;
  limit: number | null | undefined;
  format?: (value: number) => string;
  testId?: string;
}) => {
  if (limit === null || limit === undefined)
    return (
      <Typography variant="body2" color="text.secondary">
        —
      </Typography>
    );
  const value = used ?? 0;
  const percent = limit > 0 ? Math.min(100, (value / limit) * 100) : 100;
  const color = percent >= 90 ? 'error' : percent >= 70 ? 'warning' : 'primary';
  return (
    <Box sx={{ minWidth: 140 }} data-testid={testId}>
      {/* Not MUI's LinearProgress: pages and tests read that one as "still loading". */}
      <Box
        role="progressbar"
        aria-valuenow={Math.round(percent)}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={`${format(value)} of ${format(limit)}`}
        sx={{ height: 8, borderRadius: 4, bgcolor: 'action.hover', overflow: 'hidden' }}
      >
        <Box sx={{ width: `${percent}%`, height: '100%', bgcolor: `${color}.main`, borderRadius: 4 }} />
      </Box>
      <Typography variant="caption" color="text.secondary">
        {used === null || used === undefined ? '?' : format(value)} / {format(limit)}
      </Typography>
    </Box>
  );
};
