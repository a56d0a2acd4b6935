/** Default name of the JetStream key-value bucket holding the spend of each budget's current window. */
export const DEFAULT_BUDGET_BUCKET = 'switchyard-budgets';

/** The key of one budget's state in the budget bucket. */
export function budgetStateKey(budgetId: string): string {
  return `budget.${budgetId}`;
}

/**
 * The spend of one budget in one window, as the control plane has counted it, published
 * to the budget bucket after usage batches. Invariant: `spentMicroUsd` and `spentTokens`
 * include exactly the usage records of each node `n` whose `budgetSeq` is at most
 * `counted[n]` (nodes send records in sequence order), so a node adds to it only its own
 * spend with a higher sequence number and nothing is counted twice.
 */
export interface BudgetState {
  budgetId: string;
  /** Epoch ms of the window start this spend belongs to (0 for `total` budgets). */
  windowStartMs: number;
  spentMicroUsd: number;
  spentTokens: number;
  /** Node id → the highest `budgetSeq` of that node the control plane has counted. */
  counted: Record<string, number>;
  /** When the control plane read this state, epoch ms (for operators; never compared with node clocks). */
  publishedAtMs: number;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Parses a state value from the bucket; null when it is not a valid state. */
export function parseBudgetState(text: string): BudgetState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.budgetId !== 'string' || !isCount(v.windowStartMs)) return null;
  if (!isCount(v.spentMicroUsd) || !isCount(v.spentTokens)) return null;
  if (!v.counted || typeof v.counted !== 'object' || Array.isArray(v.counted)) return null;
  const counted: Record<string, number> = {};
  for (const [node, seq] of Object.entries(v.counted as Record<string, unknown>)) {
    if (!isCount(seq)) return null;
    counted[node] = seq;
  }
  return {
    budgetId: v.budgetId,
    windowStartMs: v.windowStartMs,
    spentMicroUsd: v.spentMicroUsd,
    spentTokens: v.spentTokens,
    counted,
    publishedAtMs: isCount(v.publishedAtMs) ? v.publishedAtMs : 0,
  };
}

/**
 * Whether a budget counts a request of its workspace made with key `keyId` carrying
 * `metadata` (the `x-switchyard-metadata` pairs; values compared as strings).
 */
export function budgetApplies(
  budget: { scope: string; keyId: string | null; tagKey: string | null; tagValue: string | null },
  keyId: string,
  metadata: Readonly<Record<string, string>> | null | undefined,
): boolean {
  if (budget.scope === 'workspace') return true;
  if (budget.scope === 'key') return budget.keyId === keyId;
  return budget.tagKey !== null && metadata?.[budget.tagKey] === budget.tagValue;
}
