import { ROOT_CONTEXT, SpanKind, type Attributes, type TextMapGetter, type Tracer } from '@opentelemetry/api';
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
  ATTR_HTTP_REQUEST_METHOD,
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
import type { Handler, RouteTable } from '../http/routes';
import type { CompiledProvider } from '../snapshot/compiled';
import { ATTR_SERVICE_INSTANCE_ID, SWITCHYARD } from './gen-ai-semconv';
import { attachTrace } from './request-trace';
import { TracedRequest } from './traced-request';
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

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 200);
}
