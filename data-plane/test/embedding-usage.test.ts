import { connect } from 'nats';
import {
  sealSecret,
  type SnapshotCache,
  type SnapshotEmbedder,
  type SnapshotSemantic,
} from '@switchyard/proto';
import { startFakeGemini, startFakeOpenAI, type FakeGemini, type FakeOpenAI } from '../src/testing';
import { NATS_URL, randomBucketName } from './support/nats-bucket';
import { waitFor } from './support/poll';
import {
  guardrailPolicy,
  onRoute,
  openAIProvider,
  route,
  startRoutingGateway,
  target,
  UPSTREAM,
  type RoutingGateway,
} from './support/routing-gateway';
import { SNAPSHOT_KEY, UPSTREAM_API_KEY } from './support/snapshots';

// Request-time embeddings of semantic routes and the semantic cache: each call a provider
// embedder makes for a request is a sub-call usage record of that request, priced and
// counted in budgets; the local embedder makes none.

const EMBEDDING_MODEL = 'text-embedding-3-small';
// $1,000 per million tokens (a workspace price), so a few tokens cost whole micro-dollars.
const MICRO_USD_PER_TOKEN = 1000;
const remote: SnapshotEmbedder = { providerId: UPSTREAM, model: EMBEDDING_MODEL };
const local: SnapshotEmbedder = { providerId: null, model: 'local' };
/** A second fake upstream, stopped once the examples are embedded: request-time calls then fail. */
const FLAKY = 'p-flaky-embedder';
/** Gemini's embeddings API reports no token counts. */
const GEMINI = 'p-gemini';
const GEMINI_KEY = 'AIza-embedding-usage-0123456789';
const GEMINI_MODEL = 'gemini-embedding-001';

const semantic = (embedder: SnapshotEmbedder, threshold = 0.5): SnapshotSemantic => ({
  embedder,
  threshold,
  intents: [{ name: 'billing', examples: ['refund my order', 'I was charged twice'], target: 1 }],
  defaultTarget: 0,
  onEmbedError: 'default',
});
const semanticCache = (embedder: SnapshotEmbedder): SnapshotCache => ({
  mode: 'semantic',
  ttlSeconds: 300,
  embedder,
  threshold: 0.9,
});
// Unpriced models: the chat calls cost nothing, so any spend is the embeddings'.
const targets = [target('answer-general'), target('answer-billing')];

let g: RoutingGateway;
let flaky: FakeOpenAI | null;
let gemini: FakeGemini;
const cacheBucket = randomBucketName();

beforeAll(async () => {
  flaky = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  gemini = await startFakeGemini({ apiKey: GEMINI_KEY });
  g = await startRoutingGateway(
    [
      route('routed', 'semantic', targets, { semantic: semantic(remote) }),
      route('routed-local', 'semantic', targets, { semantic: semantic(local, 0.3) }),
      route('routed-flaky', 'semantic', targets, {
        semantic: semantic({ providerId: FLAKY, model: EMBEDDING_MODEL }),
      }),
      route('cached', 'single', [target('answer-cached')], { cache: semanticCache(remote) }),
      route('cached-failing', 'single', [target('answer-cached')], {
        cache: semanticCache({ providerId: UPSTREAM, model: 'fail-503' }),
      }),
      route('cached-gemini', 'single', [target('answer-cached')], {
        cache: semanticCache({ providerId: GEMINI, model: GEMINI_MODEL }),
      }),
      // Routed by the local embedder, cached by the provider's: one billed call.
      route('mixed', 'semantic', targets, { semantic: semantic(local, 0.3), cache: semanticCache(remote) }),
      // An LLM-judge guardrail whose judge route is semantic on the provider's model.
      route('judged', 'single', [target('answer-judged')]),
      route('judge', 'semantic', [target('answer-0.9'), target('answer-0.9')], {
        semantic: semantic(remote),
      }),
    ],
    {
      providers: [
        openAIProvider(FLAKY, 'flaky', flaky.baseUrl),
        {
          id: GEMINI,
          workspaceId: 'w1',
          name: 'gemini',
          kind: 'gemini',
          baseUrl: gemini.baseUrl,
          credentials: sealSecret(SNAPSHOT_KEY, GEMINI, JSON.stringify({ apiKey: GEMINI_KEY })),
        },
      ],
      modelPrices: [
        ['openai', EMBEDDING_MODEL],
        ['gemini', GEMINI_MODEL],
      ].map(([providerKind, model]) => ({
        workspaceId: 'w1',
        providerKind,
        model,
        inputPerMTok: MICRO_USD_PER_TOKEN * 1_000_000,
        outputPerMTok: 0,
      })),
      content: {
        guardrailPolicies: [
          guardrailPolicy('g-judge', 'input', 'deny', [
            { name: 'polite', type: 'llm_judge', params: { route: 'judge', rubric: 'polite' } },
          ]),
        ],
        guardrailAttachments: [onRoute('g-judge', 'judged')],
        budgets: [
          {
            id: 'b-embeddings',
            workspaceId: 'w1',
            name: 'embeddings only',
            scope: 'tag',
            keyId: null,
            tagKey: 'team',
            tagValue: 'embed',
            limitMicroUsd: 1,
            limitTokens: null,
            period: 'daily',
            timezone: 'UTC',
            hardStop: true,
          },
        ],
      },
      env: { SWITCHYARD_CACHE_BUCKET: cacheBucket },
    },
  );
});

afterAll(async () => {
  await g?.close();
  await flaky?.close();
  await gemini?.close();
  const nc = await connect({ servers: NATS_URL });
  await (await nc.jetstreamManager()).streams.delete(`KV_${cacheBucket}`).catch(() => undefined);
  await nc.close();
});

/** Tokens the fake upstream counts for one embedded text. */
const fakeTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

let unique = 0;
/** A text no other request sent, so no embedder has it cached. */
const fresh = (text: string) => `${text} (#${++unique})`;

describe('request-time embeddings with a provider embedder', () => {
  it('records the embedding of a semantic route as a priced sub-call of the chat request', async () => {
    const text = fresh('please refund my order');
    const served = await g.chat('routed', { content: text });
    expect(served.intent).toBe('billing');
    const { parent, subCalls } = await g.usageOf(served.requestId);
    expect(subCalls).toHaveLength(1);
    const tokens = fakeTokens(text);
    expect(subCalls[0]).toMatchObject({
      requestId: `${served.requestId}.1`,
      parentRequestId: served.requestId,
      endpoint: 'embeddings',
      workspaceId: 'w1',
      keyId: 'k-all',
      routeAlias: 'routed',
      providerId: UPSTREAM,
      model: EMBEDDING_MODEL,
      inputTokens: tokens,
      outputTokens: 0,
      tokensEstimated: false,
      costMicroUsd: tokens * MICRO_USD_PER_TOKEN,
      status: 200,
      errorCode: '',
      attempts: 1,
    });
    // The chat call keeps its own record, without the embedding's cost.
    expect(parent).toMatchObject({
      parentRequestId: '',
      endpoint: 'chat.completions',
      model: 'answer-billing',
    });
    expect(parent.costMicroUsd).toBe(0);
  });

  it('records the embedding of a semantic cache lookup, on a miss and on a hit', async () => {
    const text = fresh('What is the capital of France?');
    const miss = await g.chat('cached', { content: text });
    const first = await g.usageOf(miss.requestId);
    expect(first.parent.cacheStatus).toBe('miss');
    expect(first.subCalls).toHaveLength(1);
    expect(first.subCalls[0]).toMatchObject({
      parentRequestId: miss.requestId,
      endpoint: 'embeddings',
      model: EMBEDDING_MODEL,
      inputTokens: fakeTokens(text),
      costMicroUsd: fakeTokens(text) * MICRO_USD_PER_TOKEN,
      status: 200,
    });

    // A paraphrase hits (the answer costs 0), but its embedding was a real call and is billed.
    let tries = 0;
    const second = await waitFor('a paraphrase to hit', async () => {
      // The same words spelled differently each try, so no embedder has the text already.
      const paraphrase = `${text.toLowerCase().replace('?', '')}${'!'.repeat(++tries)}`;
      const usage = await g.usageOf((await g.chat('cached', { content: paraphrase })).requestId);
      return usage.parent.cacheStatus === 'hit' ? { ...usage, paraphrase } : null;
    });
    expect(second.parent.costMicroUsd).toBe(0);
    expect(second.subCalls).toHaveLength(1);
    expect(second.subCalls[0]).toMatchObject({
      endpoint: 'embeddings',
      cacheStatus: '',
      inputTokens: fakeTokens(second.paraphrase),
      costMicroUsd: fakeTokens(second.paraphrase) * MICRO_USD_PER_TOKEN,
    });
  });

  it('estimates the tokens (and flags them) when the provider reports none, and prices the estimate', async () => {
    const text = fresh('how do I reset my password?');
    const served = await g.chat('cached-gemini', { content: text });
    const { subCalls } = await g.usageOf(served.requestId);
    const estimate = Math.ceil(text.length / 4); // the gateway's four characters per token
    expect(subCalls).toHaveLength(1);
    expect(subCalls[0]).toMatchObject({
      endpoint: 'embeddings',
      providerId: GEMINI,
      model: GEMINI_MODEL,
      inputTokens: estimate,
      tokensEstimated: true,
      costMicroUsd: estimate * MICRO_USD_PER_TOKEN,
      status: 200,
    });
  });

  it('records a failing embedding call with its error (the cache misses, the route uses its default)', async () => {
    const cached = await g.chat('cached-failing', { content: fresh('hello there') });
    const lookup = await g.usageOf(cached.requestId);
    expect(lookup.parent).toMatchObject({ status: 200, cacheStatus: 'miss' });
    expect(lookup.subCalls).toHaveLength(1);
    expect(lookup.subCalls[0]).toMatchObject({
      parentRequestId: cached.requestId,
      endpoint: 'embeddings',
      model: 'fail-503',
      inputTokens: 0,
      costMicroUsd: 0,
      status: 503,
    });
    expect(lookup.subCalls[0].errorCode).not.toBe('');
    expect(lookup.subCalls[0].errorMessage).not.toBe('');

    // The flaky embedder has embedded the route's examples; then it goes away.
    await waitFor('the examples to be embedded', async () =>
      (await g.chat('routed-flaky', { content: fresh('refund my order') })).intent === 'billing'
        ? true
        : null,
    );
    await flaky!.close();
    flaky = null;
    const routed = await g.chat('routed-flaky', { content: fresh('refund my order') });
    expect(routed.intent).toBe('(default: embedding failed)');
    const embedding = await g.usageOf(routed.requestId);
    expect(embedding.subCalls).toHaveLength(1);
    expect(embedding.subCalls[0]).toMatchObject({
      endpoint: 'embeddings',
      providerId: FLAKY,
      status: 502,
      errorCode: 'upstream_error',
      costMicroUsd: 0,
    });
    expect(embedding.subCalls[0].errorMessage).toMatch(/Could not reach the upstream provider/);
  });

  it('adds no record for the local embedder', async () => {
    const local = await g.chat('routed-local', { content: fresh('refund my order please') });
    expect(local.intent).toBe('billing');
    expect((await g.usageOf(local.requestId)).subCalls).toEqual([]);
    // Routed locally, cached with the provider's model: only the cache's call is billed.
    const mixed = await g.chat('mixed', { content: fresh('refund my order please') });
    expect(mixed.intent).toBe('billing');
    const { subCalls } = await g.usageOf(mixed.requestId);
    expect(subCalls.map((r) => [r.endpoint, r.model])).toEqual([['embeddings', EMBEDDING_MODEL]]);
  });

  it('records the embedding an LLM-judge check makes through a semantic judge route', async () => {
    const text = fresh('would you kindly help me');
    const served = await g.chat('judged', { content: text });
    expect(served.text).toBe('judged');
    const { subCalls } = await g.usageOf(served.requestId);
    // The judge's route embeds the text it judges, then the judge answers: both billed to the request.
    expect(subCalls.map((r) => [r.endpoint, r.model])).toEqual([
      ['embeddings', EMBEDDING_MODEL],
      ['chat.completions', 'answer-0.9'],
    ]);
    expect(subCalls[0]).toMatchObject({
      parentRequestId: served.requestId,
      inputTokens: fakeTokens(text),
      costMicroUsd: fakeTokens(text) * MICRO_USD_PER_TOKEN,
      status: 200,
    });
  });

  it("counts the embedding's cost in budgets", async () => {
    // The chat answers are unpriced: only the embedding spends the budget's one micro-dollar.
    const headers = { 'x-switchyard-metadata': JSON.stringify({ team: 'embed' }) };
    const served = await g.chat('routed', { content: fresh('I was charged twice'), headers });
    const { subCalls } = await g.usageOf(served.requestId);
    expect(subCalls[0].metadata).toEqual({ team: 'embed' });
    const refused = await g.refused('routed', { content: fresh('I was charged twice'), headers });
    expect(refused).toMatchObject({ status: 402, code: 'budget_exceeded' });
  });
});
