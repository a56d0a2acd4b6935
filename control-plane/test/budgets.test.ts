import * as grpc from '@grpc/grpc-js';
import {
  budgetWindow,
  loadTelemetry,
  parseBudgetState,
  type TelemetryClient,
  type UsageRecord,
} from '@switchyard/proto';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deleteBucket, eventually, randomSuffix, readKvSnapshot, sql, withNats } from './support/infra';
import { startControlPlane } from '../src';
import { NODE_TOKEN, startTestPlane, type TestPlane } from './support/plane';

let t: TestPlane;
let client: TelemetryClient;
let workspaceId: string;
let otherWorkspaceId: string;
let keyId: string;
let otherKeyId: string;
const budgetBucket = `sy-budget-${randomSuffix()}`;

const BUDGET_FIELDS = `id name scope keyId tagKey tagValue limitMicroUsd limitTokens period timezone alertThresholds
  webhookUrl webhookSigned hardStop
  status { windowStart resetsAt spentMicroUsd spentTokens remainingMicroUsd remainingTokens percentUsed exhausted }`;

interface Budget {
  id: string;
  name: string;
  scope: string;
  keyId: string | null;
  limitMicroUsd: number | null;
  limitTokens: number | null;
  period: string;
  timezone: string;
  alertThresholds: number[];
  webhookSigned: boolean;
  hardStop: boolean;
  status: {
    windowStart: string;
    resetsAt: string | null;
    spentMicroUsd: number;
    spentTokens: number;
    remainingMicroUsd: number | null;
    remainingTokens: number | null;
    percentUsed: number;
    exhausted: boolean;
  };
}

const CREATE = `mutation C($input: CreateBudgetInput!) { createBudget(input: $input) { ${BUDGET_FIELDS} } }`;
const STATUS = `query S($input: BudgetRecordInput!) { budgetStatus(input: $input) { spentMicroUsd spentTokens exhausted remainingMicroUsd } }`;
const EVENTS = `query E($workspaceId: ID!, $budgetId: ID) {
  budgetEvents(workspaceId: $workspaceId, budgetId: $budgetId) { id budgetId threshold spentMicroUsd webhookStatus webhookAttempts windowStart }
}`;

async function createBudget(input: Record<string, unknown>): Promise<Budget> {
  const data = await t.ok<{ createBudget: Budget }>(CREATE, { input: { workspaceId, ...input } });
  return data.createBudget;
}

async function errorCode(query: string, variables: Record<string, unknown>): Promise<string | undefined> {
  const res = await t.gql(query, variables);
  return res.errors?.[0]?.extensions?.code;
}

function metadata(): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set('authorization', `Bearer ${NODE_TOKEN}`);
  return m;
}

function report(nodeId: string, records: UsageRecord[]): Promise<{ accepted: number; duplicates: number }> {
  return new Promise((resolve, reject) =>
    client.ReportUsage({ nodeId, records }, metadata(), (error, value) =>
      error ? reject(error) : resolve(value as { accepted: number; duplicates: number }),
    ),
  );
}

let seq = 0;
function record(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId: `req-${randomSuffix()}-${++seq}`,
    workspaceId,
    keyId,
    endpoint: 'chat.completions',
    inputTokens: 10,
    outputTokens: 20,
    costMicroUsd: 100,
    status: 200,
    startedAtMs: Date.now(),
    nodeId: 'node-a',
    budgetSeq: seq,
    ...overrides,
  };
}

async function status(id: string) {
  return (
    await t.ok<{ budgetStatus: { spentMicroUsd: number; spentTokens: number; exhausted: boolean } }>(STATUS, {
      input: { workspaceId, id },
    })
  ).budgetStatus;
}

async function readState(budgetId: string) {
  return withNats(async (nc) => {
    const jsm = await nc.jetstreamManager();
    try {
      const m = await jsm.streams.getMessage(`KV_${budgetBucket}`, {
        last_by_subj: `$KV.${budgetBucket}.budget.${budgetId}`,
      });
      return parseBudgetState(Buffer.from(m.data).toString('utf8'));
    } catch {
      return null;
    }
  });
}

beforeAll(async () => {
  t = await startTestPlane({ SWITCHYARD_BUDGET_BUCKET: budgetBucket, SWITCHYARD_BUDGET_PUBLISH_MS: '20' });
  client = new (loadTelemetry().Telemetry)(t.plane.grpcAddress, grpc.credentials.createInsecure());
  const ws = await t.ok<{ a: { id: string }; b: { id: string } }>(
    'mutation { a: createWorkspace(input: {slug: "budgets", name: "B"}) { id } b: createWorkspace(input: {slug: "other", name: "O"}) { id } }',
  );
  workspaceId = ws.a.id;
  otherWorkspaceId = ws.b.id;
  const keys = await t.ok<{
    a: { key: { id: string } };
    b: { key: { id: string } };
    c: { key: { id: string } };
  }>(
    `mutation K($w: ID!, $o: ID!) {
      a: createVirtualKey(input: {workspaceId: $w, name: "one"}) { key { id } }
      b: createVirtualKey(input: {workspaceId: $w, name: "two"}) { key { id } }
      c: createVirtualKey(input: {workspaceId: $o, name: "elsewhere"}) { key { id } }
    }`,
    { w: workspaceId, o: otherWorkspaceId },
  );
  keyId = keys.a.key.id;
  otherKeyId = keys.b.key.id;
  (globalThis as { elsewhereKey?: string }).elsewhereKey = keys.c.key.id;
});

afterAll(async () => {
  client?.close();
  await t?.close();
  await deleteBucket(budgetBucket);
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
    expect(await errorCode(STATUS, { input: { workspaceId, id: created.id } })).toBe('NOT_FOUND');
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
    const code = (input: Record<string, unknown>) => errorCode(CREATE, { input: { ...base, ...input } });
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
    const elsewhere = (globalThis as { elsewhereKey?: string }).elsewhereKey;
    expect(await code({ scope: 'key', keyId: elsewhere })).toBe('BAD_USER_INPUT');

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

describe('spend counted from usage ingest', () => {
  let hooks: Array<{ headers: IncomingHttpHeaders; body: string }>;
  let hookServer: Server;
  let hookUrl: string;
  let failures = 0;

  beforeAll(async () => {
    hooks = [];
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        // The first delivery fails, so the retry is exercised.
        if (failures++ === 0) {
          res.writeHead(503).end();
          return;
        }
        hooks.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
  });

  afterAll(() => new Promise<void>((r) => hookServer.close(() => r())));

  it('counts each record once into the budgets it matches, by workspace, key and tag', async () => {
    const ws = await createBudget({
      name: 'ws',
      scope: 'workspace',
      limitMicroUsd: 1_000_000,
      period: 'daily',
    });
    const key = await createBudget({
      name: 'key-one',
      scope: 'key',
      keyId,
      limitTokens: 1_000_000,
      period: 'weekly',
    });
    const tag = await createBudget({
      name: 'tag-red',
      scope: 'tag',
      tagKey: 'team',
      tagValue: 'red',
      limitMicroUsd: 1_000_000,
      period: 'monthly',
      timezone: 'America/New_York',
    });
    const batch = [
      record(),
      record({ keyId: otherKeyId, metadata: { team: 'red' } }),
      record({ keyId: otherKeyId, metadata: { team: 'blue' } }),
      record({ workspaceId: otherWorkspaceId, keyId: '' }),
    ];
    expect(await report('node-a', batch)).toEqual({ accepted: 4, duplicates: 0 });
    // A replayed batch is stored and counted once.
    expect(await report('node-a', batch)).toEqual({ accepted: 0, duplicates: 4 });
    expect(await status(ws.id)).toMatchObject({ spentMicroUsd: 300, spentTokens: 90 });
    expect(await status(key.id)).toMatchObject({ spentMicroUsd: 100, spentTokens: 30 });
    expect(await status(tag.id)).toMatchObject({ spentMicroUsd: 100, spentTokens: 30 });

    // A record of an earlier window counts there, not in the current one.
    const yesterday = Date.now() - 86_400_000 * 2;
    await report('node-a', [record({ startedAtMs: yesterday })]);
    expect(await status(ws.id)).toMatchObject({ spentMicroUsd: 300 });
    const rows = await sql<{ window_start: Date; spent_micro_usd: string }>(
      t.databaseUrl,
      'SELECT window_start, spent_micro_usd FROM budget_counters WHERE budget_id = $1 ORDER BY window_start',
      [ws.id],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].window_start.getTime()).toBe(budgetWindow('daily', 'UTC', yesterday).startMs);

    // The state in the budget bucket: the current window's spend and the highest sequence counted per node.
    const state = await eventually(
      async () => {
        const s = await readState(ws.id);
        return s && s.spentMicroUsd === 300 && s.counted['node-a'] === seq ? s : undefined;
      },
      10_000,
      'the budget state to be published',
    );
    expect(state.windowStartMs).toBe(budgetWindow('daily', 'UTC', Date.now()).startMs);

    for (const b of [ws, key, tag]) {
      await t.ok(`mutation D($input: DeleteBudgetInput!) { deleteBudget(input: $input) { id } }`, {
        input: { workspaceId, id: b.id },
      });
    }
  });

  it('records each threshold once per window and POSTs a signed webhook, retrying', async () => {
    const budget = await createBudget({
      name: 'alerting',
      scope: 'workspace',
      limitMicroUsd: 1000,
      period: 'daily',
      alertThresholds: [50, 80, 100],
      webhookUrl: hookUrl,
      webhookSecret: 'whsec-0123456789abcdef',
    });
    expect(budget.webhookSigned).toBe(true);
    expect(JSON.stringify(budget)).not.toContain('whsec');

    await report('node-b', [record({ costMicroUsd: 600 })]); // 60%: crosses 50
    await report('node-b', [record({ costMicroUsd: 100 }), record({ costMicroUsd: 150 })]); // 85%: crosses 80
    await report('node-b', [record({ costMicroUsd: 300 })]); // 115%: crosses 100
    await report('node-b', [record({ costMicroUsd: 300 })]); // nothing new
    expect(await status(budget.id)).toMatchObject({
      spentMicroUsd: 1450,
      exhausted: true,
      remainingMicroUsd: 0,
    });

    const events = await eventually(
      async () => {
        const data = await t.ok<{
          budgetEvents: Array<{
            threshold: number;
            webhookStatus: string;
            webhookAttempts: number;
            spentMicroUsd: number;
          }>;
        }>(EVENTS, { workspaceId, budgetId: budget.id });
        return data.budgetEvents.every((e) => e.webhookStatus === 'delivered')
          ? data.budgetEvents
          : undefined;
      },
      20_000,
      'the webhooks to be delivered',
    );
    expect(events.map((e) => e.threshold).sort((a, b) => a - b)).toEqual([50, 80, 100]);
    expect(events.find((e) => e.threshold === 50)!.spentMicroUsd).toBe(600);
    expect(events.some((e) => e.webhookAttempts === 2)).toBe(true);

    expect(hooks).toHaveLength(3);
    for (const hook of hooks) {
      const expected = createHmac('sha256', 'whsec-0123456789abcdef').update(hook.body).digest('hex');
      expect(hook.headers['x-switchyard-signature']).toBe(`sha256=${expected}`);
      const body = JSON.parse(hook.body) as {
        type: string;
        budget: { id: string; name: string };
        threshold: number;
        resetsAt: string;
      };
      expect(body).toMatchObject({
        type: 'budget.threshold_reached',
        budget: { id: budget.id, name: 'alerting' },
      });
      expect(Date.parse(body.resetsAt)).toBe(budgetWindow('daily', 'UTC', Date.now()).endMs);
    }
  });

  it('sends again at start the webhooks a stopped control plane left pending', async () => {
    const budget = await createBudget({
      name: 'left pending',
      scope: 'workspace',
      limitTokens: 1_000_000_000,
      period: 'daily',
      webhookUrl: hookUrl,
    });
    const windowStart = new Date(budgetWindow('daily', 'UTC', Date.now()).startMs).toISOString();
    const eventId = '7d1c0f52-7a51-4d0e-9d6a-3f1c2b4e5a60';
    await sql(
      t.databaseUrl,
      `INSERT INTO budget_events (id, budget_id, workspace_id, window_start, threshold, spent_micro_usd, spent_tokens, webhook_status)
       VALUES ($1, $2, $3, $4, 100, 0, 1000000000, 'pending')`,
      [eventId, budget.id, workspaceId, windowStart],
    );
    const second = await startControlPlane(t.env);
    try {
      await eventually(
        async () => {
          const data = await t.ok<{ budgetEvents: Array<{ id: string; webhookStatus: string }> }>(EVENTS, {
            workspaceId,
            budgetId: budget.id,
          });
          return data.budgetEvents.find((e) => e.id === eventId && e.webhookStatus === 'delivered');
        },
        20_000,
        'the pending webhook to be delivered',
      );
      expect(hooks.filter((h) => h.headers['x-switchyard-event-id'] === eventId)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('lists events only of the asked workspace', async () => {
    const data = await t.ok<{ budgetEvents: unknown[] }>(EVENTS, { workspaceId: otherWorkspaceId });
    expect(data.budgetEvents).toEqual([]);
    expect(await errorCode(EVENTS, { workspaceId: '11111111-1111-4111-8111-111111111111' })).toBe(
      'NOT_FOUND',
    );
  });
});

describe('budgets in applyConfig', () => {
  const APPLY = `mutation A($input: ApplyConfigInput!) {
    applyConfig(input: $input) { changes { kind name workspace action } snapshotVersion }
  }`;
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
    const first = await t.ok<Applied>(APPLY, config(declared));
    expect(budgetChanges(first)).toEqual(['monthly:created', 'ci tokens:created', 'red team:created']);
    const again = await t.ok<Applied>(APPLY, config(declared));
    expect(budgetChanges(again)).toEqual(['monthly:unchanged', 'ci tokens:unchanged', 'red team:unchanged']);
    expect(again.applyConfig.snapshotVersion).toBe(first.applyConfig.snapshotVersion);

    const changed = declared.map((b) =>
      b.name === 'red team'
        ? { ...b, webhookSecret: 'whsec-rotated-0123456789' }
        : b.name === 'monthly'
          ? { ...b, limitMicroUsd: 6_000_000 }
          : b,
    );
    const third = await t.ok<Applied>(APPLY, config(changed));
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
      APPLY,
      config([{ name: 'x', scope: 'key', key: 'nope', limitTokens: 1, period: 'daily' }]),
    );
    expect(unknownKey.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknownKey.errors?.[0]?.message).toContain('budgets[x].key');
    const noLimit = await t.gql(APPLY, config([{ name: 'y', scope: 'workspace', period: 'daily' }]));
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
