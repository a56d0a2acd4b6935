/**
 * What an `ArgumentScanner` does with the values it finds: given more text of the current
 * value (`last` on its final piece), returns the text to send in its place, or null to stop.
 */
export type ValueFilter = (text: string, last: boolean) => string | null;

const Mode = {
  /** Between values: structure (`{}[],:`) and whitespace. */
  Between: 0,
  /** Inside a string (a key or a value). */
  String: 1,
  /** Inside a bare token: a number, a literal, or whatever invalid JSON holds outside strings. */
  Bare: 2,
} as const;
type Mode = (typeof Mode)[keyof typeof Mode];

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

// Bare tokens run to the next structural character or quote (whitespace included, so
// words of text that is not JSON stay together) and are passed to the filter trimmed.
function endsBare(c: number): boolean {
  return c === 0x22 || c === 0x2c || c === 0x3a || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function decodeEscape(raw: string): string {
  if (raw.length === 2 && raw[1] in ESCAPES) return ESCAPES[raw[1]];
  if (raw.length === 6 && /^\\u[0-9A-Fa-f]{4}$/.test(raw))
    return String.fromCharCode(parseInt(raw.slice(2), 16));
  // Not a JSON escape (the arguments are not valid JSON): kept as written.
  return raw;
}

function escapeComplete(raw: string): boolean {
  return raw.length >= 2 && (raw[1] !== 'u' || raw.length === 6);
}

/** `text` as the inside of a JSON string. */
function encode(text: string): string {
  return text === '' ? '' : JSON.stringify(text).slice(1, -1);
}

/**
 * Reads a tool call's `arguments` (JSON text, possibly in fragments) and writes it back
 * with every value a guardrail reads passed through a filter: the decoded text of each
 * string (keys and values, escapes resolved, so `\u0040` is seen as `@`), and each bare
 * token other than `true`, `false` and `null` (numbers; in arguments that are not JSON,
 * anything outside strings). Strings are filtered as they arrive; a bare token whole, when
 * it ends. Structure and whitespace between values are written as they came.
 *
 * Valid JSON stays valid JSON with the same structure: filtered string text is re-encoded
 * (escaped as `JSON.stringify` escapes), and a bare token the filter changed becomes a JSON
 * string of the new text. Arguments that are not JSON are read as well as they can be:
 * every character outside the punctuation still reaches the filter.
 */
export class ArgumentScanner {
  private mode: Mode = Mode.Between;
  /** A string's escape sequence split across fragments. */
  private escape = '';
  /** The bare token read so far. */
  private bare = '';

  constructor(private readonly filter: ValueFilter) {}

  /** The arguments to send for one more fragment; null when the filter stopped. */
  write(fragment: string): string | null {
    let out = '';
    let text = '';
    let i = 0;
    const n = fragment.length;
    while (i < n) {
      if (this.mode === Mode.String) {
        if (this.escape) {
          // `\u` and then not four hex digits is no escape: the character is read as itself.
          if (this.escape.length >= 2 && !isHexDigit(fragment.charCodeAt(i))) {
            text += this.escape;
            this.escape = '';
            continue;
          }
          this.escape += fragment[i++];
          if (escapeComplete(this.escape)) {
            text += decodeEscape(this.escape);
            this.escape = '';
          }
          continue;
        }
        let j = i;
        while (j < n) {
          const c = fragment.charCodeAt(j);
          if (c === 0x22 || c === 0x5c) break;
          j++;
        }
        text += fragment.slice(i, j);
        i = j;
        if (i === n) break;
        if (fragment.charCodeAt(i) === 0x5c) {
          this.escape = '\\';
          i++;
          continue;
        }
        const rest = this.filter(text, true);
        if (rest === null) return null;
        out += `${encode(rest)}"`;
        text = '';
        this.mode = Mode.Between;
        i++;
        continue;
      }
      if (this.mode === Mode.Bare) {
        let j = i;
        while (j < n && !endsBare(fragment.charCodeAt(j))) j++;
        this.bare += fragment.slice(i, j);
        i = j;
        if (i === n) break;
        const token = this.endBare();
        if (token === null) return null;
        out += token;
        continue;
      }
      const c = fragment.charCodeAt(i);
      if (c === 0x22) {
        this.mode = Mode.String;
        out += '"';
        i++;
      } else if (endsBare(c) || isWhitespace(c)) {
        out += fragment[i++];
      } else {
        this.mode = Mode.Bare;
      }
    }
    if (this.mode === Mode.String && text !== '') {
      const released = this.filter(text, false);
      if (released === null) return null;
      out += encode(released);
    }
    return out;
  }

  /**
   * The end of the arguments (or of what will come soon): whatever is held is filtered as
   * a value's last piece and returned; null when the filter stopped. An unterminated
   * string stays unterminated.
   */
  flush(): string | null {
    if (this.mode === Mode.Bare) return this.endBare();
    if (this.mode !== Mode.String) return '';
    const text = this.escape ? decodeEscape(this.escape) : '';
    this.escape = '';
    const rest = this.filter(text, true);
    return rest === null ? null : encode(rest);
  }

  private endBare(): string | null {
    const raw = this.bare;
    this.bare = '';
    this.mode = Mode.Between;
    const token = raw.trimEnd();
    const space = raw.slice(token.length);
    if (token === 'true' || token === 'false' || token === 'null') return raw;
    const filtered = this.filter(token, true);
    if (filtered === null) return null;
    return (filtered === token ? token : JSON.stringify(filtered)) + space;
  }
}
