import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { NatsSecurity } from '@switchyard/proto';
import { isNatsSecurityError, natsSecurityOptions } from '../snapshot/nats-security';

export interface NatsLinkOptions {
  /** One server or several, comma-separated (`NATS_URL`). */
  natsUrl: string;
  /** TLS and credentials (none: plaintext, no login). */
  security?: NatsSecurity;
  nodeId: string;
  logger: Logger;
}

/**
 * What the link's users hear: `connected` on the first connect and on every reconnect,
 * `disconnected` when the connection drops, `unreachable` after each failed attempt to make
 * the first connection.
 */
export type NatsLinkStatus = 'connected' | 'disconnected' | 'unreachable';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 2000;

/**
 * The node's one connection to NATS, shared by everything that uses NATS (snapshots, budget
 * state, the response cache, the rate-limit exchange). Nothing waits on it: the first
 * connection is retried in the background until it succeeds, later outages are left to the
 * client's own reconnects (unlimited), and a connection the client gives up on is replaced.
 * It alone logs connects, disconnects and refusals; its users only follow `onStatus`. Users
 * stop their own watchers and subscriptions; only the node closes the link, once.
 */
export class NatsLink {
  private nc: NatsConnection | null = null;
  private up = false;
  private closed = false;
  private running: Promise<void> | null = null;
  private lastWarning: string | null = null;
  private readonly retry = new AbortController();
  private readonly listeners = new Set<(status: NatsLinkStatus) => void>();
  private waiters: ((nc: NatsConnection | null) => void)[] = [];

  constructor(private readonly options: NatsLinkOptions) {}

  /** The connection once made (it may be reconnecting), else null. */
  get connection(): NatsConnection | null {
    return this.nc;
  }

  /** True while the connection is up (not before the first connect, nor while reconnecting). */
  get connected(): boolean {
    return this.up;
  }

  start(): void {
    this.running ??= this.run().catch((err: unknown) => {
      this.options.logger.error({ err: (err as Error).message }, 'NATS link stopped unexpectedly');
    });
  }

  /** The connection as soon as there is one; null if the link or `signal` is closed first. */
  ready(signal?: AbortSignal): Promise<NatsConnection | null> {
    if (this.closed || signal?.aborted) return Promise.resolve(null);
    if (this.nc) return Promise.resolve(this.nc);
    return new Promise((resolve) => {
      const done = (nc: NatsConnection | null): void => {
        signal?.removeEventListener('abort', aborted);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(nc);
      };
      const aborted = (): void => done(null);
      signal?.addEventListener('abort', aborted, { once: true });
      this.waiters.push(done);
    });
  }

  /** Calls `listener` on every status change until the returned function is called. */
  onStatus(listener: (status: NatsLinkStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.retry.abort();
    for (const waiter of [...this.waiters]) waiter(null);
    await this.nc?.close().catch(() => undefined);
    await this.running;
  }

  private async run(): Promise<void> {
    let delay = FIRST_RETRY_MS;
    while (!this.closed) {
      let nc: NatsConnection;
      try {
        nc = await this.connect();
      } catch (err) {
        this.report(err);
        this.emit('unreachable');
        await pause(delay, this.retry.signal);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
        continue;
      }
      delay = FIRST_RETRY_MS;
      if (this.closed) {
        await nc.close().catch(() => undefined);
        break;
      }
      this.hold(nc);
      // Unlimited reconnects: this returns only at close, or if the client gives up (e.g. a
      // login refused twice in a row), and then a fresh connection is made.
      const err = await nc.closed();
      this.nc = null;
      if (this.closed) break;
      this.options.logger.warn({ err: err?.message }, 'NATS connection closed; reconnecting');
      this.setUp(false);
      await pause(delay, this.retry.signal);
    }
  }

  private connect(): Promise<NatsConnection> {
    return connect({
      servers: this.options.natsUrl.split(',').map((s) => s.trim()),
      name: `switchyard-gateway-${this.options.nodeId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      timeout: 5000,
      ...natsSecurityOptions(this.options.security),
    });
  }

  private hold(nc: NatsConnection): void {
    this.nc = nc;
    this.lastWarning = null;
    this.options.logger.info({ server: nc.getServer() }, 'connected to NATS');
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type !== 'disconnect' && status.type !== 'reconnect') continue;
        this.options.logger.info({ type: status.type }, 'NATS connection status');
        this.setUp(status.type === 'reconnect');
      }
    })().catch(() => undefined);
    for (const waiter of [...this.waiters]) waiter(nc);
    this.setUp(true);
  }

  private setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.emit(up ? 'connected' : 'disconnected');
  }

  private emit(status: NatsLinkStatus): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(status);
      } catch (err) {
        this.options.logger.error({ err: (err as Error).message, status }, 'NATS status listener failed');
      }
    }
  }

  // Failing to connect is warned about once per distinct error (a refused login, an untrusted
  // certificate, NATS away).
  private report(err: unknown): void {
    const message = (err as Error).message;
    if (message === this.lastWarning) return;
    this.lastWarning = message;
    this.options.logger.warn(
      { err: message, code: (err as { code?: string }).code },
      isNatsSecurityError(err)
        ? 'NATS refused the connection (TLS or credentials); retrying'
        : this.options.security?.tls
          ? 'cannot connect to NATS (a server refusing the TLS client certificate also times out); retrying'
          : 'cannot connect to NATS; retrying',
    );
  }
}

/** Waits `ms`, or less if `signal` is aborted first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
