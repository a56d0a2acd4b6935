import { CircuitBreaker, HealthRegistry, LatencyEwma } from './target-health';

describe('CircuitBreaker', () => {
  const settings = { failures: 3, windowMs: 1000, cooldownMs: 5000 };

  it('opens after N failures within the window, not when they are spread out', () => {
    const spread = new CircuitBreaker(settings);
    spread.failure(0);
    spread.failure(900);
    spread.failure(1950); // the first fell out of the window
    expect(spread.state).toBe('closed');
    const burst = new CircuitBreaker(settings);
    for (const t of [0, 10, 20]) burst.failure(t);
    expect(burst.state).toBe('open');
    expect(burst.allow(4000)).toBe(false);
  });

  it('lets another probe through when one ends without a verdict (cancelled, 4xx)', () => {
    const b = new CircuitBreaker(settings);
    for (const t of [0, 1, 2]) b.failure(t);
    expect(b.allow(5002)).toBe(true);
    expect(b.allow(5003)).toBe(false);
    b.release();
    expect(b.state).toBe('half-open');
    expect(b.allow(5004)).toBe(true);
    const closed = new CircuitBreaker(settings);
    closed.release();
    expect(closed.state).toBe('closed');
  });

  it('lets one probe through after the cooldown; success closes, failure re-opens', () => {
    const b = new CircuitBreaker(settings);
    for (const t of [0, 1, 2]) b.failure(t);
    expect(b.allow(5002)).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.allow(5003)).toBe(false); // one probe at a time
    b.failure(5004);
    expect(b.state).toBe('open');
    expect(b.allow(9000)).toBe(false);
    expect(b.allow(10_005)).toBe(true);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.allow(10_006)).toBe(true);
  });
});

describe('LatencyEwma', () => {
  it('starts at the first observation and moves towards new ones', () => {
    const e = new LatencyEwma(0.5);
    expect(Number.isNaN(e.value)).toBe(true);
    e.observe(100);
    expect(e.value).toBe(100);
    e.observe(200);
    expect(e.value).toBe(150);
  });
});

describe('HealthRegistry', () => {
  it('keeps a target health across snapshots and follows its breaker settings', () => {
    const r = new HealthRegistry();
    const a = r.for('p', 'm', { failures: 1, windowMs: 10, cooldownMs: 10 });
    a.latency.observe(42);
    const b = r.for('p', 'm', { failures: 5, windowMs: 10, cooldownMs: 10 });
    expect(b).toBe(a);
    expect(b.breaker?.settings.failures).toBe(5);
    expect(r.for('p', 'm', undefined).breaker).toBeNull();
    expect(r.for('p', 'm', undefined).latency.value).toBe(42);
  });
});

describe('LatencyEwma staleness', () => {
  it('forgets an average nobody refreshed, so a target ranked last is measured again', () => {
    const e = new LatencyEwma(0.3, 1000);
    e.observe(500, 10_000);
    expect(e.current(10_500)).toBe(500);
    expect(Number.isNaN(e.current(11_001))).toBe(true);
  });
});
