import { UpstreamProtocolError } from '../adapter-types';

/** A JSON object, as the providers' bodies are. */
export type JsonObject = Record<string, unknown>;

/** Narrows `value` to a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses text that must be a JSON object, or returns null. */
export function tryParseObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** Parses an upstream body that must be a JSON object; throws `UpstreamProtocolError` naming `what` otherwise. */
export function parseUpstreamObject(body: Buffer, what: string): JsonObject {
  const parsed = tryParseObject(body.toString('utf8'));
  if (!parsed) throw new UpstreamProtocolError(`${what}: the upstream answer is not a JSON object`);
  return parsed;
}
