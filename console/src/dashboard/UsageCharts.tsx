import { useMemo, useState } from 'react';
import { useGetList } from 'react-admin';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CardHeader,
  Grid,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { InstallationGroupBy } from '../dataProvider/usage';
import type { UsageBucket } from '../usage/types';
import type { VirtualKey } from '../keys/types';
import type { Workspace } from '../workspaces/types';
import { useUsageTimeseries, type UsageScope, type UsageSeries } from './useUsageTimeseries';
import type { Period } from './useUsageSummary';

const PALETTE = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02', '#0288d1', '#d32f2f', '#6d4c41', '#546e7a'];
/** More series than this are summed into "other": a chart with 40 colours says nothing. */
const MAX_SERIES = 6;
type Row = Record<string, number | null> & { t: number };

function usd(micro: string | number): number {
  return Number(micro) / 1_000_000;
}

/** One row per bucket of the range, empty buckets included (the API leaves them out). */
function emptyRows(series: UsageSeries): Row[] {
  const rows: Row[] = [];
  for (let t = series.from; t < series.to; t += series.bucketMs) rows.push({ t } as Row);
  return rows;
}

function rowAt(rows: Row[], series: UsageSeries, bucket: UsageBucket): Row | undefined {
  return rows[Math.round((new Date(bucket.start).getTime() - series.from) / series.bucketMs)];
}

/** Overall series: requests, errors, tokens, cost, latency percentiles, cache hit rate. */
function overallRows(series: UsageSeries): Row[] {
  // Counts are 0 in a quiet bucket; latency and rates have no value there.
  const rows = emptyRows(series).map(
    (row) => ({ ...row, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cost: 0 }) as Row,
  );
  for (const b of series.buckets) {
    const row = rowAt(rows, series, b);
    if (!row) continue;
    Object.assign(row, {
      requests: b.requests,
      errors: b.errors,
      inputTokens: b.inputTokens,
      outputTokens: b.outputTokens,
      cost: usd(b.costMicroUsd),
      p50: b.latencyP50Ms,
      p95: b.latencyP95Ms,
      cacheHitRate: b.cacheLookups ? (b.cacheHits / b.cacheLookups) * 100 : null,
    });
  }
  return rows;
}

/**
 * Grouped series: one column per group for `metric`. Groups are ranked once (by requests) for
 * every chart, so a model keeps its colour across charts; beyond MAX_SERIES they sum into "other".
 */
function rankGroups(series: UsageSeries, label: (group: string | null) => string): string[] {
  const totals = new Map<string, number>();
  for (const b of series.buckets) totals.set(label(b.group), (totals.get(label(b.group)) ?? 0) + b.requests);
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name);
  return ranked.length > MAX_SERIES ? [...ranked.slice(0, MAX_SERIES), 'other'] : ranked;
}

function groupedRows(
  series: UsageSeries,
  names: string[],
  metric: (b: UsageBucket) => number,
  label: (group: string | null) => string,
) {
  const shown = new Set(names);
  const rows = emptyRows(series);
  for (const b of series.buckets) {
    const row = rowAt(rows, series, b);
    if (!row) continue;
    const name = shown.has(label(b.group)) ? label(b.group) : 'other';
    row[name] = (row[name] ?? 0) + metric(b);
  }
  return { rows, names };
}

const ChartCard = ({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: React.ReactElement;
}) => (
  <Card variant="outlined" data-testid={testId}>
    <CardHeader title={title} titleTypographyProps={{ variant: 'subtitle1' }} sx={{ pb: 0 }} />
    <CardContent sx={{ height: 220, pt: 1 }}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </CardContent>
  </Card>
);

function timeFormatter(series: UsageSeries | undefined) {
  const daily = (series?.bucketMs ?? 0) >= 86_400_000;
  const span = series ? series.to - series.from : 0;
  return (t: number) => {
    const date = new Date(t);
    if (daily) return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
    if (span > 86_400_000) return date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit' });
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  };
}

const axes = (series: UsageSeries | undefined, unit?: string) => [
  <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
  <XAxis
    key="x"
    dataKey="t"
    type="number"
    scale="time"
    domain={['dataMin', 'dataMax']}
    tickFormatter={timeFormatter(series)}
    padding={{ left: 12, right: 12 }}
    fontSize={11}
  />,
  <YAxis key="y" fontSize={11} width={56} unit={unit} allowDecimals={unit !== undefined} />,
  <Tooltip key="tip" labelFormatter={(t) => new Date(Number(t)).toLocaleString()} />,
];

/**
 * Charts of usage over the dashboard's period — the selected workspace's, or every workspace's for
 * installation admins: requests and errors, tokens, cost, latency p50/p95 and cache hit rate;
 * requests, tokens and cost can be split by model, key or route (and workspace, across them).
 */
export const UsageCharts = ({ period, scope }: { period: Period; scope: UsageScope }) => {
  const installation = scope === 'installation';
  const [chosen, setGroupBy] = useState<InstallationGroupBy | '' | null>(null);
  // Across workspaces the first question is which workspace: split by it until told otherwise.
  const groupBy = chosen ?? (installation ? 'workspace' : '');
  const overall = useUsageTimeseries(period, undefined, scope);
  const grouped = useUsageTimeseries(period, groupBy || undefined, scope);
  // Key names are known for the selected workspace only; other keys show their id's start.
  const { data: keys } = useGetList<VirtualKey>(
    'keys',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: groupBy === 'key' },
  );
  const { data: workspaces } = useGetList<Workspace>(
    'workspaces',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: groupBy === 'workspace' },
  );
  const label = useMemo(() => {
    if (groupBy === 'key')
      return (group: string | null) =>
        group ? (keys?.find((k) => k.id === group)?.name ?? group.slice(0, 8)) : 'no key';
    if (groupBy === 'workspace')
      return (group: string | null) =>
        group ? (workspaces?.find((w) => w.id === group)?.name ?? group.slice(0, 8)) : 'unknown';
    return (group: string | null) => group ?? 'unknown';
  }, [groupBy, keys, workspaces]);
  const series = overall.data;
  const rows = useMemo(() => (series ? overallRows(series) : []), [series]);
  const split = useMemo(() => {
    const data = groupBy ? grouped.data : undefined;
    if (!data) return null;
    const names = rankGroups(data, label);
    return {
      requests: groupedRows(data, names, (b) => b.requests, label),
      tokens: groupedRows(data, names, (b) => b.inputTokens + b.outputTokens, label),
      cost: groupedRows(data, names, (b) => usd(b.costMicroUsd), label),
    };
  }, [groupBy, grouped.data, label]);
  if (overall.error) return <Alert severity="error">{overall.error.message}</Alert>;
  const stacked = (key: 'requests' | 'tokens' | 'cost', unit?: string) => {
    const { rows: data, names } = split![key];
    return (
      <BarChart data={data}>
        {axes(series, unit)}
        <Legend />
        {names.map((name, i) => (
          <Bar
            key={name}
            dataKey={name}
            stackId="a"
            fill={PALETTE[i % PALETTE.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    );
  };
  const sizes = { xs: 12, md: 6, xl: 4 };
  return (
    <Box data-testid="usage-charts">
      <Stack direction="row" alignItems="center" justifyContent="space-between" sx={{ mb: 1 }}>
        <Typography variant="h6">Over time</Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={groupBy}
          onChange={(_, value: InstallationGroupBy | '' | null) => value !== null && setGroupBy(value)}
          aria-label="Split by"
        >
          <ToggleButton value="">all</ToggleButton>
          {installation && <ToggleButton value="workspace">by workspace</ToggleButton>}
          <ToggleButton value="model">by model</ToggleButton>
          <ToggleButton value="key">by key</ToggleButton>
          <ToggleButton value="route">by route</ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      <Grid container spacing={2}>
        <Grid size={sizes}>
          <ChartCard title="Requests and errors" testId="chart-requests">
            {split ? (
              stacked('requests')
            ) : (
              <BarChart data={rows}>
                {axes(series)}
                <Legend />
                <Bar dataKey="requests" name="requests" fill={PALETTE[0]} isAnimationActive={false} />
                <Bar dataKey="errors" name="errors" fill="#d32f2f" isAnimationActive={false} />
              </BarChart>
            )}
          </ChartCard>
        </Grid>
        <Grid size={sizes}>
          <ChartCard title="Tokens" testId="chart-tokens">
            {split ? (
              stacked('tokens')
            ) : (
              <AreaChart data={rows}>
                {axes(series)}
                <Legend />
                <Area
                  dataKey="inputTokens"
                  name="input"
                  stackId="t"
                  stroke={PALETTE[0]}
                  fill={PALETTE[0]}
                  isAnimationActive={false}
                />
                <Area
                  dataKey="outputTokens"
                  name="output"
                  stackId="t"
                  stroke={PALETTE[1]}
                  fill={PALETTE[1]}
                  isAnimationActive={false}
                />
              </AreaChart>
            )}
          </ChartCard>
        </Grid>
        <Grid size={sizes}>
          <ChartCard title="Cost (USD)" testId="chart-cost">
            {split ? (
              stacked('cost', '$')
            ) : (
              <BarChart data={rows}>
                {axes(series, '$')}
                <Bar dataKey="cost" name="cost" fill={PALETTE[2]} isAnimationActive={false} />
              </BarChart>
            )}
          </ChartCard>
        </Grid>
        <Grid size={sizes}>
          <ChartCard title="Latency (ms)" testId="chart-latency">
            <LineChart data={rows}>
              {axes(series, 'ms')}
              <Legend />
              <Line dataKey="p50" name="p50" stroke={PALETTE[0]} connectNulls dot isAnimationActive={false} />
              <Line dataKey="p95" name="p95" stroke={PALETTE[3]} connectNulls dot isAnimationActive={false} />
            </LineChart>
          </ChartCard>
        </Grid>
        <Grid size={sizes}>
          <ChartCard title="Error rate and cache hit rate (%)" testId="chart-rates">
            <LineChart
              data={rows.map((row) => ({
                ...row,
                errorRate: row.requests ? ((row.errors ?? 0) / row.requests) * 100 : null,
              }))}
            >
              {axes(series, '%')}
              <Legend />
              <Line
                dataKey="errorRate"
                name="errors"
                stroke="#d32f2f"
                connectNulls
                dot
                isAnimationActive={false}
              />
              <Line
                dataKey="cacheHitRate"
                name="cache hits"
                stroke={PALETTE[2]}
                connectNulls
                dot
                isAnimationActive={false}
              />
            </LineChart>
          </ChartCard>
        </Grid>
      </Grid>
    </Box>
  );
};
