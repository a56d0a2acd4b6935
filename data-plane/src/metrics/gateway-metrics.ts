import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { HealthRegistry } from '../routing/target-health';
import type { RuntimeConfig } from '../snapshot/compiled';
import type { SnapshotObserver } from '../snapshot/snapshot-store';
import { SeriesCounter, SeriesHistogram, type CounterSeries, type HistogramSeries } from './series-metrics';

/** What a finished request tells the metrics; `RequestContext` satisfies it. */
export interface FinishedRequest {
  routeId: string;
  /** The provider that served (empty when none was reached). */
  providerId: string;
  /** The upstream model that served. */
  model: string;
  attempts: number;
  costMicroUsd: number;
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
  /** Per-target health (circuit breakers). */
  health: HealthRegistry;
  /** Vectors in the semantic cache's index (absent: no cache). */
  cacheSemanticEntries?: () => number;
}

/** The series one route's requests update, resolved once per snapshot. */
interface RouteSeries {
  labels: [route: string, provider: string, model: string];
  requestsByStatus: Map<number, CounterSeries>;
  duration: HistogramSeries;
  ttft: HistogramSeries;
  inputTokens: CounterSeries;
  outputTokens: CounterSeries;
  retries: CounterSeries;
  cost: CounterSeries;
}

const BREAKER_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * One gateway's Prometheus metrics, on a registry of its own (several gateways may share a
 * process). Label values come only from the running snapshot: a request that resolved no
 * route counts under `route=""`, so client input never creates a series. Children are
 * created on first use per route, provider and model, so a request costs one map lookup.
 */
export class GatewayMetrics implements SnapshotObserver {
  readonly registry = new Registry();
  /** Guardrail check outcomes by policy name, check name and verdict (pass, deny, redact, flag, error). */
  readonly guardrailVerdicts = new SeriesCounter(
    'switchyard_guardrail_verdicts_total',
    'Guardrail check outcomes by policy, check and verdict (pass, deny, redact, flag).',
    ['policy', 'check', 'verdict'],
    this.registry,
  );
  /** Requests refused because a hard-stop budget was exhausted, by workspace and budget name. */
  readonly budgetRefusals = new SeriesCounter(
    'switchyard_budget_refusals_total',
    'Requests refused (402) because a hard-stop budget was exhausted, by workspace slug and budget name.',
    ['workspace', 'budget'],
    this.registry,
  );
  private readonly requests: SeriesCounter;
  private readonly duration: SeriesHistogram;
  private readonly ttft: SeriesHistogram;
  private readonly tokens: SeriesCounter;
  private readonly rejections: Counter;
  private readonly retries: SeriesCounter;
  private readonly cost: SeriesCounter;
  private readonly cacheLookups: SeriesCounter;
  /** Route id → alias, and provider id → name, from the running snapshot. */
  private names = new Map<string, string>();
  private series = new Map<string, RouteSeries>();
  private readonly unrouted: RouteSeries;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const registry = this.registry;
    this.requests = new SeriesCounter(
      'switchyard_requests_total',
      'Chat completion requests by route alias, provider, upstream model and HTTP status.',
      ['route', 'provider', 'model', 'status'],
      registry,
    );
    this.duration = new SeriesHistogram(
      'switchyard_request_duration_seconds',
      'Time from request arrival to the end of the response.',
      ['route', 'provider'],
      LATENCY_BUCKETS,
      registry,
    );
    this.ttft = new SeriesHistogram(
      'switchyard_time_to_first_token_seconds',
      'Time from request arrival to the first token sent (streams).',
      ['route', 'provider'],
      LATENCY_BUCKETS,
      registry,
    );
    this.tokens = new SeriesCounter(
      'switchyard_tokens_total',
      'Tokens by route and provider; direction is input or output.',
      ['route', 'provider', 'direction'],
      registry,
    );
    this.retries = new SeriesCounter(
      'switchyard_upstream_retries_total',
      'Upstream attempts beyond the first (retries and fallbacks), by route and the provider that finally served.',
      ['route', 'provider'],
      registry,
    );
    this.cost = new SeriesCounter(
      'switchyard_cost_micro_usd_total',
      'Upstream cost in micro-USD, by route and provider.',
      ['route', 'provider'],
      registry,
    );
    this.cacheLookups = new SeriesCounter(
      'switchyard_cache_lookups_total',
      'Response cache lookups by route alias and result (hit, miss, bypass, refresh).',
      ['route', 'result'],
      registry,
    );
    new Gauge({
      name: 'switchyard_circuit_breaker_state',
      help: 'Circuit breaker state per target (provider id/model): 0 closed, 1 half-open, 2 open.',
      labelNames: ['target'],
      registers,
      collect() {
        this.reset();
        for (const h of sources.health.breakers()) this.labels(h.key).set(BREAKER_STATES[h.breaker.state]);
      },
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
    new Gauge({
      name: 'switchyard_cache_semantic_entries',
      help: "Entries in this node's semantic cache index (its own and other nodes' writes), at scrape.",
      registers,
      collect() {
        this.set(sources.cacheSemanticEntries?.() ?? 0);
      },
    });
    this.unrouted = this.makeSeries('', '', '');
  }

  /** Learns the names of a newly applied snapshot's routes and providers (the label values). */
  snapshotApplied(config: RuntimeConfig): void {
    const names = new Map<string, string>();
    for (const route of config.routesById.values()) {
      names.set(route.id, route.alias);
      for (const t of route.targets)
        if (t.type === 'provider') names.set(t.provider.id, t.provider.name || t.provider.id);
    }
    this.names = names;
    // Series of routes or providers that were renamed or removed are rebuilt on next use.
    this.series = new Map();
  }

  /** Counts one response cache lookup of a route (by id; labelled with its alias). */
  cacheLookup(routeId: string, result: string): void {
    this.cacheLookups.labels(this.names.get(routeId) ?? '', result).inc();
  }

  snapshotRejected(): void {
    this.rejections.inc();
  }

  /** Counts one finished request: the only call the hot path makes. */
  requestFinished(request: FinishedRequest, latencyMs: number): void {
    const series = this.seriesOf(request);
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
    if (request.attempts > 1) series.retries.inc(request.attempts - 1);
    if (request.costMicroUsd > 0) series.cost.inc(request.costMicroUsd);
  }

  private seriesOf(request: FinishedRequest): RouteSeries {
    const alias = request.routeId ? this.names.get(request.routeId) : undefined;
    if (alias === undefined) return this.unrouted;
    const id = `${request.routeId}|${request.providerId}|${request.model}`;
    let series = this.series.get(id);
    if (!series) {
      const provider = this.names.get(request.providerId) ?? '';
      series = this.makeSeries(alias, provider, provider ? request.model : '');
      this.series.set(id, series);
    }
    return series;
  }

  /** Prometheus text exposition of every metric. */
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private makeSeries(route: string, provider: string, model: string): RouteSeries {
    return {
      labels: [route, provider, model],
      requestsByStatus: new Map(),
      duration: this.duration.labels(route, provider),
      ttft: this.ttft.labels(route, provider),
      inputTokens: this.tokens.labels(route, provider, 'input'),
      outputTokens: this.tokens.labels(route, provider, 'output'),
      retries: this.retries.labels(route, provider),
      cost: this.cost.labels(route, provider),
    };
  }
}
