import { compilePolicy, type SnapshotGuardrailPolicy } from '@switchyard/proto';
import type { MappedError } from '../providers/adapter-types';
import type { StreamSink } from '../upstream/attempt';
import { GuardedStream, streamingChecks } from './guarded-stream';
import { RequestGuard } from './request-guard';

function guardOf(action: 'redact' | 'deny', checks: SnapshotGuardrailPolicy['checks']): RequestGuard {
  const policy = compilePolicy({
    id: 'p',
    workspaceId: 'w',
    name: 'p',
    stage: 'output',
    mode: 'sync',
    action,
    checks,
  });
  return new RequestGuard(
    { policies: [policy], hasInput: false, hasOutput: true },
    { model: 'm', metadata: {} },
    { verdict: () => undefined },
  );
}

/** A client's end of the stream: the chunks it got and how it was closed. */
function clientSink() {
  const sent: Record<string, unknown>[] = [];
  const closed: { error: MappedError | null }[] = [];
  const sink: StreamSink = {
    open: () => undefined,
    onDrain: () => undefined,
    write: (chunks) => {
      if (closed.length) throw new Error('a chunk was written after the stream was closed');
      sent.push(...(JSON.parse(JSON.stringify(chunks)) as Record<string, unknown>[]));
      return true;
    },
    close: (_usage, error) => void closed.push({ error }),
  };
  return { sink, sent, closed };
}

type Call = { index: number; id?: string; function: { name?: string; arguments: string } };

/** The argument fragments a client received, per tool call index, joined. */
function argumentsSent(sent: Record<string, unknown>[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const chunk of sent)
    for (const choice of (chunk.choices as { delta?: { tool_calls?: Call[] } }[] | undefined) ?? [])
      for (const call of choice.delta?.tool_calls ?? [])
        out.set(call.index, (out.get(call.index) ?? '') + call.function.arguments);
  return out;
}

const toolChunk = (calls: Call[], finish: string | null = null) => ({
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: { tool_calls: calls }, finish_reason: finish }],
});

/** Streams tool calls' arguments as `size`-character fragments (calls one after the other), then the finish chunk. */
function streamCalls(guarded: GuardedStream, args: string[], size: number, finish = true): void {
  args.forEach((a, index) => {
    guarded.write([toolChunk([{ index, id: `call_${index}`, function: { name: 'send', arguments: '' } }])]);
    for (let at = 0; at < a.length; at += size)
      guarded.write([toolChunk([{ index, function: { arguments: a.slice(at, at + size) } }])]);
  });
  if (finish)
    guarded.write([
      { object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ]);
}

describe('GuardedStream: tool calls', () => {
  const pii = guardOf('redact', [{ name: 'pii', type: 'pii', params: {} }]);
  const args = [
    JSON.stringify({
      to: 'ada@example.com',
      body: 'hi "grace@example.org",\nbye',
      card: '4111 1111 1111 1111',
    }),
    '{"phone":"+1 415 555 0100","n":4111111111111111,"esc":"bob\\u0040example.com"}',
  ];

  it.each([1, 2, 3, 4, 7, 16])(
    'redacts values split across %i-character fragments, per tool call; the arguments stay JSON',
    (size) => {
      const client = clientSink();
      const guarded = new GuardedStream(client.sink, pii, streamingChecks(pii), () => undefined);
      streamCalls(guarded, args, size);
      guarded.close(null, null);
      const sent = argumentsSent(client.sent);
      expect(JSON.parse(sent.get(0)!)).toEqual({
        to: '[REDACTED_EMAIL]',
        body: 'hi "[REDACTED_EMAIL]",\nbye',
        card: '[REDACTED_CREDIT_CARD]',
      });
      expect(JSON.parse(sent.get(1)!)).toEqual({
        phone: '[REDACTED_PHONE]',
        n: '[REDACTED_CREDIT_CARD]',
        esc: '[REDACTED_EMAIL]',
      });
      // Everything was released by the finish chunk: the close adds nothing.
      expect(client.sent.at(-1)!.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]);
    },
  );

  it('releases what arguments still hold when the upstream ends without a finish_reason, redacted', () => {
    const client = clientSink();
    const guarded = new GuardedStream(client.sink, pii, streamingChecks(pii), () => undefined);
    streamCalls(guarded, ['{"to":"mail ada@example.com', '4111111111111111'], 3, false);
    guarded.close(null, null);
    const sent = argumentsSent(client.sent);
    expect(sent.get(0)).toBe('{"to":"mail [REDACTED_EMAIL]');
    expect(sent.get(1)).toBe('"[REDACTED_CREDIT_CARD]"');
  });

  it('ends the stream with an error before a denied word, escaped and split across fragments, is sent', () => {
    const deny = guardOf('deny', [
      { name: 'banned', type: 'contains_none', params: { words: ['forbidden'] } },
    ]);
    const client = clientSink();
    let cancelled = false;
    const guarded = new GuardedStream(client.sink, deny, streamingChecks(deny), () => (cancelled = true));
    // `forbi\u0064den`: what the client decodes is `forbidden`.
    streamCalls(guarded, [`{"text":"${'safe words. '.repeat(20)}then forbi\\u0064den"}`], 4);
    expect(cancelled).toBe(true);
    expect(client.closed).toHaveLength(1);
    expect(client.closed[0].error).toMatchObject({ status: 422, code: 'guardrail_denied' });
    expect(client.closed[0].error!.message).toBe(
      'The response was denied by guardrail policy "p", check "banned": 1 match(es) found in a tool call\'s arguments.',
    );
    const sent = argumentsSent(client.sent).get(0)!;
    expect(sent.startsWith('{"text":"safe words.')).toBe(true);
    expect(sent).not.toContain('forbi');
  });

  it('denies a match in what arguments still hold when they end, and sends nothing after', () => {
    const deny = guardOf('deny', [
      { name: 'banned', type: 'contains_none', params: { words: ['forbidden'] } },
    ]);
    const client = clientSink();
    const guarded = new GuardedStream(client.sink, deny, streamingChecks(deny), () => undefined);
    // Not JSON: the words are one bare token, held until the call ends.
    streamCalls(guarded, ['say forbidden'], 3);
    guarded.close(null, null);
    expect(client.closed).toHaveLength(1);
    expect(client.closed[0].error).toMatchObject({ code: 'guardrail_denied' });
    expect(JSON.stringify(client.sent)).not.toContain('forbidden');
  });

  it("checks a legacy function_call's arguments the same way", () => {
    const client = clientSink();
    const guarded = new GuardedStream(client.sink, pii, streamingChecks(pii), () => undefined);
    for (const piece of ['{"to":"ada@ex', 'ample.com"}'])
      guarded.write([
        {
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { function_call: { arguments: piece } } }],
        },
      ]);
    guarded.close(null, null);
    const args = client.sent
      .flatMap((c) => c.choices as { delta: { function_call?: { arguments: string } } }[])
      .map((c) => c.delta.function_call?.arguments ?? '')
      .join('');
    expect(args).toBe('{"to":"[REDACTED_EMAIL]"}');
  });

  it('runs the whole-text checks on the arguments at the end', async () => {
    const long = guardOf('deny', [{ name: 'short', type: 'char_count', params: { max: 20 } }]);
    const client = clientSink();
    const guarded = new GuardedStream(client.sink, long, streamingChecks(long), () => undefined);
    streamCalls(guarded, [JSON.stringify({ text: 'far more than twenty characters' })], 5);
    guarded.close(null, null);
    await guarded.closing;
    expect(client.closed[0].error).toMatchObject({ code: 'guardrail_denied' });
    expect(client.closed[0].error!.message).toContain('check "short"');
  });
});

describe('GuardedStream: text and tool calls of one choice', () => {
  const pii = guardOf('redact', [{ name: 'pii', type: 'pii', params: {} }]);

  it('releases the held text, and a number ending the previous call, ahead of the next call', () => {
    const client = clientSink();
    const guarded = new GuardedStream(client.sink, pii, streamingChecks(pii), () => undefined);
    const text = {
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: 'Mailing ada@example.com' } }],
    };
    guarded.write([text]);
    guarded.write([
      toolChunk([{ index: 0, id: 'call_0', function: { name: 'count', arguments: '4111111111111111' } }]),
    ]);
    guarded.write([toolChunk([{ index: 1, id: 'call_1', function: { name: 'send', arguments: '{}' } }])]);
    // The text alone was held back whole (shorter than the hold-back): nothing was sent for it.
    expect(client.sent.map((c) => c.choices)).toEqual([
      [
        {
          index: 0,
          delta: {
            content: 'Mailing [REDACTED_EMAIL]',
            tool_calls: [{ index: 0, id: 'call_0', function: { name: 'count', arguments: '' } }],
          },
          finish_reason: null,
        },
      ],
      [
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, function: { arguments: '"[REDACTED_CREDIT_CARD]"' } },
              { index: 1, id: 'call_1', function: { name: 'send', arguments: '{}' } },
            ],
          },
          finish_reason: null,
        },
      ],
    ]);
  });
});
