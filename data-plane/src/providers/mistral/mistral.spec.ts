import type { ProviderSetup, UpstreamRequest } from '../adapter-types';
import { startFakeMistral } from '../../testing/fake-mistral';
import type { FakeUpstream } from '../../testing/fake-upstream';
import { everyByte, feedStream } from '../../testing/feed-stream';
import {
  magistralCompletion,
  mistralErrors,
  mistralToolCallCompletion,
} from '../../testing/fixtures/mistral';
import { sendUpstream } from '../../testing/send-upstream';
import { mistralAdapter as mistral, mistralToolCallId } from '.';

function setup(baseUrl: string, apiKey = 'mk'): ProviderSetup {
  const url = new URL(baseUrl);
  return {
    id: 'p',
    workspaceId: 'w',
    name: 'mistral',
    kind: 'mistral',
    baseUrl: url,
    basePath: url.pathname.replace(/\/$/, ''),
    credentials: { apiKey },
    options: {},
  };
}

const toolConversation = {
  model: 'mistral-large-latest',
  max_completion_tokens: 100,
  seed: 7,
  user: 'u1',
  tool_choice: 'required',
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
  messages: [
    { role: 'developer', content: 'be brief' },
    { role: 'user', content: 'pay?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
    },
    { role: 'tool', tool_call_id: 'call_abc123', content: 'paid' },
  ],
};

describe('Mistral request and response translation', () => {
  it('renames parameters, maps tool_choice and tool call ids, drops OpenAI-only fields', () => {
    const req = mistral.chatRequest(
      mistral.prepare(setup('https://api.mistral.ai/v1')),
      toolConversation,
      true,
    ) as UpstreamRequest;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer mk');
    const body = JSON.parse(req.body as string);
    expect(body).toMatchObject({ max_tokens: 100, random_seed: 7, tool_choice: 'any', stream: true });
    for (const gone of ['seed', 'max_completion_tokens', 'user', 'stream_options'])
      expect(body).not.toHaveProperty(gone);
    expect(body.messages[0].role).toBe('system');
    const id = body.messages[2].tool_calls[0].id;
    expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(body.messages[3].tool_call_id).toBe(id);
    expect(mistralToolCallId('D681PevKs')).toBe('D681PevKs');
  });

  it('reads tool calls and flattens chunked reasoning content', () => {
    const tool = mistral.chatResponse(Buffer.from(JSON.stringify(mistralToolCallCompletion)), 'm');
    expect(tool.completion).toMatchObject({
      choices: [{ finish_reason: 'tool_calls', message: { tool_calls: [{ id: 'D681PevKs' }] } }],
    });
    expect(tool.usage).toMatchObject({ promptTokens: 93, completionTokens: 23 });
    const thinking = mistral.chatResponse(Buffer.from(JSON.stringify(magistralCompletion)), 'm');
    expect(thinking.completion).toMatchObject({
      choices: [{ message: { content: 'Hello!', reasoning_content: 'The user greets me.' } }],
    });
  });

  it('maps Mistral error bodies', () => {
    const e = (f: { status: number; body: object }) =>
      mistral.errorResponse(f.status, {}, Buffer.from(JSON.stringify(f.body)));
    expect(e(mistralErrors.unauthorized)).toMatchObject({ status: 401, message: 'Unauthorized' });
    expect(e(mistralErrors.validation)).toMatchObject({
      status: 422,
      message: 'body.seed: Extra inputs are not permitted',
    });
    expect(
      e({ status: 422, body: { detail: [{ loc: ['body', 'model'], msg: 'Field required' }] } }),
    ).toMatchObject({
      message: 'body.model: Field required',
    });
    expect(e(mistralErrors.rateLimited)).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(e(mistralErrors.serverError)).toMatchObject({ status: 502, message: 'Internal server error' });
  });
});

describe('Mistral adapter against the fake', () => {
  let fake: FakeUpstream;
  beforeAll(async () => (fake = await startFakeMistral({ apiKey: 'mk' })));
  afterAll(() => fake.close());
  const state = () => mistral.prepare(setup(fake.baseUrl));

  it('answers a tool conversation the fake accepts, JSON and streamed (at every byte)', async () => {
    const json = await sendUpstream(fake.origin, mistral.chatRequest(state(), toolConversation, false));
    expect(json.status).toBe(200);
    expect(mistral.chatResponse(json.body, 'm').completion).toMatchObject({
      choices: [{ finish_reason: 'stop', message: { content: 'Tool said: paid' } }],
    });
    const calling = { ...toolConversation, messages: toolConversation.messages.slice(0, 2) };
    const call = await sendUpstream(fake.origin, mistral.chatRequest(state(), calling, false));
    expect(mistral.chatResponse(call.body, 'm').completion).toMatchObject({
      choices: [
        {
          finish_reason: 'tool_calls',
          message: { tool_calls: [{ id: 'D681PevKs', function: { name: 'lookup' } }] },
        },
      ],
    });
    const plain = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'héllo 👋' }] };
    const streamed = await sendUpstream(fake.origin, mistral.chatRequest(state(), plain, true));
    const translator = mistral.chatStream('m');
    const chunks = feedStream(translator, streamed.body, everyByte(streamed.body.length));
    expect(translator.error).toBeNull();
    expect(
      chunks.map((c) => (c.choices as { delta: { content?: string } }[])[0]?.delta.content ?? '').join(''),
    ).toBe('Echo: héllo 👋');
    expect(translator.usage).toMatchObject({ promptTokens: 2, completionTokens: 4 });
  });

  it('maps fake errors, and breaks on broken and garbage streams', async () => {
    const ask = (model: string, stream = false) =>
      sendUpstream(
        fake.origin,
        mistral.chatRequest(state(), { model, messages: [{ role: 'user', content: 'x' }] }, stream),
      );
    const limited = await ask('fail-429');
    expect(mistral.errorResponse(limited.status, limited.headers, limited.body)).toMatchObject({
      status: 429,
    });
    expect(limited.headers['retry-after']).toBe('1');
    const failed = await ask('fail-500');
    expect(mistral.errorResponse(failed.status, failed.headers, failed.body).status).toBe(502);
    for (const model of ['broken-stream', 'garbage-stream']) {
      const translator = mistral.chatStream(model);
      feedStream(translator, (await ask(model, true)).body);
      expect(translator.error).not.toBeNull();
    }
    const denied = await sendUpstream(
      fake.origin,
      mistral.chatRequest(
        mistral.prepare(setup(fake.baseUrl, 'bad')),
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        false,
      ),
    );
    expect(mistral.errorResponse(denied.status, denied.headers, denied.body)).toMatchObject({ status: 401 });
  });

  it('embeds with output_dimension', async () => {
    const req = mistral.embeddingsRequest(state(), {
      model: 'mistral-embed',
      input: ['a', 'bb'],
      dimensions: 3,
      encoding_format: 'float',
    });
    const answer = await sendUpstream(fake.origin, req);
    expect(answer.status).toBe(200);
    const { response, usage } = mistral.embeddingsResponse(answer.body, 'mistral-embed');
    expect(response).toMatchObject({ data: [{ index: 0, embedding: [0.01, 0.02, 0.03] }, { index: 1 }] });
    expect(usage?.promptTokens).toBe(2);
  });
});

describe('Mistral stream usage', () => {
  it('moves the usage of the last content chunk into a chunk of its own, as OpenAI sends it', () => {
    const head = { id: 'cmpl-1', object: 'chat.completion.chunk', created: 1, model: 'mistral-small-latest' };
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    const events = [
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }], usage },
    ];
    const wire = Buffer.from(
      `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`,
    );
    const translator = mistral.chatStream('m');
    const chunks = feedStream(translator, wire);
    expect(translator.error).toBeNull();
    expect(chunks).toEqual([
      events[0],
      { ...head, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }] },
      { ...head, choices: [], usage },
    ]);
    expect(translator.usage).toMatchObject({ promptTokens: 3, completionTokens: 2 });
  });
});
