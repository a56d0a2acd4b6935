import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { ChatBody, MappedError, StreamTranslator, TokenUsage } from '../providers/adapter-types';
import { UpstreamProtocolError } from '../providers/adapter-types';
import { dispatcherFor } from './buffered-call';
import type { ProviderTarget } from '../snapshot/compiled';
import { GatewayError } from '../errors';
import { mappedError } from '../inbound/mapped-error';
import type { Cancellation } from './cancellation';

/** Why an attempt failed; the router's retry and fallback policies are written in these terms. */
export type FailureKind =
  | 'status'
  | 'timeout'
  | 'connection'
  | 'protocol'
  | 'breaker'
  | 'unsupported'
  | 'cancelled';

export interface AttemptFailure {
  ok: false;
  kind: FailureKind;
  /** What the client sees if nothing else succeeds. */
  error: MappedError;
  /** The upstream's HTTP status, 0 when there was none. */
  upstreamStatus: number;
  /** From `retry-after` / `retry-after-ms`, or null. */
  retryAfterMs: number | null;
  /** Upstream headers worth passing to the client with the error (`retry-after`). */
  headers: Record<string, string>;
}

/** A successful non-streamed answer, translated to OpenAI's `chat.completion`. */
export interface BufferedSuccess {
  ok: true;
  streamed: false;
  completion: Record<string, unknown>;
  usage: TokenUsage | null;
  /** The upstream's own answer, untranslated (for `x-switchyard-debug: raw`). */
  raw: Buffer;
  /**
   * True when `raw` is OpenAI's wire format and `completion` is exactly its parse, so an
   * OpenAI client may be sent `raw` itself (see `ProviderAdapter.verbatim`).
   */
  verbatim: boolean;
}

/** A stream that was committed to the client (it may still have broken after it started). */
export interface StreamedSuccess {
  ok: true;
  streamed: true;
  usage: TokenUsage | null;
  /** Set when the stream failed after it started; the client got an error event. */
  error: MappedError | null;
}

export type AttemptResult = BufferedSuccess | StreamedSuccess | AttemptFailure;

/** Where a committed stream goes (the client, through its format's encoder). */
export interface StreamSink {
  /** The upstream answered 2xx: commit (send headers). Called once, before any `write`. */
  open(target: ProviderTarget): void;
  /**
   * Sends translated chunks; false asks the caller to pause until `onDrain`. `texts`, only
   * on a pass-through (`AttemptOptions.passThrough`), holds each chunk's JSON text as the
   * upstream sent it (null where the chunk was changed): a sink may send those bytes.
   */
  write(chunks: Record<string, unknown>[], texts?: readonly (string | null)[]): boolean;
  onDrain(resume: () => void): void;
  /** The stream ended: cleanly (`error` null) or broken after it started. */
  close(usage: TokenUsage | null, error: MappedError | null): void;
}

// Upstream error bodies are small; anything past this is dropped rather than buffered.
const ERROR_BODY_LIMIT = 64 * 1024;
// A completion larger than this is refused rather than held in memory.
const COMPLETION_LIMIT = 32 * 1024 * 1024;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const CONNECTION_CODES = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (e && typeof e.code === 'string') return e.code;
  if (e?.cause && typeof e.cause.code === 'string') return e.cause.code;
  return e instanceof Error ? e.name : 'unknown';
}

export function failure(kind: FailureKind, error: MappedError, upstreamStatus = 0): AttemptFailure {
  return { ok: false, kind, error, upstreamStatus, retryAfterMs: null, headers: {} };
}

/** Turns a network-level failure into an attempt failure whose message names no address or secret. */
export function networkFailure(err: unknown, timeoutMs: number): AttemptFailure {
  const code = errorCode(err);
  if (TIMEOUT_CODES.has(code)) return timeoutFailure(timeoutMs);
  if (code === 'ERR_OUTBOUND_BLOCKED')
    return failure('connection', {
      status: 502,
      type: 'server_error',
      code: 'upstream_address_blocked',
      message:
        "The upstream provider's address is private, loopback or link-local and this installation does not allow it (SWITCHYARD_OUTBOUND_ALLOW).",
    });
  const closed =
    CONNECTION_CODES.has(code) && code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'EAI_AGAIN';
  return failure('connection', {
    status: 502,
    type: 'server_error',
    code: 'upstream_error',
    message: closed
      ? `The upstream provider closed the connection (${code}).`
      : `Could not reach the upstream provider (${code}).`,
  });
}

function timeoutFailure(timeoutMs: number): AttemptFailure {
  return failure('timeout', {
    status: 504,
    type: 'server_error',
    code: 'upstream_timeout',
    message: `The upstream provider did not answer within ${timeoutMs} ms.`,
  });
}

function retryAfter(headers: IncomingHttpHeaders): number | null {
  const ms = headers['retry-after-ms'];
  if (typeof ms === 'string' && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const value = headers['retry-after'];
  if (typeof value !== 'string') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

const PASSED_ERROR_HEADERS = ['retry-after', 'retry-after-ms'];

export interface AttemptOptions {
  target: ProviderTarget;
  /** The upstream body, `model` already the target's. */
  body: ChatBody;
  /** Stream to `sink` (committing on a 2xx), or buffer and translate the whole answer (`sink` null). */
  sink: StreamSink | null;
  /** Cancelled when the client goes away (or a hedge or deadline drops the member). */
  cancellation: Cancellation;
  timeoutMs: number;
  /**
   * The sink takes an OpenAI-shaped upstream's chunk texts as they came (`StreamSink.write`):
   * asked of adapters that are `verbatim`, so a stream need not be serialised again.
   */
  passThrough?: boolean;
  /** Adds trace context (`traceparent`) to the upstream request's headers; set only while tracing. */
  propagate?: (headers: Record<string, string>) => Record<string, string>;
}

/**
 * One call to one provider target. Until the upstream has answered 2xx nothing reaches the
 * client, so a failure can be retried or fall back elsewhere; a 2xx stream is committed
 * to `sink` at once and relayed as it arrives (pausing the upstream while the client is
 * slow). Never throws; `cancellation` cancels the upstream request.
 */
export async function runAttempt(options: AttemptOptions): Promise<AttemptResult> {
  const { target, cancellation } = options;
  const adapter = target.provider.adapter;
  if (target.provider.problem !== null) {
    return failure('unsupported', {
      status: 502,
      type: 'server_error',
      code: 'provider_misconfigured',
      message: `The route's provider ${target.provider.problem}`,
    });
  }
  if (!adapter) {
    return failure('unsupported', {
      status: 502,
      type: 'server_error',
      code: 'provider_unsupported',
      message: `This route uses provider kind "${target.provider.kind}", which this gateway does not support.`,
    });
  }
  if (cancellation.aborted) return cancelled();
  let request;
  try {
    request = await adapter.chatRequest(target.provider.state, options.body, options.sink !== null);
  } catch (err) {
    // Input the provider cannot express: the client's error, not the target's.
    if (err instanceof GatewayError) return failure('status', mappedError(err));
    return failure('connection', {
      status: 502,
      type: 'server_error',
      code: 'upstream_auth_failed',
      message: `Could not prepare the upstream request: ${(err as Error).message}`,
    });
  }
  const exchange = new Exchange(options);
  if (cancellation.aborted) return cancelled();
  exchange.armDeadline();
  cancellation.onAbort(exchange.abort);
  try {
    dispatcherFor(target.provider, request.origin).dispatch(
      {
        origin: request.origin ?? target.provider.origin,
        path: request.path,
        method: 'POST',
        headers: options.propagate ? options.propagate(request.headers) : request.headers,
        body: request.body,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      },
      exchange,
    );
  } catch (err) {
    exchange.onResponseError(null, err as Error);
  }
  try {
    return await exchange.done;
  } finally {
    cancellation.offAbort(exchange.abort);
  }
}

function cancelled(): AttemptFailure {
  return failure('cancelled', {
    status: 499,
    type: 'invalid_request_error',
    code: 'client_closed_request',
    message: 'The client closed the request.',
  });
}

class Cancelled extends Error {
  override name = 'Cancelled';
}

/** The undici dispatch handler behind `runAttempt`. */
class Exchange implements Dispatcher.DispatchHandler {
  readonly done: Promise<AttemptResult>;
  private settle!: (result: AttemptResult) => void;
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private limit = COMPLETION_LIMIT;
  private translator: StreamTranslator | null = null;
  private aborted = false;
  private finished = false;
  private deadline: NodeJS.Timeout | null = null;
  private timedOut = false;

  constructor(private readonly options: AttemptOptions) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  /**
   * Starts the attempt's deadline (until the response starts). undici's own headers timeout
   * only fires on a tick of about half a second, so a target's 100 ms `timeoutMs` would
   * wait up to a second; this one is a plain timer, cleared when the response starts.
   */
  armDeadline(): void {
    const ms = this.options.timeoutMs;
    if (ms <= 0) return;
    this.deadline = setTimeout(() => {
      this.timedOut = true;
      this.abort();
    }, ms);
  }

  private clearDeadline(): void {
    if (this.deadline === null) return;
    clearTimeout(this.deadline);
    this.deadline = null;
  }

  readonly abort = (): void => {
    if (this.finished) return;
    this.aborted = true;
    if (this.controller) this.controller.abort(new Cancelled('the request was cancelled'));
    // Still waiting for a connection: settle now; `onRequestStart` cancels it when it comes.
    else this.finish(this.timedOut ? timeoutFailure(this.options.timeoutMs) : cancelled());
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.aborted) controller.abort(new Cancelled('the request was cancelled'));
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    this.clearDeadline();
    this.status = status;
    this.headers = headers;
    if (status < 200 || status >= 300) {
      this.limit = ERROR_BODY_LIMIT;
      return;
    }
    const { sink, target } = this.options;
    if (sink) {
      const adapter = target.provider.adapter!;
      const verbatim = this.options.passThrough === true && adapter.verbatim === true;
      this.translator = adapter.chatStream(target.model, verbatim);
      sink.open(target);
    }
  }

  private readonly resume = (): void => this.controller?.resume();

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const translator = this.translator;
    if (!translator) {
      if (this.size + chunk.length <= this.limit) this.chunks.push(chunk);
      this.size += chunk.length;
      return;
    }
    const out = translator.feed(chunk);
    if (out.length > 0 && !this.options.sink!.write(out, translator.texts ?? undefined)) {
      controller.pause();
      this.options.sink!.onDrain(this.resume);
    }
  }

  onResponseEnd(): void {
    const translator = this.translator;
    if (translator) {
      const out = translator.end();
      if (out.length > 0) this.options.sink!.write(out, translator.texts ?? undefined);
      const error = translator.error === null ? null : brokenStream(translator.error);
      this.options.sink!.close(translator.usage, error);
      this.finish({ ok: true, streamed: true, usage: translator.usage, error });
      return;
    }
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const adapter = this.options.target.provider.adapter!;
    if (this.status >= 200 && this.status < 300) {
      if (this.size > this.limit) {
        this.finish(
          failure('protocol', protocolError(`the answer exceeded ${COMPLETION_LIMIT} bytes`), this.status),
        );
        return;
      }
      try {
        const { completion, usage, verbatim } = adapter.chatResponse(body, this.options.target.model);
        this.finish({
          ok: true,
          streamed: false,
          completion,
          usage,
          raw: body,
          verbatim: adapter.verbatim === true && verbatim === true,
        });
      } catch (err) {
        const message =
          err instanceof UpstreamProtocolError ? err.message : 'the answer could not be translated';
        this.finish(failure('protocol', protocolError(message), this.status));
      }
      return;
    }
    const mapped = adapter.errorResponse(this.status, this.headers, body);
    // A provider failure is named as such; a 4xx is the client's business and keeps its message.
    if (this.status >= 500 && !mapped.message.includes(String(this.status))) {
      mapped.message = `The upstream provider answered HTTP ${this.status}: ${mapped.message}`;
    }
    const result = failure('status', mapped, this.status);
    result.retryAfterMs = retryAfter(this.headers);
    for (const name of PASSED_ERROR_HEADERS) {
      const value = this.headers[name];
      if (typeof value === 'string') result.headers[name] = value;
    }
    this.finish(result);
  }

  onResponseError(_c: Dispatcher.DispatchController | null, err: Error): void {
    if (this.finished) return;
    const translator = this.translator;
    if (translator) {
      // Committed: the client already has part of the answer; end its stream with an error.
      const error = this.aborted ? null : networkFailure(err, this.options.timeoutMs).error;
      this.options.sink!.close(translator.usage, error);
      this.finish({ ok: true, streamed: true, usage: translator.usage, error });
      return;
    }
    if (this.timedOut) this.finish(timeoutFailure(this.options.timeoutMs));
    else this.finish(this.aborted ? cancelled() : networkFailure(err, this.options.timeoutMs));
  }

  private finish(result: AttemptResult): void {
    if (this.finished) return;
    this.clearDeadline();
    this.finished = true;
    this.settle(result);
  }
}

/** An answer that does not follow the provider's documented format. */
export function protocolError(detail: string): MappedError {
  return {
    status: 502,
    type: 'server_error',
    code: 'upstream_invalid_response',
    message: `The upstream provider sent an answer the gateway cannot read: ${detail}.`,
  };
}

function brokenStream(detail: string): MappedError {
  return {
    status: 502,
    type: 'server_error',
    code: 'upstream_stream_error',
    message: `The upstream stream failed: ${detail}`,
  };
}
