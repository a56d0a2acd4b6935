/**
 * The admin API's object types as the console sees them. react-admin needs an `id` on every record:
 * usage records use their request id and data-plane nodes their node id.
 */
export interface Workspace {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export const PROVIDER_KINDS = ['openai', 'openai-compatible'] as const;
export const ROUTE_STRATEGIES = ['single'] as const;

export interface ProviderAccount {
  id: string;
  workspaceId: string;
  name: string;
  kind: string;
  baseUrl: string;
  /** Credentials are write-only: the API only says whether some are stored. */
  hasCredentials: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RouteTarget {
  providerId: string;
  model: string;
}

export interface Route {
  id: string;
  workspaceId: string;
  alias: string;
  strategy: string;
  targets: RouteTarget[];
  createdAt: string;
  updatedAt: string;
}

export interface VirtualKey {
  id: string;
  workspaceId: string;
  name: string;
  /** First 10 characters of the secret, so people can recognise a key without seeing it. */
  prefix: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Routes the key may call; null (or empty) means every route of the workspace. */
  allowedRouteIds: string[] | null;
  createdAt: string;
}

/** The create result: the secret exists in the console only for the dialog that shows it once. */
export interface CreatedVirtualKey extends VirtualKey {
  secret: string;
}

export interface UsageRecord {
  id: string;
  requestId: string;
  workspaceId: string;
  keyId: string | null;
  routeId: string | null;
  routeAlias: string | null;
  providerId: string | null;
  model: string | null;
  endpoint: string;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  /** Integer micro-USD as a decimal string. */
  costMicroUsd: string;
  latencyMs: number;
  ttftMs: number | null;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: string;
  nodeId: string;
  tokensEstimated: boolean;
}

export interface UsageSummary {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: string;
}

export interface DataPlaneNode {
  id: string;
  nodeId: string;
  hostname: string;
  snapshotVersion: number;
  snapshotHash: string;
  uptimeSeconds: number;
  softwareVersion: string;
  usageQueueDepth: number;
  usageSpilled: number;
  lastSnapshotError: string | null;
  gatewayUrl: string | null;
  lastSeenAt: string;
}

export interface SnapshotInfo {
  version: number;
  hash: string;
  createdAt: string;
}
