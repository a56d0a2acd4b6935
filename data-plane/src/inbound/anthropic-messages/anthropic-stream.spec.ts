import Anthropic from '@anthropic-ai/sdk';
import { fixedFetch } from '../testing/sdk-fetch';
import { chatChunks, sseEvents } from '../testing/stream-frames';
import { anthropicMessagesFormat as format } from './anthropic-messages-format';

const { head, chunk } = chatChunks('chatcmpl-s1');
const usageChunk = {
  ...head,
  choices: [],
  usage: {
    prompt_tokens: 50,
    completion_tokens: 22,
    total_tokens: 72,
    prompt_tokens_details: { cached_tokens: 10 },
  },
};

// A realistic OpenAI stream: text, then two parallel tool calls whose arguments arrive in pieces.
const toolStream = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Checking' }),
  chunk({ content: ' both.' }),
  chunk({
    tool_calls: [
      { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] }),
  chunk({
    tool_calls: [
      { index: 1, id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 1, function: { arguments: '{"city":"Rome"}' } }] }),
  chunk({}, 'tool_calls'),
  usageChunk,
];

function encode(chunks: Record<string, unknown>[], finalUsage = true): string {
  const encoder = format.stream();
  let text = '';
  for (const c of chunks) text += encoder.chunk(c);
  text += encoder.end(
    finalUsage ? { promptTokens: 50, completionTokens: 22, cachedTokens: 10, reasoningTokens: 0 } : null,
  );
  return text;
}

function messageStream(text: string) {
  const { fetch } = fixedFetch(text);
  const anthropic = new Anthropic({ apiKey: 'k', baseURL: 'http://gateway.test', fetch, maxRetries: 0 });
  return anthropic.messages.stream({
    model: 'm',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'hi' }],
  });
}

describe('anthropic stream encoding', () => {
  it('emits the exact event sequence for text and two tool calls', () => {
    const got = sseEvents(encode(toolStream));
    expect(
      got.map((e) =>
        e.data.type === 'content_block_delta'
          ? `delta ${e.data.index}`
          : `${e.event} ${e.data.index ?? ''}`.trim(),
      ),
    ).toEqual([
      'message_start',
      'content_block_start 0',
      'delta 0',
      'delta 0',
      'content_block_stop 0',
      'content_block_start 1',
      'delta 1',
      'delta 1',
      'content_block_stop 1',
      'content_block_start 2',
      'delta 2',
      'content_block_stop 2',
      'message_delta',
      'message_stop',
    ]);
    for (const e of got) expect(e.data.type).toBe(e.event);
    expect(got[0].data).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_s1',
        type: 'message',
        role: 'assistant',
        model: 'gpt-4o',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    });
    expect(got[5].data.content_block).toEqual({
      type: 'tool_use',
      id: 'call_a',
      name: 'get_weather',
      input: {},
    });
    expect(got[6].data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"ci' });
    expect(got[12].data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 40,
        output_tokens: 22,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 10,
      },
    });
  });

  it('produces a final message the Anthropic SDK assembles', async () => {
    const stream = messageStream(encode(toolStream));
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const message = await stream.finalMessage();
    expect(texts).toEqual(['Checking', ' both.']);
    expect(message).toMatchObject({
      id: 'msg_s1',
      stop_reason: 'tool_use',
      content: [
        { type: 'text', text: 'Checking both.' },
        { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_b', name: 'get_weather', input: { city: 'Rome' } },
      ],
      usage: { input_tokens: 40, output_tokens: 22, cache_read_input_tokens: 10 },
    });
  });

  it('ends the message at end() when the upstream sent no usage chunk, with the final usage', async () => {
    const text = encode([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hi' }),
      chunk({}, 'length'),
    ]);
    const got = sseEvents(text);
    expect(got.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(got[4].data).toMatchObject({ delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 22 } });
    const message = await messageStream(text).finalMessage();
    expect(message).toMatchObject({ stop_reason: 'max_tokens', content: [{ type: 'text', text: 'Hi' }] });
  });

  it('sends message_delta once even when end() follows the usage chunk', () => {
    const encoder = format.stream();
    let text =
      encoder.chunk(chunk({ content: 'x' })) + encoder.chunk(chunk({}, 'stop')) + encoder.chunk(usageChunk);
    expect(text).toContain('event: message_stop');
    expect(encoder.end(null)).toBe('');
    text += encoder.chunk(chunk({ content: 'late' }));
    expect(text.match(/message_delta/g)).toHaveLength(2); // event line and data type
  });

  it('streams reasoning as a thinking block before the text', async () => {
    const message = await messageStream(
      encode([chunk({ reasoning_content: 'Two plus two.' }), chunk({ content: '4' }), chunk({}, 'stop')]),
    ).finalMessage();
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Two plus two.', signature: '' });
    expect(message.content[1]).toMatchObject({ type: 'text', text: '4' });
  });

  it('still yields a whole (empty) message when the upstream sent nothing', async () => {
    const text = encode([], false);
    expect(sseEvents(text).map((e) => e.event)).toEqual(['message_start', 'message_delta', 'message_stop']);
    const message = await messageStream(text).finalMessage();
    expect(message).toMatchObject({ content: [], stop_reason: 'end_turn', usage: { output_tokens: 0 } });
  });

  it('ends a failed stream with an error event the SDK raises', async () => {
    const encoder = format.stream();
    const text =
      encoder.chunk(chunk({ content: 'Hel' })) +
      encoder.error({ status: 529, type: 'server_error', code: 'upstream_error', message: 'Overloaded' });
    expect(
      text.endsWith(
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
      ),
    ).toBe(true);
    await expect(messageStream(text).finalMessage()).rejects.toThrow('Overloaded');
  });
});
