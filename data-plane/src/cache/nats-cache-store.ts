import { connect, type KV, type NatsConnection, type QueuedIterator, type KvEntry } from 'nats';
import type { Logger } from 'pino';
import { MAX_CACHE_TTL_SECONDS, type NatsSecurity } from '@switchyard/proto';
import { natsSecurityOptions } from '../snapshot/nats-security';

/** Where cache entries are shared between nodes. Nothing on it may block a request for long. */
export interface CacheStore {
  /** The value under `key`, or null when absent, slow (past the lookup timeout) or unreachable. */
  get(key: string): Promise<Uint8Array | null>;
  /** Writes in the background; a failure is logged, never reported to the request. */
  put(key: string, value: Uint8Array): void;
}

export interface NatsCacheStoreOptions {
  natsUrl: string;
  /** TLS and credentials, as for the snapshot watcher. */
  security?: NatsSecurity;
  bucket: string;
  nodeId: string;
  logger: Logger;
  /** How long a lookup waits for NATS before it counts as a miss. */
  lookupTimeoutMs: number;
  /** Keys (NATS subject wildcards) whose values, written by any node, are passed to `onEntry`. */
  watchKeys: string;
  onEntry(key: string, value: Uint8Array): void;
}

const RETRY_MS = 1000;

/**
 * The cache's shared store: a JetStream KV bucket (created if missing, values kept at most
 * `MAX_CACHE_TTL_SECONDS`; each entry also carries its own expiry). Connects in the
 * background and keeps retrying; until connected, or while disconnected, every lookup is
 * an immediate miss and writes are dropped. Lookups are raced against a short timeout.
 */
export class NatsCacheStore implements CacheStore {
  private connection: NatsConnection | null = null;
  private kv: KV | null = null;
  private connected = false;
  private watcher: QueuedIterator<KvEntry> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: NatsCacheStoreOptions) {}

  start(): void {
    this.running = this.run().catch((err: unknown) => {
      this.options.logger.error({ err: (err as Error).message }, 'cache store stopped unexpectedly');
    });
  }

  get(key: string): Promise<Uint8Array | null> {
    const kv = this.kv;
    if (!kv || !this.connected) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), this.options.lookupTimeoutMs);
      kv.get(key).then(
        (entry) => {
          clearTimeout(timer);
          resolve(entry && entry.operation === 'PUT' && entry.value.length > 0 ? entry.value : null);
        },
        () => {
          clearTimeout(timer);
          resolve(null);
        },
      );
    });
  }

  put(key: string, value: Uint8Array): void {
    const kv = this.kv;
    if (!kv || !this.connected) return;
    kv.put(key, value).catch((err: unknown) => {
      this.options.logger.debug({ err: (err as Error).message }, 'cache write failed');
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    this.watcher?.stop();
    await this.connection?.close().catch(() => undefined);
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        this.connection ??= await this.connect();
        if (this.closed) break;
        this.kv ??= await this.openBucket(this.connection);
        this.connected = !this.connection.isClosed();
        await this.follow(this.kv);
      } catch (err) {
        this.options.logger.debug({ err: (err as Error).message }, 'cache store not available yet; retrying');
      }
      if (this.connection?.isClosed()) {
        this.connection = null;
        this.kv = null;
        this.connected = false;
      }
      if (this.closed) break;
      await new Promise<void>((resolve) => {
        this.wakeRetry = resolve;
        this.retryTimer = setTimeout(resolve, RETRY_MS);
      });
    }
  }

  private async connect(): Promise<NatsConnection> {
    const nc = await connect({
      servers: this.options.natsUrl.split(',').map((s) => s.trim()),
      name: `switchyard-cache-${this.options.nodeId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      timeout: 5000,
      ...natsSecurityOptions(this.options.security),
    });
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.connected = false;
        if (status.type === 'reconnect') this.connected = this.kv !== null;
      }
    })().catch(() => undefined);
    if (this.closed) await nc.close();
    return nc;
  }

  private async openBucket(nc: NatsConnection): Promise<KV> {
    const views = nc.jetstream().views;
    try {
      return await views.kv(this.options.bucket, { history: 1, ttl: MAX_CACHE_TTL_SECONDS * 1000 });
    } catch {
      // Created elsewhere with other limits: use it as it is.
      return views.kv(this.options.bucket, { bindOnly: true });
    }
  }

  /** Passes entries other nodes (and this one) write under `watchKeys` on, until the watch ends. */
  private async follow(kv: KV): Promise<void> {
    const watcher = await kv.watch({ key: this.options.watchKeys, ignoreDeletes: true });
    this.watcher = watcher;
    if (this.closed) watcher.stop();
    try {
      for await (const entry of watcher) {
        if (entry.operation !== 'PUT' || entry.value.length === 0) continue;
        this.options.onEntry(entry.key, entry.value);
      }
    } finally {
      this.watcher = null;
    }
  }
}
