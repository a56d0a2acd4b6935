import type { Dispatcher } from 'undici';
import type {
  EnsembleMode,
  ModelPrice,
  RouteStrategy,
  SnapshotFallbackPolicy,
  SnapshotRetry,
  SnapshotSemantic,
} from '@switchyard/proto';
import type { ProviderAdapter, TokenUsage } from '../providers/adapter-types';
import type { RoutingInput } from '../routing/conditions';
import type { Embed, SemanticIndex } from '../routing/semantic/semantic-index';
import type { TargetHealth } from '../routing/target-health';
import type { McpRuntime } from '../mcp/mcp-config';
import type { BudgetIndex } from '../governance/budget-index';
import type { GuardrailIndex } from '../guardrails/guardrail-index';
import type { CompiledCache } from '../cache/response-cache';
import type { RateLimitIndex } from '../governance/rate-limit-spec';
import type { PromptIndex } from '../prompts/prompt-index';

/**
 * A provider account ready for the hot path. Built once per snapshot; `adapter` is null for
 * kinds this node does not implement (targets on it answer `provider_unsupported`).
 */
export interface CompiledProvider {
  id: string;
  /** The provider's name in its workspace; the `provider` label of metrics. */
  name: string;
  workspaceId: string;
  kind: string;
  adapter: ProviderAdapter | null;
  /** Why the account cannot be used (its settings were refused by the adapter), or null. */
  problem: string | null;
  /** What `adapter.prepare` precomputed for this account. */
  state: unknown;
  /** `scheme://host:port` of `baseUrl`; the pool key. */
  origin: string;
  dispatcher: Dispatcher;
  /** For requests an adapter sends to another origin (`UpstreamRequest.origin`). */
  anyOrigin: Dispatcher;
}

/** Computes a call's cost in integer micro-USD (0 when the price is unknown). */
export type CostOf = (usage: TokenUsage) => number;

interface TargetCommon {
  /** Position in the route's `targets` (rules, intents and logs refer to it). */
  index: number;
  weight: number;
  /** Request parameters replaced for this target, or null. */
  overrides: Record<string, unknown> | null;
}

/** A target that calls a provider. */
export interface ProviderTarget extends TargetCommon {
  type: 'provider';
  provider: CompiledProvider;
  /** The upstream model name written into `model`. */
  model: string;
  retry: SnapshotRetry | null;
  /** Per-attempt deadline until the response starts; 0 uses the node's default. */
  timeoutMs: number;
  /** Latency and breaker state, shared with later snapshots. */
  health: TargetHealth;
  /** Catalog or workspace price, or null when unknown. */
  price: ModelPrice | null;
  costOf: CostOf;
  /** `provider name/model`, as response headers and metrics name it. */
  label: string;
}

/** A target that hands the request to another route of the workspace. */
export interface RouteTarget extends TargetCommon {
  type: 'route';
  route: CompiledRoute;
  label: string;
}

export type CompiledTarget = ProviderTarget | RouteTarget;

/** A semantic route's index and the embedder for request-time utterances. */
export interface CompiledSemantic {
  settings: SnapshotSemantic;
  index: SemanticIndex;
  embed: Embed;
}

export interface CompiledEnsemble {
  mode: EnsembleMode;
  judge: CompiledTarget | null;
  minResponses: number;
  deadlineMs: number;
  judgePrompt: string | null;
}

/** A route alias with its strategy compiled: everything a request needs to pick and call targets. */
export interface CompiledRoute {
  id: string;
  workspaceId: string;
  alias: string;
  strategy: RouteStrategy;
  targets: CompiledTarget[];
  fallback: SnapshotFallbackPolicy;
  /** `conditional`: the rules, compiled. */
  pick: ((input: RoutingInput) => number) | null;
  semantic: CompiledSemantic | null;
  ensemble: CompiledEnsemble | null;
  /** Response cache settings of the route (they win over the key's); null or absent when it has none. */
  cache?: CompiledCache | null;
}

/** A virtual key, looked up by the SHA-256 of its secret. */
export interface CompiledKey {
  id: string;
  name: string;
  workspaceId: string;
  workspaceSlug: string;
  /** Epoch ms after which the key is refused; `Infinity` when it never expires. */
  expiresAtMs: number;
  /** Aliases this key may call. Shared between keys of a workspace that may call every route. */
  routes: ReadonlyMap<string, CompiledRoute>;
  /** Its workspace logs prompts and responses (redacted by its guardrail policies). */
  logPayloads?: boolean;
  /** Response cache settings for routes without their own; null or absent when the key has none. */
  cache?: CompiledCache | null;
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
  /** Every route by id. */
  routesById: ReadonlyMap<string, CompiledRoute>;
  /** Origins whose pools this config uses (so unused pools can be closed after a swap). */
  origins: ReadonlySet<string>;
  /** MCP servers and which keys may use them (absent in hand-built configs of tests). */
  mcp?: McpRuntime;
  /** Guardrail policies and the pipelines of each key and route (absent in hand-built configs of tests). */
  guardrails?: GuardrailIndex;
  /** Rate limits by key, route and workspace (absent in hand-built configs of tests). */
  rateLimits?: RateLimitIndex;
  /** Prompt templates by workspace (absent in hand-built configs of tests). */
  prompts?: PromptIndex;
  /** Budgets by workspace; absent when the snapshot has none. */
  budgets?: BudgetIndex;
}
