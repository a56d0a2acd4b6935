import { KEYS, UPSTREAM_API_KEY } from './support/snapshots';
import { errorOf } from './support/poll';
import { hello, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';

let f: GatewayFixture;

beforeAll(async () => {
  f = await startGatewayFixture();
});

afterAll(async () => {
  await f?.close();
});

describe('chat completions through the official openai client', () => {
  it('answers a non-streaming request, with model rewritten and credentials added upstream', async () => {
    const { data, response } = await f
      .client()
      .chat.completions.create({ model: 'fast', messages: hello, temperature: 0.2 })
      .withResponse();
    expect(data.choices[0].message.content).toBe('Echo: hello there');
    expect(data.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 5 });
    expect(response.headers.get('x-switchyard-route')).toBe('r-fast');
    expect(response.headers.get('x-switchyard-provider')).toBe('p-openai');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const sent = f.upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${UPSTREAM_API_KEY}`);
    expect(sent.headers['openai-organization']).toBe('org-test');
    expect(sent.body).toEqual({ model: 'gpt-4o-mini', messages: hello, temperature: 0.2 });
  });

  it('streams, hiding the usage chunk the gateway asked for', async () => {
    const stream = await f.client().chat.completions.create({ model: 'fast', messages: hello, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: hello there');
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
    expect(f.upstream.requests.at(-1)!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('streams with the usage chunk when the client asked for it', async () => {
    const stream = await f.client().chat.completions.create({
      model: 'fast',
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 5 } });
  });

  it('round-trips a tool call, streaming and not', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'lookup',
          parameters: { type: 'object', properties: { input: { type: 'string' } } },
        },
      },
    ];
    const first = await f.client().chat.completions.create({ model: 'fast', messages: hello, tools });
    const call = first.choices[0].message.tool_calls![0];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && call.function).toEqual({
      name: 'lookup',
      arguments: '{"input":"hello there"}',
    });
    expect(f.upstream.requests.at(-1)!.body).toMatchObject({ tools });

    const stream = await f.client().chat.completions.create({
      model: 'fast',
      messages: hello,
      tools,
      stream: true,
    });
    let args = '';
    for await (const chunk of stream)
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    expect(args).toBe('{"input":"hello there"}');

    const second = await f.client().chat.completions.create({
      model: 'fast',
      tools,
      messages: [
        ...hello,
        first.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: 'sunny, 21°C' },
      ],
    });
    expect(second.choices[0].message.content).toBe('Tool said: sunny, 21°C');
  });

  it('passes JSON mode and multimodal content through untouched', async () => {
    const messages = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'describe' },
          {
            type: 'image_url' as const,
            image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' as const },
          },
        ],
      },
    ];
    const res = await f.client().chat.completions.create({
      model: 'fast',
      messages,
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ echo: 'describe [image_url]' });
    expect(f.upstream.requests.at(-1)!.body).toEqual({
      model: 'gpt-4o-mini',
      messages,
      response_format: { type: 'json_object' },
    });
  });

  it('lists the aliases a key may use', async () => {
    const all = await f.client().models.list();
    expect(all.data.map((m) => m.id)).toEqual([
      'broken',
      'down',
      'fail-400',
      'fail-429',
      'fail-500',
      'fast',
      'future',
      'slow',
      'slowish',
      'stall',
    ]);
    const limited = await f.client(KEYS.fastOnly).models.list();
    expect(limited.data).toEqual([
      { id: 'fast', object: 'model', created: expect.any(Number), owned_by: 'switchyard' },
    ]);
  });
});

describe('client errors', () => {
  it('refuses a missing, unknown or expired key with 401', async () => {
    await expect(
      f.client('sy-nope').chat.completions.create({ model: 'fast', messages: hello }),
    ).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    await expect(
      f.client(KEYS.expired).chat.completions.create({ model: 'fast', messages: hello }),
    ).rejects.toMatchObject({ status: 401, code: 'expired_api_key' });
    const res = await fetch(`${f.gateway.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({
      type: 'invalid_request_error',
      code: 'missing_api_key',
    });
  });

  it('answers 404 model_not_found for an unknown alias or one the key may not use', async () => {
    await expect(
      f.client().chat.completions.create({ model: 'gpt-9', messages: hello }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: expect.stringContaining('The model `gpt-9` does not exist or you do not have access to it.'),
    });
    await expect(
      f.client(KEYS.fastOnly).chat.completions.create({ model: 'fail-500', messages: hello }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('answers 400 naming the parameter for malformed bodies', async () => {
    const cases: [string | object, string | null][] = [
      ['{"model": "fast", ', null],
      [[1, 2], null],
      [{ messages: hello }, 'model'],
      [{ model: 7, messages: hello }, 'model'],
      [{ model: 'fast' }, 'messages'],
      [{ model: 'fast', messages: [] }, 'messages'],
      [{ model: 'fast', messages: 'hi' }, 'messages'],
      [{ model: 'fast', messages: hello, stream: 'yes' }, 'stream'],
    ];
    for (const [body, param] of cases) {
      const res = await f.post(body);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error).toMatchObject({ type: 'invalid_request_error', param });
      expect(typeof error.message).toBe('string');
    }
  });

  it('answers 413 for a body over SWITCHYARD_MAX_BODY_BYTES', async () => {
    const big = 'x'.repeat(70_000);
    await expect(
      f.client().chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: big }] }),
    ).rejects.toMatchObject({ status: 413, code: 'request_too_large' });
  });

  it('answers 404 and 405 in the OpenAI error shape, and always gives its own request id', async () => {
    const notFound = await fetch(`${f.gateway.url}/v1/nope`);
    expect(notFound.status).toBe(404);
    expect(await errorOf(notFound)).toMatchObject({
      code: 'unknown_url',
      type: 'invalid_request_error',
    });
    const wrongMethod = await fetch(`${f.gateway.url}/v1/chat/completions`, {
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    // The caller's id is not adopted: the request id keys usage, and must not be chosen by the caller.
    expect(wrongMethod.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await errorOf(wrongMethod)).code).toBe('method_not_allowed');
    expect((await fetch(`${f.gateway.url}/healthz`)).status).toBe(200);
  });
});
