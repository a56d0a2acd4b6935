import type { Logger } from 'pino';
import type { HeartbeatRequest } from '@switchyard/proto';

export interface HeartbeatSender {
  heartbeat(request: HeartbeatRequest, timeoutMs: number): Promise<unknown>;
}

/**
 * Tells the control plane every `intervalMs` that this node is alive and what it runs.
 * Failures are logged once per outage; the next beat simply tries again.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private inFlight = false;
  private reachable = true;

  constructor(
    private readonly sender: HeartbeatSender,
    private readonly intervalMs: number,
    private readonly describe: () => HeartbeatRequest,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async beat(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      await this.sender.heartbeat(this.describe(), Math.max(1000, Math.min(this.intervalMs, 10_000)));
      if (!this.reachable) this.logger.info('heartbeats reach the control plane again');
      this.reachable = true;
    } catch (err) {
      if (this.reachable) this.logger.warn({ err: (err as Error).message }, 'heartbeat failed');
      this.reachable = false;
    } finally {
      this.inFlight = false;
    }
  }
}
