import { budgetWindow } from '@switchyard/proto';
import {
  BUDGET_FIELDS,
  BUDGET_STATUS,
  CREATE_BUDGET,
  startBudgetPlane,
  type Budget,
  type BudgetPlane,
} from './support/budgets';
import { readKvSnapshot } from './support/infra';
import type { TestPlane } from './support/plane';

// Budgets as the API defines them: defaults, status, the snapshot, refusals.

let plane: BudgetPlane;
let t: TestPlane;
let workspaceId: string;
let otherWorkspaceId: string;
let keyId: string;
let elsewhereKeyId: string;
let createBudget: BudgetPlane['createBudget'];
let errorCode: BudgetPlane['errorCode'];

beforeAll(async () => {
  plane = await startBudgetPlane();
  ({ t, workspaceId, otherWorkspaceId, keyId, elsewhereKeyId, createBudget, errorCode } = plane);
});

afterAll(async () => {
  await plane?.close();
});

describe('budget definitions', () => {
  it('creates with defaults, lists with status, updates and deletes', async () => {
    const created = await createBudget({
      name: 'team',
      scope: 'workspace',
      limitMicroUsd: 5_000_000,
      period: 'monthly',
    });
    expect(created).toMatchObject({
      scope: 'workspace',
      keyId: null,
      limitMicroUsd: 5_000_000,
      limitTokens: null,
      timezone: 'UTC',
      alertThresholds: [50, 80, 100],
      hardStop: true,
      webhookSigned: false,
    });
    const w = budgetWindow('monthly', 'UTC', Date.now());
    expect(created.status).toMatchObject({
      windowStart: new Date(w.startMs).toISOString(),
      resetsAt: new Date(w.endMs).toISOString(),
      spentMicroUsd: 0,
      remainingMicroUsd: 5_000_000,
      remainingTokens: null,
      exhausted: false,
    });

    const updated = await t.ok<{ updateBudget: Budget }>(
      `mutation U($input: UpdateBudgetInput!) { updateBudget(input: $input) { ${BUDGET_FIELDS} } }`,
      {
        input: {
          workspaceId,
          id: created.id,
          limitTokens: 1000,
          timezone: 'Europe/Berlin',
          alertThresholds: [90, 10, 90],
          period: 'total',
          hardStop: false,
        },
      },
    );
    expect(updated.updateBudget).toMatchObject({
      limitMicroUsd: 5_000_000,
      limitTokens: 1000,
      timezone: 'Europe/Berlin',
      alertThresholds: [10, 90],
      period: 'total',
      hardStop: false,
      status: { resetsAt: null, windowStart: new Date(0).toISOString() },
    });

    const listed = await t.ok<{ budgets: Budget[] }>(`query L($w: ID!) { budgets(workspaceId: $w) { id } }`, {
      w: workspaceId,
    });
    expect(listed.budgets.map((b) => b.id)).toContain(created.id);

    // The snapshot carries the definition, without alert or webhook settings.
    const snapshot = JSON.parse((await readKvSnapshot(t.bucket))!.toString('utf8')) as {
      content: { budgets?: Array<Record<string, unknown>> };
    };
    expect(snapshot.content.budgets).toEqual([
      {
        id: created.id,
        workspaceId,
        name: 'team',
        scope: 'workspace',
        keyId: null,
        tagKey: null,
        tagValue: null,
        limitMicroUsd: 5_000_000,
        limitTokens: 1000,
        period: 'total',
        timezone: 'Europe/Berlin',
        hardStop: false,
      },
    ]);

    await t.ok(`mutation D($input: DeleteBudgetInput!) { deleteBudget(input: $input) { id } }`, {
      input: { workspaceId, id: created.id },
    });
    expect(await errorCode(BUDGET_STATUS, { input: { workspaceId, id: created.id } })).toBe('NOT_FOUND');
    const after = JSON.parse((await readKvSnapshot(t.bucket))!.toString('utf8')) as { content: object };
    expect(after.content).not.toHaveProperty('budgets');
  });

  it('leaves budgets of revoked keys out of the snapshot, and needs credentials', async () => {
    const key = await t.ok<{ createVirtualKey: { key: { id: string } } }>(
      `mutation K($w: ID!) { createVirtualKey(input: {workspaceId: $w, name: "short-lived"}) { key { id } } }`,
      { w: workspaceId },
    );
    const id = key.createVirtualKey.key.id;
    const b = await createBudget({
      name: 'short-lived',
      scope: 'key',
      keyId: id,
      limitTokens: 5,
      period: 'daily',
    });
    const budgetsIn = async () =>
      (
        JSON.parse((await readKvSnapshot(t.bucket))!.toString('utf8')) as {
          content: { budgets?: Array<{ id: string }> };
        }
      ).content.budgets?.map((x) => x.id) ?? [];
    expect(await budgetsIn()).toContain(b.id);
    await t.ok(`mutation R($input: RevokeVirtualKeyInput!) { revokeVirtualKey(input: $input) { id } }`, {
      input: { workspaceId, id },
    });
    expect(await budgetsIn()).not.toContain(b.id);
    await t.ok(`mutation D($input: DeleteBudgetInput!) { deleteBudget(input: $input) { id } }`, {
      input: { workspaceId, id: b.id },
    });

    const anonymous = await t.gql(
      `query L($w: ID!) { budgets(workspaceId: $w) { id } }`,
      { w: workspaceId },
      null,
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses bad definitions with stable codes', async () => {
    const base = { workspaceId, name: 'bad', scope: 'workspace', limitMicroUsd: 100, period: 'daily' };
    const code = (input: Record<string, unknown>) =>
      errorCode(CREATE_BUDGET, { input: { ...base, ...input } });
    expect(await code({ limitMicroUsd: null })).toBe('BAD_USER_INPUT');
    expect(await code({ limitMicroUsd: 0 })).toBe('BAD_USER_INPUT');
    expect(await code({ limitMicroUsd: 1.5 })).toBe('BAD_USER_INPUT');
    expect(await code({ period: 'hourly' })).toBe('BAD_USER_INPUT');
    expect(await code({ scope: 'team' })).toBe('BAD_USER_INPUT');
    expect(await code({ timezone: 'Mars/Olympus' })).toBe('BAD_USER_INPUT');
    expect(await code({ scope: 'key' })).toBe('BAD_USER_INPUT');
    expect(await code({ keyId })).toBe('BAD_USER_INPUT');
    expect(await code({ scope: 'tag', tagKey: 'team' })).toBe('BAD_USER_INPUT');
    expect(await code({ tagKey: 'team', tagValue: 'a' })).toBe('BAD_USER_INPUT');
    expect(await code({ alertThresholds: [0] })).toBe('BAD_USER_INPUT');
    expect(await code({ webhookUrl: 'ftp://x' })).toBe('BAD_USER_INPUT');
    expect(await code({ webhookSecret: 'a-secret-of-16-chars' })).toBe('BAD_USER_INPUT');
    // A key of another workspace is not found here.
    expect(await code({ scope: 'key', keyId: elsewhereKeyId })).toBe('BAD_USER_INPUT');

    await createBudget({ name: 'dup', scope: 'workspace', limitTokens: 10, period: 'daily' });
    expect(await code({ name: 'dup' })).toBe('CONFLICT');
    const other = await createBudget({
      name: 'renamed',
      scope: 'workspace',
      limitTokens: 10,
      period: 'daily',
    });
    expect(
      await errorCode(`mutation U($input: UpdateBudgetInput!) { updateBudget(input: $input) { id } }`, {
        input: { workspaceId: otherWorkspaceId, id: other.id, name: 'x' },
      }),
    ).toBe('NOT_FOUND');
    const left = await t.ok<{ budgets: Budget[] }>(
      `query L($w: ID!) { budgets(workspaceId: $w) { id name } }`,
      {
        w: workspaceId,
      },
    );
    for (const b of left.budgets) {
      await t.ok(`mutation D($input: DeleteBudgetInput!) { deleteBudget(input: $input) { id } }`, {
        input: { workspaceId, id: b.id },
      });
    }
  });
});
