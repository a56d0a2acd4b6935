import type { IncomingHttpHeaders } from 'node:http';
import type { MappedError } from '../adapter-types';
import { fallbackMessage, mappedError, tryParseObject } from '../openai-shape';

// Cohere's own statuses: 402 (billing) reads as OpenAI's quota error, 498 (invalid token)
// as an authentication error, 499 (cancelled) as a client error.
const SPECIAL: Record<number, Omit<MappedError, 'message'>> = {
  402: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  498: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  499: { status: 400, type: 'invalid_request_error', code: 'request_cancelled' },
};

/** Cohere's error answers, `{"message": "…"}` (some with an `id`), by status. */
export function cohereErrorResponse(
  status: number,
  _headers: IncomingHttpHeaders,
  body: Buffer,
): MappedError {
  const parsed = tryParseObject(body.toString('utf8'));
  const message =
    parsed && typeof parsed.message === 'string' && parsed.message !== ''
      ? parsed.message
      : fallbackMessage(status, body);
  const special = SPECIAL[status];
  return special ? { ...special, message } : mappedError(status, message);
}
