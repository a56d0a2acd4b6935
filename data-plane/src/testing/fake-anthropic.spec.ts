import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';

let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: 'sk-ant-fake' });
  // The SDK appends /v1/messages to its base URL.
  client = new Anthropic({
    apiKey: 'sk-ant-fake',
    baseURL: fake.baseUrl.replace(/\/v1$/, ''),
    maxRetries: 0,
  });
});
afterAll(() => fake.close());

const user = (content: string) => [{ role: 'user' as const, content }];

// The fake is checked against the official SDK, which encodes Anthropic's wire format.
describe('fake Anthropic', () => {
  it('answers messages with usage, and cache reads for a cached system prompt', async () => {
    const res = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: user('ping'),
    });
    expect(res).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Echo: ping' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 3, cache_read_input_tokens: 0 },
    });
    const cached = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: [{ type: 'text', text: 'x'.repeat(400), cache_control: { type: 'ephemeral' } }],
      messages: user('ping'),
    });
    expect(cached.usage).toMatchObject({ input_tokens: 1, cache_read_input_tokens: 100 });
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/messages' });
  });

  it('streams events the SDK assembles into the same message', async () => {
    const stream = client.messages.stream({
      model: 'thinking',
      max_tokens: 100,
      messages: user('hello there'),
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([
      expect.objectContaining({ type: 'thinking', thinking: 'The user said "hello there".' }),
      expect.objectContaining({ type: 'text', text: 'Echo: hello there' }),
    ]);
    expect(final.usage.output_tokens).toBeGreaterThan(1);
  });

  it('calls tools, and stops at stop sequences and max_tokens', async () => {
    const tools = [{ name: 'lookup', input_schema: { type: 'object' as const } }];
    const called = await client.messages.create({
      model: 'tools',
      max_tokens: 100,
      tools,
      messages: user('q'),
    });
    expect(called.stop_reason).toBe('tool_use');
    expect(called.content).toEqual([
      { type: 'tool_use', id: 'toolu_01FakeToolUse0001', name: 'lookup', input: { input: 'q' } },
    ]);
    const stopped = await client.messages.create({
      model: 'm',
      max_tokens: 100,
      stop_sequences: ['lo'],
      messages: user('hello'),
    });
    expect(stopped).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: 'lo',
      content: [{ text: 'Echo: hel' }],
    });
    const cut = await client.messages.create({ model: 'm', max_tokens: 1, messages: user('hello') });
    expect(cut).toMatchObject({ stop_reason: 'max_tokens', content: [{ text: 'Echo' }] });
  });

  it('answers errors as Anthropic does', async () => {
    const messages = user('x');
    await expect(
      client.messages.create({ model: 'fail-429', max_tokens: 1, messages }),
    ).rejects.toMatchObject({
      status: 429,
      error: { type: 'error', error: { type: 'rate_limit_error' } },
    });
    await expect(
      client.messages.create({ model: 'fail-529', max_tokens: 1, messages }),
    ).rejects.toMatchObject({
      status: 529,
      error: { error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    await expect(
      client.messages.create({ model: 'fail-500', max_tokens: 1, messages }),
    ).rejects.toMatchObject({
      status: 500,
    });
    const wrongKey = new Anthropic({
      apiKey: 'sk-wrong',
      baseURL: fake.baseUrl.replace(/\/v1$/, ''),
      maxRetries: 0,
    });
    await expect(wrongKey.messages.create({ model: 'm', max_tokens: 1, messages })).rejects.toMatchObject({
      status: 401,
      error: { error: { type: 'authentication_error' } },
    });
  });

  it('checks requests the way Anthropic does', async () => {
    const post = async (
      body: unknown,
      headers: Record<string, string> = { 'anthropic-version': '2023-06-01' },
    ) => {
      const res = await fetch(`${fake.baseUrl}/messages`, {
        method: 'POST',
        headers: { 'x-api-key': 'sk-ant-fake', 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { error: { type: string; message: string } } };
    };
    const ok = { model: 'm', max_tokens: 10, messages: user('x') };
    expect((await post(ok, {})).body.error.message).toBe('anthropic-version: header is required');
    const problems: [unknown, RegExp][] = [
      [{ ...ok, max_tokens: undefined }, /max_tokens: Field required/],
      [{ ...ok, messages: [{ role: 'assistant', content: 'x' }] }, /first message must use the "user" role/],
      [{ ...ok, messages: [...user('a'), ...user('b')] }, /roles must alternate/],
      [{ ...ok, messages: [{ role: 'system', content: 'x' }] }, /Input should be 'user' or 'assistant'/],
      [
        { ...ok, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1' }] }] },
        /unexpected `tool_use_id`/,
      ],
      [
        {
          ...ok,
          messages: [
            ...user('a'),
            { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
            ...user('b'),
          ],
        },
        /without `tool_result` blocks/,
      ],
    ];
    for (const [body, message] of problems) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message } });
    }
  });

  it('waits before answering slow-<ms>', async () => {
    const started = Date.now();
    await client.messages.create({ model: 'slow-150', max_tokens: 10, messages: user('x') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
