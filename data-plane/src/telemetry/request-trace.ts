import type { RequestContext } from '../http/request-context';
import type { AttemptOptions, AttemptResult } from '../upstream/attempt';
import type { EmbeddingsResult, EmbeddingsTarget, Propagate } from '../upstream/embeddings-call';

/** Runs one upstream attempt (`runAttempt`, passed in so this module imports no hot-path code). */
export type RunAttempt = (options: AttemptOptions) => Promise<AttemptResult>;

/** Runs one embeddings call, adding trace context to its headers with `propagate`. */
export type RunEmbeddings = (propagate: Propagate) => Promise<EmbeddingsResult>;

/**
 * The tracing of one request, as the router sees it. Exists only while tracing is on; the
 * router asks `traceOf(ctx)`, which is null otherwise, so tracing off costs one branch.
 */
export interface RequestTrace {
  /**
   * Runs one upstream attempt inside its own client span (`chat {model}`) under the
   * request's server span, sending that span's `traceparent` upstream. `n` counts the tries
   * of this target from 1 (retries).
   */
  attempt(options: AttemptOptions, n: number, run: RunAttempt): Promise<AttemptResult>;
  /**
   * Runs one embeddings call (`POST /v1/embeddings`, or a semantic route's or cache's
   * request-time embedding) inside its own client span (`embeddings {model}`) under the
   * request's server span, sending that span's `traceparent` upstream.
   */
  embeddings(target: EmbeddingsTarget, run: RunEmbeddings): Promise<EmbeddingsResult>;
  /** Notes the target whose embeddings are the request's answer (`/v1/embeddings`) for its server span. */
  answeredBy(target: EmbeddingsTarget): void;
}

// Keyed by the request, so several gateways in one process never share state.
const traces = new WeakMap<RequestContext, RequestTrace>();
let anyTracing = false;

/** The request's trace, or null when tracing is off (no lookup is made then). */
export function traceOf(ctx: RequestContext): RequestTrace | null {
  return anyTracing ? (traces.get(ctx) ?? null) : null;
}

/** Attaches a trace to a request (called by the traced route table only). */
export function attachTrace(ctx: RequestContext, trace: RequestTrace): void {
  anyTracing = true;
  traces.set(ctx, trace);
}
