import type { ChatBody } from '../providers/adapter-types';
import type { RouteOutcome } from '../routing/router';
import type { SubCallUsage } from '../usage/usage-sink';
import { answerChars, estimateUsage } from './token-estimate';

/**
 * The usage record fields of a chat call made on a request's behalf (an ensemble member or
 * judge, an LLM-judge check; the rest come from the request, `RequestContext.recordSubCall`).
 * An answer without usage is estimated from the messages of `body`, the request that call
 * sent, and its output (`streamedChars` when it was streamed), and priced like reported usage.
 */
export function chatSubCallUsage(
  outcome: RouteOutcome,
  body: ChatBody,
  latencyMs: number,
  streamedChars = 0,
): SubCallUsage & { costMicroUsd: number } {
  const { result: r, target } = outcome;
  const usage = r.ok
    ? (r.usage ?? estimateUsage(body.messages, r.streamed ? streamedChars : answerChars(r.completion)))
    : null;
  return {
    providerId: target?.provider.id ?? '',
    model: target?.model ?? '',
    inputTokens: usage?.promptTokens ?? 0,
    outputTokens: usage?.completionTokens ?? 0,
    cachedInputTokens: usage?.cachedTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    tokensEstimated: r.ok && r.usage === null,
    costMicroUsd: target && usage ? target.costOf(usage) : 0,
    latencyMs: Math.round(latencyMs),
    status: r.ok ? 200 : r.error.status,
    errorCode: r.ok ? '' : r.error.code,
    errorMessage: r.ok ? '' : r.error.message.slice(0, 1000),
    stream: r.ok && r.streamed,
  };
}
