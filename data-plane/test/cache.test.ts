import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import OpenAI from 'openai';
import { hashKeySecret, type SnapshotCache, type SnapshotContent, type SnapshotKey } from '@switchyard/proto';
import { startGateway, type Gateway } from '../src';
import { startFakeOpenAI, type FakeOpenAI } from '../src/testing';
import { TestTelemetryServer } from './support/control-plane';
import { gatewayEnv, tempStateDir } from './support/gateway-env';
import { NATS_URL, randomBucketName, testBucket, type TestBucket } from './support/nats-bucket';
import { waitFor } from './support/poll';
import { parsePrometheusText } from './support/prometheus-text';
import { openAIProvider, route, target } from './support/routing-gateway';
import { makeSnapshot, UPSTREAM_API_KEY } from './support/snapshots';

const KEYS = {
  /** Workspace w1; no cache settings of its own. */
  plain: 'sy-cache-plain-0123456789abcdef',
  /** Workspace w1; caches (exact) on routes without settings. */
  cachey: 'sy-cache-keyed-0123456789abcdef',
  /** Workspace w2. */
  other: 'sy-cache-other-0123456789abcdef',
};
const exact = (ttlSeconds: number): SnapshotCache => ({ mode: 'exact', ttlSeconds });
const semantic: SnapshotCache = {
  mode: 'semantic',
  ttlSeconds: 300,
  embedder: { providerId: null, model: 'local' },
  threshold: 0.85,
};

function content(upstreamBaseUrl: string): SnapshotContent {
  const key = (id: string, workspaceId: string, secret: string, cache?: SnapshotCache): SnapshotKey => ({
    id,
    workspaceId,
    name: id,
    hash: hashKeySecret(secret),
    expiresAt: null,
    allowedRouteIds: null,
    ...(cache ? { cache } : {}),
  });
  return {
    workspaces: [
      { id: 'w1', slug: 'demo', name: 'Demo' },
      { id: 'w2', slug: 'other', name: 'Other' },
    ],
    providers: [
      openAIProvider('p-openai', 'fake-openai', upstreamBaseUrl),
      { ...openAIProvider('p-openai-2', 'fake-openai', upstreamBaseUrl), workspaceId: 'w2' },
    ],
    routes: [
      route('cached', 'single', [target('m-cached')], { cache: exact(300) }),
      route('short', 'single', [target('m-short')], { cache: exact(1) }),
      route('sem', 'single', [target('m-sem')], { cache: semantic }),
      route('plain', 'single', [target('m-plain')]),
      {
        ...route('cached', 'single', [{ providerId: 'p-openai-2', model: 'm-other' }], { cache: exact(300) }),
        id: 'r-other-cached',
        workspaceId: 'w2',
      },
    ],
    keys: [
      key('k-plain', 'w1', KEYS.plain),
      key('k-cachey', 'w1', KEYS.cachey, exact(300)),
      key('k-other', 'w2', KEYS.other),
    ],
  };
}

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

interface Answer {
  text: string;
  cache: string | null;
  cost: string | null;
  requestId: string;
  usage: OpenAI.CompletionUsage | undefined;
}

let upstream: FakeOpenAI;
let telemetry: TestTelemetryServer;
let snapshots: TestBucket;
let cacheBucket: string;
const gateways: Gateway[] = [];
let nc: NatsConnection;

async function startNode(env: Record<string, string> = {}): Promise<Gateway> {
  const gateway = await startGateway(
    gatewayEnv({
      SWITCHYARD_SNAPSHOT_BUCKET: snapshots.name,
      SWITCHYARD_CACHE_BUCKET: cacheBucket,
      SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address,
      SWITCHYARD_NODE_ID: `cache-node-${gateways.length}`,
      ...env,
    }),
  );
  gateways.push(gateway);
  await waitFor('the snapshot to be applied', async () => (await fetch(`${gateway.url}/readyz`)).ok);
  return gateway;
}

const client = (gateway: Gateway, key = KEYS.plain) =>
  new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 20_000 });

async function ask(
  gateway: Gateway,
  model: string,
  messages: Message[] | string,
  options: { key?: string; headers?: Record<string, string>; params?: Record<string, unknown> } = {},
): Promise<Answer> {
  const { data, response } = await client(gateway, options.key)
    .chat.completions.create(
      {
        model,
        messages: typeof messages === 'string' ? [{ role: 'user', content: messages }] : messages,
        ...options.params,
      } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
      { headers: options.headers },
    )
    .withResponse();
  return {
    text: data.choices[0]?.message.content ?? '',
    cache: response.headers.get('x-switchyard-cache'),
    cost: response.headers.get('x-switchyard-cost'),
    requestId: response.headers.get('x-request-id') ?? '',
    usage: data.usage,
  };
}

async function askStreamed(
  gateway: Gateway,
  model: string,
  content: string,
): Promise<{ text: string; cache: string | null; chunks: number; usage: OpenAI.CompletionUsage | null }> {
  const { data, response } = await client(gateway)
    .chat.completions.create({
      model,
      messages: [{ role: 'user', content }],
      stream: true,
      stream_options: { include_usage: true },
    })
    .withResponse();
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  let text = '';
  let chunks = 0;
  let usage: OpenAI.CompletionUsage | null = null;
  for await (const chunk of data) {
    chunks++;
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, cache: response.headers.get('x-switchyard-cache'), chunks, usage };
}

const upstreamCalls = (model: string) =>
  upstream.requests.filter(
    (r) => r.path === '/v1/chat/completions' && (r.body as { model?: unknown }).model === model,
  ).length;

const usageOf = (requestId: string) =>
  waitFor(`the usage record of ${requestId}`, () => telemetry.records.find((r) => r.requestId === requestId));

/** Waits until some node's write of a cache entry has reached the shared bucket. */
async function entriesInBucket(): Promise<number> {
  const kv = await nc.jetstream().views.kv(cacheBucket, { bindOnly: true });
  let n = 0;
  for await (const _ of await kv.keys()) n++;
  return n;
}

let unique = 0;
/** A question no other test asks, so tests do not see each other's entries. */
const question = (text = 'What is the capital of France?') => `${text} (#${++unique})`;

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  telemetry = await new TestTelemetryServer().start();
  snapshots = await testBucket();
  cacheBucket = randomBucketName();
  nc = await connect({ servers: NATS_URL });
  await snapshots.put(makeSnapshot(content(upstream.baseUrl), 1));
  await startNode();
});

afterAll(async () => {
  for (const g of gateways) await g.close();
  await (await nc.jetstreamManager()).streams.delete(`KV_${cacheBucket}`).catch(() => undefined);
  await nc.close();
  await snapshots.close();
  await telemetry.stop();
  await upstream.close();
});

describe('exact cache', () => {
  it('misses, then answers the same request from the cache without calling the upstream, at zero cost', async () => {
    const [node] = gateways;
    const q = question();
    const first = await ask(node, 'cached', q);
    expect(first).toMatchObject({ cache: 'miss', text: `Echo: ${q}` });
    expect(Number(first.cost)).toBeGreaterThanOrEqual(0);
    // `user` and sampling-irrelevant delivery fields do not change the key.
    const second = await ask(node, 'cached', q, { params: { user: 'someone-else' } });
    expect(second).toMatchObject({ cache: 'hit', text: first.text, cost: '0.000000' });
    expect((second.usage as unknown as { cost?: number }).cost).toBe(0);
    expect(second.usage?.prompt_tokens).toBe(first.usage?.prompt_tokens);
    expect(upstreamCalls('m-cached')).toBe(1);

    const [missRecord, hitRecord] = [await usageOf(first.requestId), await usageOf(second.requestId)];
    expect(missRecord.cacheStatus).toBe('miss');
    expect(hitRecord).toMatchObject({
      cacheStatus: 'hit',
      costMicroUsd: 0,
      status: 200,
      inputTokens: missRecord.inputTokens,
      outputTokens: missRecord.outputTokens,
      model: 'm-cached',
    });

    // Other sampling parameters are another request.
    expect((await ask(node, 'cached', q, { params: { temperature: 0.1 } })).cache).toBe('miss');
    expect(upstreamCalls('m-cached')).toBe(2);

    const samples = parsePrometheusText(await (await fetch(`${node.url}/metrics`)).text());
    const lookups = (result: string) =>
      samples.find(
        (s) =>
          s.name === 'switchyard_cache_lookups_total' &&
          s.labels.route === 'cached' &&
          s.labels.result === result,
      )?.value ?? 0;
    expect(lookups('hit')).toBeGreaterThanOrEqual(1);
    expect(lookups('miss')).toBeGreaterThanOrEqual(2);
  });

  it('replays a hit as a stream to a client that streams, and caches a streamed answer for either kind', async () => {
    const [node] = gateways;
    const q = question('Name three rivers');
    const whole = await ask(node, 'cached', q);
    const streamed = await askStreamed(node, 'cached', q);
    expect(streamed.cache).toBe('hit');
    expect(streamed.text).toBe(whole.text);
    expect(streamed.chunks).toBeGreaterThan(1);
    expect(streamed.usage?.prompt_tokens).toBe(whole.usage?.prompt_tokens);
    expect((streamed.usage as unknown as { cost?: number }).cost).toBe(0);

    const q2 = question('Name three mountains');
    const first = await askStreamed(node, 'cached', q2);
    expect(first.cache).toBe('miss');
    const again = await askStreamed(node, 'cached', q2);
    expect(again).toMatchObject({ cache: 'hit', text: first.text });
    expect(await ask(node, 'cached', q2)).toMatchObject({ cache: 'hit', text: first.text });
    expect(upstreamCalls('m-cached')).toBe(4);
  });

  it('skips the cache on bypass and replaces the entry on refresh', async () => {
    const [node] = gateways;
    const q = question('Bypass me');
    expect((await ask(node, 'cached', q)).cache).toBe('miss');
    const before = upstreamCalls('m-cached');
    const bypass = await ask(node, 'cached', q, { headers: { 'x-switchyard-cache': 'bypass' } });
    expect(bypass.cache).toBe('bypass');
    expect((await usageOf(bypass.requestId)).cacheStatus).toBe('');
    const refresh = await ask(node, 'cached', q, { headers: { 'x-switchyard-cache': 'refresh' } });
    expect(refresh.cache).toBe('refresh');
    expect(upstreamCalls('m-cached')).toBe(before + 2);
    expect((await ask(node, 'cached', q)).cache).toBe('hit');
    expect(upstreamCalls('m-cached')).toBe(before + 2);
  });

  it('stops serving an entry after its TTL', async () => {
    const [node] = gateways;
    const q = question('Short-lived');
    expect((await ask(node, 'short', q)).cache).toBe('miss');
    expect((await ask(node, 'short', q)).cache).toBe('hit');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await ask(node, 'short', q)).cache).toBe('miss');
    expect(upstreamCalls('m-short')).toBe(2);
  });

  it('never shares entries across workspaces', async () => {
    const [node] = gateways;
    const q = question('Shared alias, different tenants');
    expect((await ask(node, 'cached', q)).cache).toBe('miss');
    expect((await ask(node, 'cached', q, { key: KEYS.other })).cache).toBe('miss');
    expect((await ask(node, 'cached', q, { key: KEYS.other })).cache).toBe('hit');
    expect(upstreamCalls('m-other')).toBe(1);
  });

  it("caches with a key's settings on routes that have none, and not at all without settings", async () => {
    const [node] = gateways;
    const q = question('Key-level caching');
    expect((await ask(node, 'plain', q)).cache).toBeNull();
    expect((await ask(node, 'plain', q, { key: KEYS.cachey })).cache).toBe('miss');
    expect((await ask(node, 'plain', q, { key: KEYS.cachey })).cache).toBe('hit');
    expect(upstreamCalls('m-plain')).toBe(2);
  });

  it('shares a hit between two nodes through NATS', async () => {
    const [a] = gateways;
    const b = await startNode();
    const q = question('Across nodes');
    const before = await entriesInBucket();
    expect((await ask(a, 'cached', q)).cache).toBe('miss');
    await waitFor('the entry to reach the shared bucket', async () => (await entriesInBucket()) > before);
    const fromB = await ask(b, 'cached', q);
    expect(fromB).toMatchObject({ cache: 'hit', text: `Echo: ${q}` });
  });
});

describe('semantic cache', () => {
  it('answers a paraphrase from the cache with the local embedder, and not a different question', async () => {
    const [node] = gateways;
    const first = await ask(node, 'sem', 'What is the capital of France?');
    expect(first.cache).toBe('miss');
    const paraphrase = await ask(node, 'sem', 'what is the capital city of France');
    expect(paraphrase).toMatchObject({ cache: 'hit', text: first.text });
    expect((await ask(node, 'sem', 'What is the capital of Germany?')).cache).toBe('miss');
    expect(upstreamCalls('m-sem')).toBe(2);
  });

  it('refuses a hit when the system prompt or the prior turns differ', async () => {
    const [node] = gateways;
    const turns = (system: string, earlier: string): Message[] => [
      { role: 'system', content: system },
      { role: 'user', content: earlier },
      { role: 'assistant', content: 'Noted.' },
      { role: 'user', content: 'How do I reset my password?' },
    ];
    expect((await ask(node, 'sem', turns('You are terse.', 'I use the mobile app'))).cache).toBe('miss');
    expect((await ask(node, 'sem', turns('You are terse.', 'I use the mobile app'))).cache).toBe('hit');
    expect((await ask(node, 'sem', turns('You are verbose.', 'I use the mobile app'))).cache).toBe('miss');
    expect((await ask(node, 'sem', turns('You are terse.', 'I use the web site'))).cache).toBe('miss');
  });

  it('shares semantic entries between nodes (each indexes what the others write)', async () => {
    const [a] = gateways;
    const b = gateways[1] ?? (await startNode());
    const q = question('How many moons does Jupiter have');
    const indexed = async () =>
      parsePrometheusText(await (await fetch(`${b.url}/metrics`)).text()).find(
        (s) => s.name === 'switchyard_cache_semantic_entries',
      )?.value ?? 0;
    const before = await indexed();
    const calls = upstreamCalls('m-sem');
    expect((await ask(a, 'sem', q)).cache).toBe('miss');
    await waitFor('node b to index the entry node a wrote', async () => (await indexed()) > before);
    expect((await ask(b, 'sem', `${q}?`)).cache).toBe('hit');
    expect(upstreamCalls('m-sem')).toBe(calls + 1);
  });
});

describe('with NATS unreachable', () => {
  it('serves every request (misses, then hits from its own memory)', async () => {
    const stateDir = tempStateDir();
    writeFileSync(
      join(stateDir, 'snapshot.json'),
      JSON.stringify(makeSnapshot(content(upstream.baseUrl), 1)),
    );
    const node = await startNode({ NATS_URL: 'nats://127.0.0.1:1', SWITCHYARD_STATE_DIR: stateDir });
    const q = question('NATS is down');
    expect(await ask(node, 'cached', q)).toMatchObject({ cache: 'miss', text: `Echo: ${q}` });
    expect((await ask(node, 'cached', question('Still down'))).cache).toBe('miss');
    expect((await ask(node, 'cached', q)).cache).toBe('hit');
  });
});
