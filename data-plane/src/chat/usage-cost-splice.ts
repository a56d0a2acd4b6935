const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
// `usage`, byte by byte, for comparing a key in place.
const USAGE = [0x75, 0x73, 0x61, 0x67, 0x65];
// Strings up to this long are walked in JS; longer ones are searched with `indexOf`, whose
// native call costs more than walking a short key or value byte by byte.
const SHORT_STRING = 64;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function stringEnd(text: Buffer, open: number): number {
  const walkTo = Math.min(text.length, open + SHORT_STRING);
  let at = open + 1;
  for (; at < walkTo; at++) {
    const byte = text[at];
    if (byte === QUOTE) return at;
    if (byte === BACKSLASH) at++; // the escaped byte is never the closing quote
  }
  // A long string: find each quote from here and count the backslashes before it.
  for (;;) {
    at = text.indexOf(QUOTE, at);
    if (at === -1) return -1;
    let slashes = 0;
    for (let i = at - 1; text[i] === BACKSLASH; i--) slashes++;
    if (slashes % 2 === 0) return at;
    at++;
  }
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
 * Short strings are walked, long ones skipped with `indexOf`, so a long answer costs little
 * more than a short one.
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
      const end = stringEnd(text, i);
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
