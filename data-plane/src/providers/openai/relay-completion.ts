import type { IncomingHttpHeaders } from 'node:http';
import type { ParsedChatRequest } from '../../chat/chat-request';
import { contentChars, estimateInputTokens, tokensForChars } from '../../chat/token-estimate';
import { errorBody, GatewayError } from '../../errors';
import type { RequestContext } from '../../http/request-context';
import { sendError } from '../../http/respond';
import { findUsage } from './usage';

const PASSED_ERROR_HEADERS = ['retry-after', 'retry-after-ms', 'x-should-retry'];

/** A successful non-streaming answer: sent on byte for byte, usage read from it. */
export function sendCompletion(
  ctx: RequestContext,
  request: ParsedChatRequest,
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
): void {
  const usage = findUsage(body);
  if (usage) {
    ctx.inputTokens = usage.promptTokens;
    ctx.outputTokens = usage.completionTokens;
  } else {
    const parsed = parseCompletion(body);
    ctx.tokensEstimated = true;
    ctx.inputTokens = estimateInputTokens(request.body.messages);
    ctx.outputTokens = tokensForChars(parsed ? completionChars(parsed.choices) : body.length);
  }
  const type = headers['content-type'];
  ctx.status = status;
  ctx.res.writeHead(status, {
    'content-type': typeof type === 'string' ? type : 'application/json',
    'content-length': body.length,
  });
  ctx.res.end(body);
}

type Completion = { usage?: unknown; choices?: unknown };

function parseCompletion(body: Buffer): Completion | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' ? (value as Completion) : null;
  } catch {
    return null; // not JSON: still the upstream's answer; passed on, tokens estimated
  }
}

function completionChars(choices: unknown): number {
  if (!Array.isArray(choices)) return 0;
  let chars = 0;
  for (const choice of choices) {
    const message = (choice as { message?: { content?: unknown; tool_calls?: unknown } } | null)?.message;
    if (!message) continue;
    chars += contentChars(message.content);
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        const args = (call as { function?: { arguments?: unknown } } | null)?.function?.arguments;
        if (typeof args === 'string') chars += args.length;
      }
    }
  }
  return chars;
}

/**
 * An upstream error status. 4xx are the client's business: passed on with their body
 * (wrapped in OpenAI's error shape if they are not in it already). 5xx are the provider's
 * failure: 502 `upstream_error`, naming the upstream status.
 */
export function sendUpstreamError(
  ctx: RequestContext,
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
): void {
  if (status >= 500 || status < 400) {
    ctx.services.logger.warn(
      { requestId: ctx.requestId, providerId: ctx.providerId, upstreamStatus: status },
      'upstream answered with an error',
    );
    sendError(ctx, new GatewayError('upstream_error', `The upstream provider answered HTTP ${status}.`));
    return;
  }
  const text = body.toString('utf8');
  let message = '';
  let code = '';
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } };
    if (
      parsed &&
      typeof parsed.error === 'object' &&
      parsed.error &&
      typeof parsed.error.message === 'string'
    ) {
      message = parsed.error.message;
      code = typeof parsed.error.code === 'string' ? parsed.error.code : '';
    }
  } catch {
    // not JSON: wrapped below
  }
  const passThrough = message !== '';
  if (!passThrough) message = `The upstream provider answered HTTP ${status}: ${text.slice(0, 500).trim()}`;
  ctx.status = status;
  ctx.errorCode = code || `upstream_${status}`;
  ctx.errorMessage = message.slice(0, 1000);
  const out = passThrough ? body : errorBody(ctx.errorCode, message, null, 'invalid_request_error');
  const reply: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': typeof out === 'string' ? Buffer.byteLength(out) : out.length,
  };
  for (const name of PASSED_ERROR_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') reply[name] = value;
  }
  ctx.res.writeHead(status, reply);
  ctx.res.end(out);
}
