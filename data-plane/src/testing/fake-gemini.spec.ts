import { request } from 'undici';
import { startFakeGemini, type FakeGemini } from './fake-gemini';

let fake: FakeGemini;
let origin: string;

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'gm-key' });
  origin = new URL(fake.baseUrl).origin;
});
afterAll(() => fake.close());

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { 'x-goog-api-key': 'gm-key' },
) {
  const res = await request(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

const contents = [{ role: 'user', parts: [{ text: 'hi' }] }];

describe('fake Gemini', () => {
  it('checks API keys and requests as Google does', async () => {
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1beta$/);
    expect((await post('/v1beta/models/m:generateContent', { contents }, {})).status).toBe(403);
    const wrong = await post('/v1beta/models/m:generateContent', { contents }, { 'x-goog-api-key': 'x' });
    expect(JSON.parse(wrong.text).error.details[0].reason).toBe('API_KEY_INVALID');
    expect((await post(`/v1beta/models/m:generateContent?key=gm-key`, { contents }, {})).status).toBe(200);
    const bad = async (body: unknown) =>
      JSON.parse((await post('/v1beta/models/m:generateContent', body)).text).error;
    expect(await bad({})).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: expect.stringContaining('contents is not specified'),
    });
    expect((await bad({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] })).message).toContain(
      'valid role',
    );
    expect((await bad({ contents: [{ role: 'user', parts: [{}] }] })).message).toContain(
      "oneof field 'data'",
    );
    expect(
      (
        await bad({
          contents,
          tools: [
            {
              functionDeclarations: [
                {
                  name: 'f',
                  parameters: {
                    type: 'OBJECT',
                    additionalProperties: false,
                    properties: { a: { type: 'STRING' } },
                  },
                },
              ],
            },
          ],
        })
      ).message,
    ).toContain('Unknown name "additionalProperties"');
    expect((await bad('{nope')).message).toContain('Invalid JSON payload');
  });

  it('streams a JSON array without alt=sse, and hangs on stall-stream', async () => {
    const array = await post('/v1beta/models/m:streamGenerateContent', { contents });
    expect(JSON.parse(array.text)[0].candidates[0].content.parts[0].text).toBe('Echo');
    const res = await request(`${origin}/v1beta/models/stall-stream:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'gm-key' },
      body: JSON.stringify({ contents }),
    });
    const first = await new Promise<string>((resolve) =>
      res.body.once('data', (c: Buffer) => resolve(c.toString())),
    );
    expect(first.startsWith('data: {')).toBe(true);
    res.body.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.abortedByClient).toBeGreaterThanOrEqual(1);
  });

  it('waits on slow-<ms>', async () => {
    const started = Date.now();
    expect((await post('/v1beta/models/slow-120:generateContent', { contents })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('keeps Vertex behind tokens and Claude behind Vertex body rules', async () => {
    const path = '/v1/projects/p/locations/l/publishers/anthropic/models/claude-x:rawPredict';
    const body = {
      anthropic_version: 'vertex-2023-10-16',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }],
    };
    expect((await post(path, body, {})).status).toBe(401);
    const auth = { authorization: 'Bearer gm-key' };
    expect((await post(path, body, auth)).status).toBe(200);
    const withModel = await post(path, { ...body, model: 'claude-x' }, auth);
    expect(JSON.parse(withModel.text)).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    });
    const token = await request(fake.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b.c',
    });
    expect(token.statusCode).toBe(400);
    expect(await token.body.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
