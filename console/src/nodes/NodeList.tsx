import { DataTable, List, TextField, useRecordContext } from 'react-admin';
import { alpha, useTheme } from '@mui/material/styles';
import { formatDuration } from '../common/format';
import type { DataPlaneNode } from './types';
import { driftOf } from './drift';
import { HeartbeatField } from './HeartbeatField';
import { LatestSnapshotCard } from './LatestSnapshotCard';
import { SnapshotVersionField } from './SnapshotVersionField';
import { NODES_REFRESH_MS, useLatestSnapshot } from './useLatestSnapshot';

const UptimeField = () => {
  const node = useRecordContext<DataPlaneNode>();
  return node ? <span>{formatDuration(node.uptimeSeconds)}</span> : null;
};

const UsageQueueField = () => {
  const node = useRecordContext<DataPlaneNode>();
  if (!node) return null;
  return (
    <span>
      {node.usageQueueDepth}
      {node.usageSpilled > 0 ? ` (+${node.usageSpilled} on disk)` : ''}
    </span>
  );
};

/**
 * Every data-plane node that has sent a heartbeat, polled every few seconds. A node that runs an older
 * snapshot than the latest published one is highlighted: it is enforcing stale configuration.
 */
export const NodeList = () => {
  const { data: latest } = useLatestSnapshot();
  const theme = useTheme();
  const rowSx = (node: DataPlaneNode) =>
    driftOf(node, latest).kind === 'behind' ? { backgroundColor: alpha(theme.palette.error.main, 0.08) } : {};
  return (
    <>
      <LatestSnapshotCard />
      <List
        title="Data-plane nodes"
        actions={false}
        sort={{ field: 'nodeId', order: 'ASC' }}
        perPage={50}
        queryOptions={{ refetchInterval: NODES_REFRESH_MS }}
        empty={false}
      >
        <DataTable bulkActionButtons={false} rowClick={false} rowSx={rowSx}>
          <DataTable.Col source="nodeId" label="Node" />
          <DataTable.Col source="hostname" />
          <DataTable.Col source="snapshotVersion" label="Snapshot">
            <SnapshotVersionField />
          </DataTable.Col>
          <DataTable.Col source="lastSeenAt" label="Last heartbeat" sortByOrder="DESC">
            <HeartbeatField />
          </DataTable.Col>
          <DataTable.Col source="uptimeSeconds" label="Uptime">
            <UptimeField />
          </DataTable.Col>
          <DataTable.Col source="softwareVersion" label="Version" />
          <DataTable.Col source="usageQueueDepth" label="Usage queue" align="right">
            <UsageQueueField />
          </DataTable.Col>
          <DataTable.Col source="gatewayUrl" label="Gateway" disableSort>
            <TextField source="gatewayUrl" emptyText="—" />
          </DataTable.Col>
        </DataTable>
      </List>
    </>
  );
};
