import { request } from 'undici';
import { startFakeGemini, type FakeGemini } from '../../testing/fake-gemini';
import type { ProviderSetup, UpstreamRequest } from '../adapter-types';
import { geminiAdapter, type GeminiState } from './gemini-adapter';

let fake: FakeGemini;
let state: GeminiState;
let origin: string;

function setup(baseUrl: string, apiKey: string): ProviderSetup {
  const url = new URL(baseUrl);
  return {
    id: 'p1',
    workspaceId: 'w1',
    name: 'gemini',
    kind: 'gemini',
    baseUrl: url,
    basePath: url.pathname.replace(/\/$/, ''),
    credentials: { apiKey },
    options: {},
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

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'gm-key' });
  origin = new URL(fake.baseUrl).origin;
  state = geminiAdapter.prepare(setup(fake.baseUrl, 'gm-key'));
});
afterAll(() => fake.close());

const ask = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'ping' },
  ],
  ...extra,
});

describe('geminiAdapter over the wire', () => {
  it('asks generateContent with x-goog-api-key and translates the answer', async () => {
    const upstream = geminiAdapter.chatRequest(state, ask('gemini-2.0-flash'), false);
    expect(upstream.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    const res = await send(upstream);
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)!.headers['x-goog-api-key']).toBe('gm-key');
    const { completion, usage } = geminiAdapter.chatResponse(res.body, 'gemini-2.0-flash');
    expect(completion).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Echo: ping' }, finish_reason: 'stop' }],
    });
    expect(usage).toMatchObject({ promptTokens: 4, completionTokens: 3 }); // 'Be brief.' + 'ping': 13 chars
  });

  it('streams through the translator', async () => {
    const upstream = geminiAdapter.chatRequest(state, ask('gemini-2.5-thinking'), true);
    expect(upstream.path).toBe('/v1beta/models/gemini-2.5-thinking:streamGenerateContent?alt=sse');
    const res = await send(upstream);
    expect(res.headers['content-type']).toContain('text/event-stream');
    const translator = geminiAdapter.chatStream('gemini-2.5-thinking');
    const chunks = [
      ...translator.feed(res.body.subarray(0, 33)),
      ...translator.feed(res.body.subarray(33)),
      ...translator.end(),
    ];
    expect(translator.error).toBeNull();
    type Delta = {
      choices: { delta: { content?: string; reasoning_content?: string }; finish_reason: string | null }[];
    };
    const deltas = (chunks as Delta[]).flatMap((c) => c.choices);
    expect(deltas.map((d) => d.delta.content ?? '').join('')).toBe('Echo: ping');
    expect(deltas.map((d) => d.delta.reasoning_content ?? '').join('')).toBe('The user said "ping".');
    expect(deltas.at(-1)!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4 } });
    expect(translator.usage!.reasoningTokens).toBeGreaterThan(0);
    expect(translator.usage!.cachedTokens).toBe(2);
  });

  it('round-trips a tool call through the fake, which checks the schema it gets', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'lookup',
          parameters: {
            type: 'object',
            additionalProperties: false,
            properties: { q: { type: 'string' } },
            required: ['q'],
          },
        },
      },
    ];
    const first = await send(geminiAdapter.chatRequest(state, ask('tools', { tools }), false));
    expect(first.status).toBe(200);
    const message = (
      geminiAdapter.chatResponse(first.body, 'tools').completion.choices as {
        message: { tool_calls: { id: string }[] };
        finish_reason: string;
      }[]
    )[0];
    expect(message.finish_reason).toBe('tool_calls');
    const body = {
      model: 'gemini-2.0-flash',
      tools,
      messages: [
        ...ask('x').messages,
        message.message,
        { role: 'tool', tool_call_id: message.message.tool_calls[0].id, content: 'found' },
      ],
    };
    const second = await send(geminiAdapter.chatRequest(state, body, false));
    expect(second.status).toBe(200);
    const sent = fake.requests.at(-1)!.body as { contents: { parts: { thoughtSignature?: string }[] }[] };
    expect(sent.contents[1].parts[0].thoughtSignature).toBe('ZmFrZQ==');
    expect(geminiAdapter.chatResponse(second.body, 'gemini-2.0-flash').completion).toMatchObject({
      choices: [{ message: { content: 'Tool said: {"content":"found"}' } }],
    });
  });

  it('maps errors and blocked prompts', async () => {
    const limited = await send(geminiAdapter.chatRequest(state, ask('fail-429'), false));
    expect(limited.headers['retry-after']).toBe('7');
    expect(geminiAdapter.errorResponse(limited.status, limited.headers, limited.body)).toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
    });
    const broken = await send(geminiAdapter.chatRequest(state, ask('fail-500'), false));
    expect(geminiAdapter.errorResponse(broken.status, broken.headers, broken.body)).toMatchObject({
      status: 502,
    });
    const wrongKey = geminiAdapter.prepare(setup(fake.baseUrl, 'nope'));
    const denied = await send(geminiAdapter.chatRequest(wrongKey, ask('gemini-2.0-flash'), false));
    expect(denied.status).toBe(400);
    expect(geminiAdapter.errorResponse(denied.status, denied.headers, denied.body)).toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
    const blocked = await send(geminiAdapter.chatRequest(state, ask('blocked'), false));
    expect(geminiAdapter.chatResponse(blocked.body, 'blocked').completion).toMatchObject({
      choices: [{ finish_reason: 'content_filter' }],
    });
    // what the fake checks as Google does: a field Gemini does not know
    const unknown = await send(
      geminiAdapter.chatRequest(state, ask('gemini-2.0-flash', { bogus: 1 }), false),
    );
    expect(geminiAdapter.errorResponse(unknown.status, unknown.headers, unknown.body)).toMatchObject({
      status: 400,
      message: expect.stringContaining('Unknown name "bogus"'),
    });
  });

  it('flags garbage and cut streams', async () => {
    for (const model of ['garbage-stream', 'broken-stream']) {
      const upstream = geminiAdapter.chatRequest(state, ask(model), true);
      const translator = geminiAdapter.chatStream(model);
      try {
        const res = await send(upstream);
        translator.feed(res.body);
      } catch {
        // the broken stream's socket is destroyed mid-body
      }
      translator.end();
      expect(translator.error).not.toBeNull();
    }
  });

  it('embeds through batchEmbedContents', async () => {
    const upstream = geminiAdapter.embeddingsRequest(state, {
      model: 'text-embedding-004',
      input: ['a', 'b'],
      dimensions: 4,
    });
    expect(upstream.path).toBe('/v1beta/models/text-embedding-004:batchEmbedContents');
    const res = await send(upstream);
    expect(res.status).toBe(200);
    const { response, usage } = geminiAdapter.embeddingsResponse(res.body, 'text-embedding-004');
    expect(response).toMatchObject({
      object: 'list',
      model: 'text-embedding-004',
      data: [{ object: 'embedding', index: 0 }, { index: 1 }],
    });
    expect((response.data as { embedding: number[] }[])[1].embedding).toHaveLength(4);
    expect(usage).toBeNull();
  });

  it('refuses an account without an API key and model names that would break the path', () => {
    expect(() => geminiAdapter.prepare(setup(fake.baseUrl, ''))).toThrow(/credentials\.apiKey/);
    expect(() => geminiAdapter.chatRequest(state, ask('../x'), false)).toThrow(/model name/);
    expect(geminiAdapter.chatRequest(state, ask('models/gemini-pro'), false).path).toBe(
      '/v1beta/models/gemini-pro:generateContent',
    );
  });
});
