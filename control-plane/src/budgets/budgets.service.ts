import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isValidTimeZone } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { indexedBudget, windowOf } from './budget-index';
import { BudgetIndexService } from './budget-index.service';
import { BudgetEventEntity } from './budget-event.entity';
import { BudgetWebhooks } from './budget-webhooks.service';
import { BudgetEntity } from './budget.entity';
import { BudgetException, BudgetExceptionCode, budgetNotFound, invalidBudget } from './budget.exception';
import type { BudgetStatusDto } from './dtos/budget.dto';
import type { WorkspaceRecordInput } from '../common/workspace-record.input';
import type { CreateBudgetInput, UpdateBudgetInput } from './dtos/budget.inputs';
import { InputException, InputExceptionCode } from '../errors/input.exception';

export const DEFAULT_THRESHOLDS = [50, 80, 100];

/** What a budget may be set to, before the checks that need the database. */
export type BudgetFields = Omit<CreateBudgetInput, 'workspaceId'>;

@Injectable()
export class BudgetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
    private readonly index: BudgetIndexService,
    private readonly webhooks: BudgetWebhooks,
  ) {}

  async list(workspaceId: string): Promise<BudgetEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(BudgetEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async get(manager: EntityManager, workspaceId: string, id: string): Promise<BudgetEntity> {
    const budget = await manager.findOne(BudgetEntity, { where: { id, workspaceId } });
    if (!budget) throw budgetNotFound(id);
    return budget;
  }

  async find(input: WorkspaceRecordInput): Promise<BudgetEntity> {
    return this.get(this.dataSource.manager, input.workspaceId, input.id);
  }

  async create(input: CreateBudgetInput): Promise<BudgetEntity> {
    const budget = await this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      return this.createIn(manager, input);
    });
    this.index.invalidate();
    return budget;
  }

  /** Creates a budget inside a running config change (also used by config apply). */
  async createIn(manager: EntityManager, input: CreateBudgetInput): Promise<BudgetEntity> {
    const budget = manager.create(BudgetEntity, { id: randomUUID(), workspaceId: input.workspaceId });
    await this.assign(manager, budget, input, true);
    return this.save(manager, budget);
  }

  async update(input: UpdateBudgetInput): Promise<BudgetEntity> {
    const budget = await this.changes.run(async (manager) => {
      const budget = await this.get(manager, input.workspaceId, input.id);
      return this.updateIn(manager, budget, input);
    });
    this.index.invalidate();
    return budget;
  }

  async updateIn(
    manager: EntityManager,
    budget: BudgetEntity,
    input: Partial<BudgetFields>,
  ): Promise<BudgetEntity> {
    await this.assign(manager, budget, input, false);
    return this.save(manager, budget);
  }

  async delete(input: WorkspaceRecordInput): Promise<BudgetEntity> {
    const budget = await this.changes.run(async (manager) => {
      const budget = await this.get(manager, input.workspaceId, input.id);
      await manager.delete(BudgetEntity, { id: budget.id, workspaceId: budget.workspaceId });
      return budget;
    });
    this.index.invalidate();
    return budget;
  }

  /** Whether the budget's stored webhook secret is `secret` (null: none stored). */
  sameWebhookSecret(budget: BudgetEntity, secret: string | null): boolean {
    if (budget.webhookSecretSealed === null || secret === null)
      return (budget.webhookSecretSealed === null) === (secret === null);
    return this.webhooks.openSecret(budget.id, budget.webhookSecretSealed) === secret;
  }

  /** Every budget change made outside this service's mutations (config apply) ends with this. */
  changed(): void {
    this.index.invalidate();
  }

  /** Spend of each budget in its current window, from the running counters (one indexed query). */
  async statusOf(budgets: BudgetEntity[], now = Date.now()): Promise<Map<string, BudgetStatusDto>> {
    const out = new Map<string, BudgetStatusDto>();
    if (!budgets.length) return out;
    const indexed = budgets.map(indexedBudget);
    const windows = indexed.map((b) => windowOf(b, now));
    const rows: Array<{ budget_id: string; spent_micro_usd: string; spent_tokens: string }> =
      await this.dataSource.query(
        `SELECT c.budget_id, c.spent_micro_usd, c.spent_tokens
           FROM unnest($1::uuid[], $2::timestamptz[]) AS w(id, start)
           JOIN budget_counters c ON c.budget_id = w.id AND c.window_start = w.start`,
        [indexed.map((b) => b.id), windows.map((w) => new Date(w.startMs).toISOString())],
      );
    const spent = new Map(rows.map((r) => [r.budget_id, r]));
    indexed.forEach((b, i) => {
      const row = spent.get(b.id);
      const micro = row ? Number(row.spent_micro_usd) : 0;
      const tokens = row ? Number(row.spent_tokens) : 0;
      const shares = [
        b.limitMicroUsd === null ? 0 : (micro * 100) / b.limitMicroUsd,
        b.limitTokens === null ? 0 : (tokens * 100) / b.limitTokens,
      ];
      out.set(b.id, {
        budgetId: b.id,
        windowStart: new Date(windows[i].startMs),
        resetsAt: Number.isFinite(windows[i].endMs) ? new Date(windows[i].endMs) : null,
        spentMicroUsd: micro,
        spentTokens: tokens,
        remainingMicroUsd: b.limitMicroUsd === null ? null : Math.max(0, b.limitMicroUsd - micro),
        remainingTokens: b.limitTokens === null ? null : Math.max(0, b.limitTokens - tokens),
        percentUsed: Math.round(Math.max(...shares) * 100) / 100,
        exhausted:
          (b.limitMicroUsd !== null && micro >= b.limitMicroUsd) ||
          (b.limitTokens !== null && tokens >= b.limitTokens),
      });
    });
    return out;
  }

  /** Threshold events, newest first. */
  async events(
    workspaceId: string,
    budgetId: string | undefined,
    limit: number,
    offset: number,
  ): Promise<BudgetEventEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(BudgetEventEntity, {
      where: budgetId ? { workspaceId, budgetId } : { workspaceId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  /** Applies `input` over `budget` and checks the result as a whole. */
  private async assign(
    manager: EntityManager,
    budget: BudgetEntity,
    input: Partial<BudgetFields>,
    creating: boolean,
  ): Promise<void> {
    const set = <K extends keyof BudgetFields>(key: K) => input[key] !== undefined;
    if (input.name != null) budget.name = input.name;
    if (input.scope != null) budget.scope = input.scope;
    if (set('keyId')) budget.keyId = input.keyId ?? null;
    if (set('tagKey')) budget.tagKey = input.tagKey ?? null;
    if (set('tagValue')) budget.tagValue = input.tagValue ?? null;
    // Changing the scope drops references the new scope does not use.
    if (input.scope != null && input.scope !== 'key' && !set('keyId')) budget.keyId = null;
    if (input.scope != null && input.scope !== 'tag' && !set('tagKey')) budget.tagKey = null;
    if (input.scope != null && input.scope !== 'tag' && !set('tagValue')) budget.tagValue = null;
    if (set('limitMicroUsd'))
      budget.limitMicroUsd = input.limitMicroUsd == null ? null : String(input.limitMicroUsd);
    if (set('limitTokens')) budget.limitTokens = input.limitTokens == null ? null : String(input.limitTokens);
    if (input.period != null) budget.period = input.period;
    if (input.timezone != null || creating) budget.timezone = input.timezone ?? budget.timezone ?? 'UTC';
    if (input.alertThresholds != null || creating)
      budget.alertThresholds = [
        ...new Set(input.alertThresholds ?? budget.alertThresholds ?? DEFAULT_THRESHOLDS),
      ].sort((a, b) => a - b);
    if (input.hardStop != null || creating) budget.hardStop = input.hardStop ?? budget.hardStop ?? true;
    if (set('webhookUrl')) {
      budget.webhookUrl = input.webhookUrl ?? null;
      if (budget.webhookUrl === null) budget.webhookSecretSealed = null;
    }
    if (set('webhookSecret')) {
      budget.webhookSecretSealed = input.webhookSecret
        ? this.webhooks.sealSecret(budget.id, input.webhookSecret)
        : null;
    }
    if (creating) budget.webhookUrl ??= null;
    budget.webhookSecretSealed ??= null;
    budget.keyId ??= null;
    budget.tagKey ??= null;
    budget.tagValue ??= null;
    budget.limitMicroUsd ??= null;
    budget.limitTokens ??= null;
    await this.check(manager, budget);
  }

  private async check(manager: EntityManager, b: BudgetEntity): Promise<void> {
    if (b.limitMicroUsd === null && b.limitTokens === null)
      throw invalidBudget('A budget needs limitMicroUsd, limitTokens or both');
    if (!isValidTimeZone(b.timezone))
      throw invalidBudget(`Unknown time zone "${b.timezone}" (use an IANA name)`);
    if (b.scope === 'key') {
      if (!b.keyId) throw invalidBudget('A key budget needs keyId');
      const key = await manager.findOne(VirtualKeyEntity, {
        where: { id: b.keyId, workspaceId: b.workspaceId },
      });
      if (!key) {
        throw new BudgetException(
          `Virtual key ${b.keyId} not found in this workspace`,
          BudgetExceptionCode.UNKNOWN_KEY,
        );
      }
    } else if (b.keyId !== null) throw invalidBudget('keyId is only for scope key');
    if (b.scope === 'tag') {
      if (!b.tagKey || !b.tagValue) throw invalidBudget('A tag budget needs tagKey and tagValue');
    } else if (b.tagKey !== null || b.tagValue !== null)
      throw invalidBudget('tagKey and tagValue are only for scope tag');
    if (b.webhookUrl !== null && !/^https?:\/\/[^\s/]+/i.test(b.webhookUrl))
      throw invalidBudget('webhookUrl must be an http(s) URL');
    const refused = b.webhookUrl === null ? null : this.webhooks.destinationProblem(b.webhookUrl);
    if (refused) throw new InputException(`webhookUrl: ${refused}`, InputExceptionCode.URL_NOT_ALLOWED);
    if (b.webhookSecretSealed !== null && b.webhookUrl === null)
      throw invalidBudget('webhookSecret needs a webhookUrl');
  }

  private async save(manager: EntityManager, budget: BudgetEntity): Promise<BudgetEntity> {
    try {
      return await manager.save(budget);
    } catch (error) {
      if (uniqueViolation(error) === 'budgets_workspace_name_key') {
        throw new BudgetException(
          `A budget named "${budget.name}" already exists in this workspace`,
          BudgetExceptionCode.NAME_TAKEN,
        );
      }
      throw error;
    }
  }
}
