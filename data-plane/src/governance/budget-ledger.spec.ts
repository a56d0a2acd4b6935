import { budgetWindow, type SnapshotBudget, type UsageRecord } from '@switchyard/proto';
import { BudgetIndex } from './budget-index';
import { BudgetLedger } from './budget-ledger';

const def: SnapshotBudget = {
  id: 'b1',
  workspaceId: 'w1',
  name: 'daily',
  scope: 'workspace',
  keyId: null,
  tagKey: null,
  tagValue: null,
  limitMicroUsd: 1_000_000,
  limitTokens: null,
  period: 'daily',
  timezone: 'UTC',
  hardStop: true,
};

function setup() {
  const sent: UsageRecord[] = [];
  const index = new BudgetIndex([def]);
  const ledger = new BudgetLedger({ push: (r) => sent.push(r) }, 'n1', () => index, 1_000);
  const budget = index.byWorkspace.get('w1')![0];
  const push = (cost: number, startedAtMs = Date.now(), workspaceId = 'w1') =>
    ledger.push({
      requestId: 'r',
      workspaceId,
      keyId: 'k',
      costMicroUsd: cost,
      inputTokens: 1,
      outputTokens: 2,
      startedAtMs,
    });
  return { sent, ledger, budget, push };
}

const state = (
  counted: number,
  spentMicroUsd: number,
  windowStartMs = budgetWindow('daily', 'UTC', Date.now()).startMs,
) =>
  JSON.stringify({
    budgetId: 'b1',
    windowStartMs,
    spentMicroUsd,
    spentTokens: 0,
    counted: { n1: counted },
    publishedAtMs: 0,
  });

describe('BudgetLedger', () => {
  it('numbers records in order and forwards them', () => {
    const { sent, push } = setup();
    push(1);
    push(2);
    expect(sent.map((r) => r.budgetSeq)).toEqual([1_000_001, 1_000_002]);
  });

  it('adds its own spend since the state, across compactions of its queue', () => {
    const { sent, ledger, budget, push } = setup();
    for (let i = 0; i < 3000; i++) push(10);
    expect(ledger.spent(budget, Date.now())).toMatchObject({ micro: 30_000, tokens: 9000 });
    const mark = Number(sent[2499].budgetSeq);
    ledger.applyState(state(mark, 25_000));
    expect(ledger.spent(budget, Date.now()).micro).toBe(25_000 + 500 * 10);
    for (let i = 0; i < 10; i++) push(10);
    ledger.applyState(state(Number(sent[2999].budgetSeq), 30_000));
    expect(ledger.spent(budget, Date.now()).micro).toBe(30_000 + 100);
    // An invalid value changes nothing.
    ledger.applyState('{"budgetId":"b1"}');
    expect(ledger.spent(budget, Date.now()).micro).toBe(30_100);
  });

  it('counts spend in the window it happened in, and ignores other workspaces', () => {
    const { ledger, budget, push } = setup();
    push(100, Date.now() - 2 * 86_400_000);
    push(100, Date.now(), 'w2');
    push(7);
    expect(ledger.spent(budget, Date.now()).micro).toBe(7);
    ledger.applyState(state(0, 50, budgetWindow('daily', 'UTC', Date.now() - 86_400_000).startMs));
    expect(ledger.spent(budget, Date.now()).micro).toBe(7);
  });
});
