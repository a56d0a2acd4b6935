import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CompiledRoute, RuntimeConfig } from '../snapshot/compiled';
import type { SnapshotObserver } from '../snapshot/snapshot-store';

/** What a finished request tells the metrics; `RequestContext` satisfies it. */
export interface FinishedRequest {
  routeId: string;
  status: number;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  ttftMs: number;
}

/** What the gauges read at scrape time. */
export interface MetricsSources {
  /** The running config, null before one is applied. */
  snapshot(): RuntimeConfig | null;
  usageQueueDepth(): number;
  usageSpilled(): number;
}

/** The labelled children one route's requests update, resolved once per snapshot. */
interface RouteSeries {
  labels: [route: string, provider: string, model: string];
  requestsByStatus: Map<number, Counter.Internal>;
  duration: Histogram.Internal<'route' | 'provider'>;
  ttft: Histogram.Internal<'route' | 'provider'>;
  inputTokens: Counter.Internal;
  outputTokens: Counter.Internal;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * One gateway's Prometheus metrics, on a registry of its own (several gateways may share a
 * process). Label values come only from the running snapshot: a request that resolved no
 * route counts under `route=""`, so client input never creates a series. Children are
 * resolved per route when a snapshot is applied, so a request costs one map lookup.
 */
export class GatewayMetrics implements SnapshotObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'provider' | 'model' | 'status'>;
  private readonly duration: Histogram<'route' | 'provider'>;
  private readonly ttft: Histogram<'route' | 'provider'>;
  private readonly tokens: Counter<'route' | 'provider' | 'direction'>;
  private readonly rejections: Counter;
  private routes = new Map<string, RouteSeries>();
  private readonly unrouted: RouteSeries;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'switchyard_requests_total',
      help: 'Chat completion requests by route alias, provider, upstream model and HTTP status.',
      labelNames: ['route', 'provider', 'model', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'switchyard_request_duration_seconds',
      help: 'Time from request arrival to the end of the response.',
      labelNames: ['route', 'provider'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ttft = new Histogram({
      name: 'switchyard_time_to_first_token_seconds',
      help: 'Time from request arrival to the first token sent (streams).',
      labelNames: ['route', 'provider'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.tokens = new Counter({
      name: 'switchyard_tokens_total',
      help: 'Tokens by route and provider; direction is input or output.',
      labelNames: ['route', 'provider', 'direction'],
      registers,
    });
    this.rejections = new Counter({
      name: 'switchyard_snapshot_rejections_total',
      help: 'Snapshots offered to this node and rejected.',
      registers,
    });
    new Gauge({
      name: 'switchyard_snapshot_version',
      help: 'Version of the running snapshot (0 before one is applied).',
      registers,
      collect() {
        this.set(sources.snapshot()?.version ?? 0);
      },
    });
    new Gauge({
      name: 'switchyard_snapshot_age_seconds',
      help: "Seconds since the running snapshot's createdAt (0 before one is applied).",
      registers,
      collect() {
        const config = sources.snapshot();
        this.set(config ? Math.max(0, Date.now() / 1000 - config.createdAtSec) : 0);
      },
    });
    new Gauge({
      name: 'switchyard_usage_queue_depth',
      help: 'Usage records waiting in memory.',
      registers,
      collect() {
        this.set(sources.usageQueueDepth());
      },
    });
    new Gauge({
      name: 'switchyard_usage_spilled',
      help: 'Usage records waiting on disk.',
      registers,
      collect() {
        this.set(sources.usageSpilled());
      },
    });
    this.unrouted = this.series('', '', '');
  }

  /** Resolves the labelled children of every route of a newly applied snapshot. */
  snapshotApplied(config: RuntimeConfig): void {
    const routes = new Map<string, RouteSeries>();
    for (const route of config.routesById.values()) routes.set(route.id, this.seriesFor(route));
    this.routes = routes;
  }

  snapshotRejected(): void {
    this.rejections.inc();
  }

  /** Counts one finished request: the only call the hot path makes. */
  requestFinished(request: FinishedRequest, latencyMs: number): void {
    const series = (request.routeId && this.routes.get(request.routeId)) || this.unrouted;
    let requests = series.requestsByStatus.get(request.status);
    if (!requests) {
      requests = this.requests.labels(...series.labels, String(request.status));
      series.requestsByStatus.set(request.status, requests);
    }
    requests.inc();
    series.duration.observe(latencyMs / 1000);
    if (request.stream && request.ttftMs > 0) series.ttft.observe(request.ttftMs / 1000);
    if (request.inputTokens > 0) series.inputTokens.inc(request.inputTokens);
    if (request.outputTokens > 0) series.outputTokens.inc(request.outputTokens);
  }

  /** Prometheus text exposition of every metric. */
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private seriesFor(route: CompiledRoute): RouteSeries {
    const provider = route.provider.name || route.provider.id;
    // A route whose labels did not change keeps its series (and the statuses already seen).
    const previous = this.routes.get(route.id);
    const [alias, previousProvider, model] = previous?.labels ?? [];
    if (previous && alias === route.alias && previousProvider === provider && model === route.model)
      return previous;
    return this.series(route.alias, provider, route.model);
  }

  private series(route: string, provider: string, model: string): RouteSeries {
    return {
      labels: [route, provider, model],
      requestsByStatus: new Map(),
      duration: this.duration.labels(route, provider),
      ttft: this.ttft.labels(route, provider),
      inputTokens: this.tokens.labels(route, provider, 'input'),
      outputTokens: this.tokens.labels(route, provider, 'output'),
    };
  }
}
