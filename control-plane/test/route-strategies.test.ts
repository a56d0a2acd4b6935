import { startRoutingPlane, UPDATE_ROUTE, type RoutingApi } from './support/routing';
import type { TestPlane } from './support/plane';

// Routes of every strategy, written through the API, reach the published snapshot as written.

let t: TestPlane;
let ws: string;
let openai: string;
let claude: string;
let createRoute: RoutingApi['createRoute'];
let publishedRoute: RoutingApi['publishedRoute'];

beforeAll(async () => {
  ({ t, ws, openai, claude, createRoute, publishedRoute } = await startRoutingPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('routes of every strategy reach the published snapshot', () => {
  it('single and weighted, with per-target settings and a fallback policy', async () => {
    const single = await createRoute({
      alias: 'one',
      targets: [{ providerId: openai, model: 'gpt-4o-mini' }],
    });
    expect(await publishedRoute(single.id)).toEqual({
      id: single.id,
      workspaceId: ws,
      alias: 'one',
      strategy: 'single',
      targets: [{ providerId: openai, model: 'gpt-4o-mini' }],
    });

    const weighted = await createRoute({
      alias: 'split',
      strategy: 'weighted',
      targets: [
        {
          providerId: openai,
          model: 'gpt-4o',
          weight: 3,
          overrides: { temperature: 0.2, max_tokens: 512 },
          retry: { attempts: 3 },
          timeoutMs: 20_000,
          breaker: { failures: 4 },
        },
        { providerId: claude, model: 'claude-sonnet-4', weight: 1 },
      ],
      fallback: { onStatuses: [429, 503], onTimeout: false },
    });
    expect(weighted.targets).toEqual([
      {
        providerId: openai,
        routeId: null,
        model: 'gpt-4o',
        weight: 3,
        overrides: { temperature: 0.2, max_tokens: 512 },
        timeoutMs: 20_000,
        retry: { attempts: 3, backoffMs: 250, maxBackoffMs: 10_000, onStatuses: [429, 500, 502, 503, 504] },
        breaker: { failures: 4, windowMs: 60_000, cooldownMs: 30_000 },
      },
      expect.objectContaining({ providerId: claude, weight: 1, retry: null, breaker: null }),
    ]);
    const route = await publishedRoute(weighted.id);
    expect(route.strategy).toBe('weighted');
    expect(route.targets[0]).toEqual({
      providerId: openai,
      model: 'gpt-4o',
      weight: 3,
      overrides: { temperature: 0.2, max_tokens: 512 },
      retry: { attempts: 3, backoffMs: 250, maxBackoffMs: 10_000, onStatuses: [429, 500, 502, 503, 504] },
      timeoutMs: 20_000,
      breaker: { failures: 4, windowMs: 60_000, cooldownMs: 30_000 },
    });
    expect(route.fallback).toEqual({ onStatuses: [429, 503], onTimeout: false, onConnectionError: true });
  });

  it('fallback, least-latency and lowest-cost, one of them nesting another route', async () => {
    const inner = await createRoute({
      alias: 'inner',
      targets: [{ providerId: claude, model: 'claude-haiku' }],
    });
    const fallback = await createRoute({
      alias: 'resilient',
      strategy: 'fallback',
      targets: [{ providerId: openai, model: 'gpt-4o' }, { routeId: inner.id }],
    });
    expect((await publishedRoute(fallback.id)).targets).toEqual([
      { providerId: openai, model: 'gpt-4o' },
      { providerId: null, model: '', routeId: inner.id },
    ]);
    for (const strategy of ['least-latency', 'lowest-cost']) {
      const r = await createRoute({
        alias: strategy,
        strategy,
        targets: [
          { providerId: openai, model: 'gpt-4o-mini' },
          { providerId: claude, model: 'claude-haiku' },
        ],
      });
      expect((await publishedRoute(r.id)).strategy).toBe(strategy);
    }
  });

  it('conditional', async () => {
    const r = await createRoute({
      alias: 'by-tier',
      strategy: 'conditional',
      targets: [
        { providerId: openai, model: 'gpt-4o-mini' },
        { providerId: claude, model: 'claude-opus' },
      ],
      conditions: {
        rules: [
          { when: [{ field: 'metadata.tier', op: 'in', value: ['gold', 'platinum'] }], target: 1 },
          { when: [{ field: 'header.x-team', op: 'regex', value: '^ml-' }], target: 1 },
        ],
        defaultTarget: 0,
      },
    });
    expect((await publishedRoute(r.id)).conditions).toEqual({
      rules: [
        { when: [{ field: 'metadata.tier', op: 'in', value: ['gold', 'platinum'] }], target: 1 },
        { when: [{ field: 'header.x-team', op: 'regex', value: '^ml-' }], target: 1 },
      ],
      defaultTarget: 0,
    });
  });

  it('semantic, with a provider embedder and the local one', async () => {
    const r = await createRoute({
      alias: 'by-intent',
      strategy: 'semantic',
      targets: [
        { providerId: openai, model: 'gpt-4o' },
        { providerId: claude, model: 'claude-sonnet-4' },
      ],
      semantic: {
        embedder: { providerId: openai, model: 'text-embedding-3-small' },
        threshold: 0.6,
        intents: [
          { name: 'code', examples: ['write a function', 'fix this bug'], target: 1, threshold: 0.7 },
          { name: 'chat', examples: ['hello'], target: 0 },
        ],
        defaultTarget: 0,
      },
    });
    expect((await publishedRoute(r.id)).semantic).toEqual({
      embedder: { providerId: openai, model: 'text-embedding-3-small' },
      threshold: 0.6,
      intents: [
        { name: 'code', examples: ['write a function', 'fix this bug'], target: 1, threshold: 0.7 },
        { name: 'chat', examples: ['hello'], target: 0 },
      ],
      defaultTarget: 0,
      onEmbedError: 'default',
    });
    const local = await t.ok<{ updateRoute: { semantic: { embedder: unknown; onEmbedError: string } } }>(
      UPDATE_ROUTE,
      {
        input: {
          workspaceId: ws,
          id: r.id,
          semantic: {
            threshold: 0.5,
            intents: [{ name: 'any', examples: ['x'], target: 0 }],
            onEmbedError: 'fail',
          },
        },
      },
    );
    expect(local.updateRoute.semantic).toMatchObject({
      embedder: { providerId: null, model: '' },
      onEmbedError: 'fail',
    });
    expect((await publishedRoute(r.id)).semantic?.defaultTarget).toBeNull();
  });

  it('ensemble with a judge, and clearing a block with null', async () => {
    const r = await createRoute({
      alias: 'panel',
      strategy: 'ensemble',
      targets: [
        { providerId: openai, model: 'gpt-4o' },
        { providerId: claude, model: 'claude-sonnet-4' },
      ],
      ensemble: {
        mode: 'synthesize',
        judge: { providerId: claude, model: 'claude-opus', overrides: { temperature: 0 } },
        minResponses: 2,
        deadlineMs: 45_000,
        judgePrompt: 'Merge the answers.',
      },
      fallback: {},
    });
    expect((await publishedRoute(r.id)).ensemble).toEqual({
      mode: 'synthesize',
      judge: { providerId: claude, model: 'claude-opus', overrides: { temperature: 0 } },
      minResponses: 2,
      deadlineMs: 45_000,
      judgePrompt: 'Merge the answers.',
    });
    await t.ok(UPDATE_ROUTE, {
      input: { workspaceId: ws, id: r.id, fallback: null, ensemble: { mode: 'vote' } },
    });
    const after = await publishedRoute(r.id);
    expect(after.fallback).toBeUndefined();
    expect(after.ensemble).toEqual({ mode: 'vote', minResponses: 1, deadlineMs: 30_000 });
  });
});
