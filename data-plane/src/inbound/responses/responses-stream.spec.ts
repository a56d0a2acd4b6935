import OpenAI from 'openai';
import { fixedFetch } from '../testing/sdk-fetch';
import { chatChunks, sseEvents } from '../testing/stream-frames';
import { responsesFormat as format } from './responses-format';

const { head, chunk } = chatChunks('chatcmpl-s2');
const usageChunk = {
  ...head,
  choices: [],
  usage: { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39 },
};

const toolStream = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Let me' }),
  chunk({ content: ' check.' }),
  chunk({
    tool_calls: [
      { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
  chunk({}, 'tool_calls'),
  usageChunk,
];

function encode(chunks: Record<string, unknown>[]): string {
  const encoder = format.stream();
  let text = '';
  for (const c of chunks) text += encoder.chunk(c);
  return text + encoder.end({ promptTokens: 30, completionTokens: 9, cachedTokens: 0, reasoningTokens: 0 });
}

function events(text: string): Record<string, unknown>[] {
  return sseEvents(text).map(({ event, data }) => {
    expect(event).toBe(String(data.type));
    return data;
  });
}

function sdkStream(text: string) {
  const { fetch } = fixedFetch(text);
  const client = new OpenAI({ apiKey: 'k', baseURL: 'http://gateway.test/v1', fetch, maxRetries: 0 });
  return client.responses.stream({ model: 'fast', input: 'hi' });
}

describe('responses stream encoding', () => {
  it('emits the exact event sequence with numbered events', () => {
    const got = events(encode(toolStream));
    expect(got.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(got.map((e) => e.sequence_number)).toEqual(got.map((_e, i) => i));
    expect(got[0]).toMatchObject({
      response: { id: 'resp_s2', status: 'in_progress', output: [], usage: null },
    });
    expect(got[12]).toEqual({
      type: 'response.function_call_arguments.done',
      sequence_number: 12,
      item_id: 'fc_s2_1',
      output_index: 1,
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
    expect(got[14]).toMatchObject({
      response: {
        status: 'completed',
        output: [
          { type: 'message', content: [{ type: 'output_text', text: 'Let me check.' }] },
          { type: 'function_call', call_id: 'call_a', arguments: '{"city":"Oslo"}', status: 'completed' },
        ],
        usage: { input_tokens: 30, output_tokens: 9, total_tokens: 39 },
      },
    });
  });

  it('produces a final response the OpenAI SDK assembles', async () => {
    const stream = sdkStream(encode(toolStream));
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    const response = await stream.finalResponse();
    expect(deltas).toEqual(['Let me', ' check.']);
    // The SDK adds `output_text` to non-streamed responses only.
    expect(response.output[0]).toMatchObject({ type: 'message', content: [{ text: 'Let me check.' }] });
    expect(response.output[1]).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
    expect(response.usage?.total_tokens).toBe(39);
  });

  it('ends with response.incomplete when cut by the token limit, at end() without a usage chunk', () => {
    const got = events(encode([chunk({ content: 'Lo' }), chunk({}, 'length')]));
    expect(got[got.length - 1]).toMatchObject({
      type: 'response.incomplete',
      response: {
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        usage: { output_tokens: 9 },
      },
    });
  });

  it('ends a failed stream with response.failed, then an error event the SDK raises', async () => {
    const encoder = format.stream();
    const text =
      encoder.chunk(chunk({ content: 'Hel' })) +
      encoder.error({
        status: 502,
        type: 'server_error',
        code: 'upstream_error',
        message: 'Upstream broke.',
      });
    const got = events(text);
    expect(got.at(-2)).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'upstream_error', message: 'Upstream broke.' } },
    });
    expect(got.at(-1)).toMatchObject({
      type: 'error',
      code: 'upstream_error',
      message: 'Upstream broke.',
      param: null,
      sequence_number: (got.at(-2)!.sequence_number as number) + 1,
    });
    const seen: string[] = [];
    const stream = sdkStream(text);
    stream.on('event', (event) => seen.push(event.type));
    const error = await stream.finalResponse().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toBe('Upstream broke.');
    expect(seen.at(-1)).toBe('response.failed');
  });

  it('sends a whole response when the upstream sent nothing', async () => {
    const response = await sdkStream(encode([])).finalResponse();
    expect(response).toMatchObject({ status: 'completed', output: [] });
  });
});
