import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import type { RequestContext } from '../http/request-context';
import type { ProviderTarget } from '../snapshot/compiled';
import type { AttemptFailure, AttemptOptions, AttemptResult, StreamSink } from '../upstream/attempt';
import type { EmbeddingsResult, EmbeddingsTarget, Propagate } from '../upstream/embeddings-call';
import { GEN_AI, SWITCHYARD, genAiOperation, genAiSystem } from './gen-ai-semconv';
import type { RequestTrace, RunAttempt, RunEmbeddings } from './request-trace';
import type { GatewayTracing } from './tracing';

/** What the answering attempt told about the answer, copied onto the request's span. */
interface Answer {
  system: string;
  target: string;
  responseModel: string | null;
  finishReasons: string[];
}

/** One traced request: its server span, and a client span per upstream attempt under it. */
export class TracedRequest implements RequestTrace {
  private readonly context: Context;
  private answer: Answer | null = null;
  private ended = false;

  constructor(
    private readonly tracing: GatewayTracing,
    private readonly span: Span,
  ) {
    this.context = trace.setSpan(ROOT_CONTEXT, span);
  }

  async attempt(options: AttemptOptions, n: number, run: RunAttempt): Promise<AttemptResult> {
    const { target, body } = options;
    const system = genAiSystem(target.provider.kind);
    const attributes = this.clientAttributes('chat', target, system);
    attributes[GEN_AI.requestStream] = options.sink !== null;
    attributes[SWITCHYARD.attempt] = n;
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    if (typeof maxTokens === 'number') attributes[GEN_AI.requestMaxTokens] = maxTokens;
    if (typeof body.temperature === 'number') attributes[GEN_AI.requestTemperature] = body.temperature;
    if (typeof body.top_p === 'number') attributes[GEN_AI.requestTopP] = body.top_p;

    const span = this.tracing.tracer.startSpan(
      `chat ${target.model}`,
      { kind: SpanKind.CLIENT, attributes },
      this.context,
    );
    const watch = options.sink ? new StreamWatch(options.sink) : null;
    let result: AttemptResult;
    try {
      result = await run({ ...options, sink: watch, propagate: this.propagateFrom(span) });
    } catch (err) {
      threw(span, err);
      throw err;
    }
    this.attemptEnded(span, target, system, result, watch);
    return result;
  }

  async embeddings(target: EmbeddingsTarget, run: RunEmbeddings): Promise<EmbeddingsResult> {
    const span = this.tracing.tracer.startSpan(
      `embeddings ${target.model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: this.clientAttributes('embeddings', target, genAiSystem(target.provider.kind)),
      },
      this.context,
    );
    let result: EmbeddingsResult;
    try {
      result = await run(this.propagateFrom(span));
    } catch (err) {
      threw(span, err);
      throw err;
    }
    if (result.ok) {
      span.setAttribute(GEN_AI.inputTokens, result.inputTokens);
      span.setAttribute(SWITCHYARD.costMicroUsd, result.costMicroUsd);
      span.setAttribute(SWITCHYARD.tokensEstimated, result.tokensEstimated);
    } else failed(span, result);
    span.end();
    return result;
  }

  answeredBy(target: EmbeddingsTarget): void {
    const system = genAiSystem(target.provider.kind);
    this.answer = { system, target: target.label, responseModel: null, finishReasons: [] };
  }

  /** What a client span (a chat attempt, an embeddings call) says of the target it calls. */
  private clientAttributes(operation: string, target: EmbeddingsTarget, system: string): Attributes {
    return {
      [GEN_AI.operationName]: operation,
      [GEN_AI.system]: system,
      [GEN_AI.providerName]: system,
      [GEN_AI.requestModel]: target.model,
      [SWITCHYARD.target]: target.label,
      [SWITCHYARD.providerId]: target.provider.id,
      [SWITCHYARD.providerName]: target.provider.name,
      [SWITCHYARD.providerKind]: target.provider.kind,
      ...this.tracing.serverOf(target.provider),
    };
  }

  /** Puts `span`'s `traceparent` on a copy of the headers (adapters may reuse one header object for every request). */
  private propagateFrom(span: Span): Propagate {
    const spanContext = trace.setSpan(ROOT_CONTEXT, span);
    const propagator = this.tracing.propagator;
    return (headers) => {
      const out = { ...headers };
      propagator.inject(spanContext, out, defaultTextMapSetter);
      return out;
    };
  }

  private attemptEnded(
    span: Span,
    target: ProviderTarget,
    system: string,
    result: AttemptResult,
    watch: StreamWatch | null,
  ): void {
    if (!result.ok) {
      failed(span, result);
      span.end();
      return;
    }
    let responseModel: string | null = null;
    let finishReasons: string[] = [];
    if (result.streamed) {
      responseModel = watch?.model ?? null;
      finishReasons = watch?.finishReasons ?? [];
      if (result.error) {
        span.setAttribute(ATTR_ERROR_TYPE, result.error.code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
      }
    } else {
      const completion = result.completion;
      if (typeof completion.model === 'string') responseModel = completion.model;
      if (typeof completion.id === 'string') span.setAttribute(GEN_AI.responseId, completion.id);
      finishReasons = finishReasonsOf(completion.choices);
    }
    if (responseModel !== null) span.setAttribute(GEN_AI.responseModel, responseModel);
    if (finishReasons.length > 0) span.setAttribute(GEN_AI.responseFinishReasons, finishReasons);
    const usage = result.usage;
    if (usage) {
      span.setAttribute(GEN_AI.inputTokens, usage.promptTokens);
      span.setAttribute(GEN_AI.outputTokens, usage.completionTokens);
      if (usage.cachedTokens > 0) span.setAttribute(GEN_AI.cacheReadInputTokens, usage.cachedTokens);
      if (usage.reasoningTokens > 0) span.setAttribute(GEN_AI.reasoningOutputTokens, usage.reasoningTokens);
      span.setAttribute(SWITCHYARD.costMicroUsd, target.costOf(usage));
    }
    span.end();
    this.answer = { system, target: target.label, responseModel, finishReasons };
  }

  /** Ends the server span with what the request's bookkeeping says (once; the handler has finished). */
  end(ctx: RequestContext, err: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const span = this.span;
    const status = ctx.status || ctx.res.statusCode;
    const attributes: Attributes = {
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
      [SWITCHYARD.nodeId]: ctx.services.nodeId,
    };
    if (ctx.endpoint) {
      attributes[SWITCHYARD.endpoint] = ctx.endpoint;
      attributes[GEN_AI.operationName] = genAiOperation(ctx.endpoint);
    }
    if (ctx.workspaceId) attributes[SWITCHYARD.workspaceId] = ctx.workspaceId;
    if (ctx.keyId) attributes[SWITCHYARD.keyId] = ctx.keyId;
    if (ctx.routeAlias) {
      attributes[SWITCHYARD.routeAlias] = ctx.routeAlias;
      attributes[GEN_AI.requestModel] = ctx.routeAlias;
    }
    if (ctx.routeId) attributes[SWITCHYARD.routeId] = ctx.routeId;
    if (ctx.providerId) attributes[SWITCHYARD.providerId] = ctx.providerId;
    if (ctx.attempts > 0) attributes[SWITCHYARD.attempts] = ctx.attempts;
    const answer = this.answer;
    if (answer) {
      attributes[GEN_AI.system] = answer.system;
      attributes[GEN_AI.providerName] = answer.system;
      attributes[SWITCHYARD.target] = answer.target;
      if (answer.finishReasons.length > 0) attributes[GEN_AI.responseFinishReasons] = answer.finishReasons;
    }
    const responseModel = answer?.responseModel ?? ctx.model;
    if (responseModel) attributes[GEN_AI.responseModel] = responseModel;
    if (ctx.recordUsage && status < 400) {
      attributes[GEN_AI.inputTokens] = ctx.inputTokens;
      attributes[GEN_AI.outputTokens] = ctx.outputTokens;
      attributes[SWITCHYARD.costMicroUsd] = ctx.costMicroUsd;
      attributes[SWITCHYARD.tokensEstimated] = ctx.tokensEstimated;
    }
    if (ctx.endpoint) attributes[SWITCHYARD.stream] = ctx.stream;
    if (ctx.errorCode) attributes[SWITCHYARD.errorCode] = ctx.errorCode;
    if (err) {
      span.recordException(err as Error);
      attributes[ATTR_ERROR_TYPE] = (err as Error).name || 'Error';
      span.setStatus({ code: SpanStatusCode.ERROR, message: String((err as Error).message ?? err) });
    } else if (status >= 500 || status === 499) {
      // A server span marks server failures only; a 4xx is the client's (OTel HTTP conventions).
      attributes[ATTR_ERROR_TYPE] = ctx.errorCode || String(status);
      span.setStatus({ code: SpanStatusCode.ERROR, message: ctx.errorMessage || undefined });
    }
    span.setAttributes(attributes);
    span.end();
  }
}

/** Marks a client span as a failed upstream call. */
function failed(span: Span, result: AttemptFailure): void {
  span.setAttribute(ATTR_ERROR_TYPE, result.error.code);
  span.setAttribute(SWITCHYARD.failureKind, result.kind);
  if (result.upstreamStatus > 0) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, result.upstreamStatus);
  span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
}

/** Ends a client span whose call threw. */
function threw(span: Span, err: unknown): void {
  span.recordException(err as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
  span.end();
}

function finishReasonsOf(choices: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(choices)) return out;
  for (const choice of choices as { finish_reason?: unknown }[]) {
    if (typeof choice?.finish_reason === 'string') out.push(choice.finish_reason);
  }
  return out;
}

/** Passes a committed stream through, noting the answer's model and finish reasons from its chunks. */
class StreamWatch implements StreamSink {
  model: string | null = null;
  finishReasons: string[] = [];

  constructor(private readonly sink: StreamSink) {}

  open(target: ProviderTarget): void {
    this.sink.open(target);
  }

  write(chunks: Record<string, unknown>[]): boolean {
    for (const chunk of chunks) {
      if (this.model === null && typeof chunk.model === 'string' && chunk.model) this.model = chunk.model;
      const reasons = finishReasonsOf(chunk.choices);
      if (reasons.length > 0) this.finishReasons.push(...reasons);
    }
    return this.sink.write(chunks);
  }

  onDrain(resume: () => void): void {
    this.sink.onDrain(resume);
  }

  close(usage: Parameters<StreamSink['close']>[0], error: Parameters<StreamSink['close']>[1]): void {
    this.sink.close(usage, error);
  }
}
