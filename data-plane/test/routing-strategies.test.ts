import { waitFor } from './support/poll';
import {
  DOWN,
  ROUTING_KEYS,
  route,
  startRoutingGateway,
  target,
  type RoutingGateway,
} from './support/routing-gateway';

let g: RoutingGateway;

const conditionTargets = [
  target('answer-default'),
  target('answer-header'),
  target('answer-metadata'),
  target('answer-param'),
  target('answer-key'),
  target('answer-workspace'),
];

beforeAll(async () => {
  g = await startRoutingGateway(
    [
      route('single', 'single', [target('answer-one'), target('answer-two')]),
      route('weighted', 'weighted', [
        target('answer-heavy', { weight: 9 }),
        target('answer-light', { weight: 1 }),
      ]),
      route('weighted-tiny', 'weighted', [
        target('answer-big', { weight: 1000 }),
        target('answer-tiny', { weight: 1 }),
      ]),
      route('fallback', 'fallback', [
        target('fail-503-fb'),
        target('fail-429-fb'),
        target('fail-500-fb'),
        target('gpt-4o-mini', { providerId: DOWN }),
        target('slow-1000-answer-late', { timeoutMs: 100 }),
        target('answer-fallback'),
      ]),
      route('fallback-400', 'fallback', [target('fail-400'), target('answer-never-400')]),
      route('fallback-401', 'fallback', [target('fail-401-fb'), target('answer-never-401')]),
      route('fallback-all-fail', 'fallback', [target('fail-503-all'), target('fail-502-all')]),
      route(
        'fallback-narrow',
        'fallback',
        [target('fail-500-narrow'), target('slow-1000-narrow', { timeoutMs: 100 }), target('answer-narrow')],
        { fallback: { onStatuses: [503], onTimeout: false, onConnectionError: true } },
      ),
      route(
        'fallback-no-timeout',
        'fallback',
        [target('slow-1000-answer-t', { timeoutMs: 100 }), target('answer-after-timeout')],
        { fallback: { onStatuses: [500, 502, 503, 504], onTimeout: false, onConnectionError: true } },
      ),
      route('timeouts', 'fallback', [
        target('slow-300-answer-tight', { timeoutMs: 100 }),
        target('slow-300-answer-loose', { timeoutMs: 1500 }),
      ]),
      route('conditional', 'conditional', conditionTargets, {
        conditions: {
          rules: [
            { when: [{ field: 'header.x-tier', op: 'eq', value: 'gold' }], target: 1 },
            { when: [{ field: 'metadata.plan', op: 'in', value: ['pro', 'team'] }], target: 2 },
            { when: [{ field: 'param.max_tokens', op: 'gt', value: 1000 }], target: 3 },
            { when: [{ field: 'key.name', op: 'eq', value: 'beta' }], target: 4 },
            {
              when: [
                { field: 'workspace.slug', op: 'eq', value: 'demo' },
                { field: 'header.x-by-workspace', op: 'exists' },
              ],
              target: 5,
            },
            { when: [{ field: 'workspace.slug', op: 'eq', value: 'elsewhere' }], target: 1 },
          ],
          defaultTarget: 0,
        },
      }),
      route('least-latency', 'least-latency', [target('slow-150-answer-slow'), target('answer-quick')]),
      route('least-latency-failing', 'least-latency', [target('fail-503-ll'), target('answer-ll')]),
      route('lowest-cost', 'lowest-cost', [target('gpt-4o'), target('gpt-4o-mini')]),
      route('lowest-cost-fallback', 'lowest-cost', [
        target('gpt-4o'),
        target('answer-unpriced'),
        target('fail-503-cheap'),
        target('gpt-4o-mini'),
      ]),
      route('priced-mini', 'single', [target('gpt-4o-mini')]),
      route('priced-4o', 'single', [target('gpt-4o')]),
    ],
    {
      modelPrices: [
        {
          workspaceId: 'w1',
          providerKind: 'openai',
          model: 'fail-503-cheap',
          inputPerMTok: 1,
          outputPerMTok: 1,
        },
      ],
    },
  );
});

afterAll(async () => {
  await g?.close();
});

/** How often each target served `n` requests on `alias` (in batches, to keep it quick). */
async function tally(alias: string, n: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let done = 0; done < n; done += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, () => g.chat(alias)));
    for (const s of batch) counts.set(s.text, (counts.get(s.text) ?? 0) + 1);
  }
  return counts;
}

describe('single', () => {
  it('serves the first target and says so in its headers', async () => {
    const s = await g.chat('single');
    expect(s).toMatchObject({
      text: 'one',
      target: 'fake-openai/answer-one',
      provider: 'p-openai',
      attempts: 1,
      intent: null,
      ensemble: null,
    });
    expect(g.calls('answer-two')).toHaveLength(0);
  });
});

describe('weighted', () => {
  it('spreads requests in proportion to the weights', async () => {
    const counts = await tally('weighted', 200);
    const heavy = counts.get('heavy') ?? 0;
    expect(heavy + (counts.get('light') ?? 0)).toBe(200);
    // 90% expected; the bounds are wide enough to fail by chance about once in a million runs.
    expect(heavy / 200).toBeGreaterThan(0.78);
    expect(heavy / 200).toBeLessThan(0.98);
  });

  it('rarely serves a target with a tiny weight', async () => {
    const counts = await tally('weighted-tiny', 200);
    // 0.1% expected: 0.2 of 200.
    expect(counts.get('tiny') ?? 0).toBeLessThanOrEqual(3);
  });
});

describe('fallback', () => {
  it('moves on after 503, 429, 500, a refused connection and a timeout, in order', async () => {
    const before = g.upstream.abortedByClient;
    const started = Date.now();
    const s = await g.chat('fallback');
    expect(s).toMatchObject({ text: 'fallback', target: 'fake-openai/answer-fallback', attempts: 6 });
    expect(Date.now() - started).toBeLessThan(900);
    for (const model of ['fail-503-fb', 'fail-429-fb', 'fail-500-fb', 'slow-1000-answer-late']) {
      expect(g.calls(model)).toHaveLength(1);
    }
    // The timed-out attempt is cut off upstream, not left running.
    expect(g.upstream.abortedByClient).toBeGreaterThan(before);
  });

  it('does not move on after a client error (400, 401): the error is passed through', async () => {
    const bad = await g.refused('fallback-400');
    expect(bad).toMatchObject({ status: 400, code: 'invalid_value' });
    expect(bad.headers.get('x-switchyard-attempts')).toBe('1');
    expect(g.calls('answer-never-400')).toHaveLength(0);
    const unauthorized = await g.refused('fallback-401');
    expect(unauthorized.status).toBe(401);
    expect(g.calls('answer-never-401')).toHaveLength(0);
  });

  it("answers the last target's error when every target fails", async () => {
    const r = await g.refused('fallback-all-fail');
    expect(r).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(r.message).toContain('502');
    expect(r.headers.get('x-switchyard-attempts')).toBe('2');
  });

  it("follows the route's own policy: only the statuses it names, and no timeouts if it says so", async () => {
    const r = await g.refused('fallback-narrow');
    expect(r).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(g.calls('slow-1000-narrow')).toHaveLength(0);
    const t = await g.refused('fallback-no-timeout');
    expect(t).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(g.calls('answer-after-timeout')).toHaveLength(0);
  });

  it("applies each target's own timeout", async () => {
    const s = await g.chat('timeouts');
    expect(s).toMatchObject({ text: 'loose', attempts: 2 });
    expect(g.calls('slow-300-answer-tight')).toHaveLength(1);
  });
});

describe('conditional', () => {
  it('picks the first rule whose matches all hold, else the default', async () => {
    const cases: [string, Parameters<RoutingGateway['chat']>[1], string][] = [
      ['nothing matches', {}, 'default'],
      ['a header', { headers: { 'x-tier': 'gold' } }, 'header'],
      ['another header value', { headers: { 'x-tier': 'silver' } }, 'default'],
      ['metadata', { headers: { 'x-switchyard-metadata': JSON.stringify({ plan: 'team' }) } }, 'metadata'],
      [
        'other metadata',
        { headers: { 'x-switchyard-metadata': JSON.stringify({ plan: 'free' }) } },
        'default',
      ],
      ['metadata that is not JSON', { headers: { 'x-switchyard-metadata': '{plan: team' } }, 'default'],
      ['a parameter', { params: { max_tokens: 2000 } }, 'param'],
      ['a small parameter', { params: { max_tokens: 10 } }, 'default'],
      ['the key name', { key: ROUTING_KEYS.beta }, 'key'],
      ['the workspace slug and a header', { headers: { 'x-by-workspace': '1' } }, 'workspace'],
      [
        'the first of several matching rules',
        { headers: { 'x-tier': 'gold', 'x-switchyard-metadata': '{"plan":"pro"}' }, key: ROUTING_KEYS.beta },
        'header',
      ],
    ];
    for (const [why, options, expected] of cases) {
      const s = await g.chat('conditional', options);
      expect({ why, text: s.text, target: s.target }).toEqual({
        why,
        text: expected,
        target: `fake-openai/answer-${expected}`,
      });
    }
  });
});

describe('least-latency', () => {
  it('tries each target once, then keeps to the fastest', async () => {
    const warmUp = [await g.chat('least-latency'), await g.chat('least-latency')];
    expect(warmUp.map((s) => s.text).sort()).toEqual(['quick', 'slow']);
    for (let i = 0; i < 5; i++) expect((await g.chat('least-latency')).text).toBe('quick');
    expect(g.calls('slow-150-answer-slow')).toHaveLength(1);
  });

  it('stops trying first a target that only fails', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await g.chat('least-latency-failing')).toMatchObject({ text: 'll' });
    }
    expect(g.calls('fail-503-ll')).toHaveLength(1);
  });
});

describe('lowest-cost', () => {
  it('serves the target with the cheaper catalog price', async () => {
    expect((await g.chat('lowest-cost')).target).toBe('fake-openai/gpt-4o-mini');
    expect(g.calls('gpt-4o')).toHaveLength(0);
  });

  it("uses the workspace's own prices, falls back to the next cheapest, and tries unpriced models last", async () => {
    // fail-503-cheap has a workspace price below gpt-4o-mini's catalog price.
    const s = await g.chat('lowest-cost-fallback');
    expect(s).toMatchObject({ target: 'fake-openai/gpt-4o-mini', attempts: 2 });
    expect(g.calls('fail-503-cheap')).toHaveLength(1);
    expect(g.calls('answer-unpriced')).toHaveLength(0);
  });
});

describe('cost', () => {
  it('is in usage.cost and x-switchyard-cost, from the catalog price of the model that served', async () => {
    const mini = await g.chat('priced-mini');
    const four = await g.chat('priced-4o');
    // 3 prompt and 5 completion tokens: 3 × $0.15 + 5 × $0.60 per million (gpt-4o-mini), 3 × $2.50 + 5 × $10 (gpt-4o).
    expect(mini.completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 5 });
    const costOf = (s: typeof mini) => (s.completion.usage as unknown as { cost: number }).cost;
    expect(costOf(mini)).toBeCloseTo(0.00000345, 6);
    expect(costOf(four)).toBeCloseTo(0.0000575, 6);
    expect(mini.cost).toBe(costOf(mini).toFixed(6));
    expect(four.cost).toBe(costOf(four).toFixed(6));
    const record = await waitForRecord(four.requestId);
    expect(record.costMicroUsd).toBe(Math.round(costOf(four) * 1e6));
  });
});

function waitForRecord(requestId: string) {
  return waitFor('the usage record', () => g.telemetry.records.find((r) => r.requestId === requestId));
}
