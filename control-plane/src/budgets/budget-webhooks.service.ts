import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { budgetWindow, openSecret, sealSecret } from '@switchyard/proto';
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource, In, MoreThan } from 'typeorm';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { PINO_LOGGER } from '../logging/logging.module';
import { indexedBudget } from './budget-index';
import type { NewBudgetEvent } from './budget-spend';
import { BudgetEventEntity } from './budget-event.entity';
import { BudgetEntity } from './budget.entity';
import { Agent, fetch } from 'undici';

const TIMEOUT_MS = 5000;
const ATTEMPTS = 4;
const FIRST_BACKOFF_MS = 500;
/** Events still pending at start (the control plane stopped mid-delivery) are sent again if this recent. */
const RESEND_WITHIN_MS = 86_400_000;
const RESEND_AT_MOST = 1000;

/** The header carrying `sha256=<hex HMAC-SHA256 of the body>` under the budget's webhook secret. */
export const SIGNATURE_HEADER = 'x-switchyard-signature';

/** The JSON body POSTed for a threshold crossing. */
export function webhookBody(e: NewBudgetEvent): string {
  const b = e.budget;
  return JSON.stringify({
    type: 'budget.threshold_reached',
    eventId: e.id,
    createdAt: e.createdAt.toISOString(),
    threshold: e.threshold,
    budget: {
      id: b.id,
      workspaceId: b.workspaceId,
      name: b.name,
      scope: b.scope,
      period: b.period,
      timezone: b.timezone,
      limitMicroUsd: b.limitMicroUsd,
      limitTokens: b.limitTokens,
      hardStop: b.hardStop,
    },
    windowStart: new Date(e.windowStartMs).toISOString(),
    resetsAt: Number.isFinite(e.windowEndMs) ? new Date(e.windowEndMs).toISOString() : null,
    spentMicroUsd: e.spentMicroUsd,
    spentTokens: e.spentTokens,
  });
}

/**
 * Sends budget alert webhooks off the ingest path: each event is POSTed once it is
 * committed, with a timeout and a few retries with backoff; the outcome is written on the
 * event row (`delivered` or `failed`), where the console shows it. Events left `pending` by
 * a control plane that stopped are sent again at start (receivers dedupe by event id).
 */
@Injectable()
export class BudgetWebhooks implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.dispatcher = new Agent({ connect: { lookup: config.outbound.lookup } });
  }

  /** Webhooks reach only what the installation's outbound policy allows (SWITCHYARD_OUTBOUND_ALLOW). */
  private readonly dispatcher: Agent;

  /** Why `url` may not be called (a private, loopback or link-local address not allowed), or null. */
  destinationProblem(url: string): string | null {
    return this.config.outbound.urlProblem(url);
  }

  sealSecret(budgetId: string, secret: string): string {
    return sealSecret(this.config.masterKey, secretContext(budgetId), secret);
  }

  openSecret(budgetId: string, sealed: string): string {
    return openSecret(this.config.masterKey, secretContext(budgetId), sealed);
  }

  /** Starts delivering; returns at once. */
  deliver(events: NewBudgetEvent[]): void {
    for (const e of events) {
      if (!e.budget.webhookUrl) continue;
      const sending = this.send(e).catch((err: unknown) =>
        this.logger.error({ err, eventId: e.id }, 'budget webhook delivery failed unexpectedly'),
      );
      this.inFlight.add(sending);
      void sending.finally(() => this.inFlight.delete(sending));
    }
  }

  onApplicationBootstrap(): void {
    this.resendPending().catch((err: unknown) =>
      this.logger.warn({ err }, 'could not look for budget webhooks left pending'),
    );
  }

  private async resendPending(): Promise<void> {
    const events = await this.dataSource.manager.find(BudgetEventEntity, {
      where: { webhookStatus: 'pending', createdAt: MoreThan(new Date(Date.now() - RESEND_WITHIN_MS)) },
      order: { createdAt: 'ASC' },
      take: RESEND_AT_MOST,
    });
    if (!events.length) return;
    const budgets = await this.dataSource.manager.find(BudgetEntity, {
      where: { id: In([...new Set(events.map((e) => e.budgetId))]) },
    });
    const byId = new Map(budgets.map((b) => [b.id, indexedBudget(b)]));
    const resend: NewBudgetEvent[] = [];
    for (const e of events) {
      const budget = byId.get(e.budgetId);
      if (!budget?.webhookUrl) continue;
      const startMs = e.windowStart.getTime();
      resend.push({
        id: e.id,
        budget,
        windowStartMs: startMs,
        windowEndMs: budgetWindow(budget.period, budget.timezone, startMs).endMs,
        threshold: e.threshold,
        spentMicroUsd: Number(e.spentMicroUsd),
        spentTokens: Number(e.spentTokens),
        createdAt: e.createdAt,
      });
    }
    this.logger.info({ events: resend.length }, 'sending budget webhooks left pending');
    this.deliver(resend);
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await Promise.all([...this.inFlight]);
    await this.dispatcher.close();
  }

  private async send(e: NewBudgetEvent): Promise<void> {
    const body = webhookBody(e);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-switchyard-event-id': e.id,
    };
    if (e.budget.webhookSecretSealed) {
      const secret = openSecret(
        this.config.masterKey,
        secretContext(e.budget.id),
        e.budget.webhookSecretSealed,
      );
      headers[SIGNATURE_HEADER] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    }
    let error = '';
    let attempt = 0;
    // A literal address skips the policy's lookup: check it before dialling.
    const refused = this.config.outbound.connectProblem(new URL(e.budget.webhookUrl!).hostname);
    if (refused) {
      this.logger.warn(
        { eventId: e.id, budget: e.budget.id, error: refused.message },
        'budget webhook not sent',
      );
      return this.record(e.id, 'failed', 0, refused.message);
    }
    while (attempt < ATTEMPTS && !this.abort.signal.aborted) {
      attempt++;
      try {
        const res = await fetch(e.budget.webhookUrl!, {
          method: 'POST',
          headers,
          body,
          dispatcher: this.dispatcher,
          signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), this.abort.signal]),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return this.record(e.id, 'delivered', attempt, null);
        error = `HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).message;
      }
      if (attempt < ATTEMPTS) await this.pause(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
    }
    this.logger.warn({ eventId: e.id, budget: e.budget.id, error }, 'budget webhook not delivered');
    await this.record(e.id, 'failed', attempt, error.slice(0, 1000));
  }

  private async record(id: string, status: string, attempts: number, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE budget_events SET webhook_status = $2, webhook_attempts = $3, webhook_error = $4 WHERE id = $1`,
      [id, status, attempts, error],
    );
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function secretContext(budgetId: string): string {
  return `budget-webhook:${budgetId}`;
}
