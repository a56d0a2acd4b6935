const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const USAGE = Buffer.from('usage');

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function stringEnd(text: Buffer, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf(QUOTE, at + 1);
    if (at === -1) return -1;
    let slashes = 0;
    for (let i = at - 1; text[i] === BACKSLASH; i--) slashes++;
    if (slashes % 2 === 0) return at;
  }
}

/**
 * Where the top-level `usage` object of a JSON object text closes: the index of its `}` and
 * whether it is empty. Null when there is no such object or it cannot be told for sure (two
 * `usage` keys, an escaped top-level key, text that is not the JSON object it should be).
 * Strings are skipped with `indexOf`, so a long answer costs little more than a short one.
 */
function usageClose(text: Buffer): { at: number; empty: boolean } | null {
  let depth = 0;
  let lastKey = -1; // start of the last string seen at depth 1
  let usageAt = -1; // where the top-level usage value begins
  let found: { at: number; empty: boolean } | null = null;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (byte === QUOTE) {
      const end = stringEnd(text, i);
      if (end === -1) return null;
      if (depth === 1) lastKey = i;
      else if (depth === 2 && usageAt !== -1) empty = false;
      i = end;
    } else if (byte === COLON && depth === 1 && lastKey !== -1) {
      const key = text.subarray(lastKey + 1, text.indexOf(QUOTE, lastKey + 1));
      if (key.includes(BACKSLASH)) return null;
      if (key.equals(USAGE)) {
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
  const field = Buffer.from(`${close.empty ? '' : ','}"cost":${JSON.stringify(cost)}`);
  return Buffer.concat([text.subarray(0, close.at), field, text.subarray(close.at)]);
}
