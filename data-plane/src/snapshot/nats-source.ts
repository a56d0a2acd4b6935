import { connect, type KV, type KvEntry, type NatsConnection, type QueuedIterator } from 'nats';
import type { Logger } from 'pino';
import { SNAPSHOT_KV_KEY, SnapshotTransportError, type NatsSecurity } from '@switchyard/proto';
import { isNatsSecurityError, natsSecurityOptions } from './nats-security';

export interface NatsSourceOptions {
  natsUrl: string;
  bucket: string;
  nodeId: string;
  /** The key (or wildcard) to follow; the snapshot key when absent. */
  key?: string;
  /** TLS and credentials (none: plaintext, no login). */
  security?: NatsSecurity;
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
 * Follows the snapshot key of the JetStream KV bucket in the background. Nothing waits on
 * it: the first connection is retried until it succeeds, later outages are left to the
 * client's own reconnects (unlimited), and a bucket that does not exist yet is waited for.
 */
export class NatsSnapshotSource {
  private connection: NatsConnection | null = null;
  private watcher: QueuedIterator<KvEntry> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private lastWarning: string | null = null;

  constructor(private readonly options: NatsSourceOptions) {}

  start(): void {
    this.running = this.run().catch((err: unknown) => {
      this.options.logger.error({ err: (err as Error).message }, 'snapshot watcher stopped unexpectedly');
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
    let delay = FIRST_RETRY_MS;
    while (!this.closed) {
      let connecting = true;
      try {
        this.connection ??= await this.connect();
        connecting = false;
        if (this.closed) break;
        await this.follow(this.connection);
        delay = FIRST_RETRY_MS;
      } catch (err) {
        this.report(err, connecting);
      }
      if (this.connection?.isClosed()) this.connection = null;
      if (this.closed) break;
      await this.wait(delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
    if (this.connection && !this.connection.isClosed()) await this.connection.close().catch(() => undefined);
  }

  private async connect(): Promise<NatsConnection> {
    const nc = await connect({
      servers: this.options.natsUrl.split(',').map((s) => s.trim()),
      name: `switchyard-gateway-${this.options.nodeId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      timeout: 5000,
      ...natsSecurityOptions(this.options.security),
    });
    this.lastWarning = null;
    this.options.logger.info({ server: nc.getServer() }, 'connected to NATS');
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') {
          this.options.logger.info({ type: status.type }, 'NATS connection status');
        }
      }
    })().catch(() => undefined);
    if (this.closed) await nc.close();
    return nc;
  }

  /** Watches the snapshot key until the watch ends (bucket deleted, connection closed). */
  private async follow(nc: NatsConnection): Promise<void> {
    const js = nc.jetstream();
    // Binding does not check that the bucket exists; asking for its stream does (throws until created).
    await (await js.jetstreamManager()).streams.info(`KV_${this.options.bucket}`);
    const kv = await js.views.kv(this.options.bucket, { bindOnly: true });
    const watcher = await kv.watch({ key: this.options.key ?? SNAPSHOT_KV_KEY });
    this.watcher = watcher;
    if (this.closed) watcher.stop();
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

  // Failing to connect is warned about once per distinct error (a refused login, an untrusted
  // certificate, NATS away); a bucket not created yet is normal at start and only logged at debug.
  private report(err: unknown, connecting: boolean): void {
    const message = (err as Error).message;
    if (!connecting) {
      this.options.logger.debug({ err: message }, 'snapshot source not available yet; retrying');
    } else if (message !== this.lastWarning) {
      this.lastWarning = message;
      const tls = this.options.security?.tls;
      this.options.logger.warn(
        { err: message, code: (err as { code?: string }).code },
        isNatsSecurityError(err)
          ? 'NATS refused the connection (TLS or credentials); retrying'
          : tls
            ? 'cannot connect to NATS (a server refusing the TLS client certificate also times out); retrying'
            : 'cannot connect to NATS; retrying',
      );
    }
  }

  // A cancellable pause between attempts to reach NATS or find the bucket.
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(resolve, ms);
    });
  }
}
