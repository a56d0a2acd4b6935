import { ConfigTables1763960000000 } from './1763960000000-config-tables';
import { SnapshotsUsageNodes1763960000001 } from './1763960000001-snapshots-usage-nodes';
import { RoutingEngine1764000000000 } from './1764000000000-routing-engine';
import { ModelPrices1764000000001 } from './1764000000001-model-prices';
import { UsageAttemptsAndSubCalls1764000000002 } from './1764000000002-usage-attempts-and-sub-calls';
import { McpGateway1764600000000 } from './1764600000000-mcp-gateway';
import { ResponseCache1764700000500 } from './1764700000500-response-cache';
import { Guardrails1764800000000 } from './1764800000000-guardrails';
import { Budgets1764900000000 } from './1764900000000-budgets';
import { RateLimits1764900000100 } from './1764900000100-rate-limits';
import { PromptTemplates1764900000200 } from './1764900000200-prompt-templates';
import { AuditLog1764900000300 } from './1764900000300-audit-log';
import { UsersAndMemberships1764900000400 } from './1764900000400-users-and-memberships';
import { Identity1764900000450 } from './1764900000450-identity';
import { SsoAndScim1764900000500 } from './1764900000500-sso-and-scim';
import { PayloadLogging1764900000800 } from './1764900000800-payload-logging';

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
  Budgets1764900000000,
  RateLimits1764900000100,
  PromptTemplates1764900000200,
  AuditLog1764900000300,
  UsersAndMemberships1764900000400,
  Identity1764900000450,
  SsoAndScim1764900000500,
  PayloadLogging1764900000800,
];
