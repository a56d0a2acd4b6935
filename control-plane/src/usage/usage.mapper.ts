import type { UsageRecordDto } from './dtos/usage-record.dto';
import type { UsageRecordEntity } from './usage-record.entity';

export function toUsageRecordDto(r: UsageRecordEntity): UsageRecordDto {
  return {
    requestId: r.requestId,
    workspaceId: r.workspaceId,
    keyId: r.keyId,
    routeId: r.routeId,
    routeAlias: r.routeAlias,
    providerId: r.providerId,
    model: r.model,
    endpoint: r.endpoint,
    stream: r.stream,
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    costMicroUsd: String(r.costMicroUsd),
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    status: r.status,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    startedAt: r.startedAt,
    nodeId: r.nodeId,
    tokensEstimated: r.tokensEstimated,
    parentRequestId: r.parentRequestId,
    attempts: r.attempts,
    cachedInputTokens: Number(r.cachedInputTokens),
    reasoningTokens: Number(r.reasoningTokens),
    cacheStatus: r.cacheStatus,
    requestBytes: r.requestBytes === null ? null : Number(r.requestBytes),
    responseBytes: r.responseBytes === null ? null : Number(r.responseBytes),
    guardrailVerdicts: (r.guardrailVerdicts ?? []).map((v) => ({ ...v, detail: v.detail || null })),
    promptId: r.promptId,
    promptVersion: r.promptVersion,
    requestPayload: r.requestPayload,
    responsePayload: r.responsePayload,
  };
}
