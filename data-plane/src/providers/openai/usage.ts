/** Token counts as an OpenAI-style upstream reports them. */
export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

/** Reads an OpenAI `usage` object (`prompt_tokens`, `completion_tokens`); null when absent or not an object. */
export function readUsage(usage: unknown): ChatUsage | null {
  if (!usage || typeof usage !== 'object') return null;
  const u = usage as { prompt_tokens?: unknown; completion_tokens?: unknown };
  if (u.prompt_tokens === undefined && u.completion_tokens === undefined) return null;
  return { promptTokens: count(u.prompt_tokens), completionTokens: count(u.completion_tokens) };
}

const USAGE_KEY = Buffer.from('"usage"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const COLON = 0x3a;

function skipSpace(body: Buffer, i: number): number {
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09))
    i++;
  return i;
}

// Inside a JSON string every quote is escaped, so a quote preceded by an odd run of
// backslashes is text, not the start of a key.
function escaped(body: Buffer, quoteAt: number): boolean {
  let n = 0;
  for (let i = quoteAt - 1; i >= 0 && body[i] === BACKSLASH; i--) n++;
  return n % 2 === 1;
}

/** Index of the `}` closing the object that opens at `start`, skipping strings; -1 if cut short. */
function objectEnd(body: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < body.length; i++) {
    const c = body[i];
    if (c === QUOTE) {
      for (i++; i < body.length && body[i] !== QUOTE; i++) if (body[i] === BACKSLASH) i++;
    } else if (c === OPEN) depth++;
    else if (c === CLOSE && --depth === 0) return i;
  }
  return -1;
}

/**
 * Finds the usage of a chat completion in its raw JSON bytes without parsing the whole body:
 * OpenAI puts `"usage": {…}` last, so the search runs backwards from the end and parses only
 * that object. Null when there is none (the caller then parses the body to estimate).
 */
export function findUsage(body: Buffer): ChatUsage | null {
  let at = body.lastIndexOf(USAGE_KEY);
  for (let tries = 0; at !== -1 && tries < 8; tries++) {
    if (!escaped(body, at)) {
      let i = skipSpace(body, at + USAGE_KEY.length);
      if (body[i] === COLON) {
        i = skipSpace(body, i + 1);
        if (body[i] !== OPEN) return null; // `"usage": null`
        const end = objectEnd(body, i);
        if (end === -1) return null;
        try {
          return readUsage(JSON.parse(body.toString('utf8', i, end + 1)));
        } catch {
          return null;
        }
      }
    }
    at = at > 0 ? body.lastIndexOf(USAGE_KEY, at - 1) : -1;
  }
  return null;
}
