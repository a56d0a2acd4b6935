import { Alert, Grid } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import TokenIcon from '@mui/icons-material/Token';
import PaidIcon from '@mui/icons-material/Paid';
import { formatCount, formatMicroUsd } from '../common/format';
import { StatCard } from './StatCard';
import { useUsageSummary, type Period } from './useUsageSummary';

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(part === 0 ? 0 : 1)}%`;
}

export const UsageSummaryCards = ({ period }: { period: Period }) => {
  const { data, error } = useUsageSummary(period);
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
