import type { IncomingHttpHeaders } from 'node:http';
import type { MappedError } from '../adapter-types';
import { fallbackMessage, isObject, mappedError, tryParseObject } from '../openai-shape';

type Detail = { loc?: unknown; msg?: unknown };

// FastAPI-style validation details: "body.messages.0.role: Input should be 'user'".
function describeDetail(detail: unknown): string | null {
  if (typeof detail === 'string') return detail;
  if (!Array.isArray(detail)) return null;
  const lines = detail.map((d: Detail) => {
    const where = Array.isArray(d?.loc) ? d.loc.join('.') : '';
    const what = typeof d?.msg === 'string' ? d.msg : JSON.stringify(d);
    return where ? `${where}: ${what}` : what;
  });
  return lines.length > 0 ? lines.join('; ') : null;
}

/**
 * Mistral's error answers: `{"object":"error","message","type","param","code"}`, where a
 * 422's `message` may itself be `{"detail":[…]}`; also bare `{"detail":…}` and the
 * gateway's `{"message":"Unauthorized"}`.
 */
export function mistralErrorResponse(
  status: number,
  _headers: IncomingHttpHeaders,
  body: Buffer,
): MappedError {
  const parsed = tryParseObject(body.toString('utf8'));
  if (!parsed) return mappedError(status, fallbackMessage(status, body));
  const inner = isObject(parsed.error) ? parsed.error : parsed;
  const raw = inner.message;
  const message =
    (typeof raw === 'string' && raw !== '' ? raw : null) ??
    (isObject(raw) ? describeDetail(raw.detail) : null) ??
    describeDetail(inner.detail) ??
    fallbackMessage(status, body);
  return mappedError(status, message, inner.code);
}
