import { request } from 'undici';
import { startFakeGemini, type FakeGemini } from '../../testing/fake-gemini';
import { makeTestServiceAccount } from '../../testing/fixtures/gemini';
import type { ProviderSetup, UpstreamRequest } from '../adapter-types';
import { GoogleAuthError, ServiceAccountTokens } from './access-token';
import { parseServiceAccount } from './service-account';
import { vertexAdapter } from './vertex-adapter';

let fake: FakeGemini;
let origin: string;

function setup(
  credentials: ProviderSetup['credentials'],
  options: ProviderSetup['options'] = {},
  baseUrl = fake.vertexBaseUrl,
): ProviderSetup {
  const url = new URL(baseUrl);
  return {
    id: 'v1',
    workspaceId: 'w1',
    name: 'vertex',
    kind: 'vertex',
    baseUrl: url,
    basePath: url.pathname.replace(/\/$/, ''),
    credentials,
    options: { project: 'proj-1', location: 'us-central1', ...options },
  };
}

async function send(upstream: UpstreamRequest) {
  const res = await request(`${origin}${upstream.path}`, {
    method: 'POST',
    headers: upstream.headers,
    body: upstream.body,
  });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

const ask = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'ping' }],
  ...extra,
});

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'static-token' });
  origin = new URL(fake.vertexBaseUrl).origin;
});
afterAll(() => fake.close());

describe('vertexAdapter', () => {
  it('exchanges a signed JWT for a token once, shares it and sends Gemini requests with it', async () => {
    // its own account, so the module-wide token cache starts empty for it
    const account = makeTestServiceAccount(
      fake.tokenUrl,
      'gemini-path@switchyard-test.iam.gserviceaccount.com',
    );
    fake.trust(account);
    const state = vertexAdapter.prepare(setup({ serviceAccountJson: account.json }));
    const before = fake.tokensIssued;
    const [a, b] = await Promise.all([
      vertexAdapter.chatRequest(state, ask('gemini-2.0-flash'), false),
      vertexAdapter.chatRequest(state, ask('gemini-2.0-flash'), true),
    ]);
    expect(fake.tokensIssued - before).toBe(1);
    expect(a.path).toBe(
      '/v1/projects/proj-1/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent',
    );
    expect(b.path).toBe(
      '/v1/projects/proj-1/locations/us-central1/publishers/google/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
    );
    expect(a.headers.authorization).toMatch(/^Bearer ya29\.fake-/);
    expect(b.headers.authorization).toBe(a.headers.authorization);
    // a new snapshot re-prepares the account: the token is still cached
    const again = vertexAdapter.prepare(setup({ serviceAccountJson: account.json }));
    await vertexAdapter.chatRequest(again, ask('gemini-2.0-flash'), false);
    expect(fake.tokensIssued - before).toBe(1);

    const res = await send(a);
    expect(res.status).toBe(200);
    expect(vertexAdapter.chatResponse(res.body, 'gemini-2.0-flash').completion).toMatchObject({
      choices: [{ message: { content: 'Echo: ping' }, finish_reason: 'stop' }],
    });
    const stream = await send(b);
    const translator = vertexAdapter.chatStream('gemini-2.0-flash');
    translator.feed(stream.body);
    translator.end();
    expect(translator.error).toBeNull();
    expect(translator.usage?.promptTokens).toBe(1);
  });

  it('exchanges again shortly before the token expires', async () => {
    const short = await startFakeGemini({ tokenLifetimeSeconds: 100 });
    try {
      let now = Date.now();
      const source = new ServiceAccountTokens(
        parseServiceAccount(short.serviceAccount.json),
        short.tokenUrl,
        () => now,
      );
      const first = await source.token();
      now += 40_000;
      expect(await source.token()).toBe(first);
      now += 15_000; // past half the lifetime (short tokens are refreshed at half-life)
      const second = await source.token();
      expect(second).not.toBe(first);
      expect(source.exchanges).toBe(2);
      expect(short.tokensIssued).toBe(2);
    } finally {
      await short.close();
    }
  });

  it('fails clearly, without the key, when the token endpoint refuses or is unreachable', async () => {
    const impostor = makeTestServiceAccount(fake.tokenUrl, fake.serviceAccount.clientEmail); // a key Google does not know
    const state = vertexAdapter.prepare(setup({ serviceAccountJson: impostor.json }));
    const refused = vertexAdapter.chatRequest(state, ask('gemini-2.0-flash'), false);
    await expect(refused).rejects.toBeInstanceOf(GoogleAuthError);
    const err = (await refused.catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/refused .*HTTP 400 invalid_grant: Invalid JWT Signature\./);
    expect(err.message).not.toContain('PRIVATE KEY');
    // not cached: the next request tries again
    await expect(vertexAdapter.chatRequest(state, ask('gemini-2.0-flash'), false)).rejects.toThrow(/refused/);

    const closed = await startFakeGemini();
    const deadUrl = closed.tokenUrl;
    await closed.close();
    const unreachable = vertexAdapter.prepare(
      setup({ serviceAccountJson: fake.serviceAccount.json }, { tokenUrl: deadUrl }),
    );
    await expect(vertexAdapter.chatRequest(unreachable, ask('gemini-2.0-flash'), false)).rejects.toThrow(
      /Could not reach the Google token endpoint .*\(ECONNREFUSED\)/,
    );
  });

  it('sends Claude models to Anthropic rawPredict with vertex-2023-10-16 and no model', async () => {
    const state = vertexAdapter.prepare(setup({ apiKey: 'static-token' }));
    const upstream = await vertexAdapter.chatRequest(
      state,
      ask('claude-sonnet-4@20250514', { max_tokens: 50 }),
      false,
    );
    expect(upstream.path).toBe(
      '/v1/projects/proj-1/locations/us-central1/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict',
    );
    const sent = JSON.parse(String(upstream.body)) as Record<string, unknown>;
    expect(sent).toMatchObject({ anthropic_version: 'vertex-2023-10-16', max_tokens: 50 });
    expect(sent).not.toHaveProperty('model');
    const res = await send(upstream);
    expect(res.status).toBe(200);
    const { completion, usage } = vertexAdapter.chatResponse(res.body, 'claude-sonnet-4@20250514');
    expect(completion).toMatchObject({
      choices: [{ message: { content: 'Echo: ping' }, finish_reason: 'stop' }],
    });
    expect(usage?.completionTokens).toBe(5);

    const streamed = await vertexAdapter.chatRequest(state, ask('claude-sonnet-4@20250514'), true);
    expect(streamed.path).toMatch(/:streamRawPredict$/);
    const body = (await send(streamed)).body;
    const translator = vertexAdapter.chatStream('claude-sonnet-4@20250514');
    const chunks = [
      ...translator.feed(body.subarray(0, 100)),
      ...translator.feed(body.subarray(100)),
      ...translator.end(),
    ];
    expect(translator.error).toBeNull();
    const text = (chunks as { choices: { delta?: { content?: string } }[] }[])
      .flatMap((c) => c.choices)
      .map((c) => c.delta?.content ?? '')
      .join('');
    expect(text).toBe('Echo: ping');
  });

  it('maps Google and Anthropic errors, and a token Vertex does not accept', async () => {
    const state = vertexAdapter.prepare(setup({ apiKey: 'static-token' }));
    const limited = await send(await vertexAdapter.chatRequest(state, ask('fail-429'), false));
    expect(vertexAdapter.errorResponse(limited.status, limited.headers, limited.body)).toMatchObject({
      status: 429,
    });
    const overloaded = await send(await vertexAdapter.chatRequest(state, ask('claude-fail-529'), false));
    expect(vertexAdapter.errorResponse(overloaded.status, overloaded.headers, overloaded.body)).toMatchObject(
      {
        status: 503,
        message: 'Overloaded',
      },
    );
    const stranger = vertexAdapter.prepare(setup({ apiKey: 'not-a-token' }));
    const denied = await send(await vertexAdapter.chatRequest(stranger, ask('gemini-2.0-flash'), false));
    expect(vertexAdapter.errorResponse(denied.status, denied.headers, denied.body)).toMatchObject({
      status: 401,
      type: 'authentication_error',
    });
  });

  it('embeds through :predict with token counts', async () => {
    const state = vertexAdapter.prepare(setup({ apiKey: 'static-token' }));
    const upstream = await vertexAdapter.embeddingsRequest(state, {
      model: 'text-embedding-005',
      input: 'hello world',
      dimensions: 3,
    });
    expect(upstream.path).toMatch(/publishers\/google\/models\/text-embedding-005:predict$/);
    const res = await send(upstream);
    const { response, usage } = vertexAdapter.embeddingsResponse(res.body, 'text-embedding-005');
    expect((response.data as { embedding: number[] }[])[0].embedding).toHaveLength(3);
    expect(usage).toMatchObject({ promptTokens: 3 });
  });

  it('checks its settings', () => {
    expect(() => vertexAdapter.prepare(setup({}))).toThrow(/serviceAccountJson or credentials\.apiKey/);
    expect(() => vertexAdapter.prepare(setup({ apiKey: 't' }, { project: '' }))).toThrow(/project/);
    expect(() =>
      vertexAdapter.prepare(setup({ serviceAccountJson: '{"client_email":"a@b","private_key":"nope"}' })),
    ).toThrow(/private_key of a@b is not a PEM private key/);
    const regional = vertexAdapter.prepare(
      setup(
        { apiKey: 't' },
        { location: undefined as unknown as string },
        'https://europe-west4-aiplatform.googleapis.com/v1',
      ),
    );
    expect(regional.publishersPath).toBe('/v1/projects/proj-1/locations/europe-west4/publishers/');
  });
});
