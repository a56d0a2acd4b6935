import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import type { SnapshotContent, SnapshotRateLimit } from '@switchyard/proto';
import { startGatewayFixture, hello, type GatewayFixture } from './support/gateway-fixture';
import { waitFor } from './support/poll';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { KEYS, makeSnapshot, testContent } from './support/snapshots';

let g: GatewayFixture;
let version = 1;

const limit = (l: Partial<SnapshotRateLimit> & { id: string }): SnapshotRateLimit => ({
  workspaceId: 'w1',
  keyId: null,
  routeId: null,
  requestsPerWindow: null,
  tokensPerWindow: null,
  windowSeconds: 60,
  concurrent: null,
  ...l,
});

/** Publishes `testContent` plus extra routes and these limits, and waits for the gateway to run it. */
async function applyLimits(rateLimits: SnapshotRateLimit[]): Promise<void> {
  const content: SnapshotContent = testContent(g.upstream.baseUrl);
  content.routes.push(
    {
      id: 'r-tokens',
      workspaceId: 'w1',
      alias: 'tokens',
      strategy: 'single',
      targets: [{ providerId: 'p-openai', model: 'gpt-4o-mini' }],
    },
    {
      id: 'r-embed',
      workspaceId: 'w1',
      alias: 'embed',
      strategy: 'single',
      targets: [{ providerId: 'p-openai', model: 'text-embedding-3-small' }],
    },
    {
      id: 'r-panel',
      workspaceId: 'w1',
      alias: 'panel',
      strategy: 'ensemble',
      targets: [
        { providerId: 'p-openai', model: 'gpt-4o-mini' },
        { providerId: 'p-openai', model: 'gpt-4o' },
      ],
      ensemble: { mode: 'vote', minResponses: 2, deadlineMs: 5000 },
    },
    {
      id: 'r-ws',
      workspaceId: 'w1',
      alias: 'ws',
      strategy: 'single',
      targets: [{ providerId: 'p-openai', model: 'gpt-4o-mini' }],
    },
  );
  content.rateLimits = rateLimits;
  const v = ++version;
  await g.bucket.put(makeSnapshot(content, v));
  await waitFor(`snapshot ${v}`, async () => (await metric('switchyard_snapshot_version')) === v);
}

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${g.gateway.url}/metrics`)).text();
  return sampleValue(parsePrometheusText(text), name, labels);
}

const chat = (key: string, model: string) =>
  g.client(key).chat.completions.create({ model, messages: hello }).withResponse();

async function refusalOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

beforeAll(async () => {
  g = await startGatewayFixture({
    SWITCHYARD_RATE_LIMIT_SUBJECT: `sy-test.rl-${randomBytes(4).toString('hex')}`,
  });
  // Windows of a minute: nothing here waits for one to pass.
  await applyLimits([
    limit({ id: 'l-key', keyId: 'k-fast', requestsPerWindow: 3 }),
    limit({ id: 'l-slow', routeId: 'r-slowish', concurrent: 1 }),
    limit({ id: 'l-tokens', routeId: 'r-tokens', tokensPerWindow: 40 }),
    limit({ id: 'l-embed', routeId: 'r-embed', requestsPerWindow: 1 }),
  ]);
  // Limits are exchanged with other nodes over NATS; this node is alone on its subject.
  await waitFor(
    'the rate-limit exchange',
    async () => (await metric('switchyard_rate_limit_isolated')) === 0,
  );
}, 30_000);
afterAll(() => g?.close());

describe('rate limits on one node', () => {
  it('counts a key’s requests, tells the tightest limit in OpenAI’s headers, and refuses with 429 + Retry-After', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { response } = await chat(KEYS.fastOnly, 'fast');
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+m)?\d+s$/);
      expect(response.headers.get('x-ratelimit-limit-tokens')).toBeNull();
      remaining.push(response.headers.get('x-ratelimit-remaining-requests')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const error = await refusalOf(chat(KEYS.fastOnly, 'fast'));
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('requests');
    expect(error.message).toMatch(/Rate limit exceeded for key "fast only": requests per 60s \(limit 3\)/);
    const retryAfter = Number(error.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('0');

    // Another key on the same route is not limited.
    const { response } = await chat(KEYS.all, 'fast');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();

    const usage = await waitFor('the refusal in usage', () =>
      g.telemetry.records.find((r) => r.keyId === 'k-fast' && r.status === 429),
    );
    expect(usage).toMatchObject({ errorCode: 'rate_limit_exceeded', routeAlias: 'fast', inputTokens: 0 });
    expect(
      await metric('switchyard_rate_limit_refusals_total', { scope: 'key', dimension: 'requests' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('limits a route’s requests in flight and frees the place when a request completes', async () => {
    const first = chat(KEYS.all, 'slowish');
    // The slow upstream holds the first request; wait until it has been admitted.
    await waitFor('the first request upstream', () =>
      g.upstream.requests.some((r) => (r.body as { model?: string } | null)?.model === 'slow-300'),
    );
    const error = await refusalOf(chat(KEYS.all, 'slowish'));
    expect(error.message).toMatch(/route "slowish": concurrent requests \(limit 1\)/);
    expect(error.headers?.get('retry-after')).toBe('1');
    expect((await first).response.status).toBe(200);
    expect((await chat(KEYS.all, 'slowish')).response.status).toBe(200);
  });

  it('counts the tokens the upstream reports and refuses once a window has used them', async () => {
    const first = await chat(KEYS.all, 'tokens');
    expect(first.response.headers.get('x-ratelimit-limit-tokens')).toBe('40');
    const used = first.data.usage!.total_tokens;
    expect(used).toBeGreaterThan(0);
    let refused: InstanceType<typeof OpenAI.APIError> | null = null;
    for (let i = 0; i < 40 && !refused; i++) {
      refused = await chat(KEYS.all, 'tokens').then(
        () => null,
        (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
      );
    }
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refused!.type).toBe('tokens');
    expect(refused!.message).toMatch(/route "tokens": tokens per 60s \(limit 40\)/);
    expect(refused!.headers?.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(
      await metric('switchyard_rate_limit_refusals_total', { scope: 'route', dimension: 'tokens' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts the tokens of calls made on a request’s behalf: an ensemble’s members', async () => {
    await applyLimits([limit({ id: 'l-panel', routeId: 'r-panel', tokensPerWindow: 12 })]);
    const first = await chat(KEYS.all, 'panel');
    // Two members of 8 tokens each (3 in, 5 out): the request's own record carries none.
    expect(first.data.usage!.total_tokens).toBe(16);
    const refused = await refusalOf(chat(KEYS.all, 'panel'));
    expect(refused.type).toBe('tokens');
    expect(refused.message).toMatch(/route "panel": tokens per 60s \(limit 12\)/);
  });

  it('answers /v1/messages in Anthropic’s error format', async () => {
    await applyLimits([limit({ id: 'l-ws', requestsPerWindow: 1 })]);
    const ok = await fetch(`${g.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEYS.all, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ws', max_tokens: 20, messages: hello }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const refused = await fetch(`${g.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEYS.all, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ws', max_tokens: 20, messages: hello }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toMatch(/workspace "demo": requests per 60s \(limit 1\)/);
  });

  it('limits embeddings the same way', async () => {
    await applyLimits([limit({ id: 'l-embed-2', routeId: 'r-embed', requestsPerWindow: 1 })]);
    const client = g.client(KEYS.all);
    const ok = await client.embeddings.create({ model: 'embed', input: 'hello' }).withResponse();
    expect(ok.response.headers.get('x-ratelimit-limit-requests')).toBe('1');
    const error = await refusalOf(client.embeddings.create({ model: 'embed', input: 'hello' }));
    expect(error.message).toMatch(/route "embed": requests per 60s \(limit 1\)/);
    expect(error.code).toBe('rate_limit_exceeded');
  });
});
