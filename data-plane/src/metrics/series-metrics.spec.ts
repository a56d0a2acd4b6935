import { Counter, Histogram, Registry } from 'prom-client';
import { SeriesCounter, SeriesHistogram } from './series-metrics';

const BOUNDS = [0.005, 0.01, 0.5, 1];

describe('series metrics', () => {
  it("scrape exactly as prom-client's own counter and histogram with the same updates", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const counter = new SeriesCounter('t_requests_total', 'Requests.', ['route', 'status'], ours);
    const histogram = new SeriesHistogram('t_duration_seconds', 'Duration.', ['route'], BOUNDS, ours);
    const refCounter = new Counter({
      name: 't_requests_total',
      help: 'Requests.',
      labelNames: ['route', 'status'],
      registers: [theirs],
    });
    const refHistogram = new Histogram({
      name: 't_duration_seconds',
      help: 'Duration.',
      labelNames: ['route'],
      buckets: BOUNDS,
      registers: [theirs],
    });
    const fast = counter.labels('fast', '200');
    for (const [route, status, by] of [
      ['fast', '200', 1],
      ['fast', '200', 2],
      ['slow "quoted"\n', '502', 1],
    ] as const) {
      (route === 'fast' && status === '200' ? fast : counter.labels(route, status)).inc(by);
      refCounter.labels(route, status).inc(by);
    }
    const series = histogram.labels('fast');
    for (const v of [0.001, 0.005, 0.0051, 0.7, 1, 3, 120]) {
      series.observe(v);
      refHistogram.labels('fast').observe(v);
    }
    histogram.labels('idle');
    refHistogram.zero({ route: 'idle' });
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('hands out one series per label values, and forgets them on reset', async () => {
    const registry = new Registry();
    const counter = new SeriesCounter('t_total', 'T.', ['a'], registry);
    expect(counter.labels('x')).toBe(counter.labels('x'));
    expect(counter.labels('x')).not.toBe(counter.labels('y'));
    counter.labels('x').inc();
    registry.resetMetrics();
    expect(await registry.metrics()).toBe('# HELP t_total T.\n# TYPE t_total counter\n');
  });
});
