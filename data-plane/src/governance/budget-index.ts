import { budgetWindow, type BudgetWindow, type Snapshot, type SnapshotBudget } from '@switchyard/proto';

/** A budget of the running snapshot; its current window is computed once per window. */
export class CompiledBudget {
  private window: BudgetWindow = { startMs: 0, endMs: -1 };

  constructor(readonly def: SnapshotBudget) {}

  /** The window containing `atMs` (cached: the hot path asks with the current time). */
  windowAt(atMs: number): BudgetWindow {
    const w = this.window;
    if (atMs >= w.startMs && atMs < w.endMs) return w;
    const computed = budgetWindow(this.def.period, this.def.timezone, atMs);
    // Keep the newest window cached; an old record's window is computed and not kept.
    if (computed.startMs >= w.startMs) this.window = computed;
    return computed;
  }
}

/** The budgets of one snapshot by workspace, and the metadata keys their tag budgets read. */
export class BudgetIndex {
  readonly byWorkspace = new Map<string, CompiledBudget[]>();
  readonly tagKeys = new Map<string, string[]>();

  constructor(budgets: readonly SnapshotBudget[]) {
    for (const def of budgets) {
      let list = this.byWorkspace.get(def.workspaceId);
      if (!list) this.byWorkspace.set(def.workspaceId, (list = []));
      list.push(new CompiledBudget(def));
      if (def.tagKey !== null) {
        const keys = this.tagKeys.get(def.workspaceId) ?? [];
        if (!keys.includes(def.tagKey)) keys.push(def.tagKey);
        this.tagKeys.set(def.workspaceId, keys);
      }
    }
  }
}

/** Compiled when a snapshot is applied; undefined when it has no budgets (nothing to do per request). */
export function compileBudgets(snapshot: Snapshot): BudgetIndex | undefined {
  const budgets = snapshot.content.budgets;
  return budgets?.length ? new BudgetIndex(budgets) : undefined;
}
