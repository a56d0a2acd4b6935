import { eventually, KEY_SECRET, startStack } from './support';

/**
 * Request-time embeddings through the whole platform: a semantic route and a semantic cache
 * configured with a provider's embeddings model, a node calling it, and the control plane
 * storing each call as a sub-call of its request in Postgres and counting its cost in the
 * workspace's budget.
 */

type Stack = Awaited<ReturnType<typeof startStack>>;

interface SubCallRow {
  requestId: string;
  parentRequestId: string | null;
  endpoint: string;
  model: string;
  inputTokens: number;
  costMicroUsd: string;
  tokensEstimated: boolean;
  status: number;
}

const SUB_CALLS = `query SubCalls($w: ID!, $parent: String!) {
  usageRecords(workspaceId: $w, filter: { parentRequestId: $parent }) {
    items { requestId parentRequestId endpoint model inputTokens costMicroUsd tokensEstimated status }
  }
}`;

const EMBEDDING_MODEL = 'text-embedding-3-small';
// A workspace price of $1,000 per million tokens, so each embedded text costs whole micro-dollars.
const MICRO_USD_PER_TOKEN = 1000;
const embedder = { provider: 'local-openai', model: EMBEDDING_MODEL };

describe('request-time embeddings with a provider embedder, through the platform', () => {
  let stack: Stack;
  let gatewayUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    await stack.applyDemo({
      // `answer-…` models are not in the catalog: the chat calls cost nothing, the embeddings do.
      routes: [
        {
          alias: 'support',
          strategy: 'semantic',
          targets: [
            { provider: 'local-openai', model: 'answer-general' },
            { provider: 'local-openai', model: 'answer-billing' },
          ],
          semantic: {
            embedder,
            threshold: 0.5,
            intents: [{ name: 'billing', examples: ['refund my order', 'I was charged twice'], target: 1 }],
            defaultTarget: 0,
          },
        },
        {
          alias: 'faq',
          targets: [{ provider: 'local-openai', model: 'answer-faq' }],
          cache: { mode: 'semantic', ttlSeconds: 300, threshold: 0.9, embedder },
        },
      ],
      modelPrices: [
        {
          providerKind: 'openai',
          model: EMBEDDING_MODEL,
          inputPerMTok: MICRO_USD_PER_TOKEN * 1_000_000,
          outputPerMTok: 0,
        },
      ],
      budgets: [
        { name: 'everything', scope: 'workspace', limitMicroUsd: 1e12, period: 'total', hardStop: false },
      ],
    });
    const node = await stack.platform.startDataPlane('node-embeddings');
    gatewayUrl = node.url;
    await eventually(
      async () => (await fetch(`${gatewayUrl}/readyz`)).ok,
      10_000,
      'the node to run the snapshot',
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  const chat = async (alias: string, content: string) => {
    const res = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: alias, messages: [{ role: 'user', content }] }),
    });
    expect(res.status).toBe(200);
    return res.headers;
  };

  const storedSubCalls = (parent: string) =>
    eventually(
      async () => {
        const { usageRecords } = await stack.admin<{ usageRecords: { items: SubCallRow[] } }>(SUB_CALLS, {
          w: stack.workspaceId,
          parent,
        });
        return usageRecords.items.length > 0 ? usageRecords.items : undefined;
      },
      15_000,
      `the sub-calls of ${parent} in Postgres`,
    );

  it("stores each embedding call as a priced sub-call of its request and counts it in the workspace's budget", async () => {
    const routedText = 'please refund my order';
    const routed = await chat('support', routedText);
    expect(routed.get('x-switchyard-intent')).toBe('billing');
    const cachedText = 'what are your opening hours?';
    const cached = await chat('faq', cachedText);
    expect(cached.get('x-switchyard-cache')).toBe('miss');

    let total = 0;
    for (const [headers, text] of [
      [routed, routedText],
      [cached, cachedText],
    ] as const) {
      const requestId = headers.get('x-request-id')!;
      const tokens = Math.ceil(text.length / 4); // the fake upstream's count
      const rows = await storedSubCalls(requestId);
      expect(rows).toEqual([
        {
          requestId: `${requestId}.1`,
          parentRequestId: requestId,
          endpoint: 'embeddings',
          model: EMBEDDING_MODEL,
          inputTokens: tokens,
          costMicroUsd: String(tokens * MICRO_USD_PER_TOKEN),
          tokensEstimated: false,
          status: 200,
        },
      ]);
      total += tokens * MICRO_USD_PER_TOKEN;
    }

    // The control plane's budget counter holds the embeddings' cost (the chat answers cost 0).
    await eventually(
      async () => {
        const { budgets } = await stack.admin<{ budgets: { status: { spentMicroUsd: number } }[] }>(
          'query B($w: ID!) { budgets(workspaceId: $w) { status { spentMicroUsd } } }',
          { w: stack.workspaceId },
        );
        return budgets[0]?.status.spentMicroUsd === total || undefined;
      },
      15_000,
      `the budget to count ${total} micro-USD`,
    );
  });
});
