import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { startProviderGateway, type ProviderCase, type ProviderGateway } from './support/provider-gateway';

// Every provider kind through the gateway with the official OpenAI client: each case's fake
// upstream speaks the provider's own wire format, so what passes here was translated both ways.

let g: ProviderGateway;

beforeAll(async () => {
  g = await startProviderGateway();
});

afterAll(async () => {
  await g?.close();
});

const hello: ChatCompletionMessageParam[] = [{ role: 'user', content: 'hello there' }];
const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'lookup',
      description: 'Looks something up.',
      parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
    },
  },
];
const PNG = 'iVBORw0KGgo=';
const PNG_URL = `data:image/png;base64,${PNG}`;

const ALL = [
  'openai',
  'groq',
  'anthropic',
  'gemini',
  'vertex',
  'vertex-claude',
  'bedrock',
  'azure',
  'azure-entra',
  'cohere',
  'mistral',
];
const caseOf = (name: string): ProviderCase => g.cases[name];
const lastBody = (name: string) => caseOf(name).requests().at(-1)!.body as Record<string, unknown>;
const client = () => g.client();

async function failureOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

describe.each(ALL)('%s', (name) => {
  it('chats: text, finish_reason and usage', async () => {
    const res = await client().chat.completions.create({ model: name, messages: hello });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toEqual(expect.any(String));
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0].message).toMatchObject({ role: 'assistant', content: 'Echo: hello there' });
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage!.completion_tokens).toBeGreaterThan(0);
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  it('streams chunks in order, the usage chunk last when asked for', async () => {
    const stream = await client().chat.completions.create({
      model: name,
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const withChoices = chunks.filter((c) => c.choices.length > 0);
    expect(withChoices.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('Echo: hello there');
    expect(withChoices.at(-1)!.choices[0].finish_reason).toBe('stop');
    expect(withChoices.slice(0, -1).every((c) => c.choices[0].finish_reason === null)).toBe(true);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('streams without a usage chunk when not asked for', async () => {
    const stream = await client().chat.completions.create({ model: name, messages: hello, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: hello there');
    expect(chunks.every((c) => c.choices.length === 1 && !c.usage)).toBe(true);
  });

  it('round-trips a tool call, streaming and not', async () => {
    const model = `${name}:tools`;
    const first = await client().chat.completions.create({ model, messages: hello, tools });
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const call = first.choices[0].message.tool_calls![0];
    expect(call.type).toBe('function');
    if (call.type !== 'function') return;
    expect(call.function.name).toBe('lookup');
    expect(JSON.parse(call.function.arguments)).toEqual({ input: 'hello there' });
    expect(call.id).toEqual(expect.any(String));

    const stream = await client().chat.completions.create({ model, messages: hello, tools, stream: true });
    let args = '';
    let streamedName = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      streamedName += delta?.tool_calls?.[0]?.function?.name ?? '';
      args += delta?.tool_calls?.[0]?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(streamedName).toBe('lookup');
    expect(JSON.parse(args)).toEqual({ input: 'hello there' });
    expect(finish).toBe('tool_calls');

    const second = await client().chat.completions.create({
      model,
      tools,
      messages: [
        ...hello,
        first.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: 'sunny, 21°C' },
      ],
    });
    expect(second.choices[0].finish_reason).toBe('stop');
    expect(second.choices[0].message.content).toMatch(/^Tool said: .*sunny, 21°C/);
  });

  it('sends an image_url data: URL in the provider own image shape', async () => {
    const res = await client().chat.completions.create({
      model: name,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'describe' },
            { type: 'image_url', image_url: { url: PNG_URL } },
          ],
        },
      ],
    });
    expect(res.choices[0].message.content).toContain('describe');
    expect(lastBody(name)).toMatchObject(IMAGE_SHAPES[name]);
  });
});

/** Where and how each provider's upstream body carries the image. */
const openAIImage = {
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'describe' },
        { type: 'image_url', image_url: { url: PNG_URL } },
      ],
    },
  ],
};
const anthropicImage = {
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'describe' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      ],
    },
  ],
};
const geminiImage = {
  contents: [
    { role: 'user', parts: [{ text: 'describe' }, { inlineData: { mimeType: 'image/png', data: PNG } }] },
  ],
};
const IMAGE_SHAPES: Record<string, object> = {
  openai: openAIImage,
  groq: openAIImage,
  azure: openAIImage,
  'azure-entra': openAIImage,
  mistral: openAIImage,
  cohere: openAIImage,
  anthropic: anthropicImage,
  'vertex-claude': anthropicImage,
  gemini: geminiImage,
  vertex: geminiImage,
  bedrock: {
    messages: [
      { role: 'user', content: [{ text: 'describe' }, { image: { format: 'png', source: { bytes: PNG } } }] },
    ],
  },
};

type Params = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

describe('cached and reasoning tokens in usage', () => {
  // Anthropic's fake reads a system prompt marked with `cache_control` from its cache.
  const cachedSystem = {
    role: 'system',
    content: [
      { type: 'text', text: 'You answer briefly. '.repeat(10), cache_control: { type: 'ephemeral' } },
    ],
  } as unknown as ChatCompletionMessageParam;

  it.each(['anthropic', 'vertex-claude'])('%s: cache reads count as cached prompt tokens', async (name) => {
    const res = await client().chat.completions.create({ model: name, messages: [cachedSystem, ...hello] });
    expect(lastBody(name).system).toEqual([
      { type: 'text', text: 'You answer briefly. '.repeat(10), cache_control: { type: 'ephemeral' } },
    ]);
    if (name === 'vertex-claude') return; // that fake reports no cache reads
    expect(res.usage!.prompt_tokens_details!.cached_tokens).toBe(50);
    expect(res.usage!.prompt_tokens).toBeGreaterThan(50);

    const stream = await client().chat.completions.create({
      model: name,
      messages: [cachedSystem, ...hello],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage!.prompt_tokens_details!.cached_tokens).toBe(50);
  });

  it.each(['gemini:thinking', 'vertex:thinking'])('%s: context-cache and thought tokens', async (model) => {
    const res = await client().chat.completions.create({ model, messages: hello });
    expect(res.choices[0].message.content).toBe('Echo: hello there');
    const usage = res.usage!;
    expect(usage.prompt_tokens_details!.cached_tokens).toBe(Math.floor(usage.prompt_tokens / 2));
    expect(usage.prompt_tokens_details!.cached_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);

    const stream = await client().chat.completions.create({
      model,
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    let last: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) last = chunk.usage ?? last;
    expect(last!.prompt_tokens_details!.cached_tokens).toBe(usage.prompt_tokens_details!.cached_tokens);
  });
});

describe('JSON mode', () => {
  const ask = (model: string, format: Params['response_format']) =>
    client().chat.completions.create({ model, messages: hello, response_format: format });

  it.each(['openai', 'groq', 'azure', 'azure-entra'])('%s: response_format passes as it is', async (name) => {
    const res = await ask(name, { type: 'json_object' });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ echo: 'hello there' });
    expect(lastBody(name).response_format).toEqual({ type: 'json_object' });
  });

  it.each(['gemini', 'vertex'])(
    '%s: JSON mode and schemas become responseMimeType / responseSchema',
    async (name) => {
      const res = await ask(name, { type: 'json_object' });
      expect(JSON.parse(res.choices[0].message.content!)).toEqual({ echo: 'hello there' });
      expect(lastBody(name).generationConfig).toEqual({ responseMimeType: 'application/json' });
      const schema = { type: 'object', properties: { echo: { type: 'string' } }, required: ['echo'] };
      const typed = await ask(name, { type: 'json_schema', json_schema: { name: 'echo', schema } });
      expect(JSON.parse(typed.choices[0].message.content!)).toEqual({ echo: 'hello there' });
      expect(lastBody(name).generationConfig).toMatchObject({
        responseMimeType: 'application/json',
        responseSchema: {
          type: expect.stringMatching(/^object$/i),
          properties: { echo: expect.any(Object) },
        },
      });
    },
  );

  it.each(['anthropic', 'vertex-claude'])(
    '%s: json_schema becomes output_config, json_object an instruction',
    async (name) => {
      const schema = { type: 'object', properties: { echo: { type: 'string' } }, required: ['echo'] };
      const typed = await ask(name, { type: 'json_schema', json_schema: { name: 'echo', schema } });
      expect(lastBody(name).output_config).toEqual({ format: { type: 'json_schema', schema } });
      if (name === 'anthropic')
        expect(JSON.parse(typed.choices[0].message.content!)).toEqual({ echo: 'hello there' });
      await ask(name, { type: 'json_object' });
      expect(lastBody(name).system).toMatch(/single valid JSON object/);
    },
  );

  it.each(['cohere', 'mistral'])('%s: response_format reaches the upstream', async (name) => {
    await ask(name, { type: 'json_object' });
    expect(lastBody(name).response_format).toEqual({ type: 'json_object' });
  });
});

describe('upstream errors in the OpenAI error shape', () => {
  const failing = ALL.filter((name) => !['vertex-claude', 'azure-entra'].includes(name));

  it.each(failing)('%s: 400 stays 400, 429 keeps retry-after, 500 becomes 502', async (name) => {
    const bad = await failureOf(
      client().chat.completions.create({ model: `${name}:fail-400`, messages: hello }),
    );
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('invalid_request_error');
    expect(bad.message).not.toBe('');

    const limited = await failureOf(
      client().chat.completions.create({ model: `${name}:fail-429`, messages: hello }),
    );
    expect(limited.status).toBe(429);
    expect(limited.type).toBe('rate_limit_error');
    // Bedrock sends no retry-after with its ThrottlingException.
    if (name !== 'bedrock') expect(Number(limited.headers?.get('retry-after'))).toBeGreaterThan(0);

    const failed = await failureOf(
      client().chat.completions.create({ model: `${name}:fail-500`, messages: hello }),
    );
    expect(failed.status).toBe(502);
    expect(failed.type).toBe('server_error');

    // Streams fail the same way: nothing was sent yet, so the status is the error's.
    const streamed = await failureOf(
      client().chat.completions.create({ model: `${name}:fail-429`, messages: hello, stream: true }),
    );
    expect(streamed.status).toBe(429);
  });
});

describe('embeddings', () => {
  const cases: [alias: string, input: string | string[]][] = [
    ['openai:embed', ['hello', 'world']],
    ['gemini:embed', ['hello', 'world']],
    ['vertex:embed', ['hello', 'world']],
    ['bedrock:embed', 'hello'],
    ['bedrock:embed-cohere', ['hello', 'world']],
    ['azure:embed', ['hello', 'world']],
    ['azure-entra:embed', ['hello', 'world']],
    ['cohere:embed', ['hello', 'world']],
    ['mistral:embed', ['hello', 'world']],
  ];

  it.each(cases)('%s: vectors in input order, as floats and as base64', async (model, input) => {
    const count = typeof input === 'string' ? 1 : input.length;
    // The SDK asks for base64 by default and decodes it.
    const res = await client().embeddings.create({ model, input });
    expect(res.object).toBe('list');
    expect(res.model).toBe(model);
    expect(res.data.map((d) => d.index)).toEqual([...Array(count).keys()]);
    for (const d of res.data) {
      expect(d.embedding.length).toBeGreaterThan(1);
      expect(d.embedding.every((x) => Number.isFinite(x))).toBe(true);
    }
    const floats = await client().embeddings.create({ model, input, encoding_format: 'float' });
    expect(floats.data.map((d) => d.embedding.map((x) => Math.fround(x)))).toEqual(
      res.data.map((d) => d.embedding),
    );
  });

  it('refuses several inputs for Bedrock Titan with 400 (Titan embeds one text per call)', async () => {
    const err = await failureOf(client().embeddings.create({ model: 'bedrock:embed', input: ['a', 'b'] }));
    expect(err.status).toBe(400);
  });

  it('refuses embeddings on kinds without an embeddings API', async () => {
    const err = await failureOf(client().embeddings.create({ model: 'anthropic', input: 'hello' }));
    expect(err.status).toBe(400);
    expect(err.code).toBe('embeddings_unsupported');
  });
});

describe('the escape hatch: provider parameters the gateway does not know reach the upstream', () => {
  const cases: [name: string, extra: Record<string, unknown>, expected: Record<string, unknown>][] = [
    ['openai', { custom_flag: { deep: [1, 2] } }, { custom_flag: { deep: [1, 2] } }],
    ['groq', { reasoning_format: 'parsed' }, { reasoning_format: 'parsed' }],
    ['azure', { data_sources: [{ type: 'azure_search' }] }, { data_sources: [{ type: 'azure_search' }] }],
    ['anthropic', { top_k: 5 }, { top_k: 5 }],
    ['vertex-claude', { top_k: 5 }, { top_k: 5 }],
    [
      'gemini',
      { safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }] },
      { safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }] },
    ],
    ['vertex', { labels: { team: 'search' } }, { labels: { team: 'search' } }],
    ['bedrock', { top_k: 5 }, { additionalModelRequestFields: { top_k: 5 } }],
    ['mistral', { safe_prompt: true }, { safe_prompt: true }],
    ['cohere', { safety_mode: 'STRICT' }, { safety_mode: 'STRICT' }],
  ];

  it.each(cases)('%s', async (name, extra, expected) => {
    const res = await client().chat.completions.create({ model: name, messages: hello, ...extra } as Params);
    expect(res.choices[0].message.content).toBe('Echo: hello there');
    expect(lastBody(name)).toMatchObject(expected);
  });
});

describe('the raw upstream answer, for debugging', () => {
  it('comes back beside the translated one with x-switchyard-debug: raw, and only then', async () => {
    const asked = (await client().chat.completions.create(
      { model: 'anthropic', messages: hello },
      { headers: { 'x-switchyard-debug': 'raw' } },
    )) as unknown as { choices: unknown[]; switchyard_raw_upstream: Record<string, unknown> };
    expect(asked.choices).toHaveLength(1);
    // Anthropic's own message, as the provider sent it.
    expect(asked.switchyard_raw_upstream).toMatchObject({
      type: 'message',
      role: 'assistant',
      stop_reason: 'end_turn',
    });
    const plain = await client().chat.completions.create({ model: 'anthropic', messages: hello });
    expect(plain).not.toHaveProperty('switchyard_raw_upstream');
  });
});

describe('requests a provider cannot take', () => {
  it('refuses an image URL Bedrock cannot fetch with 400 (Converse takes bytes only)', async () => {
    const err = await failureOf(
      client().chat.completions.create({
        model: 'bedrock',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
          },
        ],
      }),
    );
    expect(err.status).toBe(400);
    expect(err.param).toBe('messages');
  });
});

describe('sampling parameters in each provider own names', () => {
  const expected: Record<string, object> = {
    openai: { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ['END'] },
    groq: { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ['END'] },
    azure: { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ['END'] },
    'azure-entra': { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ['END'] },
    anthropic: { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop_sequences: ['END'] },
    'vertex-claude': { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop_sequences: ['END'] },
    gemini: {
      generationConfig: { temperature: 0.2, topP: 0.9, maxOutputTokens: 50, stopSequences: ['END'] },
    },
    vertex: {
      generationConfig: { temperature: 0.2, topP: 0.9, maxOutputTokens: 50, stopSequences: ['END'] },
    },
    bedrock: { inferenceConfig: { temperature: 0.2, topP: 0.9, maxTokens: 50, stopSequences: ['END'] } },
    cohere: { temperature: 0.2, p: 0.9, max_tokens: 50, stop_sequences: ['END'] },
    mistral: { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ['END'] },
  };

  it.each(ALL)('%s', async (name) => {
    const res = await client().chat.completions.create({
      model: name,
      messages: [{ role: 'system', content: 'Be brief.' }, ...hello],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      stop: ['END'],
    });
    expect(res.choices[0].message.content).toBe('Echo: hello there');
    expect(lastBody(name)).toMatchObject(expected[name]);
  });
});

describe('provider specifics', () => {
  it('exchanges one OAuth token for Vertex and one Entra ID token for Azure, then reuses them', async () => {
    for (const model of ['vertex', 'vertex-claude', 'azure-entra', 'vertex', 'azure-entra'])
      await client().chat.completions.create({ model, messages: hello });
    expect(g.tokensIssued()).toEqual({ google: 1, entra: 1 });
  });

  it.each(['anthropic:overloaded', 'vertex-claude:overloaded'])(
    '%s: Anthropic overloaded (529) is 503, worth a retry',
    async (model) => {
      const err = await failureOf(client().chat.completions.create({ model, messages: hello }));
      expect(err.status).toBe(503);
      expect(err.type).toBe('server_error');
      expect(err.code).toBe('upstream_overloaded');
    },
  );

  it("passes Azure's output filter as finish_reason content_filter", async () => {
    const res = await client().chat.completions.create({ model: 'azure:filtered', messages: hello });
    expect(res.choices[0].finish_reason).toBe('content_filter');
  });

  it('answers a prompt Gemini blocked with finish_reason content_filter', async () => {
    const res = await client().chat.completions.create({ model: 'gemini:blocked', messages: hello });
    expect(res.choices[0].finish_reason).toBe('content_filter');
  });
});
