/** react-admin needs an `id` on every record: a usage record's is its request id. */
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
