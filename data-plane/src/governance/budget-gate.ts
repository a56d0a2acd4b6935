import { budgetApplies, formatUsd, type BudgetWindow } from '@switchyard/proto';
import { GatewayError } from '../errors';
import type { RequestContext } from '../http/request-context';
import type { CompiledKey, RuntimeConfig } from '../snapshot/compiled';
import type { CompiledBudget } from './budget-index';

const METADATA_HEADER = 'x-switchyard-metadata';

/** The pairs of `x-switchyard-metadata` that tag budgets read (values as strings); null when none. */
function budgetMetadata(
  header: string | string[] | undefined,
  keys: readonly string[],
): Record<string, string> | null {
  if (typeof header !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  let out: Record<string, string> | null = null;
  for (const key of keys) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      (out ??= {})[key] = String(value).slice(0, 200);
    }
  }
  return out;
}

function exceeded(budget: CompiledBudget, window: BudgetWindow): GatewayError {
  const { name, period, limitMicroUsd, limitTokens } = budget.def;
  const limits = [
    limitMicroUsd !== null ? `$${formatUsd(limitMicroUsd)}` : null,
    limitTokens !== null ? `${limitTokens} tokens` : null,
  ]
    .filter(Boolean)
    .join(' / ');
  const resets = Number.isFinite(window.endMs)
    ? `It resets at ${new Date(window.endMs).toISOString()}.`
    : 'It does not reset (total budget).';
  return new GatewayError(
    'budget_exceeded',
    `Budget "${name}" is exhausted (${period} limit ${limits}). ${resets}`,
  );
}

/**
 * The budget check of a request, after its key and route are known: throws `budget_exceeded`
 * (402) when a hard-stop budget that counts this request has reached a limit in its current
 * window, as this node sees it (the control plane's last published spend plus the node's
 * own since). Also keeps the metadata pairs tag budgets need for the usage record. Reads
 * memory only.
 */
export function enforceBudgets(ctx: RequestContext, config: RuntimeConfig, key: CompiledKey): void {
  const index = config.budgets;
  const list = index?.byWorkspace.get(key.workspaceId);
  if (!list) return;
  const tagKeys = index!.tagKeys.get(key.workspaceId);
  const metadata = tagKeys ? budgetMetadata(ctx.req.headers[METADATA_HEADER], tagKeys) : null;
  ctx.budgetMetadata = metadata;
  const ledger = ctx.services.budgets;
  if (!ledger) return;
  const now = Date.now();
  for (const budget of list) {
    const def = budget.def;
    if (!def.hardStop || !budgetApplies(def, key.id, metadata)) continue;
    const spent = ledger.spent(budget, now);
    if (
      (def.limitMicroUsd !== null && spent.micro >= def.limitMicroUsd) ||
      (def.limitTokens !== null && spent.tokens >= def.limitTokens)
    ) {
      ctx.res.setHeader('x-switchyard-budget', encodeURIComponent(def.name));
      ctx.services.metrics.budgetRefusals.labels(key.workspaceSlug, def.name).inc();
      throw exceeded(budget, spent.window);
    }
  }
}
