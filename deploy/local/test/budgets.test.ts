import type { GatewayNode } from '../src';
import { deleteBucket, randomSuffix } from '../src';
import { eventually, KEY_SECRET, NATS_URL, startStack } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

// The fake upstream answers this model after 20 ms with the text "ok", so every request has
// the same usage, and with the workspace's price below the same cost.
const MODEL = 'slow-20-answer-ok';
const NODES = 3;
/** Requests each client keeps in flight against each node. */
const CONCURRENCY = 2;
/** A bound on requests per client, so a broken budget cannot loop forever. */
const MAX_REQUESTS = 300;
const KEYS = {
  probe: 'sy-budget-probe-0123456789',
  a: 'sy-budget-a-0123456789abc',
  b: 'sy-budget-b-0123456789abc',
  c: 'sy-budget-c-0123456789abc',
};
const budgetBucket = `sy-e2e-budget-${randomSuffix()}`;

interface Answer {
  status: number;
  body: { error?: { code?: string; message?: string; type?: string }; type?: string };
  cost: string | null;
}

async function chat(node: GatewayNode, secret: string): Promise<Answer> {
  const res = await fetch(`${node.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'metered', messages: [{ role: 'user', content: 'hello budget' }] }),
  });
  return {
    status: res.status,
    body: (await res.json()) as Answer['body'],
    cost: res.headers.get('x-switchyard-cost'),
  };
}

/** `CONCURRENCY` clients against `node` until each gets a 402; the number of answered requests. */
async function spendUntilRefused(node: GatewayNode, secret: string): Promise<number> {
  let served = 0;
  const client = async () => {
    for (let i = 0; i < MAX_REQUESTS; i++) {
      const answer = await chat(node, secret);
      if (answer.status === 402) return;
      if (answer.status !== 200)
        throw new Error(`unexpected ${answer.status}: ${JSON.stringify(answer.body)}`);
      served++;
    }
    throw new Error(`${node.nodeId} never refused after ${MAX_REQUESTS} requests`);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return served;
}

describe('budgets enforced by three data-plane processes', () => {
  let stack: Stack;
  let cost = 0;
  let keyIds: Record<string, string> = {};

  const createBudget = async (name: string, keyId: string, limitMicroUsd: number) =>
    (
      await stack.admin<{ createBudget: { id: string } }>(
        'mutation C($input: CreateBudgetInput!) { createBudget(input: $input) { id } }',
        {
          input: {
            workspaceId: stack.workspaceId,
            name,
            scope: 'key',
            keyId,
            limitMicroUsd,
            period: 'daily',
          },
        },
      )
    ).createBudget.id;

  const status = async (id: string) =>
    (
      await stack.admin<{ budgetStatus: { spentMicroUsd: number; exhausted: boolean } }>(
        'query S($input: BudgetRecordInput!) { budgetStatus(input: $input) { spentMicroUsd exhausted } }',
        { input: { workspaceId: stack.workspaceId, id } },
      )
    ).budgetStatus;

  /** Waits until every running node applied the latest snapshot (its heartbeat says so). */
  const nodesCurrent = async () => {
    const { latestSnapshot } = await stack.admin<{ latestSnapshot: { version: number } }>(
      '{ latestSnapshot { version } }',
    );
    await eventually(
      async () => {
        const { dataPlaneNodes } = await stack.admin<{
          dataPlaneNodes: { nodeId: string; snapshotVersion: number }[];
        }>('{ dataPlaneNodes { nodeId snapshotVersion } }');
        const running = stack.platform.nodes.map((n) => n.nodeId);
        return running.every((id) =>
          dataPlaneNodes.some((n) => n.nodeId === id && n.snapshotVersion >= latestSnapshot.version),
        );
      },
      30_000,
      'every node to run the latest snapshot',
    );
  };

  beforeAll(async () => {
    stack = await startStack({
      env: { SWITCHYARD_BUDGET_BUCKET: budgetBucket, SWITCHYARD_BUDGET_PUBLISH_MS: '50' },
    });
    await stack.applyDemo({
      routes: [
        { alias: 'fast', targets: [{ provider: 'local-openai', model: 'gpt-4o-mini' }] },
        { alias: 'metered', targets: [{ provider: 'local-openai', model: MODEL }] },
      ],
      keys: [
        { name: 'ci', secret: KEY_SECRET },
        { name: 'probe', secret: KEYS.probe },
        { name: 'spender-a', secret: KEYS.a },
        { name: 'spender-b', secret: KEYS.b },
        { name: 'spender-c', secret: KEYS.c },
      ],
    });
    await stack.admin(
      'mutation P($input: CreateModelPriceInput!) { createModelPrice(input: $input) { id } }',
      {
        input: {
          workspaceId: stack.workspaceId,
          providerKind: 'openai',
          model: MODEL,
          inputPerMTok: 1_000_000_000,
          outputPerMTok: 2_000_000_000,
        },
      },
    );
    const { virtualKeys } = await stack.admin<{ virtualKeys: { id: string; name: string }[] }>(
      'query K($w: ID!) { virtualKeys(workspaceId: $w) { id name } }',
      { w: stack.workspaceId },
    );
    keyIds = Object.fromEntries(virtualKeys.map((k) => [k.name, k.id]));
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await deleteBucket(NATS_URL, budgetBucket);
  });

  it('keeps the spend past a hard limit within the bound when no node hears of the others (usage not flushed)', async () => {
    // Usage stays on the nodes for the whole run: each node knows only its own spend, the worst case.
    const nodes: GatewayNode[] = [];
    for (let i = 1; i <= NODES; i++) {
      nodes.push(
        await stack.platform.startDataPlane(`budget-a${i}`, 0, { SWITCHYARD_USAGE_FLUSH_MS: '600000' }),
      );
    }
    await Promise.all(nodes.map((n) => stack.platform.waitUntilReady(n)));
    const probe = await chat(nodes[0], KEYS.probe);
    expect(probe.status).toBe(200);
    cost = Math.round(Number(probe.cost) * 1_000_000);
    expect(cost).toBeGreaterThan(0);

    const limit = 10 * cost;
    const budgetId = await createBudget('spender-a daily', keyIds['spender-a'], limit);
    await nodesCurrent();

    const served = await Promise.all(nodes.map((n) => spendUntilRefused(n, KEYS.a)));
    // After exhaustion every node refuses, in the OpenAI shape, naming the budget.
    for (const node of nodes) {
      const refused = await chat(node, KEYS.a);
      expect(refused.status).toBe(402);
      expect(refused.body.error).toMatchObject({ code: 'budget_exceeded', type: 'insufficient_quota' });
      expect(refused.body.error!.message).toContain('"spender-a daily"');
      expect(refused.body.error!.message).toMatch(/resets at \d{4}-\d\d-\d\dT/);
    }

    // Stopping the nodes flushes their usage; the control plane then counts every answered request once.
    for (const node of nodes) await stack.platform.stopDataPlane(node);
    const total = served.reduce((a, b) => a + b, 0);
    const spent = await eventually(
      async () => {
        const s = await status(budgetId);
        return s.spentMicroUsd === total * cost ? s : undefined;
      },
      30_000,
      `the control plane to count ${total} requests`,
    );
    expect(spent.exhausted).toBe(true);
    // Documented bound (README, "Budgets"): overshoot <= (N-1) * U + N * k * C, where U, the
    // spend one node cannot see of the others, is at most the limit itself here.
    const overshoot = spent.spentMicroUsd - limit;
    expect(overshoot).toBeGreaterThanOrEqual(0);
    expect(overshoot).toBeLessThanOrEqual((NODES - 1) * limit + NODES * CONCURRENCY * cost);
    // Each node alone stopped at the limit of its own spend plus what it had in flight.
    for (const n of served) expect(n * cost).toBeLessThan(limit + CONCURRENCY * cost);
  }, 300_000);

  it('publishes exhaustion to nodes that spent nothing, and refuses /v1/messages in its own format', async () => {
    const nodes: GatewayNode[] = [];
    for (let i = 1; i <= NODES; i++) nodes.push(await stack.platform.startDataPlane(`budget-b${i}`));
    await Promise.all(nodes.map((n) => stack.platform.waitUntilReady(n)));
    const limit = 10 * cost;
    const budgetId = await createBudget('spender-b daily', keyIds['spender-b'], limit);
    await nodesCurrent();

    // One node spends the whole budget; it stops at the limit plus at most its in-flight requests.
    const first = await spendUntilRefused(nodes[0], KEYS.b);
    expect(first * cost).toBeGreaterThanOrEqual(limit);
    expect(first * cost).toBeLessThan(limit + CONCURRENCY * cost);

    // The other nodes learn it from the published state, without serving a request of their own.
    let late = 0;
    for (const node of nodes.slice(1)) {
      await eventually(
        async () => {
          const answer = await chat(node, KEYS.b);
          if (answer.status === 200) late++;
          return answer.status === 402;
        },
        30_000,
        `${node.nodeId} to refuse the exhausted budget`,
      );
    }
    // Now all three refuse concurrently.
    const answers = await Promise.all(nodes.flatMap((n) => [chat(n, KEYS.b), chat(n, KEYS.b)]));
    expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(402));

    const messages = await fetch(`${nodes[1].url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEYS.b, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'metered', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(messages.status).toBe(402);
    const body = (await messages.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('billing_error');
    expect(body.error.message).toContain('"spender-b daily"');

    // Other keys of the workspace are not limited by this key's budget.
    expect((await chat(nodes[2], KEYS.probe)).status).toBe(200);

    const total = first + late;
    const spent = await eventually(
      async () => {
        const s = await status(budgetId);
        return s.spentMicroUsd === total * cost ? s : undefined;
      },
      30_000,
      `the control plane to count ${total} requests`,
    );
    expect(spent.spentMicroUsd - limit).toBeLessThanOrEqual((NODES - 1) * limit + NODES * CONCURRENCY * cost);
  }, 300_000);

  it('keeps the spend past a hard limit within the bound with three nodes sending concurrently', async () => {
    const nodes: GatewayNode[] = [];
    for (let i = 1; i <= NODES; i++) nodes.push(await stack.platform.startDataPlane(`budget-c${i}`));
    await Promise.all(nodes.map((n) => stack.platform.waitUntilReady(n)));
    const limit = 20 * cost;
    const budgetId = await createBudget('spender-c daily', keyIds['spender-c'], limit);
    await nodesCurrent();

    const served = await Promise.all(nodes.map((n) => spendUntilRefused(n, KEYS.c)));
    const total = served.reduce((a, b) => a + b, 0);
    const spent = await eventually(
      async () => {
        const s = await status(budgetId);
        return s.spentMicroUsd === total * cost ? s : undefined;
      },
      30_000,
      `the control plane to count ${total} requests`,
    );
    expect(spent.exhausted).toBe(true);
    const overshoot = spent.spentMicroUsd - limit;
    expect(overshoot).toBeGreaterThanOrEqual(0);
    expect(overshoot).toBeLessThanOrEqual((NODES - 1) * limit + NODES * CONCURRENCY * cost);
    for (const node of nodes) expect((await chat(node, KEYS.c)).status).toBe(402);
  }, 300_000);
});
