import { Agent, Pool, fetch as undiciFetch } from 'undici';
import { OutboundPolicy } from '@switchyard/proto';
import { guardedConnector } from '../upstream/outbound';

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

  /** `policy` decides which addresses upstream connections may reach (SWITCHYARD_OUTBOUND_ALLOW). */
  constructor(readonly policy = new OutboundPolicy()) {}

  /** A client for origins an adapter picks per request (not the account's base URL), created on first use. */
  anyOrigin(): Agent {
    return (this.agent ??= new Agent({
      connections: CONNECTIONS_PER_ORIGIN,
      keepAliveTimeout: 30_000,
      connect: guardedConnector(this.policy, { timeout: 10_000 }),
    }));
  }

  /**
   * `fetch` for the node's other outbound calls (guardrail webhooks, MCP servers, OAuth
   * token endpoints), through the same outbound policy as provider calls.
   */
  readonly fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: this.anyOrigin() })) as unknown as typeof fetch;

  /** The pool for `origin`, created on first use. */
  acquire(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: CONNECTIONS_PER_ORIGIN,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connect: guardedConnector(this.policy, { timeout: 10_000 }),
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
