import { Counter, Gauge, type Registry } from 'prom-client';
import type { RateLimitCluster } from './rate-limit-cluster';
import type { RateLimitDimension, RateLimitScope } from './rate-limit-spec';

/** The rate limiter's metrics, on the gateway's registry. */
export class RateLimitMetrics {
  private readonly refusals: Counter<'scope' | 'dimension'>;

  constructor(registry: Registry, cluster: RateLimitCluster) {
    const registers = [registry];
    this.refusals = new Counter({
      name: 'switchyard_rate_limit_refusals_total',
      help: 'Requests refused with 429 by a rate limit, by scope (key, workspace, route) and dimension (requests, tokens, concurrency).',
      labelNames: ['scope', 'dimension'],
      registers,
    });
    new Gauge({
      name: 'switchyard_rate_limit_nodes',
      help: 'Live data-plane nodes this node divides rate limits among (itself included).',
      registers,
      collect() {
        this.set(cluster.liveNodes);
      },
    });
    new Gauge({
      name: 'switchyard_rate_limit_isolated',
      help: '1 while this node cannot exchange rate-limit counts over NATS and enforces limit / last known node count alone.',
      registers,
      collect() {
        this.set(cluster.isolated ? 1 : 0);
      },
    });
  }

  refused(scope: RateLimitScope, dimension: RateLimitDimension): void {
    this.refusals.labels(scope, dimension).inc();
  }
}
