import { GatewayError } from '../../errors';
import type { ProviderSetup } from '../adapter-types';
import { FAKE_AWS_CREDENTIALS, startFakeBedrock } from '../../testing/fake-bedrock';
import type { FakeUpstream } from '../../testing/fake-upstream';
import { everyByte, feedStream } from '../../testing/feed-stream';
import {
  bedrockErrors,
  cohereOnBedrockEmbedAnswer,
  converseAnswer,
  converseStreamTextEvents,
  converseStreamToolEvents,
  converseToolAnswer,
  titanEmbedAnswer,
} from '../../testing/fixtures/bedrock';
import { sendUpstream } from '../../testing/send-upstream';
import { bedrockAdapter as bedrock, encodeEvent } from '.';

const AWS = {
  awsAccessKeyId: FAKE_AWS_CREDENTIALS.accessKeyId,
  awsSecretAccessKey: FAKE_AWS_CREDENTIALS.secretAccessKey,
};

function setup(
  baseUrl: string,
  credentials: ProviderSetup['credentials'] = AWS,
  region = 'us-east-1',
): ProviderSetup {
  const url = new URL(baseUrl);
  return {
    id: 'p',
    workspaceId: 'w',
    name: 'bedrock',
    kind: 'bedrock',
    baseUrl: url,
    basePath: url.pathname.replace(/\/$/, ''),
    credentials,
    options: { region },
  };
}
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const frames = (events: readonly (readonly [string, object])[]) =>
  Buffer.concat(events.map(([type, payload]) => Buffer.from(encodeEvent(type, payload))));
const deltas = (chunks: Record<string, unknown>[]) =>
  chunks.map((c) => (c.choices as { delta: Record<string, unknown> }[])[0]?.delta);

describe('Bedrock request translation', () => {
  const state = bedrock.prepare(setup('https://bedrock-runtime.us-east-1.amazonaws.com'));

  it('signs requests to the regional runtime, model id URL-encoded', async () => {
    const req = await bedrock.chatRequest(
      state,
      { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', messages: [{ role: 'user', content: 'hi' }] },
      true,
    );
    expect(req.origin).toBe('https://bedrock-runtime.us-east-1.amazonaws.com');
    expect(req.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers).toMatchObject({
      host: 'bedrock-runtime.us-east-1.amazonaws.com',
      accept: 'application/vnd.amazon.eventstream',
    });
    const other = bedrock.prepare(setup('https://bedrock-runtime.eu-west-1.amazonaws.com', AWS, 'eu-west-3'));
    expect((await bedrock.chatRequest(other, { model: 'm', messages: [] }, false)).origin).toBe(
      'https://bedrock-runtime.eu-west-3.amazonaws.com',
    );
    const keyed = bedrock.prepare(setup('https://x.amazonaws.com', { apiKey: 'ABSK-key' }));
    expect(
      (await bedrock.chatRequest(keyed, { model: 'm', messages: [] }, false)).headers.authorization,
    ).toBe('Bearer ABSK-key');
    const withToken = bedrock.prepare(setup('https://x.amazonaws.com', { ...AWS, awsSessionToken: 'tok' }));
    expect(
      (await bedrock.chatRequest(withToken, { model: 'm', messages: [] }, false)).headers[
        'x-amz-security-token'
      ],
    ).toBe('tok');
    expect(() => bedrock.prepare({ ...setup('https://x.amazonaws.com'), options: {} })).toThrow(/region/);
    expect(() => bedrock.prepare(setup('https://x.amazonaws.com', {}))).toThrow(/awsAccessKeyId/);
  });

  it('translates messages, images, tools, tool choice, inference config and extra fields', async () => {
    const req = await bedrock.chatRequest(
      state,
      {
        model: 'm',
        messages: [
          { role: 'system', content: 'be brief' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            ],
          },
          {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"q":"x"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
          { role: 'user', content: 'thanks' },
        ],
        tools: [
          {
            type: 'function',
            function: {
              name: 'look',
              description: 'Looks.',
              parameters: { type: 'object', properties: { q: { type: 'string' } } },
            },
          },
        ],
        tool_choice: 'required',
        max_completion_tokens: 200,
        temperature: 0.5,
        top_p: 0.9,
        stop: ['END'],
        user: 'u',
        top_k: 40,
      },
      false,
    );
    expect(JSON.parse(req.body as string)).toEqual({
      system: [{ text: 'be brief' }],
      messages: [
        {
          role: 'user',
          content: [
            { text: 'what is this?' },
            { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { text: 'Checking.' },
            { toolUse: { toolUseId: 'call_1', name: 'look', input: { q: 'x' } } },
          ],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'call_1', content: [{ text: 'a cat' }] } },
            { text: 'thanks' },
          ],
        },
      ],
      inferenceConfig: { maxTokens: 200, temperature: 0.5, topP: 0.9, stopSequences: ['END'] },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'look',
              description: 'Looks.',
              inputSchema: { json: { type: 'object', properties: { q: { type: 'string' } } } },
            },
          },
        ],
        toolChoice: { any: {} },
      },
      additionalModelRequestFields: { top_k: 40 },
    });
    const named = await bedrock.chatRequest(
      state,
      {
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: 't' } }],
        tool_choice: { type: 'function', function: { name: 't' } },
      },
      false,
    );
    expect(JSON.parse(named.body as string).toolConfig.toolChoice).toEqual({ tool: { name: 't' } });
    await expect(
      Promise.resolve().then(() =>
        bedrock.chatRequest(
          state,
          {
            model: 'm',
            messages: [
              { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
            ],
          },
          false,
        ),
      ),
    ).rejects.toThrow(/data: URLs/);
    // The client's mistake: a GatewayError, which the gateway answers 400 (not 502).
    await expect(
      Promise.resolve().then(() =>
        bedrock.chatRequest(
          state,
          {
            model: 'm',
            messages: [
              { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
            ],
          },
          false,
        ),
      ),
    ).rejects.toBeInstanceOf(GatewayError);
  });
});

describe('Bedrock response translation', () => {
  it('reads text, tool use, stop reasons and usage with cached tokens', () => {
    const text = bedrock.chatResponse(json(converseAnswer), 'claude');
    expect(text.completion).toMatchObject({
      object: 'chat.completion',
      model: 'claude',
      choices: [{ message: { content: 'Hello! How can I help you today?' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 9 },
    });
    const tool = bedrock.chatResponse(json(converseToolAnswer), 'claude');
    expect(tool.completion).toMatchObject({
      choices: [
        {
          finish_reason: 'tool_calls',
          message: {
            content: 'Let me look up the top song.',
            tool_calls: [
              {
                id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
                function: { name: 'top_song', arguments: '{"sign":"WZPZ"}' },
              },
            ],
          },
        },
      ],
    });
    expect(tool.usage).toEqual({
      promptTokens: 1375,
      completionTokens: 56,
      cachedTokens: 1000,
      reasoningTokens: 0,
    });
    const finish = (stopReason: string) =>
      (
        bedrock.chatResponse(json({ ...converseAnswer, stopReason }), 'm').completion.choices as {
          finish_reason: string;
        }[]
      )[0].finish_reason;
    expect(
      ['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'guardrail_intervened', 'content_filtered'].map(
        finish,
      ),
    ).toEqual(['stop', 'stop', 'length', 'tool_calls', 'content_filter', 'content_filter']);
    expect(() => bedrock.chatResponse(json({ stopReason: 'end_turn' }), 'm')).toThrow(/no output message/);
  });

  it('maps errors by x-amzn-errortype', () => {
    const e = (f: { status: number; type: string; message: string }) =>
      bedrock.errorResponse(
        f.status,
        { 'x-amzn-errortype': `${f.type}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
        json({ message: f.message }),
      );
    expect(e(bedrockErrors.validation)).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect(e(bedrockErrors.tooLong)).toMatchObject({ status: 400, code: 'context_length_exceeded' });
    expect(e(bedrockErrors.accessDenied)).toMatchObject({ status: 403 });
    expect(e(bedrockErrors.notFound)).toMatchObject({ status: 404 });
    expect(e(bedrockErrors.throttled)).toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
      message: expect.stringContaining('ThrottlingException'),
    });
    expect(e(bedrockErrors.internal)).toMatchObject({ status: 502 });
    expect(e(bedrockErrors.modelError)).toMatchObject({ status: 502 });
    expect(e(bedrockErrors.unavailable)).toMatchObject({ status: 503 });
    expect(e(bedrockErrors.timeout)).toMatchObject({ status: 504 });
  });

  it('translates event streams split at every byte boundary', () => {
    const bytes = frames(converseStreamTextEvents);
    for (const cuts of [[], everyByte(bytes.length), [3, 4, 5, 90, 91, 200]]) {
      const stream = bedrock.chatStream('claude');
      const chunks = feedStream(stream, bytes, cuts);
      expect(stream.error).toBeNull();
      expect(
        deltas(chunks)
          .map((d) => d?.content ?? '')
          .join(''),
      ).toBe('Hello wörld 👋');
      expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
      expect(chunks.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 10, completion_tokens: 4 },
      });
      expect(stream.usage).toEqual({
        promptTokens: 10,
        completionTokens: 4,
        cachedTokens: 0,
        reasoningTokens: 0,
      });
    }
    const tools = frames(converseStreamToolEvents);
    for (let cut = 1; cut < tools.length; cut += 11) {
      const stream = bedrock.chatStream('claude');
      const d = deltas(feedStream(stream, tools, [cut]));
      expect(d[2]).toEqual({
        tool_calls: [
          { index: 0, id: 'tooluse_Yx0h3R', type: 'function', function: { name: 'top_song', arguments: '' } },
        ],
      });
      expect(
        d
          .flatMap((x) => (x?.tool_calls as { function: { arguments: string } }[]) ?? [])
          .map((t) => t.function.arguments)
          .join(''),
      ).toBe('{"sign": "WZPZ"}');
      expect(stream.usage).toMatchObject({ promptTokens: 500, cachedTokens: 200 });
    }
  });

  it('sets error on exceptions, truncation, bad checksums and garbage', () => {
    const exception = bedrock.chatStream('m');
    const out = feedStream(
      exception,
      Buffer.concat([
        frames(converseStreamTextEvents.slice(0, 2)),
        Buffer.from(
          encodeEvent(
            'modelStreamErrorException',
            { message: 'model crashed', originalStatusCode: 500 },
            'exception',
          ),
        ),
      ]),
    );
    expect(exception.error).toBe('modelStreamErrorException: model crashed');
    expect(out).toHaveLength(2);
    const bytes = frames(converseStreamTextEvents);
    const truncated = bedrock.chatStream('m');
    const stop = frames(converseStreamTextEvents.slice(4, 5));
    feedStream(
      truncated,
      Buffer.concat([frames(converseStreamTextEvents.slice(0, 4)), stop.subarray(0, 20)]),
    );
    expect(truncated.error).toMatch(/ended before messageStop/);
    const corrupt = Buffer.from(bytes);
    corrupt[30] ^= 0xff;
    const bad = bedrock.chatStream('m');
    feedStream(bad, corrupt);
    expect(bad.error).toMatch(/unreadable event stream/);
    const garbage = bedrock.chatStream('m');
    feedStream(garbage, Buffer.from('<html>502 Bad Gateway</html>'));
    expect(garbage.error).not.toBeNull();
  });

  it('reads Titan and Cohere embeddings', () => {
    expect(bedrock.embeddingsResponse(json(titanEmbedAnswer), 'amazon.titan-embed-text-v2:0')).toMatchObject({
      response: {
        object: 'list',
        data: [{ index: 0, embedding: titanEmbedAnswer.embedding }],
        usage: { prompt_tokens: 3 },
      },
      usage: { promptTokens: 3 },
    });
    expect(
      bedrock.embeddingsResponse(json(cohereOnBedrockEmbedAnswer), 'cohere.embed-english-v3').response,
    ).toMatchObject({
      data: [{ index: 0, embedding: [0.01, 0.02] }, { index: 1 }],
    });
  });
});

describe('Bedrock adapter against the fake (SigV4 checked)', () => {
  let fake: FakeUpstream;
  beforeAll(async () => (fake = await startFakeBedrock({ apiKey: 'ABSK-fake' })));
  afterAll(() => fake.close());
  const state = () => bedrock.prepare(setup(fake.baseUrl));
  const chat = (model: string, extra: Record<string, unknown> = {}) => ({
    model,
    messages: [
      { role: 'system', content: 's' },
      { role: 'user', content: 'ping' },
    ],
    ...extra,
  });

  it('answers signed Converse and ConverseStream calls', async () => {
    const model = 'anthropic.claude-3-haiku-20240307-v1:0';
    const answer = await sendUpstream(fake.origin, await bedrock.chatRequest(state(), chat(model), false));
    expect(answer.status).toBe(200);
    expect(fake.requests.at(-1)?.path).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
    expect(bedrock.chatResponse(answer.body, model).completion).toMatchObject({
      choices: [{ message: { content: 'Echo: ping' } }],
    });
    const streamed = await sendUpstream(fake.origin, await bedrock.chatRequest(state(), chat(model), true));
    expect(streamed.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    const stream = bedrock.chatStream(model);
    const chunks = streamed.chunks.flatMap((c) => stream.feed(c)).concat(stream.end());
    expect(stream.error).toBeNull();
    expect(
      deltas(chunks)
        .map((d) => d?.content ?? '')
        .join(''),
    ).toBe('Echo: ping');
    const tools = { tools: [{ type: 'function', function: { name: 'lookup' } }] };
    const call = await sendUpstream(
      fake.origin,
      await bedrock.chatRequest(state(), chat(model, tools), true),
    );
    const toolStream = bedrock.chatStream(model);
    const toolChunks = feedStream(toolStream, call.body);
    expect(toolChunks.at(-2)).toMatchObject({ choices: [{ finish_reason: 'tool_calls' }] });
    const keyed = bedrock.prepare(setup(fake.baseUrl, { apiKey: 'ABSK-fake' }));
    expect(
      (await sendUpstream(fake.origin, await bedrock.chatRequest(keyed, chat(model), false))).status,
    ).toBe(200);
  });

  it('is refused with 403 when the signature does not match', async () => {
    const wrong = bedrock.prepare(setup(fake.baseUrl, { ...AWS, awsSecretAccessKey: 'not-the-secret' }));
    const refused = await sendUpstream(fake.origin, await bedrock.chatRequest(wrong, chat('m'), false));
    expect(refused.status).toBe(403);
    expect(bedrock.errorResponse(refused.status, refused.headers, refused.body)).toMatchObject({
      status: 403,
      message: expect.stringContaining('InvalidSignatureException'),
    });
    const signed = await bedrock.chatRequest(state(), chat('m'), false);
    const tampered = await sendUpstream(fake.origin, {
      ...signed,
      body: (signed.body as string).replace('ping', 'pong'),
    });
    expect(tampered.status).toBe(403);
  });

  it('maps errors, stream exceptions, broken and garbage streams', async () => {
    for (const [model, status] of [
      ['fail-400', 400],
      ['fail-429', 429],
      ['fail-500', 502],
    ] as const) {
      const a = await sendUpstream(fake.origin, await bedrock.chatRequest(state(), chat(model), false));
      expect(bedrock.errorResponse(a.status, a.headers, a.body).status).toBe(status);
    }
    const invalid = await sendUpstream(
      fake.origin,
      await bedrock.chatRequest(
        state(),
        { model: 'm', messages: [{ role: 'assistant', content: 'x' }] },
        false,
      ),
    );
    expect(bedrock.errorResponse(invalid.status, invalid.headers, invalid.body)).toMatchObject({
      status: 400,
    });
    for (const model of ['broken-stream', 'garbage-stream', 'stream-exception']) {
      const a = await sendUpstream(fake.origin, await bedrock.chatRequest(state(), chat(model), true));
      const stream = bedrock.chatStream(model);
      feedStream(stream, a.body);
      expect(stream.error).not.toBeNull();
    }
  });

  it('embeds with Titan and Cohere on Bedrock', async () => {
    const titan = await sendUpstream(
      fake.origin,
      await bedrock.embeddingsRequest(state(), {
        model: 'amazon.titan-embed-text-v2:0',
        input: 'hello',
        dimensions: 2,
      }),
    );
    expect(bedrock.embeddingsResponse(titan.body, 'amazon.titan-embed-text-v2:0')).toMatchObject({
      response: { data: [{ embedding: [0.05, 1.05] }] },
      usage: { promptTokens: 2 },
    });
    const cohere = await sendUpstream(
      fake.origin,
      await bedrock.embeddingsRequest(state(), { model: 'cohere.embed-english-v3', input: ['a', 'b'] }),
    );
    expect(bedrock.embeddingsResponse(cohere.body, 'cohere.embed-english-v3').response).toMatchObject({
      data: [{ index: 0 }, { index: 1 }],
    });
    await expect(
      Promise.resolve().then(() =>
        bedrock.embeddingsRequest(state(), { model: 'amazon.titan-embed-text-v2:0', input: ['a', 'b'] }),
      ),
    ).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/one input/), status: 400, param: 'input' }),
    );
  });
});
