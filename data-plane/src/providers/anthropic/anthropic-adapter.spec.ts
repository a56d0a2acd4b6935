import { request } from 'undici';
import type { ProviderSetup, UpstreamRequest } from '../adapter-types';
import { startFakeAnthropic, type FakeAnthropic } from '../../testing/fake-anthropic';
import { anthropicAdapter, type AnthropicState } from './index';

function setup(baseUrl: string, overrides: Partial<ProviderSetup> = {}): ProviderSetup {
  const url = new URL(baseUrl);
  return {
    id: 'p1',
    workspaceId: 'w1',
    name: 'claude',
    kind: 'anthropic',
    baseUrl: url,
    basePath: url.pathname.replace(/\/$/, ''),
    credentials: { apiKey: 'sk-ant-fake' },
    options: {},
    ...overrides,
  };
}

describe('anthropicAdapter.prepare', () => {
  it('precomputes the path and headers', () => {
    const state = anthropicAdapter.prepare(
      setup('https://api.anthropic.com/v1', {
        credentials: { apiKey: 'sk-ant-1', headers: { 'X-Team': 'a', 'X-Api-Key': 'must-not-win' } },
        options: { anthropicBeta: 'prompt-caching-2024-07-31' },
      }),
    );
    expect(state.path).toBe('/v1/messages');
    expect(state.headers).toEqual({
      'x-team': 'a',
      'x-api-key': 'sk-ant-1',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'prompt-caching-2024-07-31',
      'content-type': 'application/json',
    });
    const custom = anthropicAdapter.prepare(
      setup('https://proxy.example/anthropic/v1/', {
        options: { anthropicVersion: '2024-01-01', maxTokens: 1000 },
      }),
    );
    expect(custom.headers['anthropic-version']).toBe('2024-01-01');
    const built = anthropicAdapter.chatRequest(
      custom,
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      false,
    );
    expect(JSON.parse(built.body as string)).toMatchObject({ max_tokens: 1000 });
  });

  it('names what is wrong with an account', () => {
    expect(() => anthropicAdapter.prepare(setup('https://a/v1', { credentials: {} }))).toThrow(/no API key/);
    expect(() => anthropicAdapter.prepare(setup('https://a/v1', { options: { maxTokens: 0 } }))).toThrow(
      /maxTokens/,
    );
    expect(() =>
      anthropicAdapter.prepare(setup('https://a/v1', { options: { anthropicVersion: 5 } })),
    ).toThrow(/anthropicVersion/);
  });
});

describe('anthropicAdapter over the wire (fake Anthropic)', () => {
  let fake: FakeAnthropic;
  let state: AnthropicState;
  let origin: string;

  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: 'sk-ant-fake' });
    state = anthropicAdapter.prepare(setup(fake.baseUrl));
    origin = new URL(fake.baseUrl).origin;
  });
  afterAll(() => fake.close());

  const send = async (built: UpstreamRequest) => {
    const res = await request(`${origin}${built.path}`, {
      method: 'POST',
      headers: built.headers,
      body: built.body,
    });
    return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
  };

  it('answers a JSON completion, with cached tokens for a cached system prompt', async () => {
    const body = {
      model: 'claude-sonnet-4-5',
      messages: [
        {
          role: 'system',
          content: [{ type: 'text', text: 'A long shared prefix.', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'user', content: 'ping' },
      ],
    };
    const res = await send(anthropicAdapter.chatRequest(state, body, false));
    expect(res.status).toBe(200);
    const { completion, usage } = anthropicAdapter.chatResponse(res.body, 'claude-sonnet-4-5');
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'claude-sonnet-4-5',
      choices: [{ message: { role: 'assistant', content: 'Echo: ping' }, finish_reason: 'stop' }],
    });
    expect(usage).toEqual({ promptTokens: 7, completionTokens: 3, cachedTokens: 6, reasoningTokens: 0 });
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v1/messages',
      headers: { 'x-api-key': 'sk-ant-fake', 'anthropic-version': '2023-06-01' },
      body: { max_tokens: 4096, system: body.messages[0].content },
    });
  });

  it('streams a tool round trip: a tool call, then the answer to its result', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }];
    const messages: Record<string, unknown>[] = [{ role: 'user', content: 'find it' }];
    const first = await send(anthropicAdapter.chatRequest(state, { model: 'tools', messages, tools }, true));
    expect(first.headers['content-type']).toContain('text/event-stream');
    const translator = anthropicAdapter.chatStream('tools');
    const chunks = [];
    for (let i = 0; i < first.body.length; i += 13)
      chunks.push(...translator.feed(first.body.subarray(i, i + 13)));
    chunks.push(...translator.end());
    expect(translator.error).toBeNull();
    let args = '';
    let call: { id?: string; function?: { name?: string } } = {};
    for (const c of chunks) {
      const delta = (
        c.choices as {
          delta: { tool_calls?: { id?: string; function: { name?: string; arguments: string } }[] };
        }[]
      )[0]?.delta;
      for (const t of delta?.tool_calls ?? []) {
        if (t.id) call = t;
        args += t.function.arguments;
      }
    }
    expect(call).toMatchObject({ id: 'toolu_01FakeToolUse0001', function: { name: 'lookup' } });
    expect(JSON.parse(args)).toEqual({ input: 'find it' });
    expect((chunks.at(-2)!.choices as { finish_reason: string }[])[0].finish_reason).toBe('tool_calls');
    expect(translator.usage).toMatchObject({ promptTokens: 2, completionTokens: 5 });

    messages.push(
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: call.id, type: 'function', function: { name: 'lookup', arguments: args } }],
      },
      { role: 'tool', tool_call_id: call.id, content: 'found: 42' },
    );
    const second = await send(
      anthropicAdapter.chatRequest(state, { model: 'tools', messages, tools }, false),
    );
    expect(second.status).toBe(200);
    const { completion } = anthropicAdapter.chatResponse(second.body, 'tools');
    expect(completion.choices).toMatchObject([
      { message: { content: 'Tool said: found: 42' }, finish_reason: 'stop' },
    ]);
  });

  it('maps upstream errors, including the fake validating what the adapter built', async () => {
    const call = async (model: string, extra: Record<string, unknown> = {}) => {
      const res = await send(
        anthropicAdapter.chatRequest(
          state,
          { model, messages: [{ role: 'user', content: 'x' }], ...extra },
          false,
        ),
      );
      return { res, mapped: anthropicAdapter.errorResponse(res.status, res.headers, res.body) };
    };
    const limited = await call('fail-429');
    expect(limited.res.headers['retry-after']).toBe('7');
    expect(limited.mapped).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect((await call('fail-529')).mapped).toMatchObject({
      status: 503,
      code: 'upstream_overloaded',
      message: 'Overloaded',
    });
    expect((await call('fail-500')).mapped).toMatchObject({ status: 502, type: 'server_error' });
    const invalid = await call('m', {
      max_completion_tokens: 5,
      messages: [{ role: 'assistant', content: 'hi' }],
    });
    expect(invalid.mapped).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      message: 'messages: first message must use the "user" role',
    });
    const wrongKey = anthropicAdapter.prepare(
      setup(fake.baseUrl, { credentials: { apiKey: 'sk-ant-wrong' } }),
    );
    const res = await send(anthropicAdapter.chatRequest(wrongKey, { model: 'm', messages: [] }, false));
    expect(anthropicAdapter.errorResponse(res.status, res.headers, res.body)).toMatchObject({
      status: 401,
      message: 'invalid x-api-key',
    });
  });

  it('reports broken and garbage streams as errors, and a garbage JSON body as a protocol error', async () => {
    for (const model of ['broken-stream', 'garbage-stream']) {
      const translator = anthropicAdapter.chatStream(model);
      const built = anthropicAdapter.chatRequest(
        state,
        { model, messages: [{ role: 'user', content: 'x' }] },
        true,
      );
      try {
        const res = await request(`${origin}${built.path}`, {
          method: 'POST',
          headers: built.headers,
          body: built.body,
        });
        for await (const chunk of res.body) translator.feed(chunk as Buffer);
      } catch {
        // the broken stream's socket is destroyed mid-body
      }
      translator.end();
      expect(translator.error).not.toBeNull();
    }
    const res = await send(
      anthropicAdapter.chatRequest(
        state,
        { model: 'garbage-stream', messages: [{ role: 'user', content: 'x' }] },
        false,
      ),
    );
    expect(() => anthropicAdapter.chatResponse(res.body, 'garbage-stream')).toThrow('not JSON');
  });
});
