import type { GuardrailVerdict } from '@switchyard/proto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { UsageRecord } from '@switchyard/proto';
import type { ResponseCache } from '../cache/response-cache';
import type { RateLimiter, RateLimitTicket } from '../governance/rate-limit-admission';
import type { BudgetLedger } from '../governance/budget-ledger';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { SubCallRecorder, SubCallUsage, UsageSink } from '../usage/usage-sink';
import { newRequestId } from './request-id';

/** What every request handler may use; one instance per gateway. */
export interface GatewayServices {
  nodeId: string;
  logger: Logger;
  usage: UsageSink;
  metrics: GatewayMetrics;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  /** The response cache; absent in gateways built without one (some tests). */
  cache?: ResponseCache;
  /** Rate limits across nodes; absent in gateways built without it (some tests). */
  rateLimits?: RateLimiter;
  /** Budget spend as this node sees it; absent in gateways built without one (some tests). */
  budgets?: BudgetLedger;
}

/**
 * The state of one request, and the fields of the usage record it will produce. Fields are
 * all declared up front so every context has the same shape (one hidden class on the hot path).
 */
export class RequestContext implements SubCallRecorder {
  readonly requestId: string;
  readonly startedAtMs = Date.now();
  readonly startedAt = performance.now();
  /** Set once a virtual key is known: only then is the request attributable and recorded. */
  recordUsage = false;
  /** Set when the client went away before the response ended. */
  clientClosed = false;
  workspaceId = '';
  keyId = '';
  routeId = '';
  routeAlias = '';
  providerId = '';
  model = '';
  stream = false;
  /** `usage.endpoint`, set by the handler, e.g. `chat.completions`. */
  endpoint = '';
  inputTokens = 0;
  outputTokens = 0;
  cachedInputTokens = 0;
  reasoningTokens = 0;
  costMicroUsd = 0;
  attempts = 0;
  cacheStatus = '';
  /** Guardrail verdicts of this request (every check that ran), for its usage record. */
  guardrailVerdicts: readonly GuardrailVerdict[] = [];
  tokensEstimated = false;
  /** The prompt template and version a prompt completion rendered; '' and 0 otherwise. */
  promptId = '';
  promptVersion = 0;
  /** Set when the workspace logs payloads (`PayloadLog`): the redacted messages and answer text. */
  requestPayload = '';
  responsePayload = '';
  /** The `x-switchyard-metadata` pairs tag budgets read, for the usage record; null when none. */
  budgetMetadata: Record<string, string> | null = null;
  private subCalls = 0;
  /** Tokens (input + output) of the sub-calls recorded so far; rate limits count them too. */
  subCallTokens = 0;
  ttftMs = 0;
  status = 0;
  errorCode = '';
  errorMessage = '';
  /** The request's hold on its rate limits (in flight, reserved tokens), released on completion. */
  rateLimitTicket: RateLimitTicket | null = null;
  private completed = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly services: GatewayServices,
  ) {
    this.requestId = newRequestId();
    res.setHeader('x-request-id', this.requestId);
  }

  /** Milliseconds since the request arrived. */
  elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** Marks the first token as sent now (streams). */
  markFirstToken(): void {
    if (this.ttftMs === 0) this.ttftMs = Math.max(1, this.elapsedMs());
  }

  /** Ends the request's bookkeeping: counts it in metrics and emits its usage record, once. Safe to call twice. */
  complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.rateLimitTicket?.release(this);
    const latencyMs = this.elapsedMs();
    this.services.metrics.requestFinished(this, latencyMs);
    if (!this.recordUsage) return;
    if (this.requestPayload)
      this.services.logger.info(
        {
          requestId: this.requestId,
          workspaceId: this.workspaceId,
          keyId: this.keyId,
          route: this.routeAlias,
          status: this.status,
          request: this.requestPayload,
          response: this.responsePayload,
        },
        'request payload',
      );
    // Async guardrail checks may still be running after the answer left: their verdicts belong in the record.
    if (this.usageWaitsFor)
      void this.usageWaitsFor().then(() => this.services.usage.push(this.usageRecord(latencyMs)));
    else this.services.usage.push(this.usageRecord(latencyMs));
  }

  /** Set when the usage record must wait for work that outlives the response (async guardrail checks). */
  usageWaitsFor: (() => Promise<void>) | null = null;

  private usageRecord(latencyMs: number): UsageRecord {
    return {
      requestId: this.requestId,
      workspaceId: this.workspaceId,
      keyId: this.keyId,
      routeId: this.routeId,
      routeAlias: this.routeAlias,
      providerId: this.providerId,
      model: this.model,
      endpoint: this.endpoint,
      stream: this.stream,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      costMicroUsd: this.costMicroUsd,
      latencyMs,
      ttftMs: this.ttftMs,
      status: this.status,
      errorCode: this.errorCode,
      errorMessage: this.errorMessage,
      startedAtMs: this.startedAtMs,
      nodeId: this.services.nodeId,
      tokensEstimated: this.tokensEstimated,
      parentRequestId: '',
      attempts: this.attempts,
      cachedInputTokens: this.cachedInputTokens,
      reasoningTokens: this.reasoningTokens,
      cacheStatus: this.cacheStatus,
      guardrailVerdicts: this.guardrailVerdicts
        .filter((v) => v.verdict !== 'pass')
        .map((v) => ({
          policy: v.policy,
          check: v.check,
          stage: v.stage,
          verdict: v.verdict,
          detail: v.detail ?? '',
        })),
      promptId: this.promptId,
      promptVersion: this.promptVersion,
      requestPayload: this.requestPayload,
      responsePayload: this.responsePayload,
      metadata: this.budgetMetadata ?? undefined,
    };
  }

  /**
   * Emits the usage record of a sub-call made for this request (`SubCallRecorder`): its own
   * request id (`<request id>.<n>`), linked by `parentRequestId`.
   */
  recordSubCall(fields: SubCallUsage): void {
    this.subCallTokens += (fields.inputTokens ?? 0) + (fields.outputTokens ?? 0);
    if (!this.recordUsage) return;
    this.services.usage.push({
      requestId: `${this.requestId}.${++this.subCalls}`,
      parentRequestId: this.requestId,
      workspaceId: this.workspaceId,
      keyId: this.keyId,
      routeId: this.routeId,
      routeAlias: this.routeAlias,
      endpoint: this.endpoint,
      startedAtMs: this.startedAtMs,
      nodeId: this.services.nodeId,
      metadata: this.budgetMetadata ?? undefined,
      ...fields,
    });
  }
}
