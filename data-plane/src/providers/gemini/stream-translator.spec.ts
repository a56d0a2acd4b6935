import {
  blockedPromptResponse,
  textStreamEvents,
  toGoogleSse,
  toolStreamEvents,
} from '../../testing/fixtures/gemini';
import { GeminiStreamTranslator } from './stream-translator';

type Chunk = {
  choices: { index: number; delta: Record<string, unknown>; finish_reason: string | null }[];
  usage?: unknown;
};

function run(bytes: Buffer, cuts: number[]) {
  const translator = new GeminiStreamTranslator('gemini-x');
  const chunks: Chunk[] = [];
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    chunks.push(...(translator.feed(bytes.subarray(from, to)) as Chunk[]));
    from = to;
  }
  chunks.push(...(translator.end() as Chunk[]));
  return { translator, chunks };
}

const text = (chunks: Chunk[]) =>
  chunks.map((c) => (c.choices[0]?.delta.content as string | undefined) ?? '').join('');
const textSse = Buffer.from(toGoogleSse(textStreamEvents));

describe('GeminiStreamTranslator', () => {
  it('translates a text stream at every split point', () => {
    for (let cut = 1; cut < textSse.length; cut++) {
      const { translator, chunks } = run(textSse, [cut]);
      expect(translator.error).toBeNull();
      expect(text(chunks)).toBe('Hello wörld 👋');
      expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
      expect(chunks.at(-2)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
      expect(chunks.at(-1)).toMatchObject({
        object: 'chat.completion.chunk',
        id: 'chatcmpl-sse-1',
        choices: [],
        usage: {
          prompt_tokens: 9,
          completion_tokens: 7,
          total_tokens: 16,
          prompt_tokens_details: { cached_tokens: 2 },
          completion_tokens_details: { reasoning_tokens: 3 },
        },
      });
      expect(translator.usage).toEqual({
        promptTokens: 9,
        completionTokens: 7,
        cachedTokens: 2,
        reasoningTokens: 3,
      });
    }
  });

  it('survives byte-by-byte delivery and LF framing', () => {
    const cuts = Array.from({ length: textSse.length - 1 }, (_, i) => i + 1);
    expect(text(run(textSse, cuts).chunks)).toBe('Hello wörld 👋');
    const lf = Buffer.from(toGoogleSse(textStreamEvents).replace(/\r\n/g, '\n'));
    expect(text(run(lf, [50]).chunks)).toBe('Hello wörld 👋');
  });

  it('streams reasoning and whole tool calls, finishing with tool_calls', () => {
    const { translator, chunks } = run(Buffer.from(toGoogleSse(toolStreamEvents)), [40]);
    expect(translator.error).toBeNull();
    expect(chunks[1].choices[0].delta).toEqual({ reasoning_content: 'Need the weather.' });
    const call = (chunks[2].choices[0].delta.tool_calls as Record<string, unknown>[])[0];
    expect(call).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '{"location":"Paris"}' },
    });
    expect(String(call.id)).toMatch(/^call_.*__thought__c2ln$/);
    expect(chunks[3].choices[0].finish_reason).toBe('tool_calls');
    expect(translator.usage).toEqual({
      promptTokens: 30,
      completionTokens: 12,
      cachedTokens: 0,
      reasoningTokens: 5,
    });
  });

  it('ends a blocked prompt with content_filter', () => {
    const { translator, chunks } = run(Buffer.from(toGoogleSse([blockedPromptResponse])), []);
    expect(translator.error).toBeNull();
    expect(chunks.map((c) => c.choices[0]?.finish_reason ?? null)).toEqual([
      null,
      null,
      'content_filter',
      null,
    ]);
    expect(chunks[1].choices[0].delta.refusal).toContain('SAFETY');
  });

  it('sets error for truncated, garbage and error streams', () => {
    const truncated = run(Buffer.from(toGoogleSse(textStreamEvents.slice(0, 2))), [10]);
    expect(truncated.translator.error).toMatch(/ended before/);
    expect(text(truncated.chunks)).toBe('Hello wörld');
    const cutMidEvent = run(textSse.subarray(0, textSse.length - 20), []);
    expect(cutMidEvent.translator.error).toMatch(/ended before|not JSON/);
    const garbage = run(Buffer.from('data: {"candidates": [\r\n\r\ndata: {}\r\n\r\n'), []);
    expect(garbage.translator.error).toMatch(/not JSON/);
    const empty = run(Buffer.alloc(0), []);
    expect(empty.translator.error).toMatch(/ended before/);
    const error = run(
      Buffer.from(
        `${toGoogleSse(textStreamEvents.slice(0, 1))}data: {"error":{"code":500,"message":"Internal error","status":"INTERNAL"}}\r\n\r\n`,
      ),
      [],
    );
    expect(error.translator.error).toBe('Internal error');
  });
});
