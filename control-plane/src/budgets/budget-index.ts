import { budgetApplies, budgetWindow, type BudgetPeriod, type BudgetWindow } from '@switchyard/proto';
import type { BudgetEntity } from './budget.entity';

/** A budget as usage ingest needs it: numbers parsed, window computed at most once per window. */
export interface IndexedBudget {
  id: string;
  workspaceId: string;
  name: string;
  scope: string;
  keyId: string | null;
  tagKey: string | null;
  tagValue: string | null;
  limitMicroUsd: number | null;
  limitTokens: number | null;
  period: BudgetPeriod;
  timezone: string;
  alertThresholds: number[];
  webhookUrl: string | null;
  webhookSecretSealed: string | null;
  hardStop: boolean;
  /** The last window computed, reused while instants fall inside it. */
  lastWindow: BudgetWindow | null;
}

export function indexedBudget(b: BudgetEntity): IndexedBudget {
  return {
    id: b.id,
    workspaceId: b.workspaceId,
    name: b.name,
    scope: b.scope,
    keyId: b.keyId,
    tagKey: b.tagKey,
    tagValue: b.tagValue,
    limitMicroUsd: b.limitMicroUsd === null ? null : Number(b.limitMicroUsd),
    limitTokens: b.limitTokens === null ? null : Number(b.limitTokens),
    period: b.period as BudgetPeriod,
    timezone: b.timezone,
    alertThresholds: [...b.alertThresholds],
    webhookUrl: b.webhookUrl,
    webhookSecretSealed: b.webhookSecretSealed,
    hardStop: b.hardStop,
    lastWindow: null,
  };
}

/** The window of `budget` containing `atMs`. */
export function windowOf(budget: IndexedBudget, atMs: number): BudgetWindow {
  const last = budget.lastWindow;
  if (last && atMs >= last.startMs && atMs < last.endMs) return last;
  const w = budgetWindow(budget.period, budget.timezone, atMs);
  budget.lastWindow = w;
  return w;
}

/**
 * Every budget, grouped by workspace, so a usage record is matched in memory (no query
 * per record). Immutable once built; rebuilt when budgets change.
 */
export class BudgetIndex {
  readonly byId: ReadonlyMap<string, IndexedBudget>;
  private readonly byWorkspace = new Map<string, IndexedBudget[]>();
  /** Metadata keys that tag budgets of each workspace look at. */
  private readonly tagKeys = new Map<string, Set<string>>();

  constructor(budgets: IndexedBudget[]) {
    this.byId = new Map(budgets.map((b) => [b.id, b]));
    for (const b of budgets) {
      let list = this.byWorkspace.get(b.workspaceId);
      if (!list) this.byWorkspace.set(b.workspaceId, (list = []));
      list.push(b);
      if (b.tagKey !== null) {
        let keys = this.tagKeys.get(b.workspaceId);
        if (!keys) this.tagKeys.set(b.workspaceId, (keys = new Set()));
        keys.add(b.tagKey);
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  /** The budgets that count a request of `workspaceId` made with `keyId` and `metadata`. */
  matching(
    workspaceId: string | null,
    keyId: string | null,
    metadata: Readonly<Record<string, string>> | null,
  ): IndexedBudget[] {
    if (!workspaceId) return [];
    const list = this.byWorkspace.get(workspaceId);
    if (!list) return [];
    return list.filter((b) => budgetApplies(b, keyId ?? '', metadata));
  }
}
