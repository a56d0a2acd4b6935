import {
  overloadedStreamEvent,
  textStreamEvents,
  thinkingStreamEvents,
  toAnthropicSse,
  toolUseStreamEvents,
} from '../../testing/fixtures/anthropic/stream-events';
import { AnthropicStreamTranslator } from './stream-translator';

/** Feeds `bytes` in pieces cut at `cuts`; returns every chunk out and the translator. */
function translateIn(bytes: Buffer, cuts: number[] = []) {
  const translator = new AnthropicStreamTranslator('claude-asked');
  const chunks: Record<string, unknown>[] = [];
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    chunks.push(...translator.feed(bytes.subarray(from, to)));
    from = to;
  }
  chunks.push(...translator.end());
  return { translator, chunks };
}

const deltas = (chunks: Record<string, unknown>[]) =>
  chunks.map((c) => (c.choices as { delta: unknown; finish_reason: unknown }[])[0] ?? { usage: c.usage });

const text = Buffer.from(toAnthropicSse(textStreamEvents));

describe('AnthropicStreamTranslator', () => {
  it('translates a text stream: role, text deltas, finish, usage with cached tokens', () => {
    const { translator, chunks } = translateIn(text);
    expect(translator.error).toBeNull();
    expect(chunks[0]).toEqual({
      id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      object: 'chat.completion.chunk',
      created: expect.any(Number),
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
    });
    expect(deltas(chunks)).toEqual([
      { delta: { role: 'assistant', content: '' }, finish_reason: null, index: 0, logprobs: null },
      { delta: { content: 'Hello' }, finish_reason: null, index: 0, logprobs: null },
      { delta: { content: ' wörld' }, finish_reason: null, index: 0, logprobs: null },
      { delta: { content: ' 👋' }, finish_reason: null, index: 0, logprobs: null },
      { delta: {}, finish_reason: 'stop', index: 0, logprobs: null },
      {
        usage: {
          prompt_tokens: 2073,
          completion_tokens: 15,
          total_tokens: 2088,
          prompt_tokens_details: { cached_tokens: 2048 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      },
    ]);
    expect(chunks.at(-1)).toMatchObject({ object: 'chat.completion.chunk', choices: [] });
    expect(translator.usage).toEqual({
      promptTokens: 2073,
      completionTokens: 15,
      cachedTokens: 2048,
      reasoningTokens: 0,
    });
  });

  it('gives the same chunks at every single split point and byte by byte', () => {
    const whole = deltas(translateIn(text).chunks);
    for (let cut = 1; cut < text.length; cut++) {
      const { translator, chunks } = translateIn(text, [cut]);
      expect(translator.error).toBeNull();
      expect(deltas(chunks)).toEqual(whole);
    }
    const everyByte = Array.from({ length: text.length - 1 }, (_, i) => i + 1);
    expect(deltas(translateIn(text, everyByte).chunks)).toEqual(whole);
    // odd splits, with CRLF framing
    const crlf = Buffer.from(toAnthropicSse(textStreamEvents).replace(/\n/g, '\r\n'));
    expect(deltas(translateIn(crlf, [3, 4, 5, 97, 98, 300, 301, 302]).chunks)).toEqual(whole);
  });

  it('streams tool calls: id and name first, then argument fragments, finish tool_calls', () => {
    const bytes = Buffer.from(toAnthropicSse(toolUseStreamEvents));
    const { translator, chunks } = translateIn(bytes, [50, 51, 777]);
    expect(translator.error).toBeNull();
    expect(deltas(chunks).map((d) => ('delta' in d ? [d.delta, d.finish_reason] : d))).toEqual([
      [{ role: 'assistant', content: '' }, null],
      [{ content: 'Okay, let me check.' }, null],
      [
        {
          tool_calls: [
            {
              index: 0,
              id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
              type: 'function',
              function: { name: 'get_weather', arguments: '' },
            },
          ],
        },
        null,
      ],
      [{ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }, null],
      [{ tool_calls: [{ index: 0, function: { arguments: ' "San Francisco, CA"}' } }] }, null],
      [{}, 'tool_calls'],
      { usage: expect.objectContaining({ prompt_tokens: 472, completion_tokens: 89, total_tokens: 561 }) },
    ]);
  });

  it('numbers several tool_use blocks in order', () => {
    const start = toolUseStreamEvents[0];
    const tool = (index: number, id: string) => ({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id, name: 'f', input: {} },
    });
    const events = [
      start,
      tool(0, 'toolu_a'),
      tool(1, 'toolu_b'),
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":1}' } },
      { type: 'message_stop' },
    ];
    const { chunks } = translateIn(Buffer.from(toAnthropicSse(events)));
    const calls = deltas(chunks).flatMap((d) =>
      'delta' in d ? ((d.delta as { tool_calls?: unknown[] }).tool_calls ?? []) : [],
    );
    expect(calls).toEqual([
      expect.objectContaining({ index: 0, id: 'toolu_a' }),
      expect.objectContaining({ index: 1, id: 'toolu_b' }),
      { index: 1, function: { arguments: '{}' } },
      { index: 0, function: { arguments: '{"a":1}' } },
    ]);
  });

  it('streams thinking as reasoning_content and skips signatures', () => {
    const { translator, chunks } = translateIn(Buffer.from(toAnthropicSse(thinkingStreamEvents)));
    expect(translator.error).toBeNull();
    expect(
      deltas(chunks)
        .slice(1, 4)
        .map((d) => ('delta' in d ? d.delta : d)),
    ).toEqual([
      { reasoning_content: 'I need to find ' },
      { reasoning_content: 'the GCD of 1071 and 462.' },
      { content: 'The GCD is 21.' },
    ]);
    expect(translator.usage).toMatchObject({ completionTokens: 259, reasoningTokens: 230 });
  });

  it('sets error when the stream is cut anywhere before message_stop, without throwing', () => {
    const stopAt = text.lastIndexOf('event: message_stop');
    for (let end = 0; end < stopAt; end += 7) {
      const { translator } = translateIn(text.subarray(0, end), [end >> 1]);
      // cut between events: ended early; cut inside a data line: that event is not JSON
      expect(translator.error).toMatch(/ended before message_stop|invalid JSON/);
      expect(translator.usage === null || end > text.lastIndexOf('event: message_delta')).toBe(true);
    }
    // the last event without its closing blank line still completes the stream
    const { translator } = translateIn(text.subarray(0, text.length - 2));
    expect(translator.error).toBeNull();
    const between = translateIn(text.subarray(0, text.lastIndexOf('event: message_stop')));
    expect(between.translator.error).toBe('The upstream stream ended before message_stop.');
  });

  it('sets error on an error event, keeping what came before and ignoring what follows', () => {
    const events = [...textStreamEvents.slice(0, 4), overloadedStreamEvent, ...textStreamEvents.slice(4)];
    const translator = new AnthropicStreamTranslator('m');
    const first = translator.feed(Buffer.from(toAnthropicSse(events)));
    expect(deltas(first).map((d) => ('delta' in d ? d.delta : d))).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hello' },
    ]);
    expect(translator.error).toBe('The upstream stream failed (overloaded_error): Overloaded');
    expect(translator.feed(Buffer.from(toAnthropicSse(textStreamEvents)))).toEqual([]);
    expect(translator.end()).toEqual([]);
    expect(translator.error).toContain('overloaded_error');
  });

  it('sets error on invalid JSON and on events out of protocol', () => {
    const start = toAnthropicSse(textStreamEvents.slice(0, 2));
    const garbage = translateIn(
      Buffer.from(`${start}event: content_block_delta\ndata: {"type": "content_bl\n\n`),
    );
    expect(garbage.translator.error).toBe('The upstream sent invalid JSON in a "content_block_delta" event.');
    const cases = [
      'data: 42\n\n',
      `${start}data: {"no":"type"}\n\n`,
      toAnthropicSse(textStreamEvents.slice(1)), // no message_start
      `${start}${toAnthropicSse([{ type: 'content_block_delta', index: 5, delta: { type: 'text_delta', text: 'x' } }])}`,
      `${start}${toAnthropicSse([{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } }])}`,
      `${start}${toAnthropicSse([textStreamEvents[0]])}`, // a second message_start
    ];
    for (const sse of cases) {
      const { translator } = translateIn(Buffer.from(sse), [9]);
      expect(translator.error).not.toBeNull();
      expect(translator.error).not.toBe('The upstream stream ended before message_stop.');
    }
  });

  it('lets unknown event and delta types pass, as Anthropic versioning asks', () => {
    const events = [
      ...textStreamEvents.slice(0, 3),
      { type: 'future_event', detail: {} },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'server_tool_use', id: 's', name: 'web_search' },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } },
      ...textStreamEvents.slice(3),
    ];
    const { translator, chunks } = translateIn(Buffer.from(toAnthropicSse(events)));
    expect(translator.error).toBeNull();
    expect(deltas(chunks)).toEqual(deltas(translateIn(text).chunks));
  });

  it('ignores whatever follows message_stop', () => {
    const { translator, chunks } = translateIn(Buffer.concat([text, Buffer.from('data: {broken\n\n')]));
    expect(translator.error).toBeNull();
    expect(chunks).toHaveLength(6);
  });
});
