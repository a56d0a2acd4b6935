import OpenAI from 'openai';
import { GatewayError } from '../../errors';
import { mappedError } from '../mapped-error';
import { fixedFetch, thrown } from '../testing/sdk-fetch';
import { openAIChatFormat } from './openai-chat-format';

const messages = [{ role: 'user', content: 'hi' }];

function rejection(body: Record<string, unknown>): GatewayError {
  const err = thrown(() => openAIChatFormat.toChat(body));
  if (!(err instanceof GatewayError)) throw err;
  return err;
}

const chunks: Record<string, unknown>[] = [
  {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
  },
  {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null }],
  },
  {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
  },
];

describe('openAIChatFormat', () => {
  it('accepts a chat body as it is', () => {
    const body = { model: 'fast', messages, stream: true, stream_options: { include_usage: true } };
    expect(openAIChatFormat.toChat(body)).toBe(body);
    expect(openAIChatFormat.endpoint).toBe('chat.completions');
  });

  it.each([
    ['no model', { messages }, 'missing_required_parameter', 'model', "Missing required parameter: 'model'."],
    [
      'a numeric model',
      { model: 4, messages },
      'invalid_type',
      'model',
      "Invalid type for 'model': expected a string, but got an integer instead.",
    ],
    ['an empty model', { model: '', messages }, 'invalid_value', 'model', "Invalid 'model': empty string."],
    [
      'no messages',
      { model: 'fast' },
      'missing_required_parameter',
      'messages',
      "Missing required parameter: 'messages'.",
    ],
    [
      'messages as an object',
      { model: 'fast', messages: {} },
      'invalid_type',
      'messages',
      "Invalid type for 'messages': expected an array, but got an object instead.",
    ],
    [
      'empty messages',
      { model: 'fast', messages: [] },
      'invalid_value',
      'messages',
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    ],
    [
      'a string message',
      { model: 'fast', messages: ['hi'] },
      'invalid_type',
      'messages[0]',
      "Invalid type for 'messages[0]': expected an object, but got a string instead.",
    ],
    [
      'stream as a string',
      { model: 'fast', messages, stream: 'true' },
      'invalid_type',
      'stream',
      "Invalid type for 'stream': expected a boolean, but got a string instead.",
    ],
    [
      'include_usage as a number',
      { model: 'fast', messages, stream_options: { include_usage: 1 } },
      'invalid_type',
      'stream_options.include_usage',
      "Invalid type for 'stream_options.include_usage': expected a boolean, but got an integer instead.",
    ],
  ])('refuses %s with a 400', (_name, body, code, param, message) => {
    const err = rejection(body);
    expect(err).toMatchObject({ status: 400, code, param, message });
  });

  it('passes completions through and renders errors in OpenAI shape', () => {
    const completion = { id: 'chatcmpl-1', object: 'chat.completion', choices: [] };
    expect(openAIChatFormat.completion(completion)).toBe(completion);
    expect(
      openAIChatFormat.errorBody({
        status: 429,
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message: 'Slow down.',
      }),
    ).toEqual({
      error: { message: 'Slow down.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
    });
    expect(openAIChatFormat.errorBody(mappedError(rejection({ model: 'fast' })))).toEqual({
      error: {
        message: "Missing required parameter: 'messages'.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'missing_required_parameter',
      },
    });
  });

  it('streams chunks the OpenAI SDK reads back', async () => {
    const encoder = openAIChatFormat.stream();
    let text = '';
    for (const chunk of chunks) text += encoder.chunk(chunk);
    text += encoder.end(null);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text.split('\n\n').length).toBe(5);

    const { fetch } = fixedFetch(text);
    const client = new OpenAI({ apiKey: 'k', baseURL: 'http://gateway.test/v1', fetch, maxRetries: 0 });
    const stream = client.chat.completions.stream({
      model: 'fast',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]).toMatchObject({ message: { content: 'Hello' }, finish_reason: 'stop' });
  });

  it('ends a failed stream with an error event the OpenAI SDK throws', async () => {
    const encoder = openAIChatFormat.stream();
    const text =
      encoder.chunk(chunks[1]) +
      encoder.error({
        status: 502,
        type: 'server_error',
        code: 'upstream_error',
        message: 'Upstream broke.',
      });
    expect(text).toBe(
      `data: ${JSON.stringify(chunks[1])}\n\n` +
        'data: {"error":{"message":"Upstream broke.","type":"server_error","param":null,"code":"upstream_error"}}\n\n' +
        'data: [DONE]\n\n',
    );
    const { fetch } = fixedFetch(text);
    const client = new OpenAI({ apiKey: 'k', baseURL: 'http://gateway.test/v1', fetch, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'fast', messages: [], stream: true });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toThrow('Upstream broke.');
    expect(seen).toHaveLength(1);
  });
});
