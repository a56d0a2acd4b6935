import type { BudgetPeriod } from './budget-window';

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
  /** Workspace price overrides; absent when there are none. */
  modelPrices?: SnapshotModelPrice[];
  /** Remote MCP servers; absent when there are none. */
  mcpServers?: SnapshotMcpServer[];
  /** Which keys may use which MCP servers and tools; absent when there are none. */
  mcpAccess?: SnapshotMcpAccess[];
  /** Guardrail policies; absent when there are none. */
  guardrailPolicies?: SnapshotGuardrailPolicy[];
  /** Where guardrail policies apply (workspace, key or route); absent when there are none. */
  guardrailAttachments?: SnapshotGuardrailAttachment[];
  /** Rate limits of workspaces, keys and routes; absent when there are none. */
  rateLimits?: SnapshotRateLimit[];
  /** Prompt templates with the versions nodes serve; absent when there are none. */
  prompts?: SnapshotPrompt[];
  /** Budgets (definitions only; spend travels in the budget state bucket); absent when there are none. */
  budgets?: SnapshotBudget[];
}

export interface SnapshotWorkspace {
  id: string;
  slug: string;
  name: string;
  /**
   * Prompts and responses of this workspace's requests are logged (node logs and usage
   * records), redacted by its guardrail policies; absent when off (the default).
   */
  logPayloads?: true;
}

/**
 * Provider kinds the control plane accepts. Native kinds have their own translation in the
 * data plane; the rest are OpenAI-compatible presets (a default base URL on a shared
 * adapter). The data plane refuses requests to kinds it does not implement.
 */
export const NATIVE_PROVIDER_KINDS = [
  'openai',
  'openai-compatible',
  'anthropic',
  'gemini',
  'vertex',
  'bedrock',
  'azure-openai',
  'cohere',
  'mistral',
] as const;

/** OpenAI-compatible presets and their default base URLs (overridable per provider account). */
export const OPENAI_COMPATIBLE_PRESETS = {
  groq: 'https://api.groq.com/openai/v1',
  together: 'https://api.together.xyz/v1',
  fireworks: 'https://api.fireworks.ai/inference/v1',
  deepseek: 'https://api.deepseek.com/v1',
  xai: 'https://api.x.ai/v1',
  perplexity: 'https://api.perplexity.ai',
  openrouter: 'https://openrouter.ai/api/v1',
  cerebras: 'https://api.cerebras.ai/v1',
  deepinfra: 'https://api.deepinfra.com/v1/openai',
  nebius: 'https://api.studio.nebius.com/v1',
  sambanova: 'https://api.sambanova.ai/v1',
  huggingface: 'https://router.huggingface.co/v1',
  ollama: 'http://127.0.0.1:11434/v1',
  vllm: 'http://127.0.0.1:8000/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
  'llama-cpp': 'http://127.0.0.1:8080/v1',
} as const satisfies Record<string, string>;

/**
 * Default base URLs of native kinds. `{region}` and `{location}` are filled from the
 * account's options; kinds not listed (openai-compatible, azure-openai) need a base URL.
 */
export const NATIVE_BASE_URLS: Partial<Record<(typeof NATIVE_PROVIDER_KINDS)[number], string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  vertex: 'https://{location}-aiplatform.googleapis.com/v1',
  bedrock: 'https://bedrock-runtime.{region}.amazonaws.com',
  cohere: 'https://api.cohere.com/v2',
  mistral: 'https://api.mistral.ai/v1',
};

export const PROVIDER_KINDS = [
  ...NATIVE_PROVIDER_KINDS,
  ...(Object.keys(OPENAI_COMPATIBLE_PRESETS) as (keyof typeof OPENAI_COMPATIBLE_PRESETS)[]),
] as const;
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
  /**
   * Non-secret, kind-specific settings, e.g. `{ "apiVersion": "2024-10-21" }` (Azure),
   * `{ "region": "us-east-1" }` (Bedrock), `{ "project": "p", "location": "us-central1",
   * "tokenUrl": "…" }` (Vertex). Absent when there are none.
   */
  options?: Record<string, string | number | boolean>;
}

/** What a sealed provider credential decrypts to. Each kind reads the fields it needs. */
export interface ProviderCredentials {
  apiKey?: string;
  /** Extra secret headers sent upstream, e.g. `{ "OpenAI-Organization": "org-…" }`. */
  headers?: Record<string, string>;
  /** AWS (Bedrock): static credentials for SigV4. */
  awsAccessKeyId?: string;
  awsSecretAccessKey?: string;
  awsSessionToken?: string;
  /** Google (Vertex): a service-account key file's JSON (client_email, private_key, …). */
  serviceAccountJson?: string;
  /** Entra ID / OAuth client credentials (Azure OpenAI's token option). */
  clientId?: string;
  clientSecret?: string;
}

export const ROUTE_STRATEGIES = [
  'single',
  'weighted',
  'fallback',
  'conditional',
  'least-latency',
  'lowest-cost',
  'semantic',
  'ensemble',
] as const;
export type RouteStrategy = (typeof ROUTE_STRATEGIES)[number];

/** How deep routes may nest (a target naming a route counts one level). */
export const MAX_ROUTE_DEPTH = 4;

/**
 * A route: what clients put in `model`, and how the gateway picks among its targets.
 * - `single`: the first target. `weighted`: one target at random by `weight`.
 * - `fallback`: targets in order, moving on when an attempt fails as `fallback` says.
 * - `conditional`: the first rule of `conditions` whose matches all hold, else its default.
 * - `least-latency`: the target with the lowest observed latency (EWMA), untried ones first.
 * - `lowest-cost`: the target with the lowest catalog price for the request.
 * - `semantic`: the intent most similar to the last user message (`semantic`).
 * - `ensemble`: every target in parallel, combined as `ensemble` says.
 * Whatever the strategy, a failed target with other candidates left falls back to them
 * when `fallback` allows it (`weighted`, `least-latency`, `lowest-cost` try the rest in order of preference).
 */
export interface SnapshotRoute {
  id: string;
  workspaceId: string;
  /** What clients put in `model`. Unique within a workspace. */
  alias: string;
  strategy: RouteStrategy;
  /** At least one. Rules, intents and panels refer to them by index. */
  targets: SnapshotTarget[];
  /** When a failed attempt moves on to the next candidate target. Defaults apply when absent. */
  fallback?: SnapshotFallbackPolicy;
  /** `conditional` only. */
  conditions?: SnapshotConditions;
  /** `semantic` only. */
  semantic?: SnapshotSemantic;
  /** `ensemble` only. */
  ensemble?: SnapshotEnsemble;
  /** Response caching for this route; absent: the key's settings apply, if it has any. */
  cache?: SnapshotCache;
}

/**
 * One place a route can send a request: a provider account and upstream model, or another
 * route of the same workspace (`routeId`; then `providerId` is null and `model` is empty).
 */
export interface SnapshotTarget {
  providerId: string | null;
  /** The upstream model name sent to the provider. */
  model: string;
  routeId?: string | null;
  /** `weighted`: a positive relative weight (default 1). */
  weight?: number;
  /** Request parameters replaced for this target, e.g. `{ "temperature": 0.2, "max_tokens": 512 }`. */
  overrides?: Record<string, unknown>;
  retry?: SnapshotRetry;
  /** Per-attempt deadline in ms (until the response has started); the node's default when absent. */
  timeoutMs?: number;
  breaker?: SnapshotBreaker;
}

/** Retries of one target before the route moves on. */
export interface SnapshotRetry {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  /** First backoff; doubles each retry, with full jitter, capped at `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Upstream statuses worth retrying; timeouts and connection errors always are. */
  onStatuses: number[];
}

/** A circuit breaker per target (per node): opens after `failures` within `windowMs`. */
export interface SnapshotBreaker {
  failures: number;
  windowMs: number;
  /** How long it stays open before one half-open probe is let through. */
  cooldownMs: number;
}

export interface SnapshotFallbackPolicy {
  /** Upstream statuses that move on to the next target. Default 429, 500, 502, 503, 504. */
  onStatuses: number[];
  onTimeout: boolean;
  onConnectionError: boolean;
}

export interface SnapshotConditions {
  rules: SnapshotRule[];
  /** Target index used when no rule matches. */
  defaultTarget: number;
}

/** Every match must hold for the rule's target to be chosen. */
export interface SnapshotRule {
  when: SnapshotMatch[];
  target: number;
}

export const MATCH_OPERATORS = [
  'eq',
  'neq',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
  'regex',
] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

/**
 * A test on the request. `field` is one of `header.<name>` (a request header, lower-case
 * name), `metadata.<name>` (a key of the `x-switchyard-metadata` JSON header),
 * `param.<name>` (a top-level body parameter, e.g. `param.max_tokens`), `key.id`,
 * `key.name`, `workspace.id`, `workspace.slug`. `value` is a string, number or boolean,
 * an array of them for `in`/`nin`, a regex source for `regex`, absent for `exists`.
 */
export interface SnapshotMatch {
  field: string;
  op: MatchOperator;
  value?: string | number | boolean | (string | number | boolean)[];
}

/** Where an embedding comes from: a provider's embeddings model, or the built-in local embedder. */
export interface SnapshotEmbedder {
  /** null: the built-in local embedder (hashed character n-grams; works offline, weaker than a model). */
  providerId: string | null;
  model: string;
}

export interface SnapshotSemantic {
  embedder: SnapshotEmbedder;
  /** Cosine similarity an intent needs to be chosen (0–1). */
  threshold: number;
  intents: SnapshotIntent[];
  /** Target index when no intent clears its threshold; null answers 404 `no_intent_matched`. */
  defaultTarget: number | null;
  /** When the embedder fails: use the default target, or answer 503. */
  onEmbedError: 'default' | 'fail';
}

export interface SnapshotIntent {
  name: string;
  examples: string[];
  target: number;
  threshold?: number;
}

export const ENSEMBLE_MODES = ['synthesize', 'select', 'vote', 'first'] as const;
export type EnsembleMode = (typeof ENSEMBLE_MODES)[number];

export interface SnapshotEnsemble {
  mode: EnsembleMode;
  /** `synthesize` and `select`: the model that merges or picks. */
  judge?: SnapshotTarget | null;
  /** Answers needed before combining (members that fail are skipped). */
  minResponses: number;
  /** The panel's deadline in ms; members still running then are cancelled. */
  deadlineMs: number;
  /** Replaces the built-in judge instructions. */
  judgePrompt?: string;
}

export const CACHE_MODES = ['exact', 'semantic'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/** The longest a cached answer may be kept (7 days); the shared cache bucket's own age limit. */
export const MAX_CACHE_TTL_SECONDS = 604_800;

/**
 * Response caching, opted into per route or per key (a route's settings win over a key's).
 * Entries are scoped to the workspace and route, never shared across workspaces.
 * - `exact`: a hit needs the same normalized request (model, messages, tools, sampling
 *   parameters; `stream` and `user` do not count).
 * - `semantic`: a hit needs the same system prompt, prior turns, tools and parameters, and
 *   a last user message whose embedding (`embedder`) is at least `threshold` similar.
 * Invariant: `embedder` and `threshold` are present exactly when `mode` is `semantic`.
 */
export interface SnapshotCache {
  mode: CacheMode;
  /** How long an answer is served from the cache (1 s to `MAX_CACHE_TTL_SECONDS`). */
  ttlSeconds: number;
  embedder?: SnapshotEmbedder;
  /** Cosine similarity (0–1) a semantic hit needs. */
  threshold?: number;
}

/** A workspace's price for a model, replacing the shipped catalog's (micro-USD per million tokens). */
export interface SnapshotModelPrice {
  workspaceId: string;
  /** Provider kind the price applies to, e.g. `anthropic`. */
  providerKind: string;
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number;
  contextWindow?: number;
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
  /** Response caching for this key's requests on routes without settings of their own; absent: none. */
  cache?: SnapshotCache;
}

/** How the gateway talks to an upstream MCP server. */
export const MCP_TRANSPORTS = ['streamable-http', 'sse'] as const;
export type McpTransport = (typeof MCP_TRANSPORTS)[number];

/**
 * A remote MCP server of a workspace, reached by clients at `/mcp/<slug>` on a node.
 * `slug` is unique within the workspace and never contains `__` (the aggregate endpoint
 * prefixes tool names with `<slug>__`).
 */
export interface SnapshotMcpServer {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  /** The upstream MCP endpoint, e.g. `https://tools.example.com/mcp`. */
  url: string;
  transport: McpTransport;
  /** `sealSecret(snapshotKey, server.id, JSON.stringify(McpServerCredentials))`, or null. */
  credentials: string | null;
}

/** What a sealed MCP server credential decrypts to; never sent to MCP clients. */
export interface McpServerCredentials {
  /** Sent upstream as `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Extra secret headers sent upstream. */
  headers?: Record<string, string>;
  /** OAuth 2.0 client credentials grant; the token obtained is sent as a bearer token. */
  oauth?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
}

/**
 * A key's access to one MCP server of its workspace. A key may use a server only when such
 * an entry exists. A tool is usable when it matches `allowTools` (null: every tool) and no
 * pattern of `denyTools`. Patterns are globs: `*` any run of characters, `?` one character.
 * `(keyId, serverId)` is unique.
 */
export interface SnapshotMcpAccess {
  keyId: string;
  serverId: string;
  allowTools: string[] | null;
  denyTools: string[];
}

/** Where a guardrail policy runs: on the request, on the answer, or both. */
export const GUARDRAIL_STAGES = ['input', 'output', 'both'] as const;
export type GuardrailStage = (typeof GUARDRAIL_STAGES)[number];

/**
 * What a failed check does: `deny` refuses (400 on input, 422 on output, naming the policy
 * and check), `redact` rewrites the matched text and continues, `flag` continues and
 * records the verdict.
 */
export const GUARDRAIL_ACTIONS = ['deny', 'redact', 'flag'] as const;
export type GuardrailAction = (typeof GUARDRAIL_ACTIONS)[number];

/** `sync` policies are enforced; `async` ones are evaluated and recorded only (every failure is a flag). */
export const GUARDRAIL_MODES = ['sync', 'async'] as const;
export type GuardrailMode = (typeof GUARDRAIL_MODES)[number];

/**
 * A named set of checks of a workspace. Invariants: `checks` is non-empty, check names are
 * unique within the policy, every check's `params` are valid for its `type` (regexes
 * compile, JSON schemas compile, bounds are ordered) and `redact` is only used by checks
 * that can find what to rewrite (see `GUARDRAIL_CHECKS` in `guardrails/`).
 */
export interface SnapshotGuardrailPolicy {
  id: string;
  workspaceId: string;
  /** Unique within the workspace; errors, headers, metrics and usage name policies by it. */
  name: string;
  stage: GuardrailStage;
  mode: GuardrailMode;
  /** The action of checks that do not set their own. */
  action: GuardrailAction;
  checks: SnapshotGuardrailCheck[];
}

/** One check of a policy: a type from the check catalogue and its parameters. */
export interface SnapshotGuardrailCheck {
  /** Unique within the policy (defaults to the type when written). */
  name: string;
  type: string;
  params: Record<string, unknown>;
  /** Overrides the policy's action for this check. */
  action?: GuardrailAction;
}

/**
 * A policy applied to every request of a workspace (`keyId` and `routeId` null), of one key,
 * or to one route. The policy, key and route belong to the attachment's workspace; an
 * attachment is unique per (policy, key, route).
 */
export interface SnapshotGuardrailAttachment {
  policyId: string;
  workspaceId: string;
  keyId: string | null;
  routeId: string | null;
}

/** The longest rate-limit window (a day); the default is 60 s, so limits are per minute. */
export const MAX_RATE_LIMIT_WINDOW_SECONDS = 86_400;
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 60;

/**
 * Rate limits of one workspace (`keyId` and `routeId` null: every request of the workspace),
 * one key (every request it makes) or one route (every request to its alias, whatever the
 * key). Counted across all data-plane nodes, in windows of `windowSeconds` aligned to epoch
 * time. Invariants: at least one of `requestsPerWindow`, `tokensPerWindow` and `concurrent`
 * is set; not both `keyId` and `routeId`; the key and route belong to `workspaceId`; one
 * limit per (workspace, key, route).
 */
export interface SnapshotRateLimit {
  id: string;
  workspaceId: string;
  keyId: string | null;
  routeId: string | null;
  /** Requests admitted per window; null: not limited. */
  requestsPerWindow: number | null;
  /** Tokens (input + output, as the upstream reports them) per window; null: not limited. */
  tokensPerWindow: number | null;
  /** 1 to `MAX_RATE_LIMIT_WINDOW_SECONDS`. */
  windowSeconds: number;
  /** Requests in flight at once; null: not limited. */
  concurrent: number | null;
}

/** Chat roles a prompt template's messages may have. */
export const PROMPT_ROLES = ['system', 'developer', 'user', 'assistant'] as const;
export type PromptRole = (typeof PROMPT_ROLES)[number];

/** The pseudo-label that always names a prompt's newest version; no stored label may use it. */
export const LATEST_PROMPT_LABEL = 'latest';

/** Label names: lower-case letters, digits and inner `.`, `_`, `-`; 1 to 64 characters. */
export const PROMPT_LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;

/** Body parameters a prompt version's `params` may not set: the template and the caller own them. */
export const RESERVED_PROMPT_PARAMS = ['model', 'messages', 'stream', 'stream_options'] as const;

/**
 * A prompt template of a workspace, served at `/v1/prompts/{id or slug}/…`.
 * Invariants: `slug` is unique within the workspace and is not shaped like a UUID;
 * `versions` is non-empty, sorted by `version`, numbers unique; every label names a version
 * in `versions`. Not every stored version travels: the control plane sends the labeled ones
 * and the newest few, so the snapshot stays small however long a template's history grows.
 */
export interface SnapshotPrompt {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  versions: SnapshotPromptVersion[];
  /** Label name → version number (e.g. `{ "production": 3 }`); absent when there are none. */
  labels?: Record<string, number>;
}

/** One immutable version of a prompt template. */
export interface SnapshotPromptVersion {
  /** 1, 2, 3, … per prompt; never reused. */
  version: number;
  /** The route alias the rendered request is sent to (its `model`). */
  model: string;
  /** Mustache templates; every one parses (`promptTemplateProblems` is empty). */
  messages: SnapshotPromptMessage[];
  /** Request parameters (temperature, max_tokens, tools, …), none of `RESERVED_PROMPT_PARAMS`; absent when none. */
  params?: Record<string, unknown>;
  /** The variables a render needs (`ParsedPromptTemplate.variables`), sorted. */
  variables: string[];
}

export interface SnapshotPromptMessage {
  role: PromptRole;
  content: string;
}

/** What a budget counts: a whole workspace, one virtual key, or requests tagged `tagKey: tagValue` in `x-switchyard-metadata`. */
export const BUDGET_SCOPES = ['workspace', 'key', 'tag'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/**
 * A spending limit of a workspace. Invariants: at least one of `limitMicroUsd` and
 * `limitTokens` is set (positive integers; tokens are input plus output); `keyId` is set
 * exactly for scope `key` and names a key of the same workspace; `tagKey` and `tagValue`
 * are set exactly for scope `tag`; `timezone` is an IANA zone name; names are unique
 * within a workspace. With `hardStop` the data plane refuses requests (402) once the
 * current window's spend reaches a limit; without it the budget only raises alerts.
 */
export interface SnapshotBudget {
  id: string;
  workspaceId: string;
  name: string;
  scope: BudgetScope;
  keyId: string | null;
  tagKey: string | null;
  tagValue: string | null;
  limitMicroUsd: number | null;
  limitTokens: number | null;
  period: BudgetPeriod;
  timezone: string;
  hardStop: boolean;
}
