import { budgetStateKey, budgetWindow, type BudgetState, type SnapshotBudget } from '@switchyard/proto';
import { connect, type NatsConnection } from 'nats';
import { hello, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';
import { NATS_URL, randomBucketName } from './support/nats-bucket';
import { waitFor } from './support/poll';
import { KEYS, makeSnapshot, testContent } from './support/snapshots';

// The fake upstream answers "hello there" with 3 input and 5 output tokens: 8 tokens a request.
const TOKENS = 8;

const budget = (overrides: Partial<SnapshotBudget>): SnapshotBudget => ({
  id: 'b-red',
  workspaceId: 'w1',
  name: 'team red',
  scope: 'tag',
  keyId: null,
  tagKey: 'team',
  tagValue: 'red',
  limitMicroUsd: null,
  limitTokens: 2 * TOKENS,
  period: 'daily',
  timezone: 'UTC',
  hardStop: true,
  ...overrides,
});

let f: GatewayFixture;
let nc: NatsConnection;
const budgetBucket = randomBucketName();

async function publishState(state: Partial<BudgetState>): Promise<void> {
  const kv = await nc.jetstream().views.kv(budgetBucket, { history: 1 });
  const full: BudgetState = {
    budgetId: 'b-red',
    windowStartMs: budgetWindow('daily', 'UTC', Date.now()).startMs,
    spentMicroUsd: 0,
    spentTokens: 0,
    counted: {},
    publishedAtMs: Date.now(),
    ...state,
  };
  await kv.put(budgetStateKey(full.budgetId), JSON.stringify(full));
}

/**
 * Waits until the node applied every state published so far: the watch delivers in order, so
 * once a later state of the sentinel budget takes effect, the earlier ones have too.
 */
async function settled(): Promise<void> {
  const probe = async () =>
    (await f.post({ model: 'fast', messages: hello }, { 'x-switchyard-metadata': '{"probe":"x"}' })).status;
  await publishState({ budgetId: 'b-sentinel', spentTokens: 1e9 });
  await waitFor('the sentinel to block', async () => ((await probe()) === 402 ? true : undefined));
  await publishState({ budgetId: 'b-sentinel', spentTokens: 0 });
  await waitFor('the sentinel to let through', async () => ((await probe()) === 200 ? true : undefined));
}

const ask = (team: string | null, key: string = KEYS.all) =>
  f.post(
    { model: 'fast', messages: hello },
    {
      authorization: `Bearer ${key}`,
      ...(team ? { 'x-switchyard-metadata': JSON.stringify({ team, user: 'u-1', other: 'x' }) } : {}),
    },
  );

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  await nc.jetstream().views.kv(budgetBucket, { history: 1 });
  f = await startGatewayFixture({ SWITCHYARD_BUDGET_BUCKET: budgetBucket, SWITCHYARD_USAGE_FLUSH_MS: '50' });
  await f.bucket.put(
    makeSnapshot(
      {
        ...testContent(f.upstream.baseUrl),
        budgets: [
          budget({}),
          // A soft budget: counted, never blocks.
          budget({
            id: 'b-soft',
            name: 'soft',
            scope: 'workspace',
            tagKey: null,
            tagValue: null,
            hardStop: false,
            limitTokens: 1,
          }),
          // Blocks only when a published state says so (see settled()).
          budget({ id: 'b-sentinel', name: 'sentinel', tagKey: 'probe', tagValue: 'x', limitTokens: 1e9 }),
          budget({
            id: 'b-fast',
            name: 'fast key',
            scope: 'key',
            keyId: 'k-fast',
            tagKey: null,
            tagValue: null,
            limitTokens: 1,
          }),
        ],
      },
      2,
    ),
  );
  await waitFor('the snapshot with budgets', () => f.gateway.status().snapshotVersion === 2 || undefined);
});

afterAll(async () => {
  await f?.close();
  await (await nc.jetstreamManager()).streams.delete(`KV_${budgetBucket}`).catch(() => undefined);
  await nc?.close();
});

describe('budgets on a node', () => {
  it('counts its own spend at once and refuses a hard-stopped budget with 402 naming it', async () => {
    expect((await ask('red')).status).toBe(200);
    expect((await ask('red')).status).toBe(200);
    const refused = await ask('red');
    expect(refused.status).toBe(402);
    expect(refused.headers.get('x-switchyard-budget')).toBe('team%20red');
    const body = (await refused.json()) as { error: { code: string; type: string; message: string } };
    expect(body.error).toMatchObject({ code: 'budget_exceeded', type: 'insufficient_quota' });
    const resets = new Date(budgetWindow('daily', 'UTC', Date.now()).endMs).toISOString();
    expect(body.error.message).toBe(
      `Budget "team red" is exhausted (daily limit 16 tokens). It resets at ${resets}.`,
    );
    // Other tags, no metadata, and the soft budget do not block.
    expect((await ask('blue')).status).toBe(200);
    expect((await ask(null)).status).toBe(200);

    // Records carry the tag budgets' metadata pairs only, and increasing sequence numbers.
    const records = await waitFor('the usage records', () =>
      f.telemetry.records.length >= 5 ? f.telemetry.records : undefined,
    );
    const red = records.filter((r) => r.metadata?.team === 'red');
    expect(red).toHaveLength(3);
    expect(red[0].metadata).toEqual({ team: 'red' });
    expect(records.find((r) => r.status === 402)).toMatchObject({ errorCode: 'budget_exceeded' });
    const metrics = await (await fetch(`${f.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_budget_refusals_total\{workspace="[^"]*",budget="team red"\} 1/);
    const seqs = records.map((r) => Number(r.budgetSeq));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
  });

  it('adds to the published state only its own spend that state has not counted', async () => {
    const redSeqs = () =>
      f.telemetry.records
        .filter((r) => r.metadata?.team === 'red' && r.status === 200)
        .map((r) => Number(r.budgetSeq));
    const [, second] = redSeqs();
    // The control plane counted both records but says 0 (say, the budget was reset): the node
    // drops its own count of them and serves again.
    await publishState({ spentTokens: 0, counted: { 'test-node': second } });
    await settled();
    expect((await ask('red')).status).toBe(200);
    const third = await waitFor('the third record', () => redSeqs()[2]);
    // A state that counted the third record (8 tokens): the node must not add its own 8 again.
    await publishState({ spentTokens: TOKENS, counted: { 'test-node': third } });
    await settled();
    expect((await ask('red')).status).toBe(200);
    // Now 8 counted + 8 of its own = the limit.
    expect((await ask('red')).status).toBe(402);
    // A state of an earlier window does not count in the current one.
    await publishState({
      windowStartMs: budgetWindow('daily', 'UTC', Date.now() - 86_400_000).startMs,
      spentTokens: 1_000_000,
      counted: { 'test-node': third },
    });
    await settled();
    expect((await ask('red')).status).toBe(200);
  });

  it('refuses a key budget for that key only, on chat and embeddings', async () => {
    expect((await ask(null, KEYS.fastOnly)).status).toBe(200);
    expect((await ask(null, KEYS.fastOnly)).status).toBe(402);
    expect((await ask(null, KEYS.all)).status).toBe(200);
    const embeddings = await fetch(`${f.gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.fastOnly}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', input: 'hi' }),
    });
    expect(embeddings.status).toBe(402);
    expect(((await embeddings.json()) as { error: { code: string } }).error.code).toBe('budget_exceeded');
  });
});
