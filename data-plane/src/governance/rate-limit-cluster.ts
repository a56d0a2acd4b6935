import type { RateLimitReport, RateLimitWireCounter as WireCounter } from '@switchyard/proto';
import type { RateLimitDimension, RateLimitSpec } from './rate-limit-spec';

/** Why a request was refused, and when it is worth trying again. */
export interface RateLimitRefusal {
  spec: RateLimitSpec;
  dimension: RateLimitDimension;
  retryAfterMs: number;
}

/** The state of one limit dimension as the response headers tell it (the cluster's view). */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Until the window's counts have faded away entirely (0: nothing counted). */
  resetMs: number;
}

export interface RateLimitClusterOptions {
  nodeId: string;
  /** How often nodes exchange their counts; rounds are aligned to multiples of it in epoch time. */
  syncMs: number;
  /** A node not heard from for this long is no longer counted as live. */
  nodeTtlMs: number;
}

const MAX_WINDOW_MS = 86_400_000;

/**
 * This node's counts of one limit: live, as published at the last exchange (`pending`), and
 * as of the last exchange whose reports have all arrived (`snap`, what its share is measured
 * from). All three roll into later windows alike.
 */
class LocalCounter {
  window = 0;
  reqCurr = 0;
  reqPrev = 0;
  tokCurr = 0;
  tokPrev = 0;
  inflight = 0;
  pendReqCurr = 0;
  pendReqPrev = 0;
  pendTokCurr = 0;
  pendTokPrev = 0;
  pendInflight = 0;
  snapReqCurr = 0;
  snapReqPrev = 0;
  snapTokCurr = 0;
  snapTokPrev = 0;
  snapInflight = 0;

  constructor(readonly windowMs: number) {}

  /** Moves the counts into window `w`: the current window becomes the previous one. */
  roll(w: number): void {
    if (w === this.window) return;
    const adjacent = w === this.window + 1;
    this.reqPrev = adjacent ? this.reqCurr : 0;
    this.tokPrev = adjacent ? this.tokCurr : 0;
    this.pendReqPrev = adjacent ? this.pendReqCurr : 0;
    this.pendTokPrev = adjacent ? this.pendTokCurr : 0;
    this.snapReqPrev = adjacent ? this.snapReqCurr : 0;
    this.snapTokPrev = adjacent ? this.snapTokCurr : 0;
    this.reqCurr =
      this.tokCurr =
      this.pendReqCurr =
      this.pendTokCurr =
      this.snapReqCurr =
      this.snapTokCurr =
        0;
    this.window = w;
  }

  /** Remembers the live counts as published now. */
  publish(): void {
    this.pendReqCurr = this.reqCurr;
    this.pendReqPrev = this.reqPrev;
    this.pendTokCurr = this.tokCurr;
    this.pendTokPrev = this.tokPrev;
    this.pendInflight = this.inflight;
  }

  /** The published counts become the basis of this node's share. */
  commit(): void {
    this.snapReqCurr = this.pendReqCurr;
    this.snapReqPrev = this.pendReqPrev;
    this.snapTokCurr = this.pendTokCurr;
    this.snapTokPrev = this.pendTokPrev;
    this.snapInflight = this.pendInflight;
  }

  get idle(): boolean {
    return this.reqCurr + this.reqPrev + this.tokCurr + this.tokPrev + this.inflight === 0;
  }
}

/** The last counts a peer reported for one limit. */
interface PeerCounter {
  window: number;
  reqCurr: number;
  reqPrev: number;
  tokCurr: number;
  tokPrev: number;
  inflight: number;
}

interface Peer {
  lastSeenMs: number;
  /** The exchange round of its last report. */
  round: number;
  /** Replaced whole by each report, so holding on to one is a snapshot. */
  counters: ReadonlyMap<string, PeerCounter>;
}

/** A peer's (previous, current) counts of one dimension as seen from window `w`. */
function peerCounts(p: PeerCounter, w: number, tokens: boolean): [number, number] {
  const curr = tokens ? p.tokCurr : p.reqCurr;
  const prev = tokens ? p.tokPrev : p.reqPrev;
  if (p.window === w) return [prev, curr];
  if (p.window === w - 1) return [curr, 0];
  return [0, 0];
}

/**
 * Milliseconds until a sliding-window estimate `prev × (1 − elapsed) + curr` has fallen to
 * `limit − need` (0 if it already has), given that nothing more is counted meanwhile.
 */
export function msUntilRoom(
  prev: number,
  curr: number,
  limit: number,
  need: number,
  elapsedMs: number,
  windowMs: number,
): number {
  const target = limit - need;
  const w = 1 - elapsedMs / windowMs;
  if (prev * w + curr <= target) return 0;
  if (curr <= target && prev > 0) return Math.max(0, (w - (target - curr) / prev) * windowMs);
  // Not within this window: the current count fades through the next one.
  const fraction = curr > 0 ? Math.max(0, 1 - Math.max(0, target) / curr) : 0;
  return windowMs - elapsedMs + fraction * windowMs;
}

/**
 * Rate-limit admission on one node, correct across nodes without a shared counter on the
 * request path. Each node counts what it admits, per limit and window (windows aligned to
 * epoch time, so every node agrees on them; a sliding estimate weights the previous window
 * by how much of it still overlaps, so a window boundary does not allow a double burst).
 * Every `syncMs` (rounds aligned to epoch time) each node publishes its counts. Once it has
 * every live node's report of a round (or half a round has passed), it may admit, until the
 * next such round, only its share of what the cluster had left:
 *
 *   own count − own count at the round  ≤  (limit − everyone's counts at the round) / live nodes
 *
 * so the shares add up to what was left and the cluster total stays at or below the limit,
 * while a busy node takes a share of what idle nodes leave at every round. The integer
 * remainder goes to a different node each round. Until the node hears from NATS (or once it
 * loses it) it admits up to `limit / last known node count` on its own counts.
 */
export class RateLimitCluster {
  private readonly counters = new Map<string, LocalCounter>();
  private readonly peers = new Map<string, Peer>();
  /** Peers' counters as of the committed round (the basis of this node's shares). */
  private basis = new Map<string, ReadonlyMap<string, PeerCounter>>();
  private round = 0;
  private rank = 0;
  private live = 1;
  /** The round published and not yet committed: its time, live set and the peers not yet heard. */
  private pending: { round: number; atMs: number; live: number; rank: number; awaiting: Set<string> } | null =
    null;
  private connected = false;
  /** Live nodes when NATS was last reachable: what an isolated node divides limits by. */
  private lastLive = 1;
  /** When NATS came back; for a while the node divides by at least `lastLive` (its peers' reports are stale). */
  private reconnectedAtMs = -Infinity;

  constructor(private readonly options: RateLimitClusterOptions) {}

  /** Live nodes this node divides limits among (itself included). */
  get liveNodes(): number {
    return this.connected ? (this.pending?.live ?? this.live) : this.lastLive;
  }

  /** True while this node cannot exchange counts and falls back to `limit / last known node count`. */
  get isolated(): boolean {
    return !this.connected;
  }

  /** NATS reachable or not (from the exchange's connection status). */
  setConnected(connected: boolean, nowMs = Date.now()): void {
    if (this.connected && !connected) this.lastLive = Math.max(1, this.liveNodes);
    if (!this.connected && connected) this.reconnectedAtMs = nowMs;
    this.connected = connected;
  }

  /**
   * The first limit (in the order given) that refuses one more request now, or null.
   * Checks concurrency, then requests, then tokens of each limit.
   */
  check(specs: readonly RateLimitSpec[], nowMs: number): RateLimitRefusal | null {
    if (this.pending && nowMs - this.pending.atMs >= this.options.syncMs / 2) this.commit();
    for (const spec of specs) {
      const c = this.counter(spec, nowMs);
      const elapsed = nowMs % spec.windowMs;
      const w = 1 - elapsed / spec.windowMs;
      if (spec.concurrent !== null) {
        if (c.inflight + 1 > c.snapInflight + this.share(spec, 'concurrency', c, w, nowMs))
          return { spec, dimension: 'concurrency', retryAfterMs: 1000 };
      }
      if (spec.requests !== null) {
        const own = c.reqPrev * w + c.reqCurr - (c.snapReqPrev * w + c.snapReqCurr);
        if (own + 1 > this.share(spec, 'requests', c, w, nowMs) + 1e-9)
          return { spec, dimension: 'requests', retryAfterMs: this.retryAfter(spec, c, false, nowMs) };
      }
      if (spec.tokens !== null) {
        const own = c.tokPrev * w + c.tokCurr - (c.snapTokPrev * w + c.snapTokCurr);
        if (own >= this.share(spec, 'tokens', c, w, nowMs))
          return { spec, dimension: 'tokens', retryAfterMs: this.retryAfter(spec, c, true, nowMs) };
      }
    }
    return null;
  }

  /** Counts an admitted request against every limit: one request, one in flight, `tokens` reserved. */
  admit(specs: readonly RateLimitSpec[], tokens: number, nowMs: number): void {
    for (const spec of specs) {
      const c = this.counter(spec, nowMs);
      c.reqCurr++;
      c.inflight++;
      if (spec.tokens !== null) c.tokCurr += tokens;
    }
  }

  /**
   * Ends a request admitted at `admittedMs` with `reserved` tokens: no longer in flight,
   * and its tokens corrected to `used` (in the window it was admitted in; a later window
   * only gets what exceeds the reservation).
   */
  release(
    specs: readonly RateLimitSpec[],
    admittedMs: number,
    reserved: number,
    used: number,
    nowMs: number,
  ): void {
    for (const spec of specs) {
      const c = this.counter(spec, nowMs);
      if (c.inflight > 0) c.inflight--;
      if (spec.tokens === null) continue;
      const delta = used - reserved;
      if (Math.floor(admittedMs / spec.windowMs) === c.window) c.tokCurr = Math.max(0, c.tokCurr + delta);
      else if (delta > 0) c.tokCurr += delta;
    }
  }

  /** The cluster's view of one dimension of a limit (for `x-ratelimit-*` headers). */
  state(spec: RateLimitSpec, tokens: boolean, nowMs: number): RateLimitState {
    const limit = (tokens ? spec.tokens : spec.requests) ?? 0;
    const c = this.counter(spec, nowMs);
    const elapsed = nowMs % spec.windowMs;
    const [prev, curr] = this.clusterCounts(spec, c, tokens, false);
    const used = prev * (1 - elapsed / spec.windowMs) + curr;
    return {
      limit,
      remaining: Math.max(0, Math.floor(limit - used)),
      resetMs: curr > 0 ? 2 * spec.windowMs - elapsed : prev > 0 ? spec.windowMs - elapsed : 0,
    };
  }

  /**
   * Starts exchange round `floor(now / syncMs)`: rolls windows, remembers what this node
   * publishes (its next share is measured from it), drops what no longer counts, and
   * returns the report to publish. The round is committed once every live peer's report
   * of it has arrived.
   */
  tick(nowMs: number): RateLimitReport {
    if (this.pending) this.commit();
    const round = Math.floor(nowMs / this.options.syncMs);
    const counters: WireCounter[] = [];
    for (const [name, c] of this.counters) {
      c.roll(Math.floor(nowMs / c.windowMs));
      if (c.idle) {
        this.counters.delete(name);
        continue;
      }
      c.publish();
      counters.push([name, c.window, c.reqCurr, c.reqPrev, c.tokCurr, c.tokPrev, c.inflight]);
    }
    const ids = [this.options.nodeId];
    const awaiting = new Set<string>();
    for (const [id, peer] of this.peers) {
      if (nowMs - peer.lastSeenMs <= this.options.nodeTtlMs) {
        ids.push(id);
        if (peer.round < round) awaiting.add(id);
      } else if (nowMs - peer.lastSeenMs > 2 * MAX_WINDOW_MS) this.peers.delete(id);
      // A silent peer's counts still count until its windows have passed.
    }
    ids.sort();
    this.pending = { round, atMs: nowMs, live: ids.length, rank: ids.indexOf(this.options.nodeId), awaiting };
    if (awaiting.size === 0 || !this.connected) this.commit();
    return { node: this.options.nodeId, round, counters };
  }

  /** Takes in another node's report. */
  receive(report: RateLimitReport, nowMs: number): void {
    if (report.node === this.options.nodeId) return;
    const counters = new Map<string, PeerCounter>();
    for (const [name, window, reqCurr, reqPrev, tokCurr, tokPrev, inflight] of report.counters)
      counters.set(name, { window, reqCurr, reqPrev, tokCurr, tokPrev, inflight });
    const known = this.peers.has(report.node);
    this.peers.set(report.node, { lastSeenMs: nowMs, round: report.round, counters });
    const pending = this.pending;
    if (!pending) {
      // A node heard for the first time counts from now on (it takes part from the next round).
      if (!known) this.basis.set(report.node, counters);
      return;
    }
    if (report.round >= pending.round && pending.awaiting.delete(report.node) && pending.awaiting.size === 0)
      this.commit();
  }

  /** Every live node's report of the pending round is in (or it is late): shares are measured from it now. */
  private commit(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    for (const c of this.counters.values()) c.commit();
    const basis = new Map<string, ReadonlyMap<string, PeerCounter>>();
    for (const [id, peer] of this.peers) basis.set(id, peer.counters);
    this.basis = basis;
    this.round = pending.round;
    this.live = pending.live;
    this.rank = pending.rank;
  }

  private counter(spec: RateLimitSpec, nowMs: number): LocalCounter {
    let c = this.counters.get(spec.counter);
    const w = Math.floor(nowMs / spec.windowMs);
    if (!c) {
      c = new LocalCounter(spec.windowMs);
      c.window = w;
      this.counters.set(spec.counter, c);
    } else c.roll(w);
    return c;
  }

  /**
   * (previous, current) window counts of the cluster for one dimension: this node's live
   * counts and every peer's last report, or (`atRound`) both as of the committed round.
   */
  private clusterCounts(
    spec: RateLimitSpec,
    c: LocalCounter,
    tokens: boolean,
    atRound: boolean,
  ): [number, number] {
    let prev = atRound ? (tokens ? c.snapTokPrev : c.snapReqPrev) : tokens ? c.tokPrev : c.reqPrev;
    let curr = atRound ? (tokens ? c.snapTokCurr : c.snapReqCurr) : tokens ? c.tokCurr : c.reqCurr;
    if (!this.connected) return [prev, curr];
    if (atRound) {
      for (const counters of this.basis.values()) {
        const p = counters.get(spec.counter);
        if (!p) continue;
        const [pp, pc] = peerCounts(p, c.window, tokens);
        prev += pp;
        curr += pc;
      }
    } else {
      for (const peer of this.peers.values()) {
        const p = peer.counters.get(spec.counter);
        if (!p) continue;
        const [pp, pc] = peerCounts(p, c.window, tokens);
        prev += pp;
        curr += pc;
      }
    }
    return [prev, curr];
  }

  /** What this node may still add, beyond its count at the committed round, to one dimension. */
  private share(
    spec: RateLimitSpec,
    dimension: RateLimitDimension,
    c: LocalCounter,
    w: number,
    nowMs: number,
  ): number {
    const limit =
      dimension === 'requests' ? spec.requests! : dimension === 'tokens' ? spec.tokens! : spec.concurrent!;
    if (!this.connected) {
      // Isolated: this node's own counts against its part of the limit.
      const part = Math.max(1, Math.floor(limit / this.lastLive));
      const own =
        dimension === 'concurrency'
          ? c.snapInflight
          : dimension === 'tokens'
            ? c.snapTokPrev * w + c.snapTokCurr
            : c.snapReqPrev * w + c.snapReqCurr;
      return part - own;
    }
    let known: number;
    if (dimension === 'concurrency') {
      known = c.snapInflight;
      for (const counters of this.basis.values()) known += counters.get(spec.counter)?.inflight ?? 0;
    } else {
      const [prev, curr] = this.clusterCounts(spec, c, dimension === 'tokens', true);
      known = prev * w + curr;
    }
    return this.split(limit - known, nowMs);
  }

  /**
   * This node's part of `remaining`: an equal share, the integer remainder rotating between
   * nodes by round. Not the remainder between publishing a round and committing it: the
   * next round may give it to another node, which would not yet know it was used.
   */
  private split(remaining: number, nowMs: number): number {
    // Back from an outage, peers are heard again within a round or two; until then a node
    // that thought itself alone would hand itself everything.
    const n =
      nowMs - this.reconnectedAtMs < this.options.nodeTtlMs ? Math.max(this.live, this.lastLive) : this.live;
    if (n <= 1) return Math.max(0, remaining);
    const whole = Math.floor(remaining + 1e-9);
    if (whole <= 0) return 0;
    const base = Math.floor(whole / n);
    const extra = !this.pending && (this.rank + this.round) % n < whole - base * n ? 1 : 0;
    return base + extra;
  }

  private retryAfter(spec: RateLimitSpec, c: LocalCounter, tokens: boolean, nowMs: number): number {
    const limit = (tokens ? spec.tokens : spec.requests)!;
    const [prev, curr] = this.clusterCounts(spec, c, tokens, false);
    const wait = msUntilRoom(prev, curr, limit, 1, nowMs % spec.windowMs, spec.windowMs);
    // Room left in the cluster but not in this node's share: the next exchange may give some.
    return Math.max(wait, this.options.syncMs);
  }
}
