import type { MappedError } from '../adapter-types';

type Mapping = Omit<MappedError, 'message'>;

/**
 * Anthropic's documented error types (`error.type`) and what the client sees. Upstream 4xx
 * are kept (the request or the account is at fault); 5xx become 502, overload 503, and an
 * upstream timeout 504, so clients retry where retrying helps.
 */
const BY_TYPE: Readonly<Record<string, Mapping>> = {
  invalid_request_error: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  authentication_error: { status: 401, type: 'authentication_error', code: 'upstream_authentication_failed' },
  billing_error: { status: 402, type: 'insufficient_quota', code: 'upstream_billing_error' },
  permission_error: { status: 403, type: 'permission_error', code: 'upstream_permission_denied' },
  not_found_error: { status: 404, type: 'invalid_request_error', code: 'not_found' },
  request_too_large: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  rate_limit_error: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  api_error: { status: 502, type: 'server_error', code: 'upstream_error' },
  timeout_error: { status: 504, type: 'server_error', code: 'upstream_timeout' },
  overloaded_error: { status: 503, type: 'server_error', code: 'upstream_overloaded' },
};

/** The error type Anthropic documents for each status, for bodies that do not name one. */
const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

// Anthropic says "prompt is too long: 210000 tokens > 200000 maximum" for a context overflow.
const CONTEXT_TOO_LONG = /prompt is too long|context window|too many (input )?tokens/i;

function byStatus(status: number): Mapping {
  const type = TYPE_BY_STATUS[status];
  if (type) return BY_TYPE[type];
  if (status >= 400 && status < 500)
    return { status, type: 'invalid_request_error', code: `upstream_${status}` };
  if (status === 503) return BY_TYPE.overloaded_error;
  return BY_TYPE.api_error;
}

/** `error.type` and `error.message` of an Anthropic error body (or another `{"error":{"message"}}` shape). */
function readError(body: Buffer): { type: string | null; message: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const error = (parsed as { error?: { type?: unknown; message?: unknown } } | null)?.error;
  if (!error || typeof error !== 'object' || typeof error.message !== 'string') return null;
  return { type: typeof error.type === 'string' ? error.type : null, message: error.message };
}

/**
 * An Anthropic error answer in the gateway's terms. The type named in the body decides (a
 * 529 names `overloaded_error`; a proxy's 500 may name none, then the status does); the
 * provider's message is kept. A body that is not an Anthropic error (an HTML page from a
 * proxy, an empty body) gets a generic message naming the upstream status.
 */
export function mapAnthropicError(status: number, body: Buffer): MappedError {
  const error = readError(body);
  if (!error) {
    return {
      ...byStatus(status),
      message: `The upstream provider answered HTTP ${status} without an error message.`,
    };
  }
  const known = error.type !== null ? BY_TYPE[error.type] : undefined;
  // A type Anthropic adds later still carries a status that says whose fault it is.
  const mapping = known && known.status < 500 === status < 500 ? known : byStatus(status);
  if (mapping.code === 'invalid_request' && CONTEXT_TOO_LONG.test(error.message)) {
    return { ...mapping, code: 'context_length_exceeded', message: error.message };
  }
  return { ...mapping, message: error.message };
}
