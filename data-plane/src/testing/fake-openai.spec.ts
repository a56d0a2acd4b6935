import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-fake' });
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.baseUrl, maxRetries: 0 });
});
afterAll(() => fake.close());

// The fake is checked against the official SDK, which encodes OpenAI's wire format.
describe('fake OpenAI', () => {
  it('answers chat completions and lists models', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(res).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Echo: ping' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
    });
    expect((await client.models.list()).data.map((m) => m.id)).toContain('gpt-4o-mini');
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
  });

  it('streams chunks, with a usage chunk only when asked', async () => {
    const plain = [];
    for await (const c of await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'ping' }],
      stream: true,
    })) {
      plain.push(c);
    }
    expect(plain[0].choices[0].delta.role).toBe('assistant');
    expect(plain.at(-1)!.choices[0].finish_reason).toBe('stop');
    expect(plain.every((c) => !('usage' in c))).toBe(true);

    const withUsage = [];
    for await (const c of await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'ping' }],
      stream: true,
      stream_options: { include_usage: true },
    })) {
      withUsage.push(c);
    }
    expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 1 } });
  });

  it('answers errors as OpenAI does', async () => {
    const messages = [{ role: 'user' as const, content: 'x' }];
    await expect(client.chat.completions.create({ model: 'fail-429', messages })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
    });
    await expect(client.chat.completions.create({ model: 'fail-500', messages })).rejects.toMatchObject({
      status: 500,
    });
    await expect(client.chat.completions.create({ model: 'fail-400', messages })).rejects.toMatchObject({
      status: 400,
    });
    const wrongKey = new OpenAI({ apiKey: 'sk-wrong', baseURL: fake.baseUrl, maxRetries: 0 });
    await expect(wrongKey.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
  });

  it('waits before answering slow-<ms>', async () => {
    const started = Date.now();
    await client.chat.completions.create({ model: 'slow-150', messages: [{ role: 'user', content: 'x' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('scripts answers, failures, flaky models and delays by model name', async () => {
    const messages = [{ role: 'user' as const, content: 'x' }];
    const said = await client.chat.completions.create({ model: 'answer-Paris.', messages });
    expect(said.choices[0].message.content).toBe('Paris.');
    const limited = (await client.chat.completions
      .create({ model: 'fail-429-after-250', messages })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(limited.headers?.get('retry-after-ms')).toBe('250');
    expect(limited.headers?.get('retry-after')).toBe('1');
    await expect(client.chat.completions.create({ model: 'fail-503-tag', messages })).rejects.toMatchObject({
      status: 503,
    });
    for (const status of [500, 500]) {
      await expect(
        client.chat.completions.create({ model: 'flaky-2-500-spec', messages }),
      ).rejects.toMatchObject({ status });
    }
    expect(
      (await client.chat.completions.create({ model: 'flaky-2-500-spec', messages })).choices,
    ).toHaveLength(1);
    const started = Date.now();
    const late = await client.chat.completions.create({ model: 'slow-120-answer-late', messages });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(late.choices[0].message.content).toBe('late');
    expect(fake.requests.at(-1)!.at).toBeGreaterThanOrEqual(started);
  });

  it('answers embeddings with deterministic vectors', async () => {
    const first = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a b', 'c'] });
    const again = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'a b' });
    expect(first.data).toHaveLength(2);
    expect(first.data[0].embedding).toHaveLength(64);
    expect(again.data[0].embedding).toEqual(first.data[0].embedding);
    expect(first.data[1].embedding).not.toEqual(first.data[0].embedding);
    await expect(client.embeddings.create({ model: 'fail-503', input: 'x' })).rejects.toMatchObject({
      status: 503,
    });
  });
});
