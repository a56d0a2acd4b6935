import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { budgetStateKey, type BudgetState } from '@switchyard/proto';
import type { KV, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { PINO_LOGGER } from '../logging/logging.module';
import { NatsConnectionService } from '../snapshots/nats-connection.service';
import { windowOf, type IndexedBudget } from './budget-index';
import { BudgetIndexService } from './budget-index.service';

const NATS_TIMEOUT_MS = 2000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
/** Every budget is republished this often: windows that rolled over, a KV that lost its values. */
const RESYNC_MS = 30_000;
/** Nodes not heard from in this long are left out of the published counted sequences. */
const MARK_MAX_AGE = '1 day';

/**
 * Publishes each budget's spend in its current window to the budget KV bucket, promptly:
 * `touched` after a usage batch coalesces with other batches for `budgetPublishMs`, then
 * one read (counters and node sequences in one snapshot, so they agree) and one put per
 * budget. Never on the request path of anything; NATS down defers and retries.
 */
@Injectable()
export class BudgetStatePublisher implements OnApplicationShutdown {
  private readonly pending = new Set<string>();
  private all = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly resync: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private retryDelay = RETRY_MIN_MS;
  private kv: KV | null = null;
  private kvConnection: NatsConnection | null = null;
  private closed = false;

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly budgets: BudgetIndexService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    nats.onConnected(() => this.publishAll());
    this.resync = setInterval(() => this.publishAll(), RESYNC_MS);
    this.resync.unref();
  }

  /** Budgets whose counters changed; published after the coalescing delay. */
  touched(budgetIds: Iterable<string>): void {
    let any = false;
    for (const id of budgetIds) {
      this.pending.add(id);
      any = true;
    }
    if (any) this.schedule(this.config.budgetPublishMs);
  }

  /** Publishes every budget (after a reconnect, periodically). */
  publishAll(): void {
    this.all = true;
    this.schedule(0);
  }

  /** Resolves when everything asked for so far has been tried once (tests, shutdown). */
  settled(): Promise<void> {
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.resync);
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(() => this.publish());
    }, delayMs);
    this.timer.unref();
  }

  private async publish(): Promise<void> {
    const all = this.all;
    const ids = [...this.pending];
    this.all = false;
    this.pending.clear();
    if (!all && !ids.length) return;
    try {
      const index = await this.budgets.current();
      const budgets = all
        ? [...index.byId.values()]
        : ids.map((id) => index.byId.get(id)).filter((b): b is IndexedBudget => b !== undefined);
      // Without budgets there is nothing to say (and no bucket to create).
      if (!budgets.length) return;
      const connection = await this.nats.whenOnline(NATS_TIMEOUT_MS);
      if (!connection) throw new Error('NATS is not connected');
      const kv = await this.bucket(connection);
      for (const state of await this.read(budgets)) {
        await kv.put(budgetStateKey(state.budgetId), JSON.stringify(state));
      }
      this.retryDelay = RETRY_MIN_MS;
    } catch (error) {
      if (this.closed) return;
      this.kv = null;
      if (all) this.all = true;
      for (const id of ids) this.pending.add(id);
      this.logger.warn(
        { err: error, retryInMs: this.retryDelay },
        'could not publish budget state to NATS; will retry (nodes keep counting their own spend)',
      );
      this.schedule(this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    }
  }

  /** Each budget's counter in its current window and the nodes' counted sequences, read in one snapshot. */
  private async read(budgets: IndexedBudget[]): Promise<BudgetState[]> {
    if (!budgets.length) return [];
    const now = Date.now();
    const windows = budgets.map((b) => windowOf(b, now));
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const counters: Array<{ budget_id: string; spent_micro_usd: string; spent_tokens: string }> =
        await manager.query(
          `SELECT c.budget_id, c.spent_micro_usd, c.spent_tokens
             FROM unnest($1::uuid[], $2::timestamptz[]) AS w(id, start)
             JOIN budget_counters c ON c.budget_id = w.id AND c.window_start = w.start`,
          [budgets.map((b) => b.id), windows.map((w) => new Date(w.startMs).toISOString())],
        );
      const marks: Array<{ node_id: string; counted_seq: string }> = await manager.query(
        `SELECT node_id, counted_seq FROM budget_node_marks WHERE updated_at > now() - interval '${MARK_MAX_AGE}'`,
      );
      const counted: Record<string, number> = {};
      for (const m of marks) counted[m.node_id] = Number(m.counted_seq);
      const spent = new Map(counters.map((c) => [c.budget_id, c]));
      return budgets.map((b, i) => {
        const c = spent.get(b.id);
        return {
          budgetId: b.id,
          windowStartMs: windows[i].startMs,
          spentMicroUsd: c ? Number(c.spent_micro_usd) : 0,
          spentTokens: c ? Number(c.spent_tokens) : 0,
          counted,
          publishedAtMs: now,
        };
      });
    });
  }

  private async bucket(connection: NatsConnection): Promise<KV> {
    if (this.kv && this.kvConnection === connection) return this.kv;
    const js = connection.jetstream({ timeout: NATS_TIMEOUT_MS });
    this.kv = await js.views.kv(this.config.budgetBucket, { history: 1, timeout: NATS_TIMEOUT_MS });
    this.kvConnection = connection;
    return this.kv;
  }
}
