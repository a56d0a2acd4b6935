import { GatewayError } from '../errors';
import { CLOSE_BRACE, CLOSE_BRACKET, jsonStringEnd, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-bytes';

/**
 * How deeply a request body's arrays and objects may nest. Real requests (messages, content
 * blocks, tool JSON schemas) stay far below it; the code that translates, estimates and
 * re-serialises bodies recurses, and a body nested thousands deep would overflow its stack.
 */
export const MAX_JSON_DEPTH = 128;

/** True when JSON text nests arrays and objects deeper than `max` (one pass over the bytes, strings skipped). */
export function nestsDeeperThan(raw: Buffer, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === QUOTE) {
      i = jsonStringEnd(raw, i);
      // The text ends inside a string: nothing after it nests.
      if (i === -1) return false;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Parses a JSON body; 400 `invalid_json` when it is not JSON or nests past `MAX_JSON_DEPTH`. */
export function parseJson(raw: Buffer): unknown {
  if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
    throw new GatewayError(
      'invalid_json',
      `The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GatewayError('invalid_json');
  }
}

/** Parses a request body that must be a JSON object; 400 `invalid_json` otherwise. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  const value = parseJson(raw);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError('invalid_json', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
