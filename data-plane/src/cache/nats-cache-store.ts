import type { KV, KvEntry, NatsConnection, QueuedIterator } from 'nats';
import type { Logger } from 'pino';
import { MAX_CACHE_TTL_SECONDS } from '@switchyard/proto';
import { pause, type NatsLink, type NatsLinkStatus } from '../nats/nats-link';

/** Where cache entries are shared between nodes. Nothing on it may block a request for long. */
export interface CacheStore {
  /** The value under `key`, or null when absent, slow (past the lookup timeout) or unreachable. */
  get(key: string): Promise<Uint8Array | null>;
  /** Writes in the background; a failure is logged, never reported to the request. */
  put(key: string, value: Uint8Array): void;
}

export interface NatsCacheStoreOptions {
  /** The node's NATS connection; the store never closes it. */
  link: NatsLink;
  bucket: string;
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
 * `MAX_CACHE_TTL_SECONDS`; each entry also carries its own expiry), over the node's NATS
 * link. Until the bucket is open, or while NATS is disconnected, every lookup is an
 * immediate miss and writes are dropped. Lookups are raced against a short timeout.
 */
export class NatsCacheStore implements CacheStore {
  private kv: KV | null = null;
  /** The connection `kv` was opened on. */
  private kvConnection: NatsConnection | null = null;
  private connected = false;
  private watcher: QueuedIterator<KvEntry> | null = null;
  private readonly stop = new AbortController();
  private running: Promise<void> | null = null;
  private unfollowStatus: (() => void) | null = null;

  constructor(private readonly options: NatsCacheStoreOptions) {}

  start(): void {
    this.unfollowStatus = this.options.link.onStatus((status) => this.onStatus(status));
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

  /** Stops watching; the link stays open for the node to close. */
  async close(): Promise<void> {
    this.stop.abort();
    this.unfollowStatus?.();
    this.connected = false;
    this.watcher?.stop();
    await this.running;
  }

  private onStatus(status: NatsLinkStatus): void {
    if (status === 'disconnected') this.connected = false;
    if (status === 'connected')
      this.connected = this.kv !== null && this.kvConnection === this.options.link.connection;
  }

  private async run(): Promise<void> {
    const { link } = this.options;
    const { signal } = this.stop;
    while (!signal.aborted) {
      const nc = await link.ready(signal);
      if (!nc) break;
      try {
        let kv = this.kvConnection === nc ? this.kv : null;
        if (!kv) {
          kv = this.kv = await this.openBucket(nc);
          this.kvConnection = nc;
        }
        this.connected = link.connected && link.connection === nc && !signal.aborted;
        await this.follow(kv);
      } catch (err) {
        this.options.logger.debug({ err: (err as Error).message }, 'cache store not available yet; retrying');
      }
      if (nc.isClosed()) {
        this.kv = null;
        this.kvConnection = null;
        this.connected = false;
      }
      await pause(RETRY_MS, signal);
    }
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
    if (this.stop.signal.aborted) watcher.stop();
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
