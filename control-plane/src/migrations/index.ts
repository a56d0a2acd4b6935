import { ConfigTables1763960000000 } from './1763960000000-config-tables';
import { SnapshotsUsageNodes1763960000001 } from './1763960000001-snapshots-usage-nodes';
import { McpGateway1764600000000 } from './1764600000000-mcp-gateway';

/** Every migration, oldest first. Listed explicitly so dist, ts-node and jest all load the same set. */
export const MIGRATIONS = [
  ConfigTables1763960000000,
  SnapshotsUsageNodes1763960000001,
  McpGateway1764600000000,
];
