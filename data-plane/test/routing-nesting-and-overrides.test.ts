import { nested, route, startRoutingGateway, target, type RoutingGateway } from './support/routing-gateway';

let g: RoutingGateway;

const bodyOf = (model: string, n = 0) => g.calls(model)[n].body as Record<string, unknown>;

beforeAll(async () => {
  g = await startRoutingGateway([
    route('inner-failing', 'single', [target('fail-503-n')]),
    route('inner-ok', 'weighted', [target('answer-inner')]),
    route('outer', 'fallback', [nested('inner-failing'), nested('inner-ok')]),
    route('leaf', 'fallback', [target('fail-500-leaf'), target('answer-leaf')]),
    route('middle', 'single', [nested('leaf')]),
    route('top', 'single', [nested('middle')]),
    route('overrides', 'single', [target('answer-ov', { overrides: { temperature: 0.2, max_tokens: 64 } })]),
    route('inner-ov', 'single', [target('answer-nov', { overrides: { temperature: 0.1 } })]),
    route('outer-ov', 'single', [nested('inner-ov', { overrides: { temperature: 0.5, top_p: 0.9 } })]),
    route('semantic-inner', 'semantic', [target('answer-other'), target('answer-billing')], {
      semantic: {
        embedder: { providerId: null, model: 'local' },
        threshold: 0.3,
        intents: [{ name: 'billing', examples: ['refund my order', 'I was charged twice'], target: 1 }],
        defaultTarget: 0,
        onEmbedError: 'default',
      },
    }),
    route('conditional-outer', 'conditional', [target('answer-plain'), nested('semantic-inner')], {
      conditions: {
        rules: [{ when: [{ field: 'header.x-smart', op: 'exists' }], target: 1 }],
        defaultTarget: 0,
      },
    }),
    route('ensemble-of-routes', 'ensemble', [nested('outer'), nested('leaf'), target('answer-inner')], {
      ensemble: { mode: 'vote', minResponses: 3, deadlineMs: 5000 },
    }),
  ]);
});

afterAll(async () => {
  await g?.close();
});

describe('nested routes', () => {
  it('serve a target that names another route, falling back across them', async () => {
    const s = await g.chat('outer');
    expect(s).toMatchObject({ text: 'inner', target: 'fake-openai/answer-inner', attempts: 2 });
    expect(g.calls('fail-503-n')).toHaveLength(1);
  });

  it('nest several levels deep, each with its own strategy', async () => {
    const s = await g.chat('top');
    expect(s).toMatchObject({ text: 'leaf', target: 'fake-openai/answer-leaf', attempts: 2 });
  });

  it('combine strategies: a conditional rule leading to a semantic route', async () => {
    const plain = await g.chat('conditional-outer', { content: 'refund my order please' });
    expect(plain).toMatchObject({ text: 'plain', intent: null });
    const smart = await g.chat('conditional-outer', {
      content: 'refund my order please',
      headers: { 'x-smart': '1' },
    });
    expect(smart).toMatchObject({ text: 'billing', intent: 'billing' });
  });

  it('can be ensemble members', async () => {
    const s = await g.chat('ensemble-of-routes');
    expect(s).toMatchObject({ text: 'inner', ensemble: 'vote; answered=3/3' });
  });
});

describe('per-target overrides', () => {
  it("replace the client's parameters in the upstream body", async () => {
    await g.chat('overrides', { params: { temperature: 0.9, max_tokens: 1000, top_p: 0.5 } });
    expect(bodyOf('answer-ov')).toMatchObject({
      model: 'answer-ov',
      temperature: 0.2,
      max_tokens: 64,
      top_p: 0.5,
    });
  });

  it("apply along a nested route's way, the innermost target's last", async () => {
    await g.chat('outer-ov', { params: { temperature: 0.9 } });
    expect(bodyOf('answer-nov')).toMatchObject({ model: 'answer-nov', temperature: 0.1, top_p: 0.9 });
  });
});
