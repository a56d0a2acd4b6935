import type { IncomingHttpHeaders } from 'node:http';
import type { MappedError } from '../adapter-types';
import { isObject, tryParseObject } from './json';

type StatusMapping = { status: number; type: string; code: string };

// Client errors the client can act on keep their status; the rest of 4xx becomes 400.
const KEPT: Record<number, StatusMapping> = {
  400: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  401: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  403: { status: 403, type: 'permission_error', code: 'permission_denied' },
  404: { status: 404, type: 'not_found_error', code: 'not_found' },
  409: { status: 409, type: 'invalid_request_error', code: 'conflict' },
  413: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  422: { status: 422, type: 'invalid_request_error', code: 'invalid_request' },
  429: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
};

/**
 * The client-facing status, type and default code for an upstream status: 4xx kept
 * (400, 401, 403, 404, 409, 413, 422, 429; others → 400), 408 and 504 → 504, 503 → 503,
 * any other 5xx → 502.
 */
export function statusMapping(status: number): StatusMapping {
  const kept = KEPT[status];
  if (kept) return kept;
  if (status === 408 || status === 504)
    return { status: 504, type: 'server_error', code: 'upstream_timeout' };
  if (status === 503) return { status: 503, type: 'server_error', code: 'upstream_unavailable' };
  if (status >= 400 && status < 500)
    return { status: 400, type: 'invalid_request_error', code: `upstream_${status}` };
  return { status: 502, type: 'server_error', code: 'upstream_error' };
}

/** A `MappedError` for an upstream status, with the upstream's own code when it gave a usable one. */
export function mappedError(upstreamStatus: number, message: string, upstreamCode?: unknown): MappedError {
  const mapping = statusMapping(upstreamStatus);
  // A bare status number as code (Azure's `"code": "429"`) says nothing the status does not.
  const code = typeof upstreamCode === 'string' && /\D/.test(upstreamCode) ? upstreamCode : mapping.code;
  return { status: mapping.status, type: mapping.type, code, message: message.slice(0, 2000) };
}

/** What to say when an upstream error body carries no message of its own. */
export function fallbackMessage(status: number, body: Buffer): string {
  const text = body.toString('utf8', 0, Math.min(body.length, 500)).trim();
  return text
    ? `The upstream provider answered HTTP ${status}: ${text}`
    : `The upstream provider answered HTTP ${status}.`;
}

/**
 * Maps an OpenAI-shaped error answer (`{"error":{"message","type","param","code"}}`, as
 * OpenAI, Azure OpenAI and most compatible servers send) to what the client sees. The
 * upstream's code is kept (`context_length_exceeded`, Azure's `content_filter`, …); bodies
 * in another shape are summarised with the status.
 */
export function errorResponse(status: number, _headers: IncomingHttpHeaders, body: Buffer): MappedError {
  const parsed = tryParseObject(body.toString('utf8'));
  const error = parsed && isObject(parsed.error) ? parsed.error : null;
  if (error && typeof error.message === 'string' && error.message !== '') {
    const mapped = mappedError(status, error.message, error.code);
    if (typeof error.param === 'string') mapped.param = error.param;
    return mapped;
  }
  if (parsed && typeof parsed.message === 'string' && parsed.message !== '') {
    return mappedError(status, parsed.message, parsed.code);
  }
  return mappedError(status, fallbackMessage(status, body));
}
