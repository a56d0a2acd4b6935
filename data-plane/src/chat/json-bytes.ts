/** Bytes of JSON text that the scanners over raw bodies look for (`json-body`, `usage-cost-splice`). */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

// Strings up to this long are walked in JS; longer ones are searched with `indexOf`, whose
// native call costs more than walking a short key or value byte by byte.
const SHORT_STRING = 64;

/**
 * The index of the quote that closes the JSON string opened at `open`, or -1 when the text
 * ends first. Short strings are walked, long ones skipped with `indexOf`, so a long string
 * costs little more than a short one.
 */
export function jsonStringEnd(text: Buffer, open: number): number {
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
