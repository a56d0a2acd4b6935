import Anthropic from '@anthropic-ai/sdk';
import { GatewayError } from '../../errors';
import { mappedError } from '../mapped-error';
import { fixedFetch, thrown } from '../testing/sdk-fetch';
import { anthropicMessagesFormat as format } from './anthropic-messages-format';
import { countTokens } from './count-tokens';

function client(text: string, status = 200, contentType = 'text/event-stream') {
  const fake = fixedFetch(text, status, contentType);
  const anthropic = new Anthropic({
    apiKey: 'k',
    baseURL: 'http://gateway.test',
    fetch: fake.fetch,
    maxRetries: 0,
  });
  return { anthropic, requests: fake.requests };
}

function rejection(body: Record<string, unknown>): GatewayError {
  const err = thrown(() => format.toChat(body));
  if (!(err instanceof GatewayError)) throw err;
  return err;
}

const weather = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('anthropicMessagesFormat.toChat', () => {
  it('translates what the Anthropic SDK sends: system, images, tools, tool results, options', async () => {
    const { anthropic, requests } = client(
      JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'x', usage: {} }),
      200,
      'application/json',
    );
    await anthropic.messages.create({
      model: 'claude-alias',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Answer in English.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture, and the weather in Paris?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need the tool.', signature: 'sig' },
            { type: 'text', text: 'A cat. Checking the weather.' },
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01',
              content: [{ type: 'text', text: '18°C, cloudy' }],
            },
            { type: 'text', text: 'Thanks!' },
          ],
        },
      ],
      tools: [weather],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      stop_sequences: ['\n\nHuman:'],
      metadata: { user_id: 'user-42' },
      // Sampling parameters older SDKs type and clients still send.
      ...({ temperature: 0.2, top_p: 0.9, top_k: 40 } as object),
    });
    const chat = format.toChat(requests[0].body as Record<string, unknown>);
    expect(chat).toEqual({
      model: 'claude-alias',
      max_tokens: 1024,
      messages: [
        { role: 'system', content: 'You are terse.\nAnswer in English.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture, and the weather in Paris?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: 'A cat. Checking the weather.',
          tool_calls: [
            {
              id: 'toolu_01',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01', content: '18°C, cloudy' },
        { role: 'user', content: 'Thanks!' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: weather.input_schema,
          },
        },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      stop: ['\n\nHuman:'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      user: 'user-42',
    });
    expect(format.endpoint).toBe('messages');
  });

  it('maps tool_choice, streaming, string content and parallel tool results', () => {
    const base = { model: 'm', max_tokens: 10 };
    const messages = [
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'a', name: 'f', input: {} },
          { type: 'tool_use', id: 'b', name: 'f', input: { x: 1 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'a', content: 'one' },
          { type: 'tool_result', tool_use_id: 'b', is_error: true },
        ],
      },
    ];
    expect(
      format.toChat({ ...base, messages, stream: true, tools: [weather], tool_choice: { type: 'any' } }),
    ).toEqual({
      ...base,
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
            { id: 'b', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: 'one' },
        { role: 'tool', tool_call_id: 'b', content: '' },
      ],
      tools: [expect.objectContaining({ type: 'function' })],
      tool_choice: 'required',
      stream: true,
      stream_options: { include_usage: true },
    });
    const pick = (tool_choice: unknown) =>
      format.toChat({ ...base, messages: [{ role: 'user', content: 'hi' }], tools: [weather], tool_choice })
        .tool_choice;
    expect(pick({ type: 'tool', name: 'get_weather' })).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    });
    expect(pick({ type: 'none' })).toBe('none');
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    expect(
      format.toChat({
        ...base,
        messages: [{ role: 'user', content: 'hi' }],
        output_config: { format: { type: 'json_schema', schema } },
      }).response_format,
    ).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema, strict: true } });
    expect(
      format.toChat({ ...base, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] }).messages,
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it.each([
    ['no model', { max_tokens: 1, messages: [] }, 'missing_required_parameter', 'model: Field required'],
    [
      'no max_tokens',
      { model: 'm', messages: [] },
      'missing_required_parameter',
      'max_tokens: Field required',
    ],
    [
      'max_tokens 0',
      { model: 'm', max_tokens: 0, messages: [] },
      'invalid_value',
      'max_tokens: Input should be greater than or equal to 1',
    ],
    [
      'a decimal max_tokens',
      { model: 'm', max_tokens: 1.5, messages: [] },
      'invalid_type',
      'max_tokens: Input should be a valid integer',
    ],
    ['no messages', { model: 'm', max_tokens: 1 }, 'missing_required_parameter', 'messages: Field required'],
    [
      'empty messages',
      { model: 'm', max_tokens: 1, messages: [] },
      'invalid_value',
      'messages: at least one message is required',
    ],
    [
      'a bad role',
      { model: 'm', max_tokens: 1, messages: [{ role: 'tool', content: 'x' }] },
      'invalid_value',
      "messages.0.role: Input should be 'user' or 'assistant'",
    ],
    [
      'content as a number',
      { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 3 }] },
      'invalid_type',
      'messages.0.content: Input should be a valid list',
    ],
    [
      'temperature above 1',
      { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], temperature: 1.5 },
      'invalid_value',
      'temperature: Input should be less than or equal to 1',
    ],
    [
      'an orphan tool_result',
      {
        model: 'm',
        max_tokens: 1,
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'x' }] },
        ],
      },
      'invalid_value',
      'messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_9. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    ],
    [
      'a base64 image without data',
      {
        model: 'm',
        max_tokens: 1,
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png' } }] },
        ],
      },
      'missing_required_parameter',
      'messages.0.content.0.source.data: Field required',
    ],
    [
      'a server tool',
      {
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      },
      'invalid_value',
      "tools.0.type: tool type 'web_search_20250305' is not supported by this gateway",
    ],
    [
      'a tool without input_schema',
      { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'f' }] },
      'missing_required_parameter',
      'tools.0.input_schema: Field required',
    ],
    [
      'tool_choice tool without a name',
      {
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'x' }],
        tools: [weather],
        tool_choice: { type: 'tool' },
      },
      'missing_required_parameter',
      'tool_choice.name: Field required',
    ],
  ])('refuses %s with a 400', (_name, body, code, message) => {
    expect(rejection(body)).toMatchObject({ status: 400, code, message });
  });

  it('renders a refusal as the Anthropic error body the SDK raises as BadRequestError', async () => {
    const body = format.errorBody(mappedError(rejection({ model: 'm', messages: [] })));
    expect(body).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    const { anthropic } = client(JSON.stringify(body), 400, 'application/json');
    const err = await anthropic.messages
      .create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toContain('max_tokens: Field required');
  });

  it.each([
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
  ])('names status %d %s', (status, type) => {
    expect(format.errorBody({ status, type: 'x', code: 'y', message: 'm' })).toEqual({
      type: 'error',
      error: { type, message: 'm' },
    });
  });
});

describe('anthropicMessagesFormat.completion', () => {
  const completion = (message: Record<string, unknown>, finish: string, usage?: Record<string, unknown>) => ({
    id: 'chatcmpl-abc',
    object: 'chat.completion',
    created: 1700000000,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
    usage,
  });

  it('renders text and tool calls as a message the SDK parses', async () => {
    const rendered = format.completion(
      completion(
        {
          content: 'Let me check.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        'tool_calls',
        {
          prompt_tokens: 120,
          completion_tokens: 30,
          total_tokens: 150,
          prompt_tokens_details: { cached_tokens: 100 },
          cost: 0.00042,
        },
      ),
    );
    expect(rendered).toEqual({
      id: 'msg_abc',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 20,
        output_tokens: 30,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 100,
        cost: 0.00042,
      },
    });
    const { anthropic } = client(JSON.stringify(rendered), 200, 'application/json');
    const message = await anthropic.messages.create({
      model: 'm',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[1]).toMatchObject({ type: 'tool_use', input: { city: 'Paris' } });
  });

  it.each([
    ['stop', {}, 'end_turn', null],
    ['length', {}, 'max_tokens', null],
    ['content_filter', {}, 'refusal', null],
    ['stop', { stop_reason: '###' }, 'stop_sequence', '###'],
  ])('maps finish_reason %s %j', (finish, extra, stop_reason, stop_sequence) => {
    const c = completion({ content: 'x' }, finish);
    Object.assign(c.choices[0] as Record<string, unknown>, extra);
    expect(format.completion(c)).toMatchObject({ stop_reason, stop_sequence });
  });

  it('keeps reasoning as a thinking block and has zero usage when none is reported', () => {
    expect(
      format.completion(completion({ content: 'Four.', reasoning_content: '2+2' }, 'stop')),
    ).toMatchObject({
      content: [
        { type: 'thinking', thinking: '2+2', signature: '' },
        { type: 'text', text: 'Four.' },
      ],
      usage: { input_tokens: 0, output_tokens: 0 },
    });
  });
});

describe('countTokens', () => {
  it('estimates from the translated request, without max_tokens', () => {
    const text = 'a'.repeat(400);
    expect(countTokens({ model: 'm', messages: [{ role: 'user', content: text }] })).toEqual({
      input_tokens: 100,
    });
    const withTools = countTokens({
      model: 'm',
      messages: [{ role: 'user', content: text }],
      tools: [weather],
    });
    expect(withTools.input_tokens).toBeGreaterThan(100);
    expect(thrown(() => countTokens({ model: 'm' }))).toMatchObject({ message: 'messages: Field required' });
  });
});
