import type { UsageBucket, UsageSummary } from '../usage/types';

/**
 * Totals of a timeseries, for views that have no summary query (every workspace at once).
 * Sub-calls are in tokens and cost but not counted apart, so `subRequests` is 0.
 */
export function usageTotals(buckets: UsageBucket[]): UsageSummary {
  let cost = 0n;
  const totals: UsageSummary = {
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    costMicroUsd: '0',
    subRequests: 0,
  };
  for (const bucket of buckets) {
    totals.requests += bucket.requests;
    totals.errors += bucket.errors;
    totals.inputTokens += bucket.inputTokens;
    totals.outputTokens += bucket.outputTokens;
    cost += BigInt(bucket.costMicroUsd);
  }
  return { ...totals, costMicroUsd: cost.toString() };
}
