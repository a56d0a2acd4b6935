import { completionToChunks } from '../chat/completion-chunks';
import type { RequestContext } from '../http/request-context';
import type { ClientFormat } from '../inbound/client-format';
import { readOpenAIUsage } from '../inbound/openai-usage';
import type { CachedAnswer } from './response-cache';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/**
 * Answers a request from the cache, in the client's format: whole, or replayed as a stream
 * when the client asked for one. A hit costs nothing upstream: `usage.cost` and the cost
 * header are 0, and the usage record carries the cached answer's tokens at zero cost.
 */
export function sendCachedAnswer(
  ctx: RequestContext,
  format: ClientFormat,
  answer: CachedAnswer,
  passUsageChunk: boolean,
): void {
  const completion: Record<string, unknown> = { ...answer.completion };
  const usage = readOpenAIUsage(completion.usage);
  if (completion.usage && typeof completion.usage === 'object')
    completion.usage = { ...(completion.usage as Record<string, unknown>), cost: 0 };
  ctx.model = answer.model;
  ctx.inputTokens = usage?.promptTokens ?? 0;
  ctx.outputTokens = usage?.completionTokens ?? 0;
  ctx.cachedInputTokens = usage?.cachedTokens ?? 0;
  ctx.reasoningTokens = usage?.reasoningTokens ?? 0;
  ctx.tokensEstimated = usage === null;
  ctx.costMicroUsd = 0;
  ctx.status = 200;
  const res = ctx.res;
  res.setHeader('x-switchyard-attempts', '0');
  res.setHeader('x-switchyard-cost', '0.000000');
  if (!ctx.stream) {
    const text = JSON.stringify(format.completion(completion));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const encoder = format.stream();
  let out = '';
  for (const chunk of completionToChunks(completion)) {
    const isUsage = Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage !== undefined;
    if (isUsage && !passUsageChunk) continue;
    out += encoder.chunk(chunk);
  }
  out += encoder.end(usage);
  res.writeHead(200, SSE_HEADERS);
  ctx.markFirstToken();
  res.end(out);
}
