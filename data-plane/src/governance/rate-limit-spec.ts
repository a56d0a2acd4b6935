import { rateLimitCounter, type Snapshot } from '@switchyard/proto';

/** What a rate limit applies to; the 429 message and the refusal metric name it. */
export type RateLimitScope = 'key' | 'workspace' | 'route';

/** Which limit of a scope refused: requests or tokens per window, or requests in flight. */
export type RateLimitDimension = 'requests' | 'tokens' | 'concurrency';

/**
 * One rate limit, ready for the hot path. `counter` names its counters on every node: the
 * limit's id and window length, so counts survive snapshots that change the numbers but
 * restart when the window changes.
 */
export interface RateLimitSpec {
  counter: string;
  scope: RateLimitScope;
  windowMs: number;
  requests: number | null;
  tokens: number | null;
  concurrent: number | null;
}

const NONE: readonly RateLimitSpec[] = [];

/**
 * The rate limits of a snapshot by what they apply to, and the list each (key, route) pair
 * is subject to (its key's, its route's, its workspace's, in that order), built on first use
 * and kept for the life of the snapshot so a request costs one map lookup.
 */
export class RateLimitIndex {
  private readonly byKey = new Map<string, RateLimitSpec>();
  private readonly byRoute = new Map<string, RateLimitSpec>();
  private readonly byWorkspace = new Map<string, RateLimitSpec>();
  private readonly lists = new Map<string, readonly RateLimitSpec[]>();

  constructor(snapshot: Snapshot) {
    for (const l of snapshot.content.rateLimits ?? []) {
      const scope: RateLimitScope = l.keyId !== null ? 'key' : l.routeId !== null ? 'route' : 'workspace';
      const spec: RateLimitSpec = {
        counter: rateLimitCounter(l.id, l.windowSeconds),
        scope,
        windowMs: l.windowSeconds * 1000,
        requests: l.requestsPerWindow,
        tokens: l.tokensPerWindow,
        concurrent: l.concurrent,
      };
      if (l.keyId !== null) this.byKey.set(l.keyId, spec);
      else if (l.routeId !== null) this.byRoute.set(l.routeId, spec);
      else this.byWorkspace.set(l.workspaceId, spec);
    }
  }

  get empty(): boolean {
    return this.byKey.size === 0 && this.byRoute.size === 0 && this.byWorkspace.size === 0;
  }

  /** The limits a request by `keyId` on `routeId` counts against (often none). */
  limitsFor(workspaceId: string, keyId: string, routeId: string): readonly RateLimitSpec[] {
    if (this.empty) return NONE;
    const id = `${keyId}/${routeId}`;
    let list = this.lists.get(id);
    if (list) return list;
    const found = [this.byKey.get(keyId), this.byRoute.get(routeId), this.byWorkspace.get(workspaceId)];
    list = found.filter((s): s is RateLimitSpec => s !== undefined);
    if (list.length === 0) list = NONE;
    this.lists.set(id, list);
    return list;
  }
}
