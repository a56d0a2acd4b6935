import { BUDGET_FIELDS, startBudgetPlane, type Budget, type BudgetPlane } from './support/budgets';
import { APPLY_CONFIG, type TestPlane } from './support/plane';

// Budgets declared in applyConfig: created, left unchanged and updated by name; refusals.

let plane: BudgetPlane;
let t: TestPlane;

beforeAll(async () => {
  plane = await startBudgetPlane();
  ({ t } = plane);
});

afterAll(async () => {
  await plane?.close();
});

describe('budgets in applyConfig', () => {
  interface Applied {
    applyConfig: { changes: Array<{ kind: string; name: string; action: string }>; snapshotVersion: number };
  }
  const config = (budgets: Array<Record<string, unknown>>) => ({
    input: {
      workspaces: [
        {
          slug: 'declared',
          name: 'Declared',
          keys: [{ name: 'ci', secret: 'sy-declared-0123456789ab' }],
          budgets,
        },
      ],
    },
  });
  const declared = [
    {
      name: 'monthly',
      scope: 'workspace',
      limitMicroUsd: 5_000_000,
      period: 'monthly',
      timezone: 'Europe/Berlin',
    },
    { name: 'ci tokens', scope: 'key', key: 'ci', limitTokens: 1000, period: 'daily', hardStop: false },
    {
      name: 'red team',
      scope: 'tag',
      tagKey: 'team',
      tagValue: 'red',
      limitMicroUsd: 100,
      period: 'weekly',
      webhookUrl: 'https://hooks.example.com/b',
      webhookSecret: 'whsec-declared-0123456789',
    },
  ];
  const budgetChanges = (a: Applied) =>
    a.applyConfig.changes.filter((c) => c.kind === 'budget').map((c) => `${c.name}:${c.action}`);

  it('creates, leaves unchanged, and updates declared budgets by name', async () => {
    const first = await t.ok<Applied>(APPLY_CONFIG, config(declared));
    expect(budgetChanges(first)).toEqual(['monthly:created', 'ci tokens:created', 'red team:created']);
    const again = await t.ok<Applied>(APPLY_CONFIG, config(declared));
    expect(budgetChanges(again)).toEqual(['monthly:unchanged', 'ci tokens:unchanged', 'red team:unchanged']);
    expect(again.applyConfig.snapshotVersion).toBe(first.applyConfig.snapshotVersion);

    const changed = declared.map((b) =>
      b.name === 'red team'
        ? { ...b, webhookSecret: 'whsec-rotated-0123456789' }
        : b.name === 'monthly'
          ? { ...b, limitMicroUsd: 6_000_000 }
          : b,
    );
    const third = await t.ok<Applied>(APPLY_CONFIG, config(changed));
    expect(budgetChanges(third)).toEqual(['monthly:updated', 'ci tokens:unchanged', 'red team:updated']);

    const { workspaces } = await t.ok<{ workspaces: Array<{ id: string; slug: string }> }>(
      '{ workspaces { id slug } }',
    );
    const ws = workspaces.find((w) => w.slug === 'declared')!.id;
    const listed = await t.ok<{ budgets: Budget[] }>(
      `query L($w: ID!) { budgets(workspaceId: $w) { ${BUDGET_FIELDS} } }`,
      {
        w: ws,
      },
    );
    expect(listed.budgets.find((b) => b.name === 'monthly')).toMatchObject({
      limitMicroUsd: 6_000_000,
      timezone: 'Europe/Berlin',
      hardStop: true,
      alertThresholds: [50, 80, 100],
    });
    expect(listed.budgets.find((b) => b.name === 'ci tokens')).toMatchObject({
      scope: 'key',
      hardStop: false,
    });
    expect(listed.budgets.find((b) => b.name === 'red team')).toMatchObject({ webhookSigned: true });
  });

  it('refuses a budget naming an unknown key or with no limit, applying nothing', async () => {
    const unknownKey = await t.gql(
      APPLY_CONFIG,
      config([{ name: 'x', scope: 'key', key: 'nope', limitTokens: 1, period: 'daily' }]),
    );
    expect(unknownKey.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknownKey.errors?.[0]?.message).toContain('budgets[x].key');
    const noLimit = await t.gql(APPLY_CONFIG, config([{ name: 'y', scope: 'workspace', period: 'daily' }]));
    expect(noLimit.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const { workspaces } = await t.ok<{ workspaces: Array<{ id: string; slug: string }> }>(
      '{ workspaces { id slug } }',
    );
    const ws = workspaces.find((w) => w.slug === 'declared')!.id;
    const listed = await t.ok<{ budgets: Budget[] }>(
      `query L($w: ID!) { budgets(workspaceId: $w) { name } }`,
      { w: ws },
    );
    expect(listed.budgets.map((b) => b.name).sort()).toEqual(['ci tokens', 'monthly', 'red team']);
  });
});
