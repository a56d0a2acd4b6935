import { parseRateLimitReport, type RateLimitReport } from '@switchyard/proto';
import { msUntilRoom, RateLimitCluster } from './rate-limit-cluster';
import { formatResetDuration } from './rate-limit-admission';
import type { RateLimitSpec } from './rate-limit-spec';

const SYNC_MS = 100;
const WINDOW_MS = 10_000;
// A fixed, window-aligned start, so the windows of the simulations are known.
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % WINDOW_MS);

function spec(overrides: Partial<RateLimitSpec> = {}): RateLimitSpec {
  return {
    counter: 'l1/10',
    scope: 'key',
    windowMs: WINDOW_MS,
    requests: null,
    tokens: null,
    concurrent: null,
    ...overrides,
  };
}

function node(id: string): RateLimitCluster {
  const c = new RateLimitCluster({ nodeId: id, syncMs: SYNC_MS, nodeTtlMs: 2000 });
  c.setConnected(true);
  return c;
}

/**
 * Nodes exchanging reports in-process on a fake clock: every `SYNC_MS` each node ticks, and
 * its report reaches the others `delayMs` later (in order).
 */
class Simulation {
  readonly nodes: RateLimitCluster[];
  now = T0;
  private inFlight: { at: number; from: number; report: RateLimitReport }[] = [];

  constructor(
    count: number,
    private readonly delayMs = 2,
  ) {
    this.nodes = Array.from({ length: count }, (_, i) => node(`node-${i}`));
    // Everyone hears everyone, and knows it, before the load starts.
    this.exchange();
    this.advance(SYNC_MS + this.delayMs + 1);
  }

  private exchange(): void {
    this.nodes.forEach((n, from) =>
      this.inFlight.push({ at: this.now + this.delayMs, from, report: n.tick(this.now) }),
    );
  }

  /** Moves the clock on by `ms`, ticking at multiples of `SYNC_MS` and delivering reports when due. */
  advance(ms: number): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now++;
      const due = this.inFlight.filter((m) => m.at <= this.now);
      this.inFlight = this.inFlight.filter((m) => m.at > this.now);
      for (const m of due) this.nodes.forEach((n, i) => i !== m.from && n.receive(m.report, this.now));
      if (this.now % SYNC_MS === 0) this.exchange();
    }
  }

  /** Node `i` tries one request; true when admitted (it stays in flight until released). */
  attempt(i: number, s: RateLimitSpec, tokens = 0): boolean {
    const n = this.nodes[i];
    if (n.check([s], this.now)) return false;
    n.admit([s], tokens, this.now);
    return true;
  }
}

/** Every node tries `perMs` requests each millisecond for `ms`; admissions counted per window index. */
function saturate(
  sim: Simulation,
  s: RateLimitSpec,
  ms: number,
  busy: number[],
  perMs = 1,
): Map<number, number> {
  const admitted = new Map<number, number>();
  for (let t = 0; t < ms; t++) {
    for (const i of busy) {
      for (let k = 0; k < perMs; k++) {
        if (!sim.attempt(i, s)) continue;
        sim.nodes[i].release([s], sim.now, 0, 0, sim.now);
        const w = Math.floor(sim.now / WINDOW_MS);
        admitted.set(w, (admitted.get(w) ?? 0) + 1);
      }
    }
    sim.advance(1);
  }
  return admitted;
}

describe('RateLimitCluster on one node', () => {
  it('admits up to the limit in a window, then refuses with the wait until room', () => {
    const n = node('solo');
    const s = spec({ requests: 10 });
    let now = T0 + 1000;
    n.tick(now);
    for (let i = 0; i < 10; i++) {
      expect(n.check([s], now)).toBeNull();
      n.admit([s], 0, now);
    }
    const refusal = n.check([s], now);
    expect(refusal).toMatchObject({ dimension: 'requests', spec: s });
    // Nothing counted before: the window's 10 fade out through the next window.
    expect(refusal!.retryAfterMs).toBeGreaterThan(WINDOW_MS - 1000);
    expect(n.state(s, false, now)).toEqual({ limit: 10, remaining: 0, resetMs: 2 * WINDOW_MS - 1000 });

    // Half way through the next window half of the previous window still counts: 5 more.
    now = T0 + WINDOW_MS + WINDOW_MS / 2;
    n.tick(now);
    let admitted = 0;
    while (!n.check([s], now)) {
      n.admit([s], 0, now);
      admitted++;
    }
    expect(admitted).toBe(5);
  });

  it('refuses tokens once the window has used the limit, and corrects a reservation to what was used', () => {
    const n = node('solo');
    const s = spec({ tokens: 1000 });
    const now = T0 + 10;
    n.tick(now);
    n.admit([s], 100, now);
    expect(n.state(s, true, now).remaining).toBe(900);
    n.release([s], now, 100, 950, now);
    expect(n.state(s, true, now).remaining).toBe(50);
    expect(n.check([s], now)).toBeNull();
    n.admit([s], 10, now);
    n.release([s], now, 10, 60, now);
    expect(n.check([s], now)).toMatchObject({ dimension: 'tokens' });
  });

  it('limits requests in flight and frees the place on release', () => {
    const n = node('solo');
    const s = spec({ concurrent: 2 });
    const now = T0 + 10;
    n.tick(now);
    n.admit([s], 0, now);
    n.admit([s], 0, now);
    expect(n.check([s], now)).toMatchObject({ dimension: 'concurrency', retryAfterMs: 1000 });
    n.release([s], now, 0, 0, now);
    expect(n.check([s], now)).toBeNull();
  });

  it('names the first limit that refuses, in the order given', () => {
    const n = node('solo');
    const key = spec({ counter: 'k/10', requests: 100 });
    const route = spec({ counter: 'r/10', scope: 'route', requests: 1 });
    n.tick(T0);
    n.admit([key, route], 0, T0);
    expect(n.check([key, route], T0)).toMatchObject({ spec: route, dimension: 'requests' });
  });
});

describe('RateLimitCluster across nodes', () => {
  it('keeps three saturated nodes within 10% of the limit in every window', () => {
    const sim = new Simulation(3);
    const s = spec({ requests: 100 });
    sim.advance(WINDOW_MS - ((sim.now - T0) % WINDOW_MS)); // start on a window boundary
    const admitted = saturate(sim, s, 3 * WINDOW_MS, [0, 1, 2]);
    expect([...admitted.values()]).toHaveLength(3);
    for (const count of admitted.values()) {
      expect(count).toBeGreaterThanOrEqual(90);
      expect(count).toBeLessThanOrEqual(110);
    }
  });

  it('stays within 10% when reports arrive late and nodes ask at different rates', () => {
    const sim = new Simulation(3, 30);
    const s = spec({ requests: 300 });
    sim.advance(WINDOW_MS - ((sim.now - T0) % WINDOW_MS));
    const admitted = new Map<number, number>();
    for (let t = 0; t < 2 * WINDOW_MS; t++) {
      for (const [i, every] of [
        [0, 1],
        [1, 3],
        [2, 7],
      ]) {
        if (t % every !== 0 || !sim.attempt(i, s)) continue;
        const w = Math.floor(sim.now / WINDOW_MS);
        admitted.set(w, (admitted.get(w) ?? 0) + 1);
      }
      sim.advance(1);
    }
    for (const count of admitted.values()) {
      expect(count).toBeGreaterThanOrEqual(270);
      expect(count).toBeLessThanOrEqual(330);
    }
  });

  it('lets one busy node take what idle nodes leave', () => {
    const sim = new Simulation(3);
    const s = spec({ requests: 100 });
    sim.advance(WINDOW_MS - ((sim.now - T0) % WINDOW_MS));
    const admitted = saturate(sim, s, WINDOW_MS, [1]);
    expect(sim.nodes[1].liveNodes).toBe(3);
    expect([...admitted.values()][0]).toBeGreaterThanOrEqual(90);
    expect([...admitted.values()][0]).toBeLessThanOrEqual(100);
  });

  it('gives a small limit out whole, the remainder rotating between nodes', () => {
    const sim = new Simulation(3);
    const s = spec({ requests: 5 });
    sim.advance(WINDOW_MS - ((sim.now - T0) % WINDOW_MS));
    const admitted = saturate(sim, s, WINDOW_MS, [0, 1, 2]);
    expect([...admitted.values()][0]).toBe(5);
  });

  it('never has more requests in flight across nodes than the concurrency limit', () => {
    const sim = new Simulation(3);
    const s = spec({ concurrent: 10 });
    const held: { node: number; until: number }[] = [];
    let peak = 0;
    let admitted = 0;
    for (let t = 0; t < 2000; t++) {
      for (let i = 0; i < 3; i++) {
        if (!sim.attempt(i, s)) continue;
        admitted++;
        held.push({ node: i, until: sim.now + 5 + ((t * 7 + i * 13) % 40) });
      }
      peak = Math.max(peak, held.length);
      sim.advance(1);
      for (const h of held.filter((x) => x.until <= sim.now)) {
        sim.nodes[h.node].release([s], sim.now, 0, 0, sim.now);
        held.splice(held.indexOf(h), 1);
      }
    }
    expect(peak).toBeLessThanOrEqual(10);
    expect(peak).toBeGreaterThanOrEqual(9);
    expect(admitted).toBeGreaterThan(200);
  });

  it('keeps tokens per window near the limit across nodes (actual usage added on release)', () => {
    const sim = new Simulation(3);
    const s = spec({ tokens: 10_000 });
    sim.advance(WINDOW_MS - ((sim.now - T0) % WINDOW_MS));
    const used = new Map<number, number>();
    for (let t = 0; t < WINDOW_MS; t++) {
      for (let i = 0; i < 3; i++) {
        if (!sim.attempt(i, s, 20)) continue;
        sim.nodes[i].release([s], sim.now, 20, 50, sim.now);
        const w = Math.floor(sim.now / WINDOW_MS);
        used.set(w, (used.get(w) ?? 0) + 50);
      }
      sim.advance(1);
    }
    const tokens = [...used.values()][0];
    expect(tokens).toBeGreaterThanOrEqual(9_000);
    expect(tokens).toBeLessThanOrEqual(11_000);
  });

  it('forgets a silent node after the TTL and divides among the nodes still heard', () => {
    const sim = new Simulation(3);
    expect(sim.nodes[0].liveNodes).toBe(3);
    // Node 2 stops reporting: deliver only nodes 0 and 1 from here on.
    const [a, b] = sim.nodes;
    let now = sim.now;
    for (let t = 0; t < 25; t++) {
      now += SYNC_MS;
      const ra = a.tick(now);
      const rb = b.tick(now);
      a.receive(rb, now + 1);
      b.receive(ra, now + 1);
    }
    expect(a.liveNodes).toBe(2);
    expect(b.liveNodes).toBe(2);
  });

  it('falls back to limit / last known node count on its own counts when NATS is lost', () => {
    const sim = new Simulation(3);
    const s = spec({ requests: 90 });
    const n = sim.nodes[0];
    n.setConnected(false);
    expect(n.isolated).toBe(true);
    expect(n.liveNodes).toBe(3);
    n.tick(sim.now);
    let admitted = 0;
    while (!n.check([s], sim.now)) {
      n.admit([s], 0, sim.now);
      admitted++;
      if (admitted > 100) break;
    }
    expect(admitted).toBe(30);
  });

  it('back from an outage, divides by at least the nodes it knew until it hears them again', () => {
    const sim = new Simulation(3);
    const s = spec({ requests: 90 });
    const n = sim.nodes[0];
    n.setConnected(false, sim.now);
    // Long enough for every peer to have gone silent.
    let now = sim.now + 5000;
    n.tick(now);
    n.setConnected(true, now);
    now += SYNC_MS;
    n.tick(now);
    expect(n.liveNodes).toBe(1);
    let admitted = 0;
    while (!n.check([s], now) && admitted <= 90) {
      n.admit([s], 0, now);
      admitted++;
    }
    expect(admitted).toBe(30);
  });
});

describe('rate-limit helpers', () => {
  it('computes the wait until a sliding window has room', () => {
    // 100 in the previous window, 50 in this one, limit 100, 0 elapsed: prev must fade to 49.
    expect(msUntilRoom(100, 50, 100, 1, 0, 10_000)).toBeCloseTo(5100, 0);
    expect(msUntilRoom(0, 10, 100, 1, 0, 10_000)).toBe(0);
    // This window alone is over the limit: wait for it to end and fade a little.
    expect(msUntilRoom(0, 100, 100, 1, 4000, 10_000)).toBeCloseTo(6000 + 100, 0);
  });

  it("formats reset durations as OpenAI's headers do", () => {
    expect(formatResetDuration(0)).toBe('0s');
    expect(formatResetDuration(250)).toBe('250ms');
    expect(formatResetDuration(12_000)).toBe('12s');
    expect(formatResetDuration(90_500)).toBe('1m31s');
    expect(formatResetDuration(7_205_000)).toBe('2h0m5s');
  });

  it('accepts well-formed reports only', () => {
    const good = { node: 'a', round: 1, counters: [['l1/60', 5, 1, 2, 3, 4, 0]] };
    expect(parseRateLimitReport(JSON.stringify(good))).toEqual(good);
    expect(parseRateLimitReport('not json')).toBeNull();
    expect(
      parseRateLimitReport(JSON.stringify({ ...good, counters: [['l1/60', 5, 'x', 2, 3, 4, 0]] })),
    ).toBeNull();
    expect(
      parseRateLimitReport(JSON.stringify({ ...good, counters: [['l1/60', 5, -1, 2, 3, 4, 0]] })),
    ).toBeNull();
    expect(parseRateLimitReport(JSON.stringify({ node: 'a', counters: [] }))).toBeNull();
  });
});
