import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SnapshotFallbackPolicy } from '@switchyard/proto';
import type { ChatBody, MappedError } from '../providers/adapter-types';
import type { CompiledRoute, CompiledTarget, ProviderTarget } from '../snapshot/compiled';
import {
  failure,
  runAttempt,
  type AttemptFailure,
  type AttemptResult,
  type StreamSink,
} from '../upstream/attempt';
import type { RequestTrace } from '../telemetry/request-trace';
import type { Cancellation } from '../upstream/cancellation';
import { backoffMs, retryable } from './backoff';
import { orderedTargets } from './candidates';
import type { RoutingInput } from './conditions';
import { runEnsemble } from './ensemble';
import { lastUserText } from './messages';
import type { SubCallRecorder } from '../usage/usage-sink';

/** What the router reports about one request's way through its routes. */
export interface RouteTrace {
  /** Upstream attempts made (retries and fallbacks included). */
  attempts: number;
  /** The semantic intent chosen, if a semantic route was on the way. */
  intent: string | null;
  /** The ensemble's mode and how many members answered, if one was on the way. */
  ensemble: string | null;
}

/** One request (or ensemble member) on its way through the router. */
export interface RouteCall {
  /** The canonical request; `model` is still the client's alias. */
  body: ChatBody;
  input: RoutingInput;
  /** Cancelled when the client goes away (or a hedge / deadline cancels the member). */
  cancellation: Cancellation;
  /** Where a stream is committed; null to buffer the whole answer. */
  sink: StreamSink | null;
  /** `sink` may be handed an OpenAI-shaped upstream's chunk texts as they came (`AttemptOptions.passThrough`). */
  passThrough?: boolean;
  trace: RouteTrace;
  /** The node's default per-attempt timeout. */
  defaultTimeoutMs: number;
  /** The request's trace while tracing is on: each attempt gets its own span. */
  tracing?: RequestTrace | null;
  /** Records a sub-call (ensemble member or judge) as its own usage record; `body` is what it sent. */
  recordSubCall(outcome: RouteOutcome, body: ChatBody, latencyMs: number): void;
  /**
   * The request a semantic route's embedding call (a provider embedder's) is billed to, as a
   * sub-call; absent, such calls are not recorded.
   */
  billTo?: SubCallRecorder;
}

/** How a call ended, and on which provider target (null when none was reached). */
export interface RouteOutcome {
  result: AttemptResult;
  target: ProviderTarget | null;
}

/** Whether a failure moves on to the route's next target (also read by `/v1/embeddings`). */
export function shouldFallBack(policy: SnapshotFallbackPolicy, f: AttemptFailure): boolean {
  switch (f.kind) {
    case 'cancelled':
      return false;
    case 'timeout':
      return policy.onTimeout;
    case 'connection':
    case 'protocol':
      return policy.onConnectionError;
    case 'breaker':
    case 'unsupported':
      return true;
    case 'status':
      return policy.onStatuses.includes(f.upstreamStatus);
  }
}

export function routeError(status: number, code: string, message: string): MappedError {
  return { status, type: status >= 500 ? 'server_error' : 'invalid_request_error', code, message };
}

/** The body a target receives: the request with the target's overrides and, for providers, its model. */
export function bodyFor(body: ChatBody, target: CompiledTarget): ChatBody {
  const out = target.overrides ? { ...body, ...target.overrides } : { ...body };
  if (target.type === 'provider') out.model = target.model;
  return out;
}

/**
 * Serves a call on a route: picks candidate targets by the route's strategy and tries
 * them in order — retrying each as its `retry` allows, skipping those whose breaker is
 * open, and moving on when a failure is one the route's `fallback` policy names — until
 * one answers. Nested routes are served the same way, recursively.
 */
export async function runRoute(route: CompiledRoute, call: RouteCall): Promise<RouteOutcome> {
  if (route.strategy === 'ensemble') return runEnsemble(route, call);
  let candidates: CompiledTarget[];
  if (route.strategy === 'conditional') candidates = [route.targets[route.pick!(call.input)]];
  else if (route.strategy === 'semantic') {
    const picked = await semanticTarget(route, call);
    if ('error' in picked) return { result: failure(picked.kind, picked.error), target: null };
    candidates = [picked.target];
  } else candidates = orderedTargets(route);

  let last: RouteOutcome | null = null;
  for (const target of candidates) {
    const outcome = await runTarget(target, call);
    if (outcome.result.ok) return outcome;
    last = outcome;
    if (!shouldFallBack(route.fallback, outcome.result)) break;
  }
  return last!;
}

/** Serves a call on one target: a nested route, or a provider with its retries and breaker. */
export async function runTarget(target: CompiledTarget, call: RouteCall): Promise<RouteOutcome> {
  if (target.type === 'route') return runRoute(target.route, { ...call, body: bodyFor(call.body, target) });
  return { result: await runProvider(target, call), target };
}

async function runProvider(target: ProviderTarget, call: RouteCall): Promise<AttemptResult> {
  const body = bodyFor(call.body, target);
  const timeoutMs = target.timeoutMs || call.defaultTimeoutMs;
  const { latency } = target.health;
  // A stream's latency is observed when it is committed (time to first byte), by its sink.
  return callWithRetries(
    target,
    call.cancellation,
    timeoutMs,
    (n, started) => {
      call.trace.attempts++;
      const sink = call.sink && measuredSink(call.sink, () => latency.observe(performance.now() - started));
      const options = {
        target,
        body,
        sink,
        cancellation: call.cancellation,
        timeoutMs,
        passThrough: call.passThrough,
      };
      return call.tracing ? call.tracing.attempt(options, n, runAttempt) : runAttempt(options);
    },
    call.sink !== null,
  );
}

/**
 * Calls a provider target as its breaker and retry policy say: refused while the breaker is
 * open, retried with backoff on the failures `retry` names, each try's outcome noted in the
 * target's health (breaker, latency). `attempt(n, started)` makes try `n` (from 1) begun at
 * `started`; `latencySeen` says a success's latency was observed by the attempt itself. Chat
 * attempts and `/v1/embeddings` calls both go through it.
 */
export async function callWithRetries<S extends { ok: true }>(
  target: ProviderTarget,
  cancellation: Cancellation,
  timeoutMs: number,
  attempt: (n: number, started: number) => Promise<S | AttemptFailure>,
  latencySeen = false,
): Promise<S | AttemptFailure> {
  const { health, retry } = target;
  const tries = retry?.attempts ?? 1;
  for (let n = 0; ; n++) {
    if (health.breaker && !health.breaker.allow(Date.now())) {
      return failure(
        'breaker',
        routeError(
          503,
          'circuit_open',
          `The circuit breaker of ${target.label} is open; it is not being called.`,
        ),
      );
    }
    const started = performance.now();
    const result = await attempt(n + 1, started);
    if (result.ok) {
      health.breaker?.success();
      if (!latencySeen) health.latency.observe(performance.now() - started);
      return result;
    }
    // Cancelled, or a client error (400, 401, 404, 422…): nothing about the target's health.
    const unhealthy =
      result.kind !== 'cancelled' &&
      (result.kind !== 'status' || result.upstreamStatus === 429 || result.upstreamStatus >= 500);
    if (!unhealthy) health.breaker?.release();
    if (result.kind === 'cancelled') return result;
    if (unhealthy) {
      health.breaker?.failure(Date.now());
      // A failing target counts as slow as its timeout: otherwise, never measured, it would
      // stay "untried" and be tried first by least-latency on every request.
      health.latency.observe(Math.max(performance.now() - started, timeoutMs));
    }
    if (!retry || n + 1 >= tries || !retryable(retry, result)) return result;
    const wait = backoffMs(retry, n, result);
    if (wait === null) return result;
    try {
      await sleep(wait, undefined, { signal: cancellation.signal });
    } catch {
      return failure('cancelled', routeError(499, 'client_closed_request', 'The client closed the request.'));
    }
  }
}

/** Observes latency at the moment a stream is committed (time to first byte), then passes through. */
function measuredSink(sink: StreamSink, observe: () => void): StreamSink {
  return {
    open(target) {
      observe();
      sink.open(target);
    },
    write: (chunks, texts) => sink.write(chunks, texts),
    onDrain: (resume) => sink.onDrain(resume),
    close: (usage, error) => sink.close(usage, error),
  };
}

type SemanticPick = { target: CompiledTarget } | { error: MappedError; kind: 'status' };

async function semanticTarget(route: CompiledRoute, call: RouteCall): Promise<SemanticPick> {
  const semantic = route.semantic!;
  const { settings } = semantic;
  const useDefault = (why: string): SemanticPick => {
    if (settings.defaultTarget === null)
      return { kind: 'status', error: routeError(503, 'embedding_failed', why) };
    return { target: route.targets[settings.defaultTarget] };
  };
  let vector: Float32Array;
  try {
    await semantic.index.ensureReady();
    [vector] = await semantic.embed([lastUserText(call.body)], call.billTo, call.tracing);
  } catch (err) {
    const why = `Semantic routing could not embed the request: ${(err as Error).message}`;
    if (settings.onEmbedError === 'fail')
      return { kind: 'status', error: routeError(503, 'embedding_failed', why) };
    call.trace.intent = '(default: embedding failed)';
    return useDefault(why);
  }
  const match = semantic.index.match(vector);
  call.trace.intent = match.intent ?? '(default)';
  if (match.target === null) {
    return {
      kind: 'status',
      error: routeError(
        404,
        'no_intent_matched',
        `No intent of route ${route.alias} matches this request, and it has no default.`,
      ),
    };
  }
  return { target: route.targets[match.target] };
}
