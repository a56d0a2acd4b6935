import { NumberInput, TextInput, useSourceContext } from 'react-admin';
import { Accordion, AccordionDetails, AccordionSummary, Grid, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useWatch } from 'react-hook-form';
import { jsonObjectText, listText, numberOrNull, validJsonObject, validStatuses } from '../common/textValues';
import type { TargetForm } from '../dataProvider/routes';

const keepText = (value: string) => value;

/** "retry ×3 · timeout 30000 ms · breaker · overrides", so a closed panel still says what is set. */
function summaryOf(target: TargetForm | undefined): string {
  if (!target) return 'none';
  const parts = [];
  const attempts = numberOrNull(target.retry?.attempts);
  if (attempts !== null && attempts > 1) parts.push(`retry ×${attempts}`);
  const timeout = numberOrNull(target.timeoutMs);
  if (timeout !== null) parts.push(`timeout ${timeout} ms`);
  if (numberOrNull(target.breaker?.failures) !== null) parts.push('breaker');
  if (jsonObjectText(target.overrides).trim()) parts.push('overrides');
  return parts.length ? parts.join(' · ') : 'none';
}

/**
 * A target's retry policy, timeout, circuit breaker and parameter overrides, folded away: most
 * targets need none. Empty attempts (or failures) means no retry policy (or breaker).
 */
export const TargetPolicyPanel = () => {
  const sourceContext = useSourceContext();
  const [retry, timeoutMs, breaker, overrides] = useWatch({
    name: ['retry', 'timeoutMs', 'breaker', 'overrides'].map((name) => sourceContext.getSource(name)),
  });
  const target = { retry, timeoutMs, breaker, overrides } as TargetForm;
  return (
    <Accordion disableGutters variant="outlined" sx={{ mt: 1, mb: 1, width: '100%' }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="body2">
          Retry, timeout, breaker, overrides:{' '}
          <Typography component="span" variant="body2" color="text.secondary">
            {summaryOf(target)}
          </Typography>
        </Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Grid container columnSpacing={2}>
          <Grid size={{ xs: 12, sm: 3 }}>
            <NumberInput
              source="retry.attempts"
              label="Retry attempts"
              min={1}
              max={10}
              helperText="All attempts, the first included; empty: no retry"
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <NumberInput
              source="retry.backoffMs"
              label="Backoff (ms)"
              min={0}
              helperText="Default 250, doubling"
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <NumberInput
              source="retry.maxBackoffMs"
              label="Max backoff (ms)"
              min={0}
              helperText="Default 10000"
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <TextInput
              source="retry.onStatuses"
              label="Retry on statuses"
              format={listText}
              parse={keepText}
              validate={validStatuses}
              helperText="Default 429, 500, 502, 503, 504"
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <NumberInput
              source="timeoutMs"
              label="Timeout (ms)"
              min={1}
              max={3_600_000}
              helperText="Per attempt; empty: the node's default"
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <NumberInput
              source="breaker.failures"
              label="Breaker failures"
              min={1}
              helperText="Opens after this many; empty: no breaker"
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <NumberInput
              source="breaker.windowMs"
              label="Breaker window (ms)"
              min={1}
              helperText="Default 60000"
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <NumberInput
              source="breaker.cooldownMs"
              label="Breaker cooldown (ms)"
              min={1}
              helperText="Default 30000"
            />
          </Grid>
          <Grid size={12}>
            <TextInput
              source="overrides"
              label="Overrides (JSON)"
              format={jsonObjectText}
              parse={keepText}
              validate={validJsonObject}
              multiline
              helperText='Request parameters replaced for this target, e.g. {"temperature": 0.2}'
            />
          </Grid>
        </Grid>
      </AccordionDetails>
    </Accordion>
  );
};
