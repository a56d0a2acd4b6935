import { useState } from 'react';
import { Title, useCanAccess, useGetOne } from 'react-admin';
import { Box, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import type { Workspace } from '../types';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { useWorkspaceId } from '../workspace/workspaceStore';
import { PlatformStatus } from './PlatformStatus';
import { RecentRequests } from './RecentRequests';
import { UsageCharts } from './UsageCharts';
import { UsageSummaryCards } from './UsageSummaryCards';
import { PERIODS, type Period } from './useUsageSummary';

const WorkspaceHeading = ({ period, onPeriod }: { period: Period; onPeriod: (period: Period) => void }) => {
  const workspaceId = useWorkspaceId();
  const { data: workspace } = useGetOne<Workspace>(
    'workspaces',
    { id: workspaceId ?? '' },
    { enabled: !!workspaceId },
  );
  return (
    <Stack
      direction="row"
      alignItems="center"
      justifyContent="space-between"
      flexWrap="wrap"
      useFlexGap
      spacing={1}
    >
      <Typography variant="h5">{workspace?.name ?? 'Workspace'} usage</Typography>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={period}
        onChange={(_, value: Period | null) => value && onPeriod(value)}
        aria-label="Period"
      >
        {Object.keys(PERIODS).map((key) => (
          <ToggleButton key={key} value={key}>
            last {key}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </Stack>
  );
};

/** Fleet health is for installation admins (the API refuses nodes and snapshots to others). */
const FleetStatus = () => {
  const { canAccess } = useCanAccess({ resource: 'nodes', action: 'list' });
  return canAccess ? <PlatformStatus /> : null;
};

/** The selected workspace's usage over a trailing window, its latest requests and fleet health. */
export const Dashboard = () => {
  const [period, setPeriod] = useState<Period>('24h');
  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title="Dashboard" />
      <NoWorkspaceGuard>
        <Stack spacing={2}>
          <WorkspaceHeading period={period} onPeriod={setPeriod} />
          <UsageSummaryCards period={period} />
          <UsageCharts period={period} />
          <FleetStatus />
          <RecentRequests />
        </Stack>
      </NoWorkspaceGuard>
    </Box>
  );
};
