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

/**
 * The API's enumerations, as proto defines them (the console does not depend on proto, so they are
 * repeated here; the API refuses anything else).
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
/** OpenAI-compatible presets: a default base URL on the shared OpenAI adapter. */
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
} as const;
/** Default base URLs of native kinds; `{region}` and `{location}` come from the options. */
export const NATIVE_BASE_URLS: Record<string, string> = {
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
export const ENSEMBLE_MODES = ['synthesize', 'select', 'vote', 'first'] as const;
export const MCP_TRANSPORTS = ['streamable-http', 'sse'] as const;
/** Statuses retried or fallen back on when a policy does not say (the API's default). */
export const DEFAULT_RETRY_STATUSES = [429, 500, 502, 503, 504];

export interface ProviderAccount {
  id: string;
  workspaceId: string;
  name: string;
  kind: string;
  baseUrl: string;
  /** Non-secret, kind-specific settings (bedrock region, vertex project/location, azure apiVersion…). */
  options: Record<string, string | number | boolean> | null;
  /** Credentials are write-only: the API only says whether some are stored. */
  hasCredentials: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  onStatuses: number[];
}

export interface CircuitBreaker {
  failures: number;
  windowMs: number;
  cooldownMs: number;
}

/** A provider account and upstream model, or another route of the workspace (`routeId`, empty model). */
export interface RouteTarget {
  providerId: string | null;
  routeId: string | null;
  model: string;
  weight: number | null;
  overrides: Record<string, unknown> | null;
  retry: RetryPolicy | null;
  timeoutMs: number | null;
  breaker: CircuitBreaker | null;
}

export interface FallbackPolicy {
  onStatuses: number[];
  onTimeout: boolean;
  onConnectionError: boolean;
}

export type MatchValue = string | number | boolean | (string | number | boolean)[] | null;

export interface RouteMatch {
  field: string;
  op: string;
  value?: MatchValue;
}

export interface RouteRule {
  when: RouteMatch[];
  target: number;
}

export interface RouteConditions {
  rules: RouteRule[];
  defaultTarget: number;
}

export interface SemanticIntent {
  name: string;
  examples: string[];
  target: number;
  threshold: number | null;
}

export interface SemanticRouting {
  /** providerId null: the built-in local embedder. */
  embedder: { providerId: string | null; model: string };
  threshold: number;
  intents: SemanticIntent[];
  defaultTarget: number | null;
  onEmbedError: string;
}

export interface EnsembleSettings {
  mode: string;
  judge: RouteTarget | null;
  minResponses: number;
  deadlineMs: number;
  judgePrompt: string | null;
}

export interface Route {
  id: string;
  workspaceId: string;
  alias: string;
  strategy: RouteStrategy;
  targets: RouteTarget[];
  /** Null: the defaults. */
  fallback: FallbackPolicy | null;
  conditions: RouteConditions | null;
  semantic: SemanticRouting | null;
  ensemble: EnsembleSettings | null;
  /** Null: the key's cache settings, if any, apply. */
  cache: CacheSettings | null;
  createdAt: string;
  updatedAt: string;
}

/** A workspace's price for a model. Prices are integer micro-USD per million tokens. */
export interface ModelPrice {
  id: string;
  workspaceId: string;
  providerKind: string;
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  contextWindow: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A model of the shipped catalog (id `kind/model`), with the workspace's override applied. */
export interface ModelInfo {
  id: string;
  kind: string;
  model: string;
  mode: string | null;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  tools: boolean | null;
  vision: boolean | null;
  jsonMode: boolean | null;
  reasoning: boolean | null;
  /** catalog, or override when a workspace price applies. */
  priceSource: string;
}

export interface McpServer {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  url: string;
  transport: string;
  /** none, bearer, headers or oauth; the credentials themselves are never returned. */
  authType: string;
  headerNames: string[];
  oauthTokenUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A key's access to one MCP server; the console's id is `keyId~serverId`. */
export interface McpAccess {
  id: string;
  workspaceId: string;
  keyId: string;
  serverId: string;
  /** Tool globs the key may call; null means every tool. */
  allowTools: string[] | null;
  denyTools: string[];
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
  /** For calls to routes without cache settings of their own; null: no caching. */
  cache: CacheSettings | null;
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
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Integer micro-USD as a decimal string. */
  costMicroUsd: string;
  /** Upstream attempts, retries and fallbacks included; null when the node did not report it. */
  attempts: number | null;
  /** Set on sub-calls (ensemble members, judges, routing embeddings): the request they served. */
  parentRequestId: string | null;
  cacheStatus: string | null;
  requestBytes: number | null;
  responseBytes: number | null;
  latencyMs: number;
  ttftMs: number | null;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: string;
  nodeId: string;
  tokensEstimated: boolean;
  promptId: string | null;
  promptVersion: number | null;
  /** Only when the workspace logs payloads: the redacted messages (JSON) and answer text. */
  requestPayload: string | null;
  responsePayload: string | null;
  /** Guardrail checks that did not pass. */
  guardrailVerdicts: {
    policy: string;
    check: string;
    stage: string;
    verdict: string;
    detail: string | null;
  }[];
}

export interface UsageSummary {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  costMicroUsd: string;
  /** Sub-call records (ensemble members, judges, embeddings); not counted in `requests`. */
  subRequests: number;
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

export interface GuardrailCheck {
  name: string;
  type: string;
  action: string | null;
  params: Record<string, unknown>;
}

export interface GuardrailAttachment {
  id: string;
  policyId: string;
  keyId: string | null;
  routeId: string | null;
}

export interface GuardrailPolicy {
  id: string;
  workspaceId: string;
  name: string;
  stage: string;
  mode: string;
  action: string;
  checks: GuardrailCheck[];
  attachments: GuardrailAttachment[];
  createdAt: string;
  updatedAt: string;
}

export interface GuardrailCheckType {
  type: string;
  description: string;
  external: boolean;
  redacts: boolean;
  stages: string[];
}

export interface GuardrailVerdict {
  check: string;
  policy: string;
  stage: string;
  verdict: string;
  detail: string | null;
}

export interface GuardrailTryResult {
  text: string;
  denied: GuardrailVerdict | null;
  verdicts: GuardrailVerdict[];
}

export interface AuditRecordChange {
  type: string;
  id: string;
  op: 'created' | 'updated' | 'deleted';
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: string;
  occurredAt: string;
  action: string;
  actorKind: string;
  actorId: string;
  actorLabel: string | null;
  workspaceId: string | null;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  errorMessage: string | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
  changes: AuditRecordChange[];
}

export interface RateLimitUsage {
  requests: number;
  tokens: number;
  inFlight: number;
  nodes: number;
  observedAt: string;
}

export interface RateLimit {
  id: string;
  workspaceId: string;
  scope: 'workspace' | 'key' | 'route';
  keyId: string | null;
  routeId: string | null;
  windowSeconds: number;
  requestsPerWindow: number | null;
  tokensPerWindow: number | null;
  concurrent: number | null;
  usage: RateLimitUsage | null;
  createdAt: string;
  updatedAt: string;
}

export interface PromptMessage {
  role: string;
  content: string;
}

export interface PromptVersion {
  promptId: string;
  version: number;
  model: string;
  messages: PromptMessage[];
  params: Record<string, unknown>;
  variables: string[];
  optionalVariables: string[];
  labels: string[];
  served: boolean;
  createdAt: string;
  createdBy: string;
}

export interface PromptLabel {
  label: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface Prompt {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  description: string | null;
  latestVersion: number | null;
  labels: PromptLabel[];
  versions: PromptVersion[];
  createdAt: string;
  updatedAt: string;
}

export interface UsageBucket {
  start: string;
  group: string | null;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: string;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  cacheHits: number;
  cacheLookups: number;
}

export const WORKSPACE_ROLES = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export interface User {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
  installationAdmin: boolean;
  hasPassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

/** A user's role in the selected workspace; `id` is the user's id. */
export interface WorkspaceMember {
  id: string;
  workspaceId: string;
  role: WorkspaceRole;
  source: string;
  user: User;
}

export interface ApiToken {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  role: WorkspaceRole;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface BudgetStatus {
  budgetId: string;
  exhausted: boolean;
  percentUsed: number;
  spentMicroUsd: number;
  spentTokens: number;
  remainingMicroUsd: number | null;
  remainingTokens: number | null;
  windowStart: string;
  resetsAt: string | null;
}

export interface Budget {
  id: string;
  workspaceId: string;
  name: string;
  scope: 'workspace' | 'key' | 'tag';
  keyId: string | null;
  tagKey: string | null;
  tagValue: string | null;
  period: 'daily' | 'weekly' | 'monthly' | 'total';
  timezone: string;
  limitMicroUsd: number | null;
  limitTokens: number | null;
  hardStop: boolean;
  alertThresholds: number[];
  webhookUrl: string | null;
  webhookSigned: boolean;
  status: BudgetStatus;
  createdAt: string;
  updatedAt: string;
}

export interface BudgetEvent {
  id: string;
  budgetId: string;
  threshold: number;
  spentMicroUsd: number;
  spentTokens: number;
  windowStart: string;
  webhookStatus: string;
  webhookAttempts: number;
  webhookError: string | null;
  createdAt: string;
}

/** Response caching of a route or key (README "Caching"). */
export interface CacheSettings {
  mode: 'exact' | 'semantic';
  ttlSeconds: number;
  /** semantic only; providerId null: the built-in local embedder. */
  embedder: { providerId: string | null; model: string } | null;
  /** semantic only: the cosine similarity a hit needs. */
  threshold: number | null;
}

/** Single sign-on settings as installation admins see them: whether a secret is set, never the secret. */
export interface OidcSettings {
  /** database (saved here) or environment (SWITCHYARD_OIDC_*). */
  source: string;
  enabled: boolean;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  redirectUri: string;
  scopes: string[];
  defaultWorkspaceId: string | null;
  /** owner, admin, member or viewer (lower case, unlike the WorkspaceRole enum). */
  defaultRole: string | null;
  allowedEmailDomains: string[];
  groupsClaim: string | null;
  postLoginRedirect: string;
  updatedAt: string | null;
}

/** A bearer token an identity provider uses for SCIM provisioning; the secret is shown once. */
export interface ScimToken {
  id: string;
  name: string;
  prefix: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** Members of an identity-provider group hold `role` in a workspace. */
export interface GroupRoleMapping {
  id: string;
  group: string;
  workspaceId: string;
  role: 'VIEWER' | 'MEMBER' | 'ADMIN' | 'OWNER';
  updatedAt: string;
}
