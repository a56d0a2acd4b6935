import type { SnapshotEnsemble, SnapshotTarget } from '@switchyard/proto';
import { waitFor } from './support/poll';
import { route, startRoutingGateway, target, type RoutingGateway } from './support/routing-gateway';

let g: RoutingGateway;

const ensemble = (
  alias: string,
  members: SnapshotTarget[],
  settings: Partial<SnapshotEnsemble> & { mode: SnapshotEnsemble['mode'] },
) =>
  route(alias, 'ensemble', members, {
    ensemble: { minResponses: 1, deadlineMs: 5000, ...settings },
  });

beforeAll(async () => {
  g = await startRoutingGateway([
    ensemble('first', [target('slow-3000-answer-slow'), target('slow-50-answer-fast')], { mode: 'first' }),
    ensemble('vote', [target('answer-London'), target('answer-Paris'), target('answer- PARIS!')], {
      mode: 'vote',
      minResponses: 2,
    }),
    ensemble('select', [target('answer-alpha'), target('answer-beta'), target('answer-gamma')], {
      mode: 'select',
      minResponses: 2,
      judge: target('answer-2'),
    }),
    ensemble('synthesize', [target('answer-alpha'), target('answer-beta')], {
      mode: 'synthesize',
      minResponses: 2,
      judge: target('answer-merged answer'),
    }),
    ensemble('too-few', [target('answer-a'), target('fail-503-m1'), target('fail-500-m2')], {
      mode: 'vote',
      minResponses: 2,
    }),
    ensemble('deadline', [target('answer-d'), target('slow-3000-answer-late')], {
      mode: 'vote',
      minResponses: 2,
      deadlineMs: 300,
    }),
    ensemble(
      'deadline-enough',
      [target('answer-yes'), target('answer-yes.'), target('slow-3000-answer-no')],
      { mode: 'vote', minResponses: 2, deadlineMs: 300 },
    ),
    ensemble('skips-failures', [target('fail-503-s'), target('answer-ok'), target('answer-OK')], {
      mode: 'vote',
      minResponses: 2,
    }),
    ensemble('priced', [target('gpt-4o-mini'), target('gpt-4o'), target('fail-503-p')], {
      mode: 'synthesize',
      minResponses: 2,
      judge: target('gpt-4o-mini'),
    }),
  ]);
});

afterAll(async () => {
  await g?.close();
});

const stream = async (alias: string) => {
  const { data, response } = await g
    .client()
    .chat.completions.create({ model: alias, messages: [{ role: 'user', content: 'hi' }], stream: true })
    .withResponse();
  let text = '';
  for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
  return { text, headers: response.headers };
};

describe('ensembles', () => {
  it('first: the fastest answer wins and the slower member is aborted upstream', async () => {
    const before = g.upstream.abortedByClient;
    const started = Date.now();
    const s = await g.chat('first');
    expect(s).toMatchObject({
      text: 'fast',
      target: 'fake-openai/slow-50-answer-fast',
      ensemble: 'first; answered=1/2',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(g.calls('slow-3000-answer-slow')).toHaveLength(1);
    await waitFor('the slow member to be aborted upstream', () => g.upstream.abortedByClient > before);
  });

  it('vote: the majority after normalisation (case, spaces, punctuation)', async () => {
    const s = await g.chat('vote');
    expect(s).toMatchObject({
      text: 'Paris',
      target: 'fake-openai/answer-Paris',
      ensemble: 'vote; answered=3/3',
    });
    expect(s.attempts).toBe(3);
  });

  it('select: the candidate the judge names', async () => {
    const s = await g.chat('select', { content: 'pick one' });
    expect(s).toMatchObject({
      text: 'beta',
      target: 'fake-openai/answer-beta',
      ensemble: 'select; answered=3/3',
    });
    const asked = g.calls('answer-2')[0].body as { messages: { role: string; content: string }[] };
    expect(asked.messages[0]).toEqual({ role: 'user', content: 'pick one' });
    const prompt = asked.messages.at(-1)!.content;
    expect(prompt).toContain('[1]\nalpha');
    expect(prompt).toContain('[2]\nbeta');
    expect(prompt).toContain('[3]\ngamma');
    expect(prompt).toContain('Reply with only the number');
  });

  it("synthesize: the judge's answer, streamed when the client asks for a stream", async () => {
    const s = await g.chat('synthesize');
    expect(s).toMatchObject({ text: 'merged answer', target: 'fake-openai/answer-merged answer' });
    const streamed = await stream('synthesize');
    expect(streamed.text).toBe('merged answer');
    expect(streamed.headers.get('x-switchyard-ensemble')).toBe('synthesize; answered=2/2');
    const judged = g.calls('answer-merged answer').map((r) => (r.body as { stream?: boolean }).stream);
    expect(judged).toEqual([false, true]);
    // Members are always asked for whole answers.
    expect(g.calls('answer-alpha').every((r) => (r.body as { stream?: boolean }).stream === false)).toBe(
      true,
    );
  });

  it('vote, streamed: the chosen whole answer as a stream', async () => {
    expect((await stream('vote')).text).toBe('Paris');
  });

  it('fails with ensemble_insufficient when fewer than minResponses members answer', async () => {
    const r = await g.refused('too-few');
    expect(r).toMatchObject({ status: 502, code: 'ensemble_insufficient' });
    expect(r.message).toContain('1 of the 2');
    expect(r.headers.get('x-switchyard-ensemble')).toBe('vote; answered=1/3');
  });

  it('stops at the deadline: too few answers by then is a 504, and the late member is aborted', async () => {
    const before = g.upstream.abortedByClient;
    const started = Date.now();
    const r = await g.refused('deadline');
    expect(r).toMatchObject({ status: 504, code: 'ensemble_insufficient' });
    expect(Date.now() - started).toBeLessThan(1500);
    await waitFor('the late member to be aborted upstream', () => g.upstream.abortedByClient > before);
  });

  it('combines the answers it has at the deadline when they are enough', async () => {
    const s = await g.chat('deadline-enough');
    expect(s).toMatchObject({ text: 'yes', ensemble: 'vote; answered=2/3' });
  });

  it('skips members that fail', async () => {
    const s = await g.chat('skips-failures');
    expect(s).toMatchObject({ text: 'ok', ensemble: 'vote; answered=2/3' });
  });

  it('records every member and the judge as sub-calls of the request, and charges their total', async () => {
    const s = await g.chat('priced');
    const subCalls = await waitFor('four sub-call records', () => {
      const found = g.telemetry.records.filter((r) => r.parentRequestId === s.requestId);
      return found.length === 4 ? found : null;
    });
    const parent = await waitFor('the request record', () =>
      g.telemetry.records.find((r) => r.requestId === s.requestId),
    );
    expect(parent).toMatchObject({ parentRequestId: '', status: 200, routeAlias: 'priced', costMicroUsd: 0 });
    const byModel = subCalls.map((r) => [r.model, r.status, r.errorCode]).sort();
    expect(byModel).toEqual([
      ['fail-503-p', 503, 'upstream_unavailable'],
      ['gpt-4o', 200, ''],
      ['gpt-4o-mini', 200, ''],
      ['gpt-4o-mini', 200, ''],
    ]);
    expect(subCalls.map((r) => r.requestId).sort()).toEqual(
      [1, 2, 3, 4].map((n) => `${s.requestId}.${n}`).sort(),
    );
    const total = subCalls.reduce((sum, r) => sum + r.costMicroUsd, 0);
    expect(total).toBeGreaterThan(0);
    expect(s.cost).toBe((total / 1e6).toFixed(6));
    expect((s.completion.usage as unknown as { cost: number }).cost).toBeCloseTo(total / 1e6, 9);
    // The answer's usage is the total of every sub-call's tokens.
    const tokens = subCalls.reduce((sum, r) => sum + r.inputTokens + r.outputTokens, 0);
    expect(s.completion.usage!.total_tokens).toBe(tokens);
  });
});
