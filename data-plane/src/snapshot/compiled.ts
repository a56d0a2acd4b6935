import type { Dispatcher } from 'undici';
import type { McpRuntime } from '../mcp/mcp-config';
import type { ProviderAdapter } from '../providers/provider-adapter';

/**
 * A provider ready for the hot path: where to send requests, with which headers, over which
 * connection pool. Built once per snapshot; `adapter` is null for kinds this node does not
 * implement (its routes answer `provider_unsupported`).
 */
export interface CompiledProvider {
  id: string;
  /** The provider's name in its workspace; the `provider` label of metrics. */
  name: string;
  workspaceId: string;
  kind: string;
  adapter: ProviderAdapter | null;
  /** `scheme://host:port` of `baseUrl`; the pool key. */
  origin: string;
  /** Path of the chat completions endpoint under `baseUrl`, e.g. `/v1/chat/completions`. */
  chatCompletionsPath: string;
  /** Headers sent upstream on every request: content type, authorization and extra credential headers. */
  headers: Record<string, string>;
  dispatcher: Dispatcher;
}

/** A route alias resolved to the one target `single` uses. */
export interface CompiledRoute {
  id: string;
  workspaceId: string;
  alias: string;
  provider: CompiledProvider;
  /** The upstream model name written into `model`. */
  model: string;
}

/** A virtual key, looked up by the SHA-256 of its secret. */
export interface CompiledKey {
  id: string;
  workspaceId: string;
  /** Epoch ms after which the key is refused; `Infinity` when it never expires. */
  expiresAtMs: number;
  /** Aliases this key may call. Shared between keys of a workspace that may call every route. */
  routes: ReadonlyMap<string, CompiledRoute>;
  /** `GET /v1/models` body, built on first use and kept for the life of the snapshot. */
  modelsBody?: Buffer;
}

/**
 * Everything the hot path reads, compiled from one snapshot. Immutable once built; the
 * node swaps the whole object in one assignment.
 */
export interface RuntimeConfig {
  version: number;
  hash: string;
  /** Unix seconds of the snapshot's `createdAt`; used as `created` in the models list. */
  createdAtSec: number;
  keysByHash: ReadonlyMap<string, CompiledKey>;
  /** Every route by id (metrics resolve their labelled series from it). */
  routesById: ReadonlyMap<string, CompiledRoute>;
  /** Origins whose pools this config uses (so unused pools can be closed after a swap). */
  origins: ReadonlySet<string>;
  /** MCP servers and which keys may use them (absent in hand-built configs of tests). */
  mcp?: McpRuntime;
}
