import type { KV, KvEntry, NatsConnection, QueuedIterator } from 'nats';
import type { Logger } from 'pino';
import { SNAPSHOT_KV_KEY, SnapshotTransportError } from '@switchyard/proto';
import { pause, type NatsLink } from '../nats/nats-link';

export interface NatsSourceOptions {
  /** The node's NATS connection; the source never closes it. */
  link: NatsLink;
  bucket: string;
  /** The key (or wildcard) to follow; the snapshot key when absent. */
  key?: string;
  logger: Logger;
  /** Called with each value (UTF-8 JSON text, as `decode` makes it), the current one first. */
  onSnapshot: (text: string) => void;
  /**
   * Turns a value into its text, reading other keys of the bucket if it needs to; UTF-8 when
   * absent. A value it throws on goes to `onUndecodable` and the watch goes on.
   */
  decode?: (value: Uint8Array, kv: KV) => Promise<string>;
  onUndecodable?: (reason: string) => void;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 2000;

/**
 * Follows the snapshot key of the JetStream KV bucket in the background, over the node's
 * NATS link. Nothing waits on it: it starts once the link is connected, and a bucket that
 * does not exist yet (or a watch that ends) is retried until `close()`.
 */
export class NatsSnapshotSource {
  private watcher: QueuedIterator<KvEntry> | null = null;
  private readonly stop = new AbortController();
  private running: Promise<void> | null = null;

  constructor(private readonly options: NatsSourceOptions) {}

  start(): void {
    this.running = this.run().catch((err: unknown) => {
      this.options.logger.error({ err: (err as Error).message }, 'snapshot watcher stopped unexpectedly');
    });
  }

  /** Stops watching; the link stays open for the node to close. */
  async close(): Promise<void> {
    this.stop.abort();
    this.watcher?.stop();
    await this.running;
  }

  private async run(): Promise<void> {
    const { signal } = this.stop;
    let delay = FIRST_RETRY_MS;
    while (!signal.aborted) {
      const nc = await this.options.link.ready(signal);
      if (!nc) break;
      try {
        await this.follow(nc);
        delay = FIRST_RETRY_MS;
      } catch (err) {
        // A bucket not created yet is normal at start; the link warns about NATS itself.
        this.options.logger.debug(
          { err: (err as Error).message },
          'snapshot source not available yet; retrying',
        );
      }
      await pause(delay, signal);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }

  /** Watches the snapshot key until the watch ends (bucket deleted, connection closed). */
  private async follow(nc: NatsConnection): Promise<void> {
    const js = nc.jetstream();
    // Binding does not check that the bucket exists; asking for its stream does (throws until created).
    await (await js.jetstreamManager()).streams.info(`KV_${this.options.bucket}`);
    const kv = await js.views.kv(this.options.bucket, { bindOnly: true });
    const watcher = await kv.watch({ key: this.options.key ?? SNAPSHOT_KV_KEY });
    this.watcher = watcher;
    if (this.stop.signal.aborted) watcher.stop();
    this.options.logger.info({ bucket: this.options.bucket }, 'watching snapshots');
    try {
      for await (const entry of watcher) {
        if (entry.operation !== 'PUT' || entry.value.length === 0) continue;
        const { decode, onSnapshot, onUndecodable } = this.options;
        if (!decode) {
          onSnapshot(Buffer.from(entry.value).toString('utf8'));
          continue;
        }
        let text: string;
        try {
          text = await decode(entry.value, kv);
        } catch (err) {
          // NATS itself failing ends the watch as before; a value that cannot be read does not.
          if (!(err instanceof SnapshotTransportError)) throw err;
          onUndecodable?.(err.message);
          continue;
        }
        onSnapshot(text);
      }
    } finally {
      this.watcher = null;
    }
  }
}
