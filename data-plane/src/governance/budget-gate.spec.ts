import { Counter } from 'prom-client';
import type { SnapshotBudget } from '@switchyard/proto';
import { GatewayError } from '../errors';
import type { RequestContext } from '../http/request-context';
import type { CompiledKey, RuntimeConfig } from '../snapshot/compiled';
import { enforceBudgets } from './budget-gate';
import { BudgetIndex } from './budget-index';
import { BudgetLedger } from './budget-ledger';

const budget = (overrides: Partial<SnapshotBudget>): SnapshotBudget => ({
  id: 'b1',
  workspaceId: 'w1',
  name: 'all time',
  scope: 'workspace',
  keyId: null,
  tagKey: null,
  tagValue: null,
  limitMicroUsd: 2_500_000,
  limitTokens: 100,
  period: 'total',
  timezone: 'UTC',
  hardStop: true,
  ...overrides,
});

function setup(budgets: SnapshotBudget[], headers: Record<string, string> = {}) {
  const index = new BudgetIndex(budgets);
  const ledger = new BudgetLedger({ push: () => undefined }, 'n1', () => index);
  const responseHeaders: Record<string, string> = {};
  const budgetRefusals = new Counter({
    name: 'switchyard_budget_refusals_total',
    help: 'test',
    labelNames: ['workspace', 'budget'],
    registers: [],
  });
  const ctx = {
    req: { headers },
    res: { setHeader: (name: string, value: string) => (responseHeaders[name] = value) },
    services: { budgets: ledger, metrics: { budgetRefusals } },
    budgetMetadata: null,
  } as unknown as RequestContext;
  const config = { budgets: index } as unknown as RuntimeConfig;
  const key = { id: 'k1', workspaceId: 'w1', workspaceSlug: 'demo' } as CompiledKey;
  const spend = (costMicroUsd: number, tokens = 0, metadata?: Record<string, string>) =>
    ledger.push({
      requestId: 'r',
      workspaceId: 'w1',
      keyId: 'k1',
      costMicroUsd,
      inputTokens: tokens,
      metadata,
    });
  return { ctx, config, key, spend, responseHeaders, budgetRefusals };
}

function refusal(run: () => void): GatewayError | null {
  try {
    run();
    return null;
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
}

describe('enforceBudgets', () => {
  it('refuses once either limit is reached, naming the budget and that it never resets', async () => {
    const { ctx, config, key, spend, responseHeaders, budgetRefusals } = setup([budget({})]);
    spend(2_499_999, 99);
    expect(refusal(() => enforceBudgets(ctx, config, key))).toBeNull();
    spend(0, 1);
    const err = refusal(() => enforceBudgets(ctx, config, key))!;
    expect(err.status).toBe(402);
    expect(err.code).toBe('budget_exceeded');
    expect(err.message).toBe(
      'Budget "all time" is exhausted (total limit $2.500000 / 100 tokens). It does not reset (total budget).',
    );
    expect(responseHeaders['x-switchyard-budget']).toBe('all%20time');
    expect((await budgetRefusals.get()).values).toEqual([
      { labels: { workspace: 'demo', budget: 'all time' }, value: 1 },
    ]);
  });

  it('never refuses for a soft budget', () => {
    const { ctx, config, key, spend } = setup([budget({ hardStop: false })]);
    spend(10_000_000, 1000);
    expect(refusal(() => enforceBudgets(ctx, config, key))).toBeNull();
  });

  it('reads tag values from x-switchyard-metadata as strings and keeps only the pairs budgets use', () => {
    const tagged = budget({
      scope: 'tag',
      tagKey: 'tier',
      tagValue: '2',
      limitTokens: 1,
      limitMicroUsd: null,
    });
    const { ctx, config, key, spend } = setup([tagged], {
      'x-switchyard-metadata': JSON.stringify({ tier: 2, user: 'u' }),
    });
    expect(refusal(() => enforceBudgets(ctx, config, key))).toBeNull();
    expect(ctx.budgetMetadata).toEqual({ tier: '2' });
    spend(0, 1, { tier: '2' });
    expect(refusal(() => enforceBudgets(ctx, config, key))?.code).toBe('budget_exceeded');

    for (const header of ['not json', '[1]', '{"tier":{"n":2}}']) {
      const other = setup([tagged], { 'x-switchyard-metadata': header });
      other.spend(0, 5, { tier: '2' });
      expect(refusal(() => enforceBudgets(other.ctx, other.config, other.key))).toBeNull();
      expect(other.ctx.budgetMetadata).toBeNull();
    }
  });
});
