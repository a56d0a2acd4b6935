import Anthropic from '@anthropic-ai/sdk';
import {
  fakeEmbedding,
  startFakeAnthropic,
  startFakeCohere,
  startFakeOpenAI,
  type FakeAnthropic,
  type FakeOpenAI,
} from '@switchyard/data-plane/testing';
import OpenAI from 'openai';
import { APPLY, eventually, KEY_SECRET, startStack } from './support';

/**
 * The official SDKs, used as their READMEs show, against a running platform: the Anthropic
 * client in front of an OpenAI-shaped upstream, the OpenAI client (chat, Responses, legacy
 * completions, embeddings) in front of Anthropic- and Cohere-shaped upstreams.
 */

type Stack = Awaited<ReturnType<typeof startStack>>;
type UsageRow = {
  requestId: string;
  routeAlias: string;
  model: string;
  endpoint: string;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: string;
  status: number;
  errorCode: string | null;
};

const ANTHROPIC_KEY = 'sk-ant-e2e-upstream';
const COHERE_KEY = 'co-e2e-upstream';
const EMBEDDINGS_KEY = 'sk-embeddings-e2e';

const USAGE_ROWS = `query Usage($workspaceId: ID!) {
  usageRecords(workspaceId: $workspaceId, limit: 200) {
    items { requestId routeAlias model endpoint stream inputTokens outputTokens costMicroUsd status errorCode }
  }
}`;

// Long enough that every call costs at least a micro-dollar at catalog prices.
const PROMPT = `Summarise the weather report for the coast: ${'winds from the west, light rain later. '.repeat(12)}`;

const WEATHER_TOOL_INPUT_SCHEMA = {
  type: 'object' as const,
  properties: { city: { type: 'string' } },
  required: ['city'],
};

/** The upstream model behind each route the usage check looks at. */
const ROUTE_MODELS: Record<string, string> = {
  fast: 'gpt-4o-mini',
  claude: 'claude-haiku-4-5-20251001',
  'embed-openai': 'text-embedding-3-small',
  'embed-cohere': 'embed-english-v3.0',
};

// A 1×1 transparent PNG.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('the official SDKs through the platform', () => {
  let stack: Stack;
  let anthropicUpstream: FakeAnthropic;
  let embeddingsUpstream: FakeOpenAI;
  let closeOthers: () => Promise<void>;
  let anthropic: Anthropic;
  let openai: OpenAI;
  let gatewayUrl: string;
  /** Successful calls and the usage record each must leave: endpoint, route and the tokens the client saw. */
  const expectedUsage: {
    requestId: string;
    endpoint: string;
    route: string;
    stream: boolean;
    tokens: { input: number; output: number };
  }[] = [];

  const remember = (
    response: Response,
    endpoint: string,
    route: string,
    tokens: { input: number; output: number },
    stream = false,
  ) => {
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expectedUsage.push({ requestId: requestId!, endpoint, route, stream, tokens });
  };

  beforeAll(async () => {
    stack = await startStack();
    anthropicUpstream = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    const cohere = await startFakeCohere({ apiKey: COHERE_KEY });
    embeddingsUpstream = await startFakeOpenAI({ apiKey: EMBEDDINGS_KEY });
    closeOthers = async () => {
      await Promise.all([anthropicUpstream.close(), cohere.close(), embeddingsUpstream.close()]);
    };
    const via = (provider: string, model: string) => ({ targets: [{ provider, model }] });
    await stack.admin(APPLY, {
      input: {
        workspaces: [
          {
            slug: 'demo',
            name: 'Demo',
            providers: [
              {
                name: 'claude',
                kind: 'anthropic',
                baseUrl: anthropicUpstream.baseUrl,
                apiKey: ANTHROPIC_KEY,
              },
              { name: 'cohere', kind: 'cohere', baseUrl: cohere.baseUrl, apiKey: COHERE_KEY },
              {
                name: 'openai-embed',
                kind: 'openai',
                baseUrl: embeddingsUpstream.baseUrl,
                apiKey: EMBEDDINGS_KEY,
              },
            ],
            routes: [
              { alias: 'openai-broken', ...via('local-openai', 'broken-stream') },
              { alias: 'claude', ...via('claude', 'claude-haiku-4-5-20251001') },
              { alias: 'claude-broken', ...via('claude', 'broken-stream') },
              { alias: 'claude-garbage', ...via('claude', 'garbage-stream') },
              { alias: 'cohere-garbage', ...via('cohere', 'command-a-garbage-stream') },
              { alias: 'embed-openai', ...via('openai-embed', 'text-embedding-3-small') },
              { alias: 'embed-cohere', ...via('cohere', 'embed-english-v3.0') },
            ],
          },
        ],
      },
    });
    const node = await stack.platform.startDataPlane('node-sdk');
    gatewayUrl = node.url;
    anthropic = new Anthropic({ apiKey: KEY_SECRET, baseURL: gatewayUrl, maxRetries: 0 });
    openai = new OpenAI({ apiKey: KEY_SECRET, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
    await eventually(
      async () => {
        const models = await openai.models.list();
        return models.data.some((m) => m.id === 'embed-cohere');
      },
      10_000,
      'the node to run the snapshot with every route',
    );
  });
  afterAll(async () => {
    await stack?.close();
    await closeOthers?.();
  });

  describe('@anthropic-ai/sdk → an OpenAI-shaped upstream', () => {
    it('creates a message', async () => {
      const { data, response } = await anthropic.messages
        .create({ model: 'fast', max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] })
        .withResponse();
      remember(response, 'messages', 'fast', {
        input: data.usage.input_tokens,
        output: data.usage.output_tokens,
      });
      expect(data.type).toBe('message');
      expect(data.role).toBe('assistant');
      expect(data.stop_reason).toBe('end_turn');
      expect(data.content).toEqual([expect.objectContaining({ type: 'text', text: `Echo: ${PROMPT}` })]);
      expect(data.usage.input_tokens).toBeGreaterThan(0);
      expect(data.usage.output_tokens).toBeGreaterThan(0);
      // The upstream got an OpenAI chat request with the route's model and its own key.
      const seen = stack.upstream.requests.at(-1)!;
      expect(seen.path).toBe('/v1/chat/completions');
      expect((seen.body as { model: string }).model).toBe('gpt-4o-mini');
    });

    it('authenticates with a bearer token as well as x-api-key', async () => {
      const bearer = new Anthropic({
        apiKey: null,
        authToken: KEY_SECRET,
        baseURL: gatewayUrl,
        maxRetries: 0,
      });
      const message = await bearer.messages.create({
        model: 'fast',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hello' }],
      });
      expect(message.content[0]).toMatchObject({ type: 'text', text: 'Echo: hello' });
    });

    it("answers a bad key and an unknown model with Anthropic's error classes", async () => {
      const stranger = new Anthropic({
        apiKey: 'sy-not-a-real-key-000000',
        baseURL: gatewayUrl,
        maxRetries: 0,
      });
      const params = { max_tokens: 16, messages: [{ role: 'user' as const, content: 'hi' }] };
      const denied = await stranger.messages.create({ model: 'fast', ...params }).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((denied as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
        type: 'error',
        error: { type: 'authentication_error' },
      });
      const unknown = await anthropic.messages
        .create({ model: 'no-such-route', ...params })
        .catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
      expect((unknown as Error).message).toContain('no-such-route');
    });

    it('completes a tool_use round trip', async () => {
      const tools: Anthropic.Tool[] = [
        { name: 'get_weather', description: 'Weather by city', input_schema: WEATHER_TOOL_INPUT_SCHEMA },
      ];
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
      const { data: first, response } = await anthropic.messages
        .create({ model: 'fast', max_tokens: 256, tools, messages })
        .withResponse();
      remember(response, 'messages', 'fast', {
        input: first.usage.input_tokens,
        output: first.usage.output_tokens,
      });
      expect(first.stop_reason).toBe('tool_use');
      const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      expect(call).toMatchObject({ name: 'get_weather', input: { input: 'What is the weather in Paris?' } });
      expect(call!.id).toEqual(expect.any(String));
      // The upstream was offered the tool in OpenAI's shape.
      const offered = stack.upstream.requests.at(-1)!.body as { tools: { function: { name: string } }[] };
      expect(offered.tools[0].function.name).toBe('get_weather');

      messages.push(
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: call!.id, content: '21°C and sunny' }],
        },
      );
      const second = await anthropic.messages.create({ model: 'fast', max_tokens: 256, tools, messages });
      expect(second.stop_reason).toBe('end_turn');
      expect(second.content[0]).toMatchObject({ type: 'text', text: 'Tool said: 21°C and sunny' });
      // The tool result went up as an OpenAI tool message answering the call.
      const upstreamMessages = (stack.upstream.requests.at(-1)!.body as { messages: object[] }).messages;
      expect(upstreamMessages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call!.id });
    });

    it('streams: text deltas arrive in order and finalMessage() assembles them', async () => {
      const stream = anthropic.messages.stream({
        model: 'fast',
        max_tokens: 256,
        messages: [{ role: 'user', content: PROMPT }],
      });
      const deltas: string[] = [];
      const events: string[] = [];
      stream.on('text', (delta) => deltas.push(delta));
      stream.on('streamEvent', (event) => events.push(event.type));
      const final = await stream.finalMessage();
      const { response } = await stream.withResponse();
      remember(
        response,
        'messages',
        'fast',
        { input: final.usage.input_tokens, output: final.usage.output_tokens },
        true,
      );
      expect(deltas.length).toBeGreaterThan(5);
      expect(deltas.join('')).toBe(`Echo: ${PROMPT}`);
      expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: `Echo: ${PROMPT}` })]);
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      expect(events[0]).toBe('message_start');
      expect(events.at(-1)).toBe('message_stop');
      expect(events).toContain('message_delta');
    });

    it('streams a tool call', async () => {
      const final = await anthropic.messages
        .stream({
          model: 'fast',
          max_tokens: 256,
          tools: [{ name: 'get_weather', input_schema: WEATHER_TOOL_INPUT_SCHEMA }],
          messages: [{ role: 'user', content: 'Weather in Oslo?' }],
        })
        .finalMessage();
      expect(final.stop_reason).toBe('tool_use');
      expect(final.content.find((b) => b.type === 'tool_use')).toMatchObject({
        name: 'get_weather',
        input: { input: 'Weather in Oslo?' },
      });
    });

    it('passes an image on as an OpenAI image_url part', async () => {
      const message = await anthropic.messages.create({
        model: 'fast',
        max_tokens: 64,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
              { type: 'text', text: 'What is in this picture?' },
            ],
          },
        ],
      });
      expect(message.content[0]).toMatchObject({ type: 'text' });
      const sent = stack.upstream.requests.at(-1)!.body as { messages: { content: unknown }[] };
      expect(sent.messages.at(-1)!.content).toEqual([
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
        { type: 'text', text: 'What is in this picture?' },
      ]);
    });

    it('counts tokens', async () => {
      const count = await anthropic.messages.countTokens({
        model: 'fast',
        messages: [{ role: 'user', content: PROMPT }],
      });
      expect(count.input_tokens).toBeGreaterThan(10);
      const more = await anthropic.messages.countTokens({
        model: 'fast',
        system: 'You are terse.',
        messages: [{ role: 'user', content: `${PROMPT} ${PROMPT}` }],
      });
      expect(more.input_tokens).toBeGreaterThan(count.input_tokens);
    });

    it('raises a clear error when the upstream stream breaks off, and the gateway goes on', async () => {
      const error = await anthropic.messages
        .stream({ model: 'openai-broken', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })
        .finalMessage()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as Error).message).toMatch(/upstream|stream|connection/i);
      await expectHealthy();
    });

    it('raises a clear error when the upstream body is cut off, and the gateway goes on', async () => {
      const error = await anthropic.messages
        .create({ model: 'openai-broken', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
      // Anthropic's error shape, as the SDK shows it for Anthropic's own errors.
      expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
        type: 'error',
        error: { type: 'api_error', message: expect.stringMatching(/upstream/i) },
      });
      await expectHealthy();
    });
  });

  describe('openai → an Anthropic-shaped upstream', () => {
    it('answers a chat completion', async () => {
      const { data, response } = await openai.chat.completions
        .create({ model: 'claude', messages: [{ role: 'user', content: PROMPT }] })
        .withResponse();
      remember(response, 'chat.completions', 'claude', {
        input: data.usage!.prompt_tokens,
        output: data.usage!.completion_tokens,
      });
      expect(data.object).toBe('chat.completion');
      expect(data.choices[0].message.content).toBe(`Echo: ${PROMPT}`);
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
      expect((data.usage as { cost?: number }).cost).toBeGreaterThan(0);
      const seen = anthropicUpstream.requests.at(-1)!;
      expect(seen.path).toBe('/v1/messages');
      expect(seen.headers['x-api-key']).toBe(ANTHROPIC_KEY);
      expect((seen.body as { model: string }).model).toBe('claude-haiku-4-5-20251001');
    });

    it('completes a tool call round trip', async () => {
      const tools: OpenAI.ChatCompletionTool[] = [
        { type: 'function', function: { name: 'get_weather', parameters: WEATHER_TOOL_INPUT_SCHEMA } },
      ];
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: 'user', content: 'What is the weather in Paris?' },
      ];
      const first = await openai.chat.completions.create({
        model: 'claude',
        messages,
        tools,
        tool_choice: 'required',
      });
      const message = first.choices[0].message;
      const call = message.tool_calls?.[0];
      expect(first.choices[0].finish_reason).toBe('tool_calls');
      expect(call?.type).toBe('function');
      if (call?.type !== 'function') throw new Error('expected a function call');
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toEqual({ input: 'What is the weather in Paris?' });
      messages.push(message, { role: 'tool', tool_call_id: call.id, content: '21°C and sunny' });
      const second = await openai.chat.completions.create({ model: 'claude', messages, tools });
      expect(second.choices[0].finish_reason).toBe('stop');
      expect(second.choices[0].message.content).toBe('Tool said: 21°C and sunny');
      // Anthropic got a tool_use turn, then a tool_result that answers it (the fake checks both).
      const turns = (anthropicUpstream.requests.at(-1)!.body as { messages: { content: unknown }[] })
        .messages;
      expect(turns.at(-1)!.content).toEqual([
        expect.objectContaining({ type: 'tool_result', tool_use_id: call.id }),
      ]);
    });

    it('streams with usage when asked, the cost included', async () => {
      const { data: stream, response } = await openai.chat.completions
        .create({
          model: 'claude',
          messages: [{ role: 'user', content: PROMPT }],
          stream: true,
          stream_options: { include_usage: true },
        })
        .withResponse();
      let text = '';
      let usage: (OpenAI.CompletionUsage & { cost?: number }) | null | undefined;
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        finish ??= chunk.choices[0]?.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
      remember(
        response,
        'chat.completions',
        'claude',
        { input: usage!.prompt_tokens, output: usage!.completion_tokens },
        true,
      );
      expect(text).toBe(`Echo: ${PROMPT}`);
      expect(finish).toBe('stop');
      expect(usage?.prompt_tokens).toBeGreaterThan(0);
      expect(usage?.completion_tokens).toBeGreaterThan(0);
      expect(usage?.cost).toBeGreaterThan(0);
    });

    it('streams a tool call with the arguments in pieces', async () => {
      const runner = openai.chat.completions.stream({
        model: 'claude',
        messages: [{ role: 'user', content: 'Weather in Rome?' }],
        tools: [
          { type: 'function', function: { name: 'get_weather', parameters: WEATHER_TOOL_INPUT_SCHEMA } },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
      });
      const final = await runner.finalChatCompletion();
      const call = final.choices[0].message.tool_calls?.[0];
      expect(final.choices[0].finish_reason).toBe('tool_calls');
      if (call?.type !== 'function') throw new Error('expected a function call');
      expect(JSON.parse(call.function.arguments)).toEqual({ input: 'Weather in Rome?' });
    });

    it('passes an image on as an Anthropic image block', async () => {
      const reply = await openai.chat.completions.create({
        model: 'claude',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
            ],
          },
        ],
      });
      expect(reply.choices[0].message.content).toBe('Echo: What is in this picture?');
      const turn = (anthropicUpstream.requests.at(-1)!.body as { messages: { content: unknown }[] })
        .messages[0];
      expect(turn.content).toEqual([
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
      ]);
    });

    it('raises a clear error when the upstream stream breaks off, and the gateway goes on', async () => {
      const error = await collect(
        openai.chat.completions.create({
          model: 'claude-broken',
          messages: [{ role: 'user', content: 'a story please' }],
          stream: true,
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as Error).message).toMatch(/upstream|stream|connection/i);
      await expectHealthy();
    });

    it('raises a clear error on an event that is not JSON, and the gateway goes on', async () => {
      const error = await collect(
        openai.chat.completions.create({
          model: 'claude-garbage',
          messages: [{ role: 'user', content: 'a story please' }],
          stream: true,
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as Error).message).toMatch(/json|invalid|upstream/i);
      await expectHealthy();
    });

    it('answers 502 with a clear message for a body that is not the upstream format', async () => {
      const truncated = await openai.chat.completions
        .create({ model: 'claude-garbage', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(truncated).toBeInstanceOf(OpenAI.APIError);
      expect((truncated as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect((truncated as Error).message).toMatch(/json|invalid|upstream/i);

      const garbage = await collect(
        openai.chat.completions.create({
          model: 'cohere-garbage',
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
        }),
      ).catch((e: unknown) => e);
      expect(garbage).toBeInstanceOf(OpenAI.APIError);
      expect((garbage as Error).message).toMatch(/upstream|stream|format|invalid/i);
      await expectHealthy();
    });
  });

  describe('openai responses → an Anthropic-shaped upstream', () => {
    it('answers text', async () => {
      const { data, response } = await openai.responses
        .create({ model: 'claude', instructions: 'Be brief.', input: PROMPT })
        .withResponse();
      remember(response, 'responses', 'claude', {
        input: data.usage!.input_tokens,
        output: data.usage!.output_tokens,
      });
      expect(data.object).toBe('response');
      expect(data.status).toBe('completed');
      expect(data.output_text).toBe(`Echo: ${PROMPT}`);
      expect(data.usage?.input_tokens).toBeGreaterThan(0);
      expect(data.usage?.output_tokens).toBeGreaterThan(0);
      const sent = anthropicUpstream.requests.at(-1)!.body as { system?: unknown };
      expect(JSON.stringify(sent.system)).toContain('Be brief.');
    });

    it('calls a function, then answers from its output', async () => {
      const tools: OpenAI.Responses.Tool[] = [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Weather by city',
          parameters: WEATHER_TOOL_INPUT_SCHEMA,
          strict: false,
        },
      ];
      const input: OpenAI.Responses.ResponseInputItem[] = [
        { role: 'user', content: 'What is the weather in Paris?' },
      ];
      const first = await openai.responses.create({ model: 'claude', input, tools, tool_choice: 'required' });
      const call = first.output.find(
        (item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call',
      );
      expect(call).toMatchObject({ name: 'get_weather' });
      expect(JSON.parse(call!.arguments)).toEqual({ input: 'What is the weather in Paris?' });
      input.push(...(first.output as OpenAI.Responses.ResponseInputItem[]), {
        type: 'function_call_output',
        call_id: call!.call_id,
        output: '21°C and sunny',
      });
      const second = await openai.responses.create({ model: 'claude', input, tools });
      expect(second.output_text).toBe('Tool said: 21°C and sunny');
    });

    it('refuses previous_response_id with a clear 400: the gateway keeps no responses', async () => {
      const error = await openai.responses
        .create({ model: 'claude', input: 'and then?', previous_response_id: 'resp_123' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.APIError>).param).toBe('previous_response_id');
    });

    it('streams events and finalResponse() assembles them', async () => {
      const stream = openai.responses.stream({ model: 'claude', input: PROMPT });
      const deltas: string[] = [];
      const types: string[] = [];
      stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
      stream.on('event', (event) => types.push(event.type));
      const final = await stream.finalResponse();
      expect(deltas.join('')).toBe(`Echo: ${PROMPT}`);
      // The SDK adds `output_text` to non-streamed responses only; the final response has the message.
      expect(final.output).toEqual([
        expect.objectContaining({
          type: 'message',
          status: 'completed',
          content: [expect.objectContaining({ type: 'output_text', text: `Echo: ${PROMPT}` })],
        }),
      ]);
      expect(final.status).toBe('completed');
      expect(final.usage?.output_tokens).toBeGreaterThan(0);
      expect(types[0]).toBe('response.created');
      expect(types.at(-1)).toBe('response.completed');
      expect(types).toEqual(
        expect.arrayContaining([
          'response.output_item.added',
          'response.content_part.added',
          'response.output_text.done',
          'response.output_item.done',
        ]),
      );
    });

    it('streams a function call', async () => {
      const stream = openai.responses.stream({
        model: 'claude',
        input: 'Weather in Lima?',
        tools: [
          { type: 'function', name: 'get_weather', parameters: WEATHER_TOOL_INPUT_SCHEMA, strict: false },
        ],
        tool_choice: { type: 'function', name: 'get_weather' },
      });
      const argumentDeltas: string[] = [];
      stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
      const final = await stream.finalResponse();
      expect(argumentDeltas.length).toBeGreaterThan(1);
      expect(final.output).toEqual([
        expect.objectContaining({
          type: 'function_call',
          name: 'get_weather',
          arguments: argumentDeltas.join(''),
          call_id: expect.any(String),
        }),
      ]);
      expect(JSON.parse(argumentDeltas.join(''))).toEqual({ input: 'Weather in Lima?' });
    });

    it('raises a clear error when the upstream stream breaks off', async () => {
      const error = await openai.responses
        .stream({ model: 'claude-broken', input: 'a story please' })
        .finalResponse()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as Error).message).toMatch(/upstream|stream|connection/i);
      await expectHealthy();
    });
  });

  describe('openai embeddings', () => {
    const inputs = [`first: ${'the quick brown fox jumps over the lazy dog. '.repeat(10)}`, 'second'];

    it.each([
      ['an OpenAI-shaped upstream', 'embed-openai'],
      ['Cohere', 'embed-cohere'],
    ])('decodes the default base64 to the float vectors (%s)', async (_name, route) => {
      const { data: asBase64, response } = await openai.embeddings
        .create({ model: route, input: inputs })
        .withResponse();
      remember(response, 'embeddings', route, { input: asBase64.usage.prompt_tokens, output: 0 });
      const asFloats = await openai.embeddings.create({
        model: route,
        input: inputs,
        encoding_format: 'float',
      });
      expect(asBase64.data).toHaveLength(2);
      expect(asBase64.model).toBe(route);
      expect(asBase64.usage.prompt_tokens).toBeGreaterThan(0);
      for (const [i, item] of asFloats.data.entries()) {
        expect(item.index).toBe(i);
        expect(Array.isArray(item.embedding)).toBe(true);
        const decoded = asBase64.data[i].embedding;
        expect(decoded).toHaveLength(item.embedding.length);
        decoded.forEach((value, j) => expect(value).toBeCloseTo(item.embedding[j], 6));
      }
      if (route === 'embed-openai') {
        // OpenAI encoded the default request itself; the gateway passed the encoding on.
        expect(embeddingsUpstream.requests.at(-2)!.body).toMatchObject({
          model: 'text-embedding-3-small',
          encoding_format: 'base64',
        });
        expect(asFloats.data[1].embedding).toEqual(fakeEmbedding('second'));
      }
    });
  });

  describe('openai legacy completions', () => {
    it('completes a prompt through the Anthropic upstream', async () => {
      const { data, response } = await openai.completions
        .create({ model: 'claude', prompt: PROMPT, max_tokens: 512 })
        .withResponse();
      remember(response, 'completions', 'claude', {
        input: data.usage!.prompt_tokens,
        output: data.usage!.completion_tokens,
      });
      expect(data.object).toBe('text_completion');
      expect(data.choices[0].text).toBe(`Echo: ${PROMPT}`);
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('streams a completion', async () => {
      const stream = await openai.completions.create({
        model: 'fast',
        prompt: 'count to three',
        max_tokens: 64,
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
      expect(text).toBe('Echo: count to three');
    });
  });

  it('records usage in Postgres through gRPC, with endpoint, tokens and cost', async () => {
    const ids = new Set(expectedUsage.map((u) => u.requestId));
    const rows = await eventually(
      async () => {
        const { usageRecords } = await stack.admin<{ usageRecords: { items: UsageRow[] } }>(USAGE_ROWS, {
          workspaceId: stack.workspaceId,
        });
        const items = usageRecords.items;
        const found = items.filter((r) => ids.has(r.requestId));
        // The last test's streamed completion is among the last records to arrive.
        const last = items.some((r) => r.endpoint === 'completions' && r.stream);
        return found.length === ids.size && last ? items : undefined;
      },
      15_000,
      'usage records of every call',
    );
    const byId = new Map(rows.map((r) => [r.requestId, r]));
    expect(new Set(expectedUsage.map((u) => u.endpoint))).toEqual(
      new Set(['messages', 'chat.completions', 'responses', 'embeddings', 'completions']),
    );
    for (const expected of expectedUsage) {
      const row = byId.get(expected.requestId)!;
      expect(row).toMatchObject({
        requestId: expected.requestId,
        endpoint: expected.endpoint,
        routeAlias: expected.route,
        model: ROUTE_MODELS[expected.route],
        stream: expected.stream,
        status: 200,
        errorCode: null,
        // What the client was told is what was recorded.
        inputTokens: expected.tokens.input,
        outputTokens: expected.tokens.output,
      });
      expect(row.inputTokens).toBeGreaterThan(0);
      expect(Number(row.costMicroUsd)).toBeGreaterThan(0);
    }
    // The stream calls not remembered above are there too.
    for (const endpoint of ['responses', 'completions']) {
      const streamed = rows.find((r) => r.endpoint === endpoint && r.stream && r.status === 200);
      expect(streamed?.outputTokens).toBeGreaterThan(0);
    }
    // Failed calls are recorded too, with an error code.
    const failed = rows.filter((r) =>
      ['claude-broken', 'claude-garbage', 'openai-broken'].includes(r.routeAlias),
    );
    expect(failed.length).toBeGreaterThanOrEqual(4);
    expect(failed.every((r) => r.errorCode)).toBe(true);
  });

  /** The gateway still answers a plain request on the same route table. */
  async function expectHealthy(): Promise<void> {
    const reply = await openai.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'still there?' }],
    });
    expect(reply.choices[0].message.content).toBe('Echo: still there?');
  }
});

/** Reads a stream to its end. */
async function collect<T>(stream: Promise<AsyncIterable<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of await stream) out.push(item);
  return out;
}
