import type { IncomingHttpHeaders } from 'node:http';
import type { MappedError } from '../adapter-types';
import { fallbackMessage, isObject, statusMapping, type JsonObject } from '../openai-shape';

type Mapping = { status: number; type: string; code: string };

// Google's canonical error codes (`error.status`), which say more than the HTTP status.
const BY_GOOGLE_STATUS: Record<string, Mapping> = {
  INVALID_ARGUMENT: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  FAILED_PRECONDITION: { status: 400, type: 'invalid_request_error', code: 'failed_precondition' },
  OUT_OF_RANGE: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  UNAUTHENTICATED: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  PERMISSION_DENIED: { status: 403, type: 'permission_error', code: 'permission_denied' },
  NOT_FOUND: { status: 404, type: 'not_found_error', code: 'not_found' },
  RESOURCE_EXHAUSTED: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  CANCELLED: { status: 502, type: 'server_error', code: 'upstream_error' },
  INTERNAL: { status: 502, type: 'server_error', code: 'upstream_error' },
  UNKNOWN: { status: 502, type: 'server_error', code: 'upstream_error' },
  UNAVAILABLE: { status: 503, type: 'server_error', code: 'upstream_unavailable' },
  DEADLINE_EXCEEDED: { status: 504, type: 'server_error', code: 'upstream_timeout' },
};

/**
 * The mapping for an HTTP status alone (a body without Google's error shape): the shared
 * one, except that 409 and 422 are not kept but become 400.
 */
function byHttpStatus(status: number): Mapping {
  if (status === 409 || status === 422)
    return { status: 400, type: 'invalid_request_error', code: `upstream_${status}` };
  return statusMapping(status);
}

/** Google's error object: `{"error":{…}}`, or Vertex's streaming form `[{"error":{…}}]`. */
function googleError(body: Buffer): JsonObject | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  return isObject(parsed) && isObject(parsed.error) ? parsed.error : null;
}

function reasonOf(error: JsonObject): string | undefined {
  if (!Array.isArray(error.details)) return undefined;
  for (const detail of error.details) {
    if (isObject(detail) && typeof detail.reason === 'string') return detail.reason;
  }
  return undefined;
}

const CONTEXT_TOO_LONG = /input token count.*exceeds the maximum|exceeds the maximum number of tokens/i;

/**
 * Maps a Google API error answer (`{"error":{"code","message","status","details"}}`) to
 * what the client sees, by Google's canonical status: INVALID_ARGUMENT and
 * FAILED_PRECONDITION 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404,
 * RESOURCE_EXHAUSTED 429, INTERNAL 502, UNAVAILABLE 503, DEADLINE_EXCEEDED 504. Google
 * answers a wrong API key with 400 `API_KEY_INVALID`; that becomes 401 `invalid_api_key`.
 */
export function toMappedError(status: number, _headers: IncomingHttpHeaders, body: Buffer): MappedError {
  const error = googleError(body);
  const googleStatus = error && typeof error.status === 'string' ? error.status : '';
  let mapping = BY_GOOGLE_STATUS[googleStatus] ?? byHttpStatus(status);
  const message =
    error && typeof error.message === 'string' && error.message
      ? error.message
      : fallbackMessage(status, body);
  const reason = error ? reasonOf(error) : undefined;
  if (reason === 'API_KEY_INVALID') mapping = BY_GOOGLE_STATUS.UNAUTHENTICATED;
  let code = mapping.code;
  if (mapping.status === 400 && CONTEXT_TOO_LONG.test(message)) code = 'context_length_exceeded';
  return { status: mapping.status, type: mapping.type, code, message: message.slice(0, 2000) };
}
