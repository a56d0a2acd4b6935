import { loadConfig } from '../config';

const base = { SWITCHYARD_SNAPSHOT_KEY: 'ab'.repeat(32), SWITCHYARD_NODE_TOKEN: 'a-node-token-of-16+' };

describe('SWITCHYARD_BUDGET_BUCKET', () => {
  it('defaults to switchyard-budgets and is checked like the other buckets', () => {
    expect(loadConfig(base).budgetBucket).toBe('switchyard-budgets');
    expect(loadConfig({ ...base, SWITCHYARD_BUDGET_BUCKET: 'b_1' }).budgetBucket).toBe('b_1');
    expect(() => loadConfig({ ...base, SWITCHYARD_BUDGET_BUCKET: 'a b' })).toThrow(
      /SWITCHYARD_BUDGET_BUCKET may hold only/,
    );
  });
});
