import {
  textChunksWithUsage,
  toolCallChunks,
  toSse,
} from '../../testing/fixtures/openai/chat-completion-chunks';
import { ChatStreamRelay } from './stream-relay';

/** Feeds `bytes` to a relay in pieces cut at `cuts`, returning what the client would get. */
function relayIn(bytes: Buffer, cuts: number[], dropUsageChunk: boolean) {
  const relay = new ChatStreamRelay(dropUsageChunk);
  const out: Buffer[] = [];
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    const piece = relay.feed(bytes.subarray(from, to));
    out.push(typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece));
    from = to;
  }
  out.push(Buffer.from(relay.end()));
  return { relay, sent: Buffer.concat(out).toString('utf8') };
}

const withUsage = Buffer.from(toSse(textChunksWithUsage));
const withoutUsageChunk = toSse(textChunksWithUsage.slice(0, -1));

describe('ChatStreamRelay', () => {
  it('takes the usage and hides the usage chunk at every single split point', () => {
    for (let cut = 1; cut < withUsage.length; cut++) {
      const { relay, sent } = relayIn(withUsage, [cut], true);
      expect(relay.usage).toEqual({ promptTokens: 9, completionTokens: 4 });
      expect(sent).toBe(withoutUsageChunk);
      expect(relay.sawDone).toBe(true);
    }
  });

  it('survives byte-by-byte delivery, splitting multi-byte characters', () => {
    const cuts = Array.from({ length: withUsage.length - 1 }, (_, i) => i + 1);
    const { relay, sent } = relayIn(withUsage, cuts, true);
    expect(sent).toBe(withoutUsageChunk);
    expect(relay.outputChars).toBe('Hello wörld 👋'.length);
    expect(relay.usage).toEqual({ promptTokens: 9, completionTokens: 4 });
  });

  it('passes bytes through untouched when the client asked for usage', () => {
    const relay = new ChatStreamRelay(false);
    const first = withUsage.subarray(0, 100);
    expect(relay.feed(first)).toBe(first);
    relay.feed(withUsage.subarray(100));
    expect(relay.end()).toBe('');
    expect(relay.usage).toEqual({ promptTokens: 9, completionTokens: 4 });
  });

  it('handles CRLF framing and multi-line data', () => {
    const text = toSse(textChunksWithUsage).replace(/\n/g, '\r\n');
    const { relay, sent } = relayIn(Buffer.from(text), [7, 300, 301], true);
    expect(relay.usage).toEqual({ promptTokens: 9, completionTokens: 4 });
    expect(sent).toBe(withoutUsageChunk);
    const multi = relayIn(Buffer.from('data: {"a":\ndata: 1}\n\n'), [], true);
    expect(multi.sent).toBe('data: {"a":\ndata: 1}\n\n');
  });

  it('notes the first token only once output appears, and counts tool call arguments', () => {
    const relay = new ChatStreamRelay(true);
    const events = toSse(toolCallChunks).split('\n\n');
    relay.feed(Buffer.from(`${events[0]}\n\n`));
    expect(relay.sawToken).toBe(true); // the tool call itself is output
    relay.feed(Buffer.from(events.slice(1).join('\n\n')));
    relay.end();
    expect(relay.usage).toBeNull();
    expect(relay.outputChars).toBe('{"location":"Paris"}'.length);

    const text = new ChatStreamRelay(true);
    text.feed(Buffer.from(`data: ${JSON.stringify(textChunksWithUsage[0])}\n\n`));
    expect(text.sawToken).toBe(false); // the role chunk carries no text
    text.feed(Buffer.from(`data: ${JSON.stringify(textChunksWithUsage[1])}\n\n`));
    expect(text.sawToken).toBe(true);
  });

  it('notes an error event sent by the upstream inside the stream', () => {
    const { relay, sent } = relayIn(
      Buffer.from('data: {"error":{"message":"overloaded","code":null}}\n\n'),
      [],
      true,
    );
    expect(relay.upstreamError).toBe('overloaded');
    expect(sent).toContain('overloaded');
  });

  it('finds the usage only where a chunk carries it, at every split point, around decoys', () => {
    const base = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm' };
    const chunks = [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' } }], usage: null },
      {
        ...base,
        choices: [{ index: 0, delta: { content: 'the "usage": {"prompt_tokens":1} is' } }],
        usage: null,
      },
      {
        ...base,
        choices: [{ index: 0, delta: { content: ' usage' } }],
        usage: null,
        x_usage: { prompt_tokens: 5 },
      },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null },
      { ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } },
    ];
    const bytes = Buffer.from(toSse(chunks));
    const expected = toSse(chunks.slice(0, -1));
    const text = 'the "usage": {"prompt_tokens":1} is usage';
    for (let cut = 1; cut < bytes.length; cut += 3) {
      const { relay, sent } = relayIn(bytes, [cut, Math.min(bytes.length, cut + 17)], true);
      expect(relay.usage).toEqual({ promptTokens: 12, completionTokens: 7 });
      expect(relay.outputChars).toBe(text.length);
      expect(relay.sawToken).toBe(true);
      expect(sent).toBe(expected);
    }
    // passed through untouched (the client asked for usage): same reading, same bytes
    const { relay, sent } = relayIn(bytes, [50, 51, 300], false);
    expect(relay.usage).toEqual({ promptTokens: 12, completionTokens: 7 });
    expect(relay.outputChars).toBe(text.length);
    expect(sent).toBe(bytes.toString('utf8'));
  });

  it('reports no usage when every chunk has "usage": null, and still counts the text', () => {
    const chunks = textChunksWithUsage.slice(0, -1);
    const { relay, sent } = relayIn(Buffer.from(toSse(chunks)), [33], true);
    expect(relay.usage).toBeNull();
    expect(relay.outputChars).toBe('Hello wörld 👋'.length);
    expect(sent).toBe(toSse(chunks));
  });

  it('takes usage sent on the last content chunk itself (choices not empty) and forwards that chunk', () => {
    const chunk = {
      id: 'c1',
      choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    };
    const { relay, sent } = relayIn(Buffer.from(toSse([chunk])), [10], true);
    expect(relay.usage).toEqual({ promptTokens: 3, completionTokens: 1 });
    expect(relay.outputChars).toBe(2);
    expect(sent).toBe(toSse([chunk]));
  });
});
