import {
  budgetApplies,
  parseBudgetState,
  type BudgetState,
  type BudgetWindow,
  type UsageRecord,
} from '@switchyard/proto';
import type { UsageSink } from '../usage/usage-sink';
import type { BudgetIndex, CompiledBudget } from './budget-index';

/** Spend of this node's own records for one budget that the last state did not include yet. */
interface Entry {
  seq: number;
  windowStartMs: number;
  micro: number;
  tokens: number;
}

/** What the node knows about one budget: the control plane's last state and its own spend since. */
class Track {
  state: BudgetState | null = null;
  private readonly entries: Entry[] = [];
  private head = 0;
  /** Sums of the entries, by window start. */
  readonly sums = new Map<number, { micro: number; tokens: number }>();

  add(entry: Entry): void {
    this.entries.push(entry);
    const sum = this.sums.get(entry.windowStartMs);
    if (sum) {
      sum.micro += entry.micro;
      sum.tokens += entry.tokens;
    } else this.sums.set(entry.windowStartMs, { micro: entry.micro, tokens: entry.tokens });
  }

  /** Forgets entries the state now counts (sequence at most `mark`). */
  dropThrough(mark: number): void {
    const entries = this.entries;
    while (this.head < entries.length && entries[this.head].seq <= mark) {
      const e = entries[this.head++];
      const sum = this.sums.get(e.windowStartMs)!;
      sum.micro -= e.micro;
      sum.tokens -= e.tokens;
      if (sum.micro === 0 && sum.tokens === 0) this.sums.delete(e.windowStartMs);
    }
    if (this.head > 1024 && this.head * 2 > entries.length) {
      entries.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** A budget's spend in its current window as this node sees it. */
export interface BudgetSpend {
  micro: number;
  tokens: number;
  window: BudgetWindow;
}

/**
 * This node's view of budget spend: the control plane's last published state of each
 * budget plus the node's own spend that state does not include yet. Sits in front of the
 * usage pipeline: every record gets the next budget sequence number (increasing in queue
 * order, so the control plane can say up to which one it counted this node) and is
 * booked to the budgets it matches. Everything is in memory; nothing here waits.
 */
export class BudgetLedger implements UsageSink {
  private seq: number;
  private readonly tracks = new Map<string, Track>();

  constructor(
    private readonly inner: UsageSink,
    private readonly nodeId: string,
    private readonly budgets: () => BudgetIndex | undefined,
    startedAtMs = Date.now(),
  ) {
    // Starts above any sequence an earlier process with this node id can have sent
    // (fewer than 1000 records per millisecond of its life), so restarts never go backwards.
    this.seq = startedAtMs * 1000;
  }

  push(record: UsageRecord): void {
    const seq = ++this.seq;
    record.budgetSeq = seq;
    const list = record.workspaceId ? this.budgets()?.byWorkspace.get(record.workspaceId) : undefined;
    if (list) {
      const micro = Number(record.costMicroUsd ?? 0);
      // A cache hit used no upstream tokens (its record carries the cached answer's).
      const tokens =
        record.cacheStatus === 'hit' ? 0 : Number(record.inputTokens ?? 0) + Number(record.outputTokens ?? 0);
      if (micro > 0 || tokens > 0) {
        const at = Number(record.startedAtMs) || Date.now();
        for (const b of list) {
          if (!budgetApplies(b.def, record.keyId ?? '', record.metadata)) continue;
          this.track(b.def.id).add({ seq, windowStartMs: b.windowAt(at).startMs, micro, tokens });
        }
      }
    }
    this.inner.push(record);
  }

  /** A value from the budget bucket (JSON text); invalid values are ignored. */
  applyState(text: string): void {
    const state = parseBudgetState(text);
    if (!state) return;
    const track = this.track(state.budgetId);
    track.state = state;
    track.dropThrough(state.counted[this.nodeId] ?? 0);
  }

  /** The budget's spend in the window containing `nowMs`: the control plane's count plus this node's since. */
  spent(budget: CompiledBudget, nowMs: number): BudgetSpend {
    const window = budget.windowAt(nowMs);
    const track = this.tracks.get(budget.def.id);
    if (!track) return { micro: 0, tokens: 0, window };
    const state = track.state;
    const counted = state && state.windowStartMs === window.startMs ? state : null;
    const own = track.sums.get(window.startMs);
    return {
      micro: (counted?.spentMicroUsd ?? 0) + (own?.micro ?? 0),
      tokens: (counted?.spentTokens ?? 0) + (own?.tokens ?? 0),
      window,
    };
  }

  private track(budgetId: string): Track {
    let track = this.tracks.get(budgetId);
    if (!track) this.tracks.set(budgetId, (track = new Track()));
    return track;
  }
}
