import { GatewayError, renderError } from '../errors';
import type { RequestContext } from './request-context';

/** Sends a complete JSON response and records its status. */
export function sendJson(ctx: RequestContext, status: number, body: string | Buffer): void {
  ctx.status = status;
  const { res } = ctx;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
  });
  res.end(body);
}

/**
 * Answers with an error from the catalogue. If a stream has already started, the error goes
 * out as a final SSE event instead (OpenAI SDKs raise it) and the response ends.
 */
export function sendError(
  ctx: RequestContext,
  err: GatewayError,
  extraHeaders?: Record<string, string>,
): void {
  ctx.errorCode = err.code;
  ctx.errorMessage = err.message;
  const { res } = ctx;
  if (res.writableEnded || res.destroyed) return;
  if (res.headersSent) {
    res.end(`data: ${renderError(err)}\n\n`);
    return;
  }
  if (extraHeaders) for (const name in extraHeaders) res.setHeader(name, extraHeaders[name]);
  // The rest of an oversized body is not worth reading: the connection goes after the answer.
  if (err.code === 'request_too_large') res.setHeader('connection', 'close');
  sendJson(ctx, err.status, renderError(err));
}
