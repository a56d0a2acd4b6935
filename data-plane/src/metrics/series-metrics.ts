import type { Metric, Registry } from 'prom-client';

/** What a `Registry` reads of a metric when it is scraped. */
interface Scraped {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { metricName?: string; labels: Record<string, string | number>; value: number }[];
}

/**
 * Counters and histograms for the hot path, registered in a prom-client `Registry` and
 * scraped with the rest, whose series are plain numbers. prom-client validates and hashes
 * the label values on every `inc` and `observe`, even through a child from `labels()`. Here
 * `labels()` resolves a series once (the caller keeps it); updating it is an addition.
 */
abstract class SeriesFamily<S extends { labels: Record<string, string> }> {
  private readonly byKey = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these label values, in `labelNames` order (made on first use). */
  labels(...values: string[]): S {
    const key = values.join('\u0000');
    let series = this.byKey.get(key);
    if (!series) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i] ?? ''));
      series = this.create(labels);
      this.byKey.set(key, series);
    }
    return series;
  }

  /** Forgets every series (`Registry.resetMetrics`). */
  reset(): void {
    this.byKey.clear();
  }

  protected get all(): IterableIterator<S> {
    return this.byKey.values();
  }

  protected abstract create(labels: Record<string, string>): S;
}

export class CounterSeries {
  value = 0;

  constructor(readonly labels: Record<string, string>) {}

  inc(by = 1): void {
    this.value += by;
  }
}

/** A Prometheus counter family (`labels(...).inc()`). */
export class SeriesCounter extends SeriesFamily<CounterSeries> {
  protected create(labels: Record<string, string>): CounterSeries {
    return new CounterSeries(labels);
  }

  get(): Promise<Scraped> {
    const values = [...this.all].map((s) => ({ labels: s.labels, value: s.value }));
    return Promise.resolve({ name: this.name, help: this.help, type: 'counter', aggregator: 'sum', values });
  }
}

export class HistogramSeries {
  /** Observations per bucket (not cumulative); the last counts those above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/** A Prometheus histogram family (`labels(...).observe()`), with fixed upper bounds. */
export class SeriesHistogram extends SeriesFamily<HistogramSeries> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    super(name, help, labelNames, registry);
  }

  protected create(labels: Record<string, string>): HistogramSeries {
    return new HistogramSeries(labels, this.bounds);
  }

  get(): Promise<Scraped> {
    const values: Scraped['values'] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.all) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += s.counts[i];
        values.push({ metricName: bucket, labels: { le, ...s.labels }, value: cumulative });
      });
      values.push({ metricName: bucket, labels: { le: '+Inf', ...s.labels }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: 'histogram',
      aggregator: 'sum',
      values,
    });
  }
}
