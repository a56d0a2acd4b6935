import {
  textChunksWithUsage,
  toolCallChunks,
  toSse,
} from '../../testing/fixtures/openai/chat-completion-chunks';
import { feedStream as translate } from '../../testing/feed-stream';
import { chatStream } from './chat-stream';

const withUsage = Buffer.from(toSse(textChunksWithUsage));

describe('OpenAI chat stream translator', () => {
  it('passes every chunk on, usage chunk included, at every split point', () => {
    for (let cut = 1; cut < withUsage.length; cut += 7) {
      const stream = chatStream('gpt-4o-mini');
      const chunks = translate(stream, withUsage, [cut, Math.min(withUsage.length, cut + 3)]);
      expect(chunks).toEqual(textChunksWithUsage);
      expect(stream.usage).toEqual({
        promptTokens: 9,
        completionTokens: 4,
        cachedTokens: 0,
        reasoningTokens: 0,
      });
      expect(stream.error).toBeNull();
    }
  });

  it('survives byte-by-byte delivery of multi-byte characters', () => {
    const stream = chatStream('m');
    const cuts = Array.from({ length: withUsage.length - 1 }, (_, i) => i + 1);
    const text = translate(stream, withUsage, cuts)
      .map((c) => (c.choices as { delta: { content?: string } }[])[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe('Hello wörld 👋');
  });

  it('passes tool call chunks and reads cached and reasoning tokens', () => {
    const usageChunk = {
      id: 'x',
      choices: [],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 20,
        prompt_tokens_details: { cached_tokens: 64 },
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    };
    const stream = chatStream('m');
    const chunks = translate(stream, Buffer.from(toSse([...toolCallChunks, usageChunk])));
    expect(chunks).toHaveLength(toolCallChunks.length + 1);
    expect(stream.usage).toEqual({
      promptTokens: 100,
      completionTokens: 20,
      cachedTokens: 64,
      reasoningTokens: 12,
    });
  });

  it('fills in a missing model, keeps Azure filter chunks', () => {
    const azureFirst = {
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
    };
    const chunks = translate(chatStream('dep'), Buffer.from(toSse([azureFirst])));
    expect(chunks[0]).toMatchObject({ model: 'dep', prompt_filter_results: [{ prompt_index: 0 }] });
  });

  it('sets error on a truncated stream, an error event, garbage, or non-JSON data', () => {
    const truncated = chatStream('m');
    translate(truncated, withUsage.subarray(0, withUsage.length - 20));
    expect(truncated.error).toMatch(/ended before/);

    const errorEvent = chatStream('m');
    const out = translate(
      errorEvent,
      Buffer.from(
        'data: {"id":"a","choices":[]}\n\ndata: {"error":{"message":"overloaded"}}\n\ndata: [DONE]\n\n',
      ),
    );
    expect(errorEvent.error).toBe('overloaded');
    expect(out).toHaveLength(1);

    const named = chatStream('m');
    translate(named, Buffer.from('event: error\ndata: {"message":"boom"}\n\n'));
    expect(named.error).toBe('boom');

    const garbage = chatStream('m');
    expect(translate(garbage, Buffer.from('\u0000\u0001garbage without framing\n\n{{{'))).toEqual([]);
    expect(garbage.error).not.toBeNull();

    const notJson = chatStream('m');
    translate(notJson, Buffer.from('data: {"choices": [\n\n'));
    expect(notJson.error).toMatch(/not a JSON object/);
  });

  it('ignores anything after [DONE] and comments before it', () => {
    const stream = chatStream('m');
    const chunks = translate(
      stream,
      Buffer.from(`: keep-alive\n\n${toSse(toolCallChunks)}data: {"late":1}\n\n`),
    );
    expect(chunks).toHaveLength(toolCallChunks.length);
    expect(stream.error).toBeNull();
  });
});
