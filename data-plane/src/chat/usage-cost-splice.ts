import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  jsonStringEnd,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-bytes';

// `usage`, byte by byte, for comparing a key in place.
const USAGE = [0x75, 0x73, 0x61, 0x67, 0x65];

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Whether the string opened at `open` and closed at `close` has an escape in it. */
function hasEscape(text: Buffer, open: number, close: number): boolean {
  for (let i = open + 1; i < close; i++) if (text[i] === BACKSLASH) return true;
  return false;
}

/** Whether the string opened at `open` and closed at `close` is exactly `usage`. */
function isUsageKey(text: Buffer, open: number, close: number): boolean {
  if (close - open - 1 !== USAGE.length) return false;
  for (let i = 0; i < USAGE.length; i++) if (text[open + 1 + i] !== USAGE[i]) return false;
  return true;
}

/**
 * Where the top-level `usage` object of a JSON object text closes: the index of its `}` and
 * whether it is empty. Null when there is no such object or it cannot be told for sure (two
 * `usage` keys, an escaped top-level key, text that is not the JSON object it should be).
 * Strings are skipped by `jsonStringEnd`, so a long answer costs little more than a short one.
 */
function usageClose(text: Buffer): { at: number; empty: boolean } | null {
  let depth = 0;
  let lastKey = -1; // start of the last string seen at depth 1
  let lastKeyEnd = -1; // and its closing quote
  let usageAt = -1; // where the top-level usage value begins
  let found: { at: number; empty: boolean } | null = null;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (byte === QUOTE) {
      const end = jsonStringEnd(text, i);
      if (end === -1) return null;
      if (depth === 1) {
        lastKey = i;
        lastKeyEnd = end;
      } else if (depth === 2 && usageAt !== -1) empty = false;
      i = end;
    } else if (byte === COLON && depth === 1 && lastKey !== -1) {
      if (hasEscape(text, lastKey, lastKeyEnd)) return null;
      if (isUsageKey(text, lastKey, lastKeyEnd)) {
        if (usageAt !== -1 || found) return null;
        let v = i + 1;
        while (v < text.length && isSpace(text[v])) v++;
        if (text[v] !== OPEN_BRACE) return null;
        usageAt = v;
        empty = true;
        depth++;
        i = v;
      }
      lastKey = -1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (depth === 2 && usageAt !== -1) empty = false;
      depth++;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
      if (depth === 1 && usageAt !== -1) {
        if (byte !== CLOSE_BRACE) return null;
        found = { at: i, empty };
        usageAt = -1;
      } else if (depth < 0) return null;
    } else if (depth === 2 && usageAt !== -1 && !isSpace(byte)) empty = false;
  }
  return depth === 0 ? found : null;
}

/**
 * An OpenAI `chat.completion` text with `"cost":<cost>` appended to its top-level `usage`
 * object, as `JSON.stringify` would after `usage.cost = cost` on its parse (the key last,
 * the rest as sent). Null when the place cannot be told for sure: the caller serialises the
 * parsed answer instead. The caller has checked that the parse's `usage` is an object
 * without a `cost` of its own.
 */
export function spliceUsageCost(text: Buffer, cost: number): Buffer | null {
  const close = usageClose(text);
  if (!close) return null;
  // ASCII only (a number), so its length in bytes is its length.
  const field = `${close.empty ? '' : ','}"cost":${JSON.stringify(cost)}`;
  const out = Buffer.allocUnsafe(text.length + field.length);
  text.copy(out, 0, 0, close.at);
  out.write(field, close.at, 'latin1');
  text.copy(out, close.at + field.length, close.at);
  return out;
}
