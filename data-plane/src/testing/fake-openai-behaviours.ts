/**
 * What the fake OpenAI does for a model name, beyond its plain answers; what routing tests
 * need to script an upstream without any state outside the model name.
 */

/** An error answer: a status, an optional `retry-after` delay. */
export interface Failure {
  status: number;
  /** Sent as `retry-after-ms` (and `retry-after`, rounded up to seconds). */
  retryAfterMs: number | null;
}

/** What one request to a model gets. */
export type Plan =
  /** Answer after `delayMs` (0: at once), with `text` when set (else the usual `Echo: …`). */
  | { kind: 'answer'; delayMs: number; text: string | null }
  /** Fail after `delayMs`. */
  | { kind: 'fail'; delayMs: number; failure: Failure }
  /** Whatever the fake's older behaviours say (`fail-500`, `stall-stream`, …). */
  | { kind: 'legacy' };

const SLOW = /^slow-(\d+)(?:-(.+))?$/s;
const ANSWER = /^answer-(.*)$/s;
// `fail-<status>[-after-<ms>][-<tag>]`: always fails.
const FAIL = /^fail-(\d{3})(?:-after-(\d+))?(?:-.*)?$/s;
// `flaky-<n>-<status>[-after-<ms>][-<tag>]`: the first n requests for this exact model name fail.
const FLAKY = /^flaky-(\d+)-(\d{3})(?:-after-(\d+))?(?:-.*)?$/s;
// Streams that stall or break: the fake's older behaviours, handled by its caller.
const LEGACY = new Set(['stall-stream', 'broken-stream']);

/**
 * Plans requests by model name, counting per name what `flaky-…` needs:
 * - `answer-<text>`: answers `<text>` verbatim;
 * - `fail-<status>[-after-<ms>][-<tag>]`: answers `<status>` (with `Retry-After` when `after`
 *   is given); the tag only makes the name (and so the gateway's breaker) distinct;
 * - `flaky-<n>-<status>[-after-<ms>][-<tag>]`: the first `n` requests fail so, the rest answer;
 * - `slow-<ms>[-<rest>]`: waits `<ms>` before its headers, then does what `<rest>` says.
 */
export class Planner {
  private readonly seen = new Map<string, number>();

  plan(model: string): Plan {
    if (LEGACY.has(model)) return { kind: 'legacy' };
    let delayMs = 0;
    let rest = model;
    const slow = SLOW.exec(model);
    if (slow) {
      delayMs = Number(slow[1]);
      rest = slow[2] ?? '';
    }
    const answer = ANSWER.exec(rest);
    if (answer) return { kind: 'answer', delayMs, text: answer[1] };
    const fail = FAIL.exec(rest);
    if (fail) return { kind: 'fail', delayMs, failure: failureOf(fail[1], fail[2]) };
    const flaky = FLAKY.exec(rest);
    if (flaky) {
      const n = (this.seen.get(model) ?? 0) + 1;
      this.seen.set(model, n);
      if (n <= Number(flaky[1])) return { kind: 'fail', delayMs, failure: failureOf(flaky[2], flaky[3]) };
      return { kind: 'answer', delayMs, text: null };
    }
    return { kind: 'answer', delayMs, text: null };
  }
}

function failureOf(status: string, after: string | undefined): Failure {
  return { status: Number(status), retryAfterMs: after === undefined ? null : Number(after) };
}

/** An OpenAI-shaped error body for any status. */
export function errorBody(status: number): object {
  const rateLimited = status === 429;
  return {
    error: {
      message: rateLimited
        ? 'Rate limit reached for requests per min (RPM). Please try again later.'
        : `The fake upstream was told to answer ${status}.`,
      type: status >= 500 ? 'server_error' : rateLimited ? 'requests' : 'invalid_request_error',
      param: null,
      code: rateLimited ? 'rate_limit_exceeded' : null,
    },
  };
}

/** Headers of a failure: `retry-after-ms` and `retry-after` when it says to wait. */
export function failureHeaders(failure: Failure): Record<string, string> {
  if (failure.retryAfterMs === null) return {};
  return {
    'retry-after-ms': String(failure.retryAfterMs),
    'retry-after': String(Math.ceil(failure.retryAfterMs / 1000)),
  };
}

export const EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic embedding: each lower-cased word hashed into one of 64 dimensions, so texts
 * sharing words point the same way (not normalised; the gateway normalises).
 */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    vector[(h >>> 0) % EMBEDDING_DIMENSIONS] += 1;
  }
  return vector;
}
