import type { ProviderSetup, UpstreamRequest } from '../adapter-types';
import { startFakeCohere } from '../../testing/fake-cohere';
import type { FakeUpstream } from '../../testing/fake-upstream';
import { everyByte, feedStream } from '../../testing/feed-stream';
import {
  cohereChatAnswer,
  cohereEmbedAnswer,
  cohereErrors,
  cohereTextEvents,
  cohereToolCallAnswer,
  cohereToolEvents,
  toCohereSse,
} from '../../testing/fixtures/cohere';
import { sendUpstream } from '../../testing/send-upstream';
import { cohereAdapter as cohere } from '.';

function setup(baseUrl: string, apiKey = 'co-key'): ProviderSetup {
  const url = new URL(baseUrl);
  return {
    id: 'p',
    workspaceId: 'w',
    name: 'cohere',
    kind: 'cohere',
    baseUrl: url,
    basePath: url.pathname.replace(/\/$/, ''),
    credentials: { apiKey },
    options: {},
  };
}
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const state = cohere.prepare(setup('https://api.cohere.com/v2'));

describe('Cohere request translation', () => {
  it('translates messages, tools, tool choice, formats and sampling parameters', () => {
    const req = cohere.chatRequest(
      state,
      {
        model: 'command-a-03-2025',
        messages: [
          { role: 'developer', content: 'be brief' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'look' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } },
            ],
          },
          {
            role: 'assistant',
            content: 'I will check.',
            tool_calls: [{ id: 't1', type: 'function', function: { name: 'a', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'sunny' }] },
        ],
        tools: [
          { type: 'function', function: { name: 'a' } },
          { type: 'function', function: { name: 'b' } },
        ],
        tool_choice: { type: 'function', function: { name: 'b' } },
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
        max_completion_tokens: 50,
        stop: 'END',
        top_p: 0.9,
        temperature: 0.2,
        user: 'dropped',
      },
      false,
    ) as UpstreamRequest;
    expect(req.path).toBe('/v2/chat');
    expect(req.headers.authorization).toBe('Bearer co-key');
    expect(JSON.parse(req.body as string)).toEqual({
      model: 'command-a-03-2025',
      stream: false,
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } },
          ],
        },
        {
          role: 'assistant',
          tool_plan: 'I will check.',
          tool_calls: [{ id: 't1', type: 'function', function: { name: 'a', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 't1', content: 'sunny' },
      ],
      tools: [{ type: 'function', function: { name: 'b' } }],
      tool_choice: 'REQUIRED',
      response_format: { type: 'json_object', json_schema: { type: 'object' } },
      max_tokens: 50,
      stop_sequences: ['END'],
      p: 0.9,
      temperature: 0.2,
    });
  });
});

describe('Cohere parameters OpenAI does not have', () => {
  it("copies unknown top-level keys (Cohere's own) and drops OpenAI-only ones", () => {
    const req = cohere.chatRequest(
      state,
      {
        model: 'command-a-03-2025',
        messages: [{ role: 'user', content: 'hi' }],
        documents: [{ id: 'd1', data: { text: 'doc' } }],
        safety_mode: 'STRICT',
        n: 1,
        logit_bias: { 1: 2 },
        user: 'u',
        store: true,
      },
      false,
    ) as UpstreamRequest;
    expect(JSON.parse(req.body as string)).toEqual({
      model: 'command-a-03-2025',
      stream: false,
      messages: [{ role: 'user', content: 'hi' }],
      documents: [{ id: 'd1', data: { text: 'doc' } }],
      safety_mode: 'STRICT',
    });
  });
});

describe('Cohere response translation', () => {
  it('reads text, tool calls with their plan, finish reasons and usage', () => {
    const text = cohere.chatResponse(json(cohereChatAnswer), 'command-a');
    expect(text.completion).toMatchObject({
      object: 'chat.completion',
      model: 'command-a',
      choices: [
        {
          message: { role: 'assistant', content: 'LLMs are neural networks trained on text.' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 71, completion_tokens: 10 },
    });
    expect(text.usage).toEqual({
      promptTokens: 71,
      completionTokens: 10,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
    const tool = cohere.chatResponse(json(cohereToolCallAnswer), 'command-a');
    expect(tool.completion).toMatchObject({
      choices: [
        {
          finish_reason: 'tool_calls',
          message: {
            content: 'I will look up the weather in Toronto.',
            tool_calls: [
              {
                id: 'get_weather_1byjy32y4hvq',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"location":"Toronto"}' },
              },
            ],
          },
        },
      ],
    });
    const length = cohere.chatResponse(json({ ...cohereChatAnswer, finish_reason: 'MAX_TOKENS' }), 'm');
    expect(length.completion).toMatchObject({ choices: [{ finish_reason: 'length' }] });
    expect(() => cohere.chatResponse(json({ ...cohereChatAnswer, finish_reason: 'ERROR' }), 'm')).toThrow(
      /ERROR/,
    );
    expect(() => cohere.chatResponse(json({ id: 'x' }), 'm')).toThrow(/no message/);
  });

  it('translates text and tool streams at every split point', () => {
    const text = Buffer.from(toCohereSse(cohereTextEvents));
    for (let cut = 1; cut < text.length; cut += 5) {
      const stream = cohere.chatStream('m');
      const chunks = feedStream(stream, text, [cut]);
      expect(stream.error).toBeNull();
      expect(
        chunks.map((c) => (c.choices as { delta: { content?: string } }[])[0]?.delta.content ?? '').join(''),
      ).toBe('Hello wörld 👋');
      expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
      expect(chunks.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 69, completion_tokens: 4 },
      });
    }
    const tools = Buffer.from(toCohereSse(cohereToolEvents));
    const stream = cohere.chatStream('m');
    const chunks = feedStream(stream, tools, everyByte(tools.length));
    const deltas = chunks.map((c) => (c.choices as { delta: Record<string, unknown> }[])[0]?.delta);
    expect(deltas[1]).toEqual({ content: 'I will' });
    expect(deltas[3]).toEqual({
      tool_calls: [
        {
          index: 0,
          id: 'get_weather_nsz5zm3w56q3',
          type: 'function',
          function: { name: 'get_weather', arguments: '' },
        },
      ],
    });
    const args = deltas
      .flatMap((d) => (d?.tool_calls as { function: { arguments: string } }[] | undefined) ?? [])
      .map((t) => t.function.arguments)
      .join('');
    expect(args).toBe('{"location":"Toronto"}');
    expect(chunks.every((c) => c.id === '95a2b1b0-5f8e-4a57-8e4e-2a9a1e3c6b0c')).toBe(true);
    expect(stream.usage).toMatchObject({ promptTokens: 913, completionTokens: 81 });
  });

  it('sets error on truncated, failed and garbage streams', () => {
    const text = toCohereSse(cohereTextEvents);
    const truncated = cohere.chatStream('m');
    feedStream(truncated, Buffer.from(text.slice(0, text.lastIndexOf('event: message-end'))));
    expect(truncated.error).toMatch(/ended before/);
    const failed = cohere.chatStream('m');
    feedStream(
      failed,
      Buffer.from(
        toCohereSse([{ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'model crashed' } }]),
      ),
    );
    expect(failed.error).toMatch(/ERROR: model crashed/);
    const garbage = cohere.chatStream('m');
    feedStream(garbage, Buffer.from('data: <html>\n\n'));
    expect(garbage.error).toMatch(/not a JSON object/);
  });

  it('maps errors by status', () => {
    const e = (f: { status: number; body: object }) => cohere.errorResponse(f.status, {}, json(f.body));
    expect(e(cohereErrors.badRequest)).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect(e(cohereErrors.unauthorized)).toMatchObject({ status: 401, message: 'invalid api token' });
    expect(e(cohereErrors.paymentRequired)).toMatchObject({ status: 429, code: 'insufficient_quota' });
    expect(e(cohereErrors.notFound)).toMatchObject({ status: 404 });
    expect(e(cohereErrors.unprocessable)).toMatchObject({ status: 422 });
    expect(e(cohereErrors.rateLimited)).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(e(cohereErrors.invalidToken)).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(e({ status: 499, body: { message: 'cancelled' } })).toMatchObject({ status: 400 });
    expect(e(cohereErrors.serverError)).toMatchObject({ status: 502, type: 'server_error' });
    expect(e(cohereErrors.unavailable)).toMatchObject({ status: 503 });
  });

  it('reads embeddings by type', () => {
    const out = cohere.embeddingsResponse(json(cohereEmbedAnswer), 'embed-v4.0');
    expect(out.response).toEqual({
      object: 'list',
      model: 'embed-v4.0',
      data: [{ object: 'embedding', index: 0, embedding: [0.016296387, -0.008354187, -0.04699707] }],
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  });
});

describe('Cohere adapter against the fake', () => {
  let fake: FakeUpstream;
  beforeAll(async () => (fake = await startFakeCohere({ apiKey: 'co-key' })));
  afterAll(() => fake.close());
  const live = () => cohere.prepare(setup(fake.baseUrl));
  const ask = (model: string, stream: boolean, extra: Record<string, unknown> = {}) =>
    sendUpstream(
      fake.origin,
      cohere.chatRequest(
        live(),
        {
          model,
          messages: [
            { role: 'system', content: 's' },
            { role: 'user', content: 'ping' },
          ],
          ...extra,
        },
        stream,
      ) as UpstreamRequest,
    );

  it('answers JSON, streams and tool calls', async () => {
    const answer = await ask('command-a', false, { top_p: 0.5, seed: 1 });
    expect(answer.status).toBe(200);
    expect(cohere.chatResponse(answer.body, 'command-a').completion).toMatchObject({
      choices: [{ message: { content: 'Echo: ping' } }],
    });
    const streamed = await ask('command-a', true);
    const stream = cohere.chatStream('command-a');
    const chunks = streamed.chunks.flatMap((c) => stream.feed(c)).concat(stream.end());
    expect(stream.error).toBeNull();
    expect(
      chunks.map((c) => (c.choices as { delta: { content?: string } }[])[0]?.delta.content ?? '').join(''),
    ).toBe('Echo: ping');
    const tools = {
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    };
    const toolStream = cohere.chatStream('m');
    feedStream(toolStream, (await ask('command-a', true, tools)).body);
    expect(toolStream.error).toBeNull();
    const call = cohere.chatResponse((await ask('command-a', false, tools)).body, 'm');
    expect(call.completion).toMatchObject({
      choices: [{ finish_reason: 'tool_calls', message: { tool_calls: [{ function: { name: 'lookup' } }] } }],
    });
  });

  it('maps the fake errors and breaks on broken and garbage streams', async () => {
    for (const [model, status] of [
      ['fail-400', 400],
      ['fail-429', 429],
      ['fail-500', 502],
    ] as const) {
      const a = await ask(model, false);
      expect(cohere.errorResponse(a.status, a.headers, a.body).status).toBe(status);
    }
    for (const model of ['broken-stream', 'garbage-stream']) {
      const stream = cohere.chatStream(model);
      feedStream(stream, (await ask(model, true)).body);
      expect(stream.error).not.toBeNull();
    }
  });

  it('embeds', async () => {
    const answer = await sendUpstream(
      fake.origin,
      cohere.embeddingsRequest(live(), { model: 'embed-v4.0', input: ['a', 'bb'] }) as UpstreamRequest,
    );
    expect(answer.status).toBe(200);
    expect(fake.requests.at(-1)?.body).toMatchObject({
      texts: ['a', 'bb'],
      input_type: 'search_document',
      embedding_types: ['float'],
    });
    const { response, usage } = cohere.embeddingsResponse(answer.body, 'embed-v4.0');
    expect(response).toMatchObject({ data: [{ index: 0 }, { index: 1 }] });
    expect(usage?.promptTokens).toBe(2);
  });
});
