import type { NatsConnection, Subscription } from 'nats';
import type { Logger } from 'pino';
import { parseRateLimitReport, rateLimitCountsSubject } from '@switchyard/proto';
import type { NatsLink, NatsLinkStatus } from '../nats/nats-link';
import type { RateLimitCluster } from './rate-limit-cluster';

export interface RateLimitExchangeOptions {
  /** The node's NATS connection; the exchange never closes it. */
  link: NatsLink;
  /** Subject prefix; reports go to `<prefix>.counts`. One per data-plane cluster. */
  subjectPrefix: string;
  syncMs: number;
  logger: Logger;
  cluster: RateLimitCluster;
  /** Called when the node loses or regains the exchange (metrics). */
  onConnectedChange?(connected: boolean): void;
}

/**
 * Carries rate-limit counts between nodes on a NATS core subject: every `syncMs`, at
 * multiples of it in epoch time, this node publishes its counts and reads everyone else's
 * as they come. Nothing on the request path waits for it: a lost message only makes the
 * next exchange's numbers a little staler. Joins once the node's NATS link connects;
 * while NATS is unreachable the cluster falls back to its isolated share, and the node
 * says so once in its log.
 */
export class RateLimitExchange {
  private subscription: Subscription | null = null;
  /** The connection `subscription` is on (subscriptions outlive reconnects, not a new connection). */
  private subscribedOn: NatsConnection | null = null;
  private unfollowStatus: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private connected = false;
  private warnedUnreachable = false;
  private readonly subject: string;

  constructor(private readonly options: RateLimitExchangeOptions) {
    this.subject = rateLimitCountsSubject(options.subjectPrefix);
  }

  start(): void {
    this.schedule();
    const { link } = this.options;
    this.unfollowStatus = link.onStatus((status) => this.onStatus(status));
    if (link.connected) this.onStatus('connected');
  }

  /** Stops exchanging; the link stays open for the node to close. */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.unfollowStatus?.();
    this.subscription?.unsubscribe();
    this.subscription = null;
    return Promise.resolve();
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
    const nc = this.options.link.connection;
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

  private onStatus(status: NatsLinkStatus): void {
    if (this.closed) return;
    if (status === 'disconnected') {
      this.setConnected(false);
    } else if (status === 'unreachable') {
      if (this.warnedUnreachable) return;
      this.warnedUnreachable = true;
      this.options.logger.warn(
        'rate limits: NATS not reachable yet; limits are enforced per node until it is',
      );
    } else {
      const nc = this.options.link.connection;
      if (!nc) return;
      if (this.subscribedOn !== nc) this.subscribe(nc);
      this.setConnected(true);
    }
  }

  private subscribe(nc: NatsConnection): void {
    this.subscription?.unsubscribe();
    const { cluster } = this.options;
    this.subscription = nc.subscribe(this.subject, {
      callback: (err, msg) => {
        if (err) return;
        // A malformed report is ignored; the next one replaces it.
        const report = parseRateLimitReport(msg.string());
        if (report) cluster.receive(report, Date.now());
      },
    });
    this.subscribedOn = nc;
  }
}
