/**
 * The config snapshot: everything a data-plane node enforces, compiled by the control
 * plane and published whole to a NATS JetStream key-value bucket.
 *
 * Invariants (checked by `validateSnapshot` on both sides):
 * - `version` is a positive integer; the control plane never publishes a smaller one.
 * - `hash` is `snapshotHash(content)`: equal content, equal hash, whatever the version.
 * - Ids are unique within each collection; every `workspaceId`, `providerId` and route id
 *   referenced inside `content` exists; `(workspaceId, alias)` is unique among routes;
 *   key hashes are unique.
 * - No plaintext secret: provider credentials are sealed envelopes (`sealSecret`),
 *   virtual keys appear only as SHA-256 hashes of their secret.
 */
export interface Snapshot {
  schemaVersion: 1;
  version: number;
  hash: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  content: SnapshotContent;
}

/** The hashed part of a snapshot. Arrays are sorted by id so equal config hashes equally. */
export interface SnapshotContent {
  workspaces: SnapshotWorkspace[];
  providers: SnapshotProvider[];
  routes: SnapshotRoute[];
  keys: SnapshotKey[];
}

export interface SnapshotWorkspace {
  id: string;
  slug: string;
  name: string;
}

/** Provider kinds the control plane accepts. The data plane refuses requests to kinds it does not implement. */
export const PROVIDER_KINDS = ['openai', 'openai-compatible'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface SnapshotProvider {
  id: string;
  workspaceId: string;
  name: string;
  kind: string;
  /** Upstream base URL including any version path, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /**
   * `sealSecret(snapshotKey, provider.id, JSON.stringify(ProviderCredentials))`, or null
   * for providers that need none (a local model server).
   */
  credentials: string | null;
}

/** What a sealed provider credential decrypts to. */
export interface ProviderCredentials {
  apiKey?: string;
  /** Extra secret headers sent upstream, e.g. `{ "OpenAI-Organization": "org-…" }`. */
  headers?: Record<string, string>;
}

export const ROUTE_STRATEGIES = ['single'] as const;
export type RouteStrategy = (typeof ROUTE_STRATEGIES)[number];

export interface SnapshotRoute {
  id: string;
  workspaceId: string;
  /** What clients put in `model`. Unique within a workspace. */
  alias: string;
  strategy: RouteStrategy;
  /** At least one. `single` uses the first. */
  targets: SnapshotTarget[];
}

export interface SnapshotTarget {
  providerId: string;
  /** The upstream model name sent to the provider. */
  model: string;
}

export interface SnapshotKey {
  id: string;
  workspaceId: string;
  name: string;
  /** Lower-case hex SHA-256 of the key's secret (`hashKeySecret`). */
  hash: string;
  /** ISO-8601 UTC, or null for no expiry. Revoked keys are left out of the snapshot. */
  expiresAt: string | null;
  /** Route ids this key may call, or null for every route of its workspace. */
  allowedRouteIds: string[] | null;
}
