import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Events, connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { PINO_LOGGER } from '../logging/logging.module';
import { natsSecurityOptions } from './nats-security';

const RETRY_FIRST_CONNECT_MS = 1000;

type ConnectionState = 'connecting' | 'online' | 'offline' | 'closed';

/**
 * The NATS connection, kept alive in the background: the control plane starts and serves
 * its API while NATS is down. The first connection is retried here (so closing can cancel
 * it); after that the nats client reconnects by itself, and `onConnected` listeners run on
 * every (re)connection so pending work can be flushed.
 */
@Injectable()
export class NatsConnectionService implements OnApplicationShutdown {
  private connection: NatsConnection | null = null;
  /** 'connecting' only until the first attempt settles; callers wait for that, never for a reconnect. */
  private state: ConnectionState = 'connecting';
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** Starts connecting; never throws. */
  start(): void {
    void this.tryConnect();
  }

  /** Called after each successful connection (the first and every reconnect). */
  onConnected(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * The connection if it is up; null at once if NATS is known to be down (work is then
   * deferred, not blocked); during the very first connection attempt waits up to `timeoutMs`.
   */
  async whenOnline(timeoutMs: number): Promise<NatsConnection | null> {
    if (this.state !== 'connecting') return this.state === 'online' ? this.connection : null;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
    // The state may have changed while waiting.
    return (this.state as ConnectionState) === 'online' ? this.connection : null;
  }

  async onApplicationShutdown(): Promise<void> {
    this.state = 'closed';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeWaiters();
    const connection = this.connection;
    this.connection = null;
    if (connection && !connection.isClosed()) await connection.close();
  }

  private async tryConnect(): Promise<void> {
    if (this.state === 'closed') return;
    try {
      const connection = await connect({
        servers: this.config.natsServers,
        name: 'switchyard-control-plane',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1000,
        timeout: 2000,
        ...natsSecurityOptions(this.config.natsSecurity),
      });
      if ((this.state as ConnectionState) === 'closed') {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.logger.info({ server: connection.getServer() }, 'connected to NATS');
      void this.watch(connection);
      this.setOnline();
    } catch (error) {
      this.setOffline();
      this.logger.warn({ err: error }, 'NATS unreachable; retrying in the background');
      this.retryTimer = setTimeout(() => void this.tryConnect(), RETRY_FIRST_CONNECT_MS);
      this.retryTimer.unref();
    }
  }

  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === Events.Disconnect) {
        this.setOffline();
        this.logger.warn('disconnected from NATS; reconnecting');
      } else if (status.type === Events.Reconnect) {
        this.logger.info('reconnected to NATS');
        this.setOnline();
      }
    }
  }

  private setOnline(): void {
    if (this.state === 'closed') return;
    this.state = 'online';
    this.wakeWaiters();
    for (const listener of this.listeners) listener();
  }

  private setOffline(): void {
    if (this.state === 'closed') return;
    this.state = 'offline';
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
