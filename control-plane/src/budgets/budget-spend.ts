import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { UsageRow } from '../usage/usage-record.normalize';
import { windowOf, type BudgetIndex, type IndexedBudget } from './budget-index';

/** A threshold crossing recorded by this ingest (the event row is new). */
export interface NewBudgetEvent {
  id: string;
  budget: IndexedBudget;
  windowStartMs: number;
  windowEndMs: number;
  threshold: number;
  spentMicroUsd: number;
  spentTokens: number;
  createdAt: Date;
}

/** What an ingest changed: budgets whose counters moved (to publish) and new alert events. */
export interface SpendOutcome {
  touched: Set<string>;
  events: NewBudgetEvent[];
}

interface Delta {
  budget: IndexedBudget;
  startMs: number;
  endMs: number;
  micro: number;
  tokens: number;
}

const UPSERT_COUNTERS = `
  INSERT INTO budget_counters (budget_id, window_start, spent_micro_usd, spent_tokens)
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::bigint[])
  ON CONFLICT (budget_id, window_start) DO UPDATE
    SET spent_micro_usd = budget_counters.spent_micro_usd + EXCLUDED.spent_micro_usd,
        spent_tokens = budget_counters.spent_tokens + EXCLUDED.spent_tokens,
        updated_at = now()
  RETURNING budget_id, (extract(epoch FROM window_start) * 1000)::bigint AS start_ms,
    spent_micro_usd, spent_tokens`;

const INSERT_EVENTS = `
  INSERT INTO budget_events (id, budget_id, workspace_id, window_start, threshold, spent_micro_usd, spent_tokens,
    webhook_status)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::int[], $6::bigint[], $7::bigint[],
    $8::varchar[])
  ON CONFLICT (budget_id, window_start, threshold) DO NOTHING
  RETURNING id, created_at`;

const UPSERT_MARKS = `
  INSERT INTO budget_node_marks (node_id, counted_seq)
  SELECT * FROM unnest($1::varchar[], $2::bigint[])
  ON CONFLICT (node_id) DO UPDATE
    SET counted_seq = GREATEST(budget_node_marks.counted_seq, EXCLUDED.counted_seq), updated_at = now()`;

/** The thresholds (percents) that `spent` has reached of `limit`, exactly (no floats). */
function reached(thresholds: number[], spent: number, limit: number | null): number[] {
  if (limit === null) return [];
  const s = BigInt(spent) * 100n;
  return thresholds.filter((t) => s >= BigInt(t) * BigInt(limit));
}

/**
 * Counts newly stored usage into the running counter of every budget window it belongs
 * to, records threshold crossings, and advances each node's counted sequence; run in the
 * same transaction as the usage insert so a replayed record (not newly stored) counts
 * once. `stored` are the rows the insert stored; `batch` all rows of the batch (their
 * sequence numbers are counted, whether new or replays). Matches budgets in memory and
 * touches only counter rows: the usage table is never read.
 */
export async function countBudgetSpend(
  manager: EntityManager,
  index: BudgetIndex,
  stored: UsageRow[],
  batch: UsageRow[],
): Promise<SpendOutcome> {
  const outcome: SpendOutcome = { touched: new Set(), events: [] };
  if (index.size === 0) return outcome;

  const deltas = new Map<string, Delta>();
  for (const row of stored) {
    const micro = row.costMicroUsd;
    // A cache hit used no upstream tokens (its record carries the cached answer's).
    const tokens = row.cacheStatus === 'hit' ? 0 : row.inputTokens + row.outputTokens;
    if (micro === 0 && tokens === 0) continue;
    for (const budget of index.matching(row.workspaceId, row.keyId, row.metadata)) {
      const w = windowOf(budget, row.startedAt.getTime());
      const id = `${budget.id}|${w.startMs}`;
      let d = deltas.get(id);
      if (!d) deltas.set(id, (d = { budget, startMs: w.startMs, endMs: w.endMs, micro: 0, tokens: 0 }));
      d.micro += micro;
      d.tokens += tokens;
    }
  }

  if (deltas.size) {
    // A stable order, so concurrent ingests lock counter rows in the same order (no deadlocks).
    const list = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
    const counters: Array<{
      budget_id: string;
      start_ms: string;
      spent_micro_usd: string;
      spent_tokens: string;
    }> = await manager.query(UPSERT_COUNTERS, [
      list.map((d) => d.budget.id),
      list.map((d) => new Date(d.startMs).toISOString()),
      list.map((d) => d.micro),
      list.map((d) => d.tokens),
    ]);
    const events: Omit<NewBudgetEvent, 'id' | 'createdAt'>[] = [];
    for (const c of counters) {
      const d = deltas.get(`${c.budget_id}|${Number(c.start_ms)}`)!;
      outcome.touched.add(d.budget.id);
      const micro = Number(c.spent_micro_usd);
      const tokens = Number(c.spent_tokens);
      const crossed = new Set([
        ...reached(d.budget.alertThresholds, micro, d.budget.limitMicroUsd),
        ...reached(d.budget.alertThresholds, tokens, d.budget.limitTokens),
      ]);
      for (const threshold of [...crossed].sort((a, b) => a - b)) {
        events.push({
          budget: d.budget,
          windowStartMs: d.startMs,
          windowEndMs: d.endMs,
          threshold,
          spentMicroUsd: micro,
          spentTokens: tokens,
        });
      }
    }
    if (events.length) {
      const ids = events.map(() => randomUUID());
      const inserted: Array<{ id: string; created_at: Date }> = await manager.query(INSERT_EVENTS, [
        ids,
        events.map((e) => e.budget.id),
        events.map((e) => e.budget.workspaceId),
        events.map((e) => new Date(e.windowStartMs).toISOString()),
        events.map((e) => e.threshold),
        events.map((e) => e.spentMicroUsd),
        events.map((e) => e.spentTokens),
        events.map((e) => (e.budget.webhookUrl ? 'pending' : 'none')),
      ]);
      const created = new Map(inserted.map((r) => [r.id, r.created_at]));
      events.forEach((e, i) => {
        const at = created.get(ids[i]);
        if (at) outcome.events.push({ ...e, id: ids[i], createdAt: at });
      });
    }
  }

  const marks = new Map<string, number>();
  for (const row of batch) {
    if (row.budgetSeq > (marks.get(row.nodeId) ?? 0)) marks.set(row.nodeId, row.budgetSeq);
  }
  if (marks.size) await manager.query(UPSERT_MARKS, [[...marks.keys()], [...marks.values()]]);
  return outcome;
}
