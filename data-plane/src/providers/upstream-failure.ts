import { GatewayError } from '../errors';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (e && typeof e.code === 'string') return e.code;
  if (e?.cause && typeof e.cause.code === 'string') return e.cause.code;
  return e instanceof Error ? e.name : 'unknown';
}

/**
 * Turns a failure to talk to an upstream (connection refused or reset, a timeout, a broken
 * body) into the client-facing error. The message names the failure, never the upstream's
 * address or credentials.
 */
export function upstreamFailure(err: unknown, timeoutMs: number): GatewayError {
  const code = errorCode(err);
  if (TIMEOUT_CODES.has(code)) {
    return new GatewayError(
      'upstream_timeout',
      `The upstream provider did not answer within ${timeoutMs} ms.`,
    );
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
    return new GatewayError('upstream_error', `The upstream provider closed the connection (${code}).`);
  }
  return new GatewayError('upstream_error', `Could not reach the upstream provider (${code}).`);
}
