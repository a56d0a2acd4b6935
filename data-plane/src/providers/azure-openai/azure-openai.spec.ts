import type { ProviderSetup, UpstreamRequest } from '../adapter-types';
import { startFakeAzureOpenAI, type FakeAzureOpenAI } from '../../testing/fake-azure-openai';
import { feedStream } from '../../testing/feed-stream';
import { azureChatCompletion, azureErrors } from '../../testing/fixtures/azure-openai';
import { sendUpstream } from '../../testing/send-upstream';
import { azureOpenAIAdapter as azure } from '.';
import { EntraTokenSource } from './entra-token';

function setup(
  baseUrl: string,
  credentials: ProviderSetup['credentials'],
  options: ProviderSetup['options'] = {},
): ProviderSetup {
  const url = new URL(baseUrl);
  return {
    id: 'p1',
    workspaceId: 'w1',
    name: 'azure',
    kind: 'azure-openai',
    baseUrl: url,
    basePath: url.pathname.replace(/\/$/, ''),
    credentials,
    options,
  };
}

const chat = { model: 'gpt4o-prod', messages: [{ role: 'user', content: 'ping' }] };

describe('Azure OpenAI adapter', () => {
  it('builds deployment paths with the api-version, without model, with the api-key header', async () => {
    const state = azure.prepare(setup('https://res.openai.azure.com/openai', { apiKey: 'k1' }));
    const req = (await azure.chatRequest(state, chat, true)) as UpstreamRequest;
    expect(req.path).toBe('/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21');
    expect(req.headers).toMatchObject({ 'api-key': 'k1', 'content-type': 'application/json' });
    expect(JSON.parse(req.body as string)).toEqual({
      messages: chat.messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const other = azure.prepare(
      setup('https://res.openai.azure.com/openai', { apiKey: 'k1' }, { apiVersion: '2025-01-01-preview' }),
    );
    const emb = (await azure.embeddingsRequest(other, { model: 'emb/1', input: 'x' })) as UpstreamRequest;
    expect(emb.path).toBe('/openai/deployments/emb%2F1/embeddings?api-version=2025-01-01-preview');
  });

  it('refuses accounts without usable credentials', () => {
    expect(() => azure.prepare(setup('https://r.openai.azure.com/openai', {}))).toThrow(/apiKey/);
    expect(() =>
      azure.prepare(setup('https://r.openai.azure.com/openai', { clientId: 'c', clientSecret: 's' })),
    ).toThrow(/tenantId/);
  });

  it('keeps content filter results, finish_reason and error codes', () => {
    const out = azure.chatResponse(Buffer.from(JSON.stringify(azureChatCompletion)), 'gpt4o-prod');
    expect(out.completion).toEqual(azureChatCompletion);
    expect(out.usage).toEqual({ promptTokens: 18, completionTokens: 9, cachedTokens: 0, reasoningTokens: 0 });
    const e = (f: { status: number; body: object }) =>
      azure.errorResponse(f.status, {}, Buffer.from(JSON.stringify(f.body)));
    expect(e(azureErrors.contentFilter)).toMatchObject({ status: 400, code: 'content_filter' });
    expect(e(azureErrors.rateLimited)).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(e(azureErrors.invalidKey)).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(e(azureErrors.deploymentNotFound)).toMatchObject({ status: 404, code: 'DeploymentNotFound' });
  });
});

describe('Azure OpenAI adapter against the fake', () => {
  let fake: FakeAzureOpenAI;
  beforeAll(async () => {
    fake = await startFakeAzureOpenAI({ apiKey: 'az-key', clientId: 'app', clientSecret: 'secret' });
  });
  afterAll(() => fake.close());

  it('answers JSON and streams, filter annotations and usage included', async () => {
    const state = azure.prepare(setup(fake.baseUrl, { apiKey: 'az-key' }));
    const json = await sendUpstream(fake.origin, await azure.chatRequest(state, chat, false));
    expect(json.status).toBe(200);
    const { completion, usage } = azure.chatResponse(json.body, chat.model);
    expect(completion).toMatchObject({
      prompt_filter_results: [{ prompt_index: 0 }],
      choices: [
        { message: { content: 'Echo: ping' }, content_filter_results: { hate: { filtered: false } } },
      ],
    });
    expect(usage?.promptTokens).toBe(1);
    expect(fake.requests.at(-1)?.body).not.toHaveProperty('model');

    const streamed = await sendUpstream(fake.origin, await azure.chatRequest(state, chat, true));
    const translator = azure.chatStream(chat.model);
    const chunks = streamed.chunks.flatMap((c) => translator.feed(c)).concat(translator.end());
    expect(translator.error).toBeNull();
    // The prompt's filter results arrive alone upstream; clients get them on the first real chunk.
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      prompt_filter_results: [{ prompt_index: 0 }],
      choices: [{ delta: { role: 'assistant' } }],
    });
    expect(chunks.every((c) => (c.choices as unknown[]).length > 0 || c.usage)).toBe(true);
    expect(translator.usage).toMatchObject({ promptTokens: 1, completionTokens: 3 });
  });

  it('passes a filtered answer and maps errors, broken and garbage streams', async () => {
    const state = azure.prepare(setup(fake.baseUrl, { apiKey: 'az-key' }));
    const ask = async (model: string, stream = false) =>
      sendUpstream(fake.origin, await azure.chatRequest(state, { ...chat, model }, stream));
    const filtered = azure.chatResponse((await ask('filtered-output')).body, 'x');
    expect(filtered.completion).toMatchObject({ choices: [{ finish_reason: 'content_filter' }] });
    for (const [model, status, code] of [
      ['fail-400', 400, 'content_filter'],
      ['fail-429', 429, 'rate_limit_exceeded'],
      ['fail-500', 502, 'upstream_error'],
    ] as const) {
      const answer = await ask(model);
      expect(azure.errorResponse(answer.status, answer.headers, answer.body)).toMatchObject({ status, code });
    }
    expect((await ask('fail-429')).headers['retry-after']).toBe('2');
    for (const model of ['broken-stream', 'garbage-stream']) {
      const answer = await ask(model, true);
      const translator = azure.chatStream(model);
      feedStream(translator, answer.body);
      expect(translator.error).not.toBeNull();
    }
    const wrongKey = azure.prepare(setup(fake.baseUrl, { apiKey: 'nope' }));
    const denied = await sendUpstream(fake.origin, await azure.chatRequest(wrongKey, chat, false));
    expect(azure.errorResponse(denied.status, denied.headers, denied.body)).toMatchObject({ status: 401 });
  });

  it('exchanges Entra ID client credentials once, shared by concurrent requests, and uses the token', async () => {
    const state = azure.prepare(
      setup(fake.baseUrl, { clientId: 'app', clientSecret: 'secret' }, { tokenUrl: fake.tokenUrl }),
    );
    const before = fake.tokensIssued;
    const requests = await Promise.all([1, 2, 3].map(() => azure.chatRequest(state, chat, false)));
    expect(fake.tokensIssued).toBe(before + 1);
    expect(requests[0].headers.authorization).toMatch(/^Bearer /);
    expect(requests[0].headers).not.toHaveProperty('api-key');
    const answer = await sendUpstream(fake.origin, requests[2]);
    expect(answer.status).toBe(200);
    await azure.chatRequest(state, chat, false);
    expect(fake.tokensIssued).toBe(before + 1);
    const emb = await sendUpstream(
      fake.origin,
      await azure.embeddingsRequest(state, { model: 'e', input: ['a', 'b'] }),
    );
    const { response, usage } = azure.embeddingsResponse(emb.body, 'e');
    expect(response).toMatchObject({ object: 'list', data: [{ index: 0 }, { index: 1 }] });
    expect(usage?.promptTokens).toBe(4);
  });

  it('refreshes tokens shortly before expiry and does not cache a failed exchange', async () => {
    let now = 1_000_000;
    const source = new EntraTokenSource(fake.tokenUrl, 'app', 'secret', undefined, () => now);
    const first = await source.get();
    now += 3599_000 - 6 * 60_000;
    expect(await source.get()).toBe(first);
    now += 2 * 60_000; // inside the refresh margin
    expect(await source.get()).not.toBe(first);
    const bad = new EntraTokenSource(fake.tokenUrl, 'app', 'wrong');
    await expect(bad.get()).rejects.toThrow(/AADSTS7000215/);
    await expect(bad.get()).rejects.toThrow(/HTTP 401/);
  });
});
