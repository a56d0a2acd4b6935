import { useState } from 'react';
import { Title, useCanAccess, useGetOne } from 'react-admin';
import { Box, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import type { Workspace } from '../workspaces/types';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { useWorkspaceId } from '../workspace/workspaceStore';
import { PlatformStatus } from './PlatformStatus';
import { RecentRequests } from './RecentRequests';
import { UsageCharts } from './UsageCharts';
import { UsageSummaryCards } from './UsageSummaryCards';
import { PERIODS, type Period } from './useUsageSummary';
import type { UsageScope } from './useUsageTimeseries';

interface HeadingProps {
  period: Period;
  onPeriod: (period: Period) => void;
  scope: UsageScope;
  /** Absent when the caller may not see other workspaces. */
  onScope?: (scope: UsageScope) => void;
}

const UsageHeading = ({ period, onPeriod, scope, onScope }: HeadingProps) => {
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
      <Typography variant="h5">
        {scope === 'installation' ? 'Every workspace' : (workspace?.name ?? 'Workspace')}: usage
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
        {onScope && (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={scope}
            onChange={(_, value: UsageScope | null) => value && onScope(value)}
            aria-label="Workspaces"
          >
            <ToggleButton value="workspace">this workspace</ToggleButton>
            <ToggleButton value="installation">all workspaces</ToggleButton>
          </ToggleButtonGroup>
        )}
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
    </Stack>
  );
};

/** Fleet health is for installation admins (the API refuses nodes and snapshots to others). */
const FleetStatus = () => {
  const { canAccess } = useCanAccess({ resource: 'nodes', action: 'list' });
  return canAccess ? <PlatformStatus /> : null;
};

/**
 * The selected workspace's usage over a trailing window, its latest requests and fleet health;
 * installation admins can switch to every workspace's usage, split by workspace.
 */
export const Dashboard = () => {
  const [period, setPeriod] = useState<Period>('24h');
  const [scope, setScope] = useState<UsageScope>('workspace');
  const { canAccess: acrossWorkspaces } = useCanAccess({ resource: 'installation-usage', action: 'list' });
  const shown = acrossWorkspaces ? scope : 'workspace';
  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title="Dashboard" />
      <NoWorkspaceGuard>
        <Stack spacing={2}>
          <UsageHeading
            period={period}
            onPeriod={setPeriod}
            scope={shown}
            onScope={acrossWorkspaces ? setScope : undefined}
          />
          <UsageSummaryCards period={period} scope={shown} />
          {/* A new key per scope: the split-by choice starts over (by workspace across them). */}
          <UsageCharts key={shown} period={period} scope={shown} />
          <FleetStatus />
          {shown === 'workspace' && <RecentRequests />}
        </Stack>
      </NoWorkspaceGuard>
    </Box>
  );
};
