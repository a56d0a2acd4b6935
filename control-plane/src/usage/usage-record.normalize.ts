import type { UsageRecord__Output } from '@switchyard/proto';

/** A usage record ready to insert: references are valid UUIDs or null, numbers are in range. */
export interface UsageRow {
  requestId: string;
  workspaceId: string | null;
  keyId: string | null;
  routeId: string | null;
  routeAlias: string | null;
  providerId: string | null;
  model: string | null;
  endpoint: string;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  latencyMs: number;
  ttftMs: number | null;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: Date;
  nodeId: string;
  tokensEstimated: boolean;
  /** Set on sub-calls (ensemble members, judges, routing embeddings): the request they served. */
  parentRequestId: string | null;
  /** Upstream attempts, retries and fallbacks included; null when the node did not say. */
  attempts: number | null;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** The gateway response cache: hit, miss, or null when not consulted. */
  cacheStatus: string | null;
  /** MCP tool calls only; null elsewhere. */
  requestBytes: number | null;
  responseBytes: number | null;
  /** Guardrail checks that did not pass, as JSON text (`[{policy, check, stage, verdict, detail}]`), or null. */
  guardrailVerdicts: string | null;
  /** The prompt template and version served (`/v1/prompts/{id}/completions`); null elsewhere. */
  promptId: string | null;
  promptVersion: number | null;
  /** What the request asked and the answer said, redacted, when its workspace logs payloads; else null. */
  requestPayload: string | null;
  responsePayload: string | null;
  /** Not stored: the metadata pairs tag budgets look at, for budget counting; null when none. */
  metadata: Record<string, string> | null;
  /** Not stored: the node's budget sequence number (0 when the node did not send one). */
  budgetSeq: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT32_MAX = 2 ** 31 - 1;

/**
 * Cleans one record from the wire. Only a missing request id rejects a record (without
 * it a replay could not be recognised); anything else is kept, with references that are
 * not UUIDs stored as null and oversized text cut, so no record is lost to a detail.
 */
export function normalizeUsageRecord(
  record: UsageRecord__Output,
  batchNodeId: string,
  receivedAt: Date,
): UsageRow | { rejected: string } {
  const requestId = record.requestId?.trim() ?? '';
  if (!requestId) return { rejected: 'missing request_id' };
  if (requestId.length > 200) return { rejected: 'request_id longer than 200 characters' };
  const startedAtMs = Number(record.startedAtMs);
  return {
    requestId,
    workspaceId: uuidOrNull(record.workspaceId),
    keyId: uuidOrNull(record.keyId),
    routeId: uuidOrNull(record.routeId),
    routeAlias: textOrNull(record.routeAlias, 200),
    providerId: uuidOrNull(record.providerId),
    model: textOrNull(record.model, 200),
    endpoint: (record.endpoint ?? '').slice(0, 100),
    stream: Boolean(record.stream),
    inputTokens: count(record.inputTokens, Number.MAX_SAFE_INTEGER),
    outputTokens: count(record.outputTokens, Number.MAX_SAFE_INTEGER),
    costMicroUsd: count(record.costMicroUsd, Number.MAX_SAFE_INTEGER),
    latencyMs: count(record.latencyMs, INT32_MAX),
    ttftMs: record.ttftMs ? count(record.ttftMs, INT32_MAX) : null,
    status: count(record.status, INT32_MAX),
    errorCode: textOrNull(record.errorCode, 100),
    errorMessage: textOrNull(record.errorMessage, 4000),
    startedAt: startedAtMs > 0 && Number.isFinite(startedAtMs) ? new Date(startedAtMs) : receivedAt,
    nodeId: (record.nodeId || batchNodeId || 'unknown').slice(0, 200),
    tokensEstimated: Boolean(record.tokensEstimated),
    parentRequestId: textOrNull(record.parentRequestId?.trim(), 200),
    attempts: record.attempts ? count(record.attempts, INT32_MAX) : null,
    cachedInputTokens: count(record.cachedInputTokens, Number.MAX_SAFE_INTEGER),
    reasoningTokens: count(record.reasoningTokens, Number.MAX_SAFE_INTEGER),
    cacheStatus: textOrNull(record.cacheStatus, 16),
    requestBytes: record.requestBytes ? count(record.requestBytes, Number.MAX_SAFE_INTEGER) : null,
    responseBytes: record.responseBytes ? count(record.responseBytes, Number.MAX_SAFE_INTEGER) : null,
    guardrailVerdicts: verdictsJson(record.guardrailVerdicts),
    promptId: uuidOrNull(record.promptId),
    promptVersion: record.promptVersion ? count(record.promptVersion, INT32_MAX) : null,
    requestPayload: textOrNull(record.requestPayload, PAYLOAD_LIMIT),
    responsePayload: textOrNull(record.responsePayload, PAYLOAD_LIMIT),
    metadata: metadataPairs(record.metadata),
    budgetSeq: count(record.budgetSeq, Number.MAX_SAFE_INTEGER),
  };
}

function uuidOrNull(value: string | undefined): string | null {
  return value && UUID.test(value) ? value.toLowerCase() : null;
}

/** A logged payload's longest stored form (the node caps at 64 KiB already). */
const PAYLOAD_LIMIT = 65_536;

function textOrNull(value: string | undefined, max: number): string | null {
  return value ? value.slice(0, max) : null;
}

/** A non-negative integer no larger than `max`. */
function count(value: number | undefined, max: number): number {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : 0;
}

/** At most 100 verdicts, with bounded text, as JSON for the jsonb column; null when there are none. */
function verdictsJson(verdicts: UsageRecord__Output['guardrailVerdicts'] | undefined): string | null {
  if (!verdicts?.length) return null;
  return JSON.stringify(
    verdicts.slice(0, 100).map((v) => ({
      policy: (v.policy ?? '').slice(0, 200),
      check: (v.check ?? '').slice(0, 100),
      stage: (v.stage ?? '').slice(0, 16),
      verdict: (v.verdict ?? '').slice(0, 16),
      detail: (v.detail ?? '').slice(0, 1000),
    })),
  );
}

/** At most 50 string pairs with bounded text; null when there are none. */
function metadataPairs(metadata: Record<string, string> | undefined): Record<string, string> | null {
  if (!metadata) return null;
  const entries = Object.entries(metadata).slice(0, 50);
  if (!entries.length) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of entries) out[k.slice(0, 100)] = String(v).slice(0, 200);
  return out;
}
