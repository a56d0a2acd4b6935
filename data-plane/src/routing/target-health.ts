import type { SnapshotBreaker } from '@switchyard/proto';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker for one target on this node. Closed: every attempt goes through and
 * failures within `windowMs` are counted; `failures` of them open it. Open: attempts are
 * refused until `cooldownMs` has passed; then one probe is let through (half-open). The
 * probe's success closes it, its failure opens it again for another cooldown.
 */
export class CircuitBreaker {
  private failureTimes: number[] = [];
  private openedAt = 0;
  private probing = false;
  state: BreakerState = 'closed';

  constructor(public settings: SnapshotBreaker) {}

  /** May an attempt go to this target now? In half-open, only one probe at a time. */
  allow(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (now - this.openedAt < this.settings.cooldownMs) return false;
      this.state = 'half-open';
      this.probing = false;
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.state = 'closed';
    this.probing = false;
    this.failureTimes = [];
  }

  /**
   * An attempt ended saying nothing about the target's health (cancelled by the client, or
   * a 4xx): if it was the half-open probe, let the next attempt probe instead. Without
   * this, a probe that ends so would leave the breaker refusing every attempt for good.
   */
  release(): void {
    if (this.state === 'half-open') this.probing = false;
  }

  failure(now: number): void {
    if (this.state === 'half-open') {
      this.open(now);
      return;
    }
    const since = now - this.settings.windowMs;
    const times = this.failureTimes.filter((t) => t > since);
    times.push(now);
    this.failureTimes = times;
    if (times.length >= this.settings.failures) this.open(now);
  }

  private open(now: number): void {
    this.state = 'open';
    this.openedAt = now;
    this.probing = false;
    this.failureTimes = [];
  }
}

/** Exponentially weighted moving average of a target's latency (ms to a complete answer or first byte of a stream). */
export class LatencyEwma {
  /** NaN until the first observation. */
  value = NaN;
  private observedAt = 0;
  constructor(
    private readonly alpha = 0.3,
    /** After this long without an observation the average is forgotten, so the target is measured again. */
    private readonly staleMs = 30_000,
  ) {}

  observe(ms: number, now = Date.now()): void {
    this.value = Number.isNaN(this.value) ? ms : this.alpha * ms + (1 - this.alpha) * this.value;
    this.observedAt = now;
  }

  /**
   * The average, or NaN when there is none or it is stale. A target ranked last is not
   * called, so without forgetting it would never show that it has recovered.
   */
  current(now = Date.now()): number {
    return now - this.observedAt > this.staleMs ? NaN : this.value;
  }
}

/** What this node has learnt about one upstream target; survives snapshot swaps. */
export interface TargetHealth {
  /** `providerId/model`. */
  readonly key: string;
  readonly latency: LatencyEwma;
  /** Null when the target has no breaker configured. */
  breaker: CircuitBreaker | null;
}

/**
 * Per-node health of every target, keyed by provider and model so that what a node has
 * learnt (latency, an open breaker) is kept when a new snapshot arrives.
 */
export class HealthRegistry {
  private readonly targets = new Map<string, TargetHealth>();

  /** The health record of a target; its breaker settings follow the latest snapshot. */
  for(providerId: string, model: string, breaker: SnapshotBreaker | undefined): TargetHealth {
    const key = `${providerId}/${model}`;
    let health = this.targets.get(key);
    if (!health) {
      health = { key, latency: new LatencyEwma(), breaker: null };
      this.targets.set(key, health);
    }
    if (!breaker) health.breaker = null;
    else if (health.breaker) health.breaker.settings = breaker;
    else health.breaker = new CircuitBreaker(breaker);
    return health;
  }

  /** Every target with a breaker (for metrics). */
  *breakers(): Iterable<TargetHealth & { breaker: CircuitBreaker }> {
    for (const h of this.targets.values())
      if (h.breaker) yield h as TargetHealth & { breaker: CircuitBreaker };
  }
}
