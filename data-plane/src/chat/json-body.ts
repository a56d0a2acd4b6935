import { GatewayError } from '../errors';

/**
 * How deeply a request body's arrays and objects may nest. Real requests (messages, content
 * blocks, tool JSON schemas) stay far below it; the code that translates, estimates and
 * re-serialises bodies recurses, and a body nested thousands deep would overflow its stack.
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when JSON text nests arrays and objects deeper than `max` (one pass over the bytes, outside strings). */
export function nestsDeeperThan(raw: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
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
