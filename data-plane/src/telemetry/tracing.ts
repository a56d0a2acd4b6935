import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator, setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { RequestContext } from '../http/request-context';
import type { Handler, RouteTable } from '../http/routes';
import type { CompiledProvider, ProviderTarget } from '../snapshot/compiled';
import type { AttemptOptions, AttemptResult, StreamSink } from '../upstream/attempt';
import { ATTR_SERVICE_INSTANCE_ID, GEN_AI, SWITCHYARD, genAiOperation, genAiSystem } from './gen-ai-semconv';
import { attachTrace, type RequestTrace, type RunAttempt } from './request-trace';
import type { TracingConfig } from './tracing-config';

/** Who is tracing: names the resource (`service.*`) the spans belong to. */
export interface TracingIdentity {
  nodeId: string;
  softwareVersion: string;
  logger: Logger;
}

// Probes and scrapes would drown the traces that matter.
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const SHUTDOWN_TIMEOUT_MS = 5000;

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

function sampler(config: TracingConfig): Sampler {
  const ratio = () => new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
  }
}

type Compression = NonNullable<
  NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>['compression']
>;

/**
 * OpenTelemetry tracing for one gateway: its own tracer provider (never the global one, so
 * several gateways can share a process), a batch processor exporting OTLP/HTTP JSON, and
 * W3C trace context in and out. Loaded only when tracing is on (`startTracing`).
 */
export class GatewayTracing {
  readonly tracer: Tracer;
  readonly propagator = new W3CTraceContextPropagator();
  private readonly provider: BasicTracerProvider;
  private readonly servers = new WeakMap<CompiledProvider, Attributes>();

  constructor(config: TracingConfig, identity: TracingIdentity) {
    const processors: SpanProcessor[] = [];
    const batch = (exporter: ConstructorParameters<typeof BatchSpanProcessor>[0]) =>
      new BatchSpanProcessor(exporter, config.batch);
    if (config.exporters.includes('otlp')) {
      processors.push(
        batch(
          new OTLPTraceExporter({
            url: config.endpoint,
            headers: config.headers,
            timeoutMillis: config.timeoutMs,
            compression: config.compression as Compression,
          }),
        ),
      );
    }
    if (config.exporters.includes('console')) processors.push(batch(new ConsoleSpanExporter()));
    this.provider = new BasicTracerProvider({
      sampler: sampler(config),
      spanProcessors: processors,
      resource: defaultResource().merge(
        resourceFromAttributes({
          ...config.resourceAttributes,
          [ATTR_SERVICE_NAME]: config.serviceName,
          [ATTR_SERVICE_VERSION]: identity.softwareVersion,
          [ATTR_SERVICE_INSTANCE_ID]: identity.nodeId,
        }),
      ),
    });
    this.tracer = this.provider.getTracer('@switchyard/data-plane', identity.softwareVersion);
    // Export failures (a collector that is down) are reported, never thrown at requests.
    const logger = identity.logger;
    setGlobalErrorHandler((err) => logger.warn({ err: String(err) }, 'trace export failed'));
  }

  /** The same table, with a server span around every handler except probes and `/metrics`. */
  wrapRoutes(routes: RouteTable): RouteTable {
    const out: Record<string, Handler> = {};
    for (const [key, handler] of Object.entries(routes) as [string, Handler][]) {
      const [method, path] = key.split(' ');
      out[key] = UNTRACED_PATHS.has(path) ? handler : this.traced(method, path, handler);
    }
    return out as RouteTable;
  }

  private traced(method: string, route: string, handler: Handler): Handler {
    const name = `${method} ${route}`;
    return (ctx) => {
      const parent = this.propagator.extract(ROOT_CONTEXT, ctx.req.headers, headerGetter);
      const attributes: Attributes = {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_URL_PATH]: pathOf(ctx.req.url),
        [ATTR_URL_SCHEME]: 'http',
        [SWITCHYARD.requestId]: ctx.requestId,
      };
      const agent = ctx.req.headers['user-agent'];
      if (agent) attributes[ATTR_USER_AGENT_ORIGINAL] = agent;
      const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
      const request = new TracedRequest(this, span);
      attachTrace(ctx, request);
      let done: void | Promise<void>;
      try {
        done = handler(ctx);
      } catch (err) {
        request.end(ctx, err);
        throw err;
      }
      if (!done) {
        request.end(ctx, null);
        return;
      }
      return done.then(
        () => request.end(ctx, null),
        (err: unknown) => {
          request.end(ctx, err);
          throw err;
        },
      );
    };
  }

  /** `server.address` / `server.port` of a provider's origin, worked out once per compiled provider. */
  serverOf(provider: CompiledProvider): Attributes {
    let attributes = this.servers.get(provider);
    if (!attributes) {
      attributes = {};
      try {
        const url = new URL(provider.origin);
        attributes[ATTR_SERVER_ADDRESS] = url.hostname;
        attributes[ATTR_SERVER_PORT] = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
      } catch {
        // An origin that is not a URL names no server.
      }
      this.servers.set(provider, attributes);
    }
    return attributes;
  }

  /** Exports what is queued and stops (bounded: a collector that is down cannot hold shutdown up). */
  async shutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.provider.shutdown().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }
}

/** What the answering attempt told about the answer, copied onto the request's span. */
interface Answer {
  system: string;
  target: string;
  responseModel: string | null;
  finishReasons: string[];
}

/** One traced request: its server span, and a client span per upstream attempt under it. */
class TracedRequest implements RequestTrace {
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
    const attributes: Attributes = {
      [GEN_AI.operationName]: 'chat',
      [GEN_AI.system]: system,
      [GEN_AI.providerName]: system,
      [GEN_AI.requestModel]: target.model,
      [GEN_AI.requestStream]: options.sink !== null,
      [SWITCHYARD.target]: target.label,
      [SWITCHYARD.providerId]: target.provider.id,
      [SWITCHYARD.providerName]: target.provider.name,
      [SWITCHYARD.providerKind]: target.provider.kind,
      [SWITCHYARD.attempt]: n,
      ...this.tracing.serverOf(target.provider),
    };
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    if (typeof maxTokens === 'number') attributes[GEN_AI.requestMaxTokens] = maxTokens;
    if (typeof body.temperature === 'number') attributes[GEN_AI.requestTemperature] = body.temperature;
    if (typeof body.top_p === 'number') attributes[GEN_AI.requestTopP] = body.top_p;

    const span = this.tracing.tracer.startSpan(
      `chat ${target.model}`,
      { kind: SpanKind.CLIENT, attributes },
      this.context,
    );
    const spanContext = trace.setSpan(ROOT_CONTEXT, span);
    const watch = options.sink ? new StreamWatch(options.sink) : null;
    const propagator = this.tracing.propagator;
    let result: AttemptResult;
    try {
      result = await run({
        ...options,
        sink: watch,
        // A copy: adapters may hand out a header object they reuse for every request.
        propagate: (headers) => {
          const out = { ...headers };
          propagator.inject(spanContext, out, defaultTextMapSetter);
          return out;
        },
      });
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      span.end();
      throw err;
    }
    this.attemptEnded(span, target, system, result, watch);
    return result;
  }

  private attemptEnded(
    span: Span,
    target: ProviderTarget,
    system: string,
    result: AttemptResult,
    watch: StreamWatch | null,
  ): void {
    if (!result.ok) {
      span.setAttribute(ATTR_ERROR_TYPE, result.error.code);
      span.setAttribute(SWITCHYARD.failureKind, result.kind);
      if (result.upstreamStatus > 0) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, result.upstreamStatus);
      span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
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

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 200);
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
