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
import { startControlPlane } from '../src';
import { BUDGET_STATUS, startBudgetPlane, type BudgetPlane } from './support/budgets';
import { eventually, randomSuffix, sql, withNats } from './support/infra';
import { NODE_TOKEN, type TestPlane } from './support/plane';

// Spend counted from usage a node reports: per budget and window, published to the budget
// bucket, with threshold events and their signed webhooks.

let plane: BudgetPlane;
let t: TestPlane;
let client: TelemetryClient;
let workspaceId: string;
let otherWorkspaceId: string;
let keyId: string;
let otherKeyId: string;
let budgetBucket: string;
let createBudget: BudgetPlane['createBudget'];
let errorCode: BudgetPlane['errorCode'];

const EVENTS = `query E($workspaceId: ID!, $budgetId: ID) {
  budgetEvents(workspaceId: $workspaceId, budgetId: $budgetId) { id budgetId threshold spentMicroUsd webhookStatus webhookAttempts windowStart }
}`;

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
    await t.ok<{ budgetStatus: { spentMicroUsd: number; spentTokens: number; exhausted: boolean } }>(
      BUDGET_STATUS,
      {
        input: { workspaceId, id },
      },
    )
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
  plane = await startBudgetPlane();
  ({ t, workspaceId, otherWorkspaceId, keyId, otherKeyId, budgetBucket, createBudget, errorCode } = plane);
  client = new (loadTelemetry().Telemetry)(t.plane.grpcAddress, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await plane?.close();
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
