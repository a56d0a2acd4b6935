import { connect, type NatsConnection, type Subscription } from 'nats';
import type { Logger } from 'pino';
import { parseRateLimitReport, rateLimitCountsSubject, type NatsSecurity } from '@switchyard/proto';
import { natsSecurityOptions } from '../snapshot/nats-security';
import type { RateLimitCluster } from './rate-limit-cluster';

export interface RateLimitExchangeOptions {
  natsUrl: string;
  security?: NatsSecurity;
  /** Subject prefix; reports go to `<prefix>.counts`. One per data-plane cluster. */
  subjectPrefix: string;
  nodeId: string;
  syncMs: number;
  logger: Logger;
  cluster: RateLimitCluster;
  /** Called when the node loses or regains the exchange (metrics). */
  onConnectedChange?(connected: boolean): void;
}

const RETRY_MS = 1000;

/**
 * Carries rate-limit counts between nodes on a NATS core subject: every `syncMs`, at
 * multiples of it in epoch time, this node publishes its counts and reads everyone else's
 * as they come. Nothing on the request path waits for it: a lost message only makes the
 * next exchange's numbers a little staler. Connects in the background and keeps retrying;
 * while NATS is unreachable the cluster falls back to its isolated share, and the node
 * says so once in its log.
 */
export class RateLimitExchange {
  private connection: NatsConnection | null = null;
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private connected = false;
  private readonly subject: string;

  constructor(private readonly options: RateLimitExchangeOptions) {
    this.subject = rateLimitCountsSubject(options.subjectPrefix);
  }

  start(): void {
    this.schedule();
    void this.connectLoop();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.subscription?.unsubscribe();
    await this.connection?.close().catch(() => undefined);
  }

  private schedule(): void {
    if (this.closed) return;
    const { syncMs } = this.options;
    const delay = syncMs - (Date.now() % syncMs);
    this.timer = setTimeout(() => {
      this.exchange();
      this.schedule();
    }, delay);
    this.timer.unref();
  }

  private exchange(): void {
    const report = this.options.cluster.tick(Date.now());
    const nc = this.connection;
    if (!nc || !this.connected) return;
    try {
      nc.publish(this.subject, JSON.stringify(report));
    } catch (err) {
      this.options.logger.debug({ err: (err as Error).message }, 'rate-limit report not published');
    }
  }

  private setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    const { cluster, logger } = this.options;
    cluster.setConnected(connected);
    this.options.onConnectedChange?.(connected);
    if (connected) logger.info({ subject: this.subject }, 'rate limits: exchanging counts with other nodes');
    else
      logger.warn(
        { nodes: cluster.liveNodes },
        'rate limits: NATS unreachable; each limit falls back to limit / last known node count on this node',
      );
  }

  private async connectLoop(): Promise<void> {
    let warned = false;
    while (!this.closed && !this.connection) {
      try {
        this.connection = await this.connect();
      } catch (err) {
        if (!warned) {
          warned = true;
          this.options.logger.warn(
            { err: (err as Error).message },
            'rate limits: NATS not reachable yet; limits are enforced per node until it is',
          );
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  }

  private async connect(): Promise<NatsConnection> {
    const nc = await connect({
      servers: this.options.natsUrl.split(',').map((s) => s.trim()),
      name: `switchyard-ratelimit-${this.options.nodeId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      timeout: 5000,
      ...natsSecurityOptions(this.options.security),
    });
    if (this.closed) {
      await nc.close();
      return nc;
    }
    const { cluster } = this.options;
    this.subscription = nc.subscribe(this.subject, {
      callback: (err, msg) => {
        if (err) return;
        // A malformed report is ignored; the next one replaces it.
        const report = parseRateLimitReport(msg.string());
        if (report) cluster.receive(report, Date.now());
      },
    });
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.setConnected(false);
        if (status.type === 'reconnect') this.setConnected(true);
      }
    })().catch(() => undefined);
    this.setConnected(true);
    return nc;
  }
}
