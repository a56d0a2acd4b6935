import OpenAI from 'openai';
import { randomSuffix, type GatewayNode } from '../src';
import { APPLY, eventually, KEY_SECRET, startStack } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

const WINDOW_S = 10;
const WINDOW_MS = WINDOW_S * 1000;
const LIMIT = 100;
const TOKEN_LIMIT = 1500;
const WORKERS_PER_NODE = 4;
const TOKENS_KEY = 'sy-test-tokens-0123456789abcdef';

/** A gauge's value from a node's `/metrics`, or NaN when it has none. */
async function gauge(node: GatewayNode, name: string): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

interface Outcome {
  node: number;
  sentAt: number;
  status: number;
  /** `usage.total_tokens` of an answer (0 for a refusal). */
  tokens: number;
}

/** Keeps `WORKERS_PER_NODE` requests in flight on every node until `until` (epoch ms). */
async function load(nodes: GatewayNode[], until: number, key = KEY_SECRET): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const body = JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });
  const worker = async (node: number) => {
    while (Date.now() < until) {
      const sentAt = Date.now();
      const res = await fetch(`${nodes[node].url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
      const answer = (await res.json()) as { usage?: { total_tokens?: number } };
      outcomes.push({ node, sentAt, status: res.status, tokens: answer.usage?.total_tokens ?? 0 });
    }
  };
  await Promise.all(nodes.flatMap((_, node) => Array.from({ length: WORKERS_PER_NODE }, () => worker(node))));
  return outcomes;
}

describe('rate limits across three data-plane processes', () => {
  let stack: Stack;
  let nodes: GatewayNode[];

  beforeAll(async () => {
    // A subject of this test's own, so no other test's nodes take a share; the control plane
    // listens on it too (for the limits' live usage).
    stack = await startStack({ env: { SWITCHYARD_RATE_LIMIT_SUBJECT: `sy-e2e.rl-${randomSuffix()}` } });
    await stack.admin(APPLY, {
      input: {
        workspaces: [
          {
            slug: 'demo',
            name: 'Demo',
            keys: [{ name: 'tokens', secret: TOKENS_KEY }],
            rateLimits: [
              { key: 'ci', requestsPerWindow: LIMIT, windowSeconds: WINDOW_S },
              { key: 'tokens', tokensPerWindow: TOKEN_LIMIT, windowSeconds: WINDOW_S },
            ],
          },
        ],
      },
    });
    nodes = await Promise.all(['rl-a', 'rl-b', 'rl-c'].map((id) => stack.platform.startDataPlane(id)));
    await Promise.all(nodes.map((n) => stack.platform.waitUntilReady(n)));
    for (const n of nodes) {
      await eventually(
        async () => (await gauge(n, 'switchyard_rate_limit_nodes')) === 3,
        15_000,
        `${n.nodeId} to count 3 live nodes`,
      );
    }
  }, 120_000);
  afterAll(() => stack?.close());

  it('keeps the admitted rate within 10% of the limit in every window under concurrent load on all nodes', async () => {
    // Load through two whole windows after the current one.
    const firstWhole = Math.floor(Date.now() / WINDOW_MS) + 1;
    const outcomes = await load(nodes, (firstWhole + 2) * WINDOW_MS);

    const admitted = new Map<number, number>();
    for (const o of outcomes) {
      expect([200, 429]).toContain(o.status);
      if (o.status !== 200) continue;
      const w = Math.floor(o.sentAt / WINDOW_MS);
      admitted.set(w, (admitted.get(w) ?? 0) + 1);
    }
    const perWindow = [admitted.get(firstWhole) ?? 0, admitted.get(firstWhole + 1) ?? 0];
    // Far more was asked than allowed, on every node, or the test proves nothing.
    expect(outcomes.filter((o) => o.status === 429).length).toBeGreaterThan(4 * LIMIT);
    for (let n = 0; n < 3; n++) expect(outcomes.some((o) => o.node === n && o.status === 200)).toBe(true);
    for (const count of perWindow) {
      expect(count).toBeGreaterThanOrEqual(LIMIT * 0.9);
      expect(count).toBeLessThanOrEqual(LIMIT * 1.1);
    }

    // The control plane hears the same counts: the limit is shown full, on three nodes.
    const { rateLimits } = await stack.admin<{
      rateLimits: Array<{
        scope: string;
        requestsPerWindow: number | null;
        usage: { requests: number; nodes: number } | null;
      }>;
    }>(
      'query($w: ID!) { rateLimits(workspaceId: $w) { scope requestsPerWindow usage { requests nodes } } }',
      {
        w: stack.workspaceId,
      },
    );
    const limit = rateLimits.find((l) => l.requestsPerWindow === LIMIT)!;
    expect(limit.usage).toMatchObject({ nodes: 3 });
    expect(limit.usage!.requests).toBeGreaterThanOrEqual(LIMIT * 0.5);
    expect(limit.usage!.requests).toBeLessThanOrEqual(LIMIT * 1.1);
  }, 120_000);

  it('refuses through the official client with 429, Retry-After and the rate-limit headers', async () => {
    const client = new OpenAI({ apiKey: KEY_SECRET, baseURL: `${nodes[1].url}/v1`, maxRetries: 0 });
    // The previous test used the window up; keep asking until refused (the limit is cluster-wide).
    const error = await eventually(
      async () =>
        client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }).then(
          () => undefined,
          (e: unknown) => (e instanceof OpenAI.RateLimitError ? e : undefined),
        ),
      20_000,
      'a 429',
    );
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toMatch(/Rate limit exceeded for key "ci": requests per 10s \(limit 100\)/);
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(error.headers?.get('x-ratelimit-limit-requests')).toBe('100');
    expect(error.headers?.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s)$/);
  }, 60_000);

  it('keeps the tokens used within 10% of a tokens-per-window limit across the nodes', async () => {
    const firstWhole = Math.floor(Date.now() / WINDOW_MS) + 1;
    const outcomes = await load(nodes, (firstWhole + 2) * WINDOW_MS, TOKENS_KEY);
    const used = new Map<number, number>();
    for (const o of outcomes) {
      expect([200, 429]).toContain(o.status);
      const w = Math.floor(o.sentAt / WINDOW_MS);
      used.set(w, (used.get(w) ?? 0) + o.tokens);
    }
    expect(outcomes.filter((o) => o.status === 429).length).toBeGreaterThan(100);
    for (const w of [firstWhole, firstWhole + 1]) {
      expect(used.get(w)).toBeGreaterThanOrEqual(TOKEN_LIMIT * 0.9);
      expect(used.get(w)).toBeLessThanOrEqual(TOKEN_LIMIT * 1.1);
    }
  }, 120_000);
});
