import { Alert, Grid } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import TokenIcon from '@mui/icons-material/Token';
import PaidIcon from '@mui/icons-material/Paid';
import { formatCount, formatMicroUsd } from '../common/format';
import { StatCard } from './StatCard';
import { usageTotals } from './usageTotals';
import { useUsageSummary, type Period } from './useUsageSummary';
import { useUsageTimeseries, type UsageScope } from './useUsageTimeseries';

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(part === 0 ? 0 : 1)}%`;
}

/**
 * Totals over the period: the summary query for one workspace; across workspaces, the sum of the
 * timeseries the charts draw (the same query, so no extra request).
 */
export const UsageSummaryCards = ({ period, scope }: { period: Period; scope: UsageScope }) => {
  const summary = useUsageSummary(period, scope === 'workspace');
  const series = useUsageTimeseries(period, undefined, scope);
  const installation = scope === 'installation';
  const data = installation ? series.data && usageTotals(series.data.buckets) : summary.data;
  const error = installation ? series.error : summary.error;
  if (error) return <Alert severity="error">{error.message}</Alert>;
  const sizes = { xs: 12, sm: 6, lg: 3 };
  return (
    <Grid container spacing={2}>
      <Grid size={sizes}>
        <StatCard
          title="Requests"
          icon={<SendIcon />}
          testId="summary-requests"
          value={data ? formatCount(data.requests) : null}
          detail={data?.subRequests ? `+ ${formatCount(data.subRequests)} sub-calls` : undefined}
        />
      </Grid>
      <Grid size={sizes}>
        <StatCard
          title="Errors"
          icon={<ReportProblemIcon />}
          testId="summary-errors"
          value={data ? formatCount(data.errors) : null}
          detail={data ? `${percent(data.errors, data.requests)} of requests` : undefined}
        />
      </Grid>
      <Grid size={sizes}>
        <StatCard
          title="Tokens"
          icon={<TokenIcon />}
          testId="summary-tokens"
          value={data ? formatCount(data.inputTokens + data.outputTokens) : null}
          detail={
            data ? `${formatCount(data.inputTokens)} in · ${formatCount(data.outputTokens)} out` : undefined
          }
        />
      </Grid>
      <Grid size={sizes}>
        <StatCard
          title="Cost"
          icon={<PaidIcon />}
          testId="summary-cost"
          value={data ? formatMicroUsd(data.costMicroUsd) : null}
          detail={data?.subRequests ? 'sub-calls included' : undefined}
        />
      </Grid>
    </Grid>
  );
};
