import { ConfigTables1763960000000 } from './1763960000000-config-tables';
import { SnapshotsUsageNodes1763960000001 } from './1763960000001-snapshots-usage-nodes';
import { RoutingEngine1764000000000 } from './1764000000000-routing-engine';
import { ModelPrices1764000000001 } from './1764000000001-model-prices';
import { UsageAttemptsAndSubCalls1764000000002 } from './1764000000002-usage-attempts-and-sub-calls';
import { McpGateway1764600000000 } from './1764600000000-mcp-gateway';
import { ResponseCache1764700000500 } from './1764700000500-response-cache';
import { Guardrails1764800000000 } from './1764800000000-guardrails';

/** Every migration, oldest first. Listed explicitly so dist, ts-node and jest all load the same set. */
export const MIGRATIONS = [
  ConfigTables1763960000000,
  SnapshotsUsageNodes1763960000001,
  RoutingEngine1764000000000,
  ModelPrices1764000000001,
  UsageAttemptsAndSubCalls1764000000002,
  McpGateway1764600000000,
  ResponseCache1764700000500,
  Guardrails1764800000000,
];
