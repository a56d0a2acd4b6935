import { Agent, Pool } from 'undici';

// Enough connections for heavy concurrency to one provider, bounded so a stampede cannot
// exhaust file descriptors.
const CONNECTIONS_PER_ORIGIN = 512;

/**
 * One pooled undici client per upstream origin, shared by every provider on that origin and
 * kept across snapshot swaps, so a new snapshot does not throw warm connections away.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  private agent: Agent | null = null;

  /** A client for origins an adapter picks per request (not the account's base URL), created on first use. */
  anyOrigin(): Agent {
    return (this.agent ??= new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: 30_000 }));
  }

  /** The pool for `origin`, created on first use. */
  acquire(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: CONNECTIONS_PER_ORIGIN,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connect: { timeout: 10_000 },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes pools no longer used by the running config; their in-flight requests finish first. */
  retainOnly(origins: ReadonlySet<string>): void {
    for (const [origin, pool] of this.pools) {
      if (origins.has(origin)) continue;
      this.pools.delete(origin);
      void pool.close().catch(() => undefined);
    }
  }

  /** Closes every pool (shutdown). */
  async closeAll(): Promise<void> {
    const pools: (Pool | Agent)[] = [...this.pools.values()];
    if (this.agent) pools.push(this.agent);
    this.pools.clear();
    this.agent = null;
    await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
  }
}
