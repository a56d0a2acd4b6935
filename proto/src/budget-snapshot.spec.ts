import {
  hashKeySecret,
  snapshotHash,
  validateSnapshot,
  type SnapshotBudget,
  type SnapshotContent,
} from './index';

function content(budgets: SnapshotBudget[]): SnapshotContent {
  return {
    workspaces: [
      { id: 'w1', slug: 'demo', name: 'Demo' },
      { id: 'w2', slug: 'other', name: 'Other' },
    ],
    providers: [],
    routes: [],
    keys: [
      {
        id: 'k1',
        workspaceId: 'w1',
        name: 'ci',
        hash: hashKeySecret('sy-x'),
        expiresAt: null,
        allowedRouteIds: null,
      },
    ],
    budgets,
  };
}

const budget = (overrides: Partial<SnapshotBudget> = {}): SnapshotBudget => ({
  id: 'b1',
  workspaceId: 'w1',
  name: 'monthly',
  scope: 'workspace',
  keyId: null,
  tagKey: null,
  tagValue: null,
  limitMicroUsd: 1000,
  limitTokens: null,
  period: 'monthly',
  timezone: 'Europe/Berlin',
  hardStop: true,
  ...overrides,
});

function errors(budgets: SnapshotBudget[]): string[] {
  const c = content(budgets);
  const result = validateSnapshot({
    schemaVersion: 1,
    version: 1,
    hash: snapshotHash(c),
    createdAt: '2026-01-01T00:00:00.000Z',
    content: c,
  });
  return result.ok ? [] : result.errors;
}

describe('budgets in snapshots', () => {
  it('accepts workspace, key and tag budgets', () => {
    expect(
      errors([
        budget(),
        budget({ id: 'b2', name: 'key', scope: 'key', keyId: 'k1', limitMicroUsd: null, limitTokens: 10 }),
        budget({ id: 'b3', name: 'tag', scope: 'tag', tagKey: 'team', tagValue: 'red', period: 'total' }),
      ]),
    ).toEqual([]);
  });

  it('rejects budgets that break their invariants', () => {
    expect(errors([budget({ limitMicroUsd: null })])).toContain('budget b1 has no limit');
    expect(errors([budget({ timezone: 'Nowhere/Land' })])).toContain(
      'budget b1 has unknown time zone Nowhere/Land',
    );
    expect(errors([budget({ scope: 'key' })])).toContain('budget b1 keyId must be set exactly for scope key');
    expect(errors([budget({ scope: 'key', keyId: 'k9' })])).toContain('budget b1 names unknown key k9');
    expect(errors([budget({ workspaceId: 'w2', scope: 'key', keyId: 'k1' })])).toContain(
      'budget b1 names unknown key k1',
    );
    expect(errors([budget({ scope: 'tag', tagKey: 'team' })])).toContain(
      'budget b1 tagKey and tagValue must be set exactly for scope tag',
    );
    expect(errors([budget({ tagKey: 'team', tagValue: 'red' })])).toContain(
      'budget b1 tagKey and tagValue must be set exactly for scope tag',
    );
    expect(errors([budget(), budget({ id: 'b2' })])).toContain('duplicate budget name w1/monthly');
    expect(errors([budget({ workspaceId: 'w9' })])).toContain('budget b1 names unknown workspace w9');
    // The schema refuses what the types cannot say.
    expect(errors([budget({ limitMicroUsd: 0 })]).length).toBeGreaterThan(0);
    expect(errors([budget({ period: 'hourly' as never })]).length).toBeGreaterThan(0);
  });

  it('leaves a config without budgets hashing as before', () => {
    const c = content([]);
    delete c.budgets;
    const withEmpty = { ...c, budgets: undefined };
    expect(snapshotHash(withEmpty)).toBe(snapshotHash(c));
  });
});
