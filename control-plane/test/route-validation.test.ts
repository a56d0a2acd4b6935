import {
  CREATE_ROUTE,
  DELETE_ROUTE,
  reasonOf,
  startRoutingPlane,
  UPDATE_ROUTE,
  type RoutingApi,
} from './support/routing';
import type { TestPlane } from './support/plane';

// What a route write is refused for, each problem with its code, and deleting routes that nest.

let t: TestPlane;
let ws: string;
let openai: string;
let createWorkspace: RoutingApi['createWorkspace'];
let createProvider: RoutingApi['createProvider'];
let createRoute: RoutingApi['createRoute'];
let published: RoutingApi['published'];
let publishedRoute: RoutingApi['publishedRoute'];

beforeAll(async () => {
  ({ t, ws, openai, createWorkspace, createProvider, createRoute, published, publishedRoute } =
    await startRoutingPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('routes are checked when written, each problem with its code', () => {
  const target = () => ({ providerId: openai, model: 'm' });

  it('refuses a target index out of range', async () => {
    const res = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'bad-index',
        strategy: 'conditional',
        targets: [target()],
        conditions: { rules: [{ when: [{ field: 'key.name', op: 'eq', value: 'ci' }], target: 3 }] },
      },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_TARGET_OUT_OF_RANGE']);
    expect(res.errors?.[0].message).toMatch(/names target 3, but the route has 1/);
    const semantic = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'bad-intent',
        strategy: 'semantic',
        targets: [target()],
        semantic: { threshold: 0.5, intents: [{ name: 'x', examples: ['x'], target: 1 }] },
      },
    });
    expect(reasonOf(semantic)).toEqual(['BAD_USER_INPUT', 'ROUTE_TARGET_OUT_OF_RANGE']);
  });

  it('refuses a regex that does not compile', async () => {
    const res = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'bad-regex',
        strategy: 'conditional',
        targets: [target()],
        conditions: { rules: [{ when: [{ field: 'header.x', op: 'regex', value: '([' }], target: 0 }] },
      },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_REGEX']);
  });

  it('refuses synthesize and select without a judge', async () => {
    for (const mode of ['synthesize', 'select']) {
      const res = await t.gql(CREATE_ROUTE, {
        input: {
          workspaceId: ws,
          alias: `no-judge-${mode}`,
          strategy: 'ensemble',
          targets: [target()],
          ensemble: { mode },
        },
      });
      expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_JUDGE_REQUIRED']);
    }
  });

  it('refuses a strategy without its settings', async () => {
    const res = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'no-conditions', strategy: 'conditional', targets: [target()] },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_SETTINGS']);
  });

  it('refuses a target naming both or neither of a provider and a route', async () => {
    const both = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'both',
        targets: [{ providerId: openai, routeId: openai, model: 'm' }],
      },
    });
    expect(reasonOf(both)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_TARGET']);
    const neither = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'neither', targets: [{ model: 'm' }] },
    });
    expect(reasonOf(neither)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_TARGET']);
  });

  it("refuses another workspace's provider as a target, judge or embedder, and another workspace's route", async () => {
    const other = await createWorkspace('routing-other');
    const foreign = await createProvider(other, { name: 'p', kind: 'groq', apiKey: 'gsk' });
    const foreignRoute = await t.ok<{ createRoute: { id: string } }>(CREATE_ROUTE, {
      input: { workspaceId: other, alias: 'theirs', targets: [{ providerId: foreign, model: 'llama' }] },
    });
    const cases = [
      { alias: 'x1', targets: [{ providerId: foreign, model: 'm' }] },
      {
        alias: 'x2',
        strategy: 'ensemble',
        targets: [target()],
        ensemble: { mode: 'select', judge: { providerId: foreign, model: 'm' } },
      },
      {
        alias: 'x3',
        strategy: 'semantic',
        targets: [target()],
        semantic: {
          embedder: { providerId: foreign, model: 'e' },
          threshold: 0.5,
          intents: [{ name: 'a', examples: ['a'], target: 0 }],
        },
      },
    ];
    for (const input of cases) {
      expect(reasonOf(await t.gql(CREATE_ROUTE, { input: { workspaceId: ws, ...input } }))).toEqual([
        'BAD_USER_INPUT',
        'ROUTE_UNKNOWN_PROVIDER',
      ]);
    }
    const nested = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'x4', targets: [{ routeId: foreignRoute.createRoute.id }] },
    });
    expect(reasonOf(nested)).toEqual(['BAD_USER_INPUT', 'ROUTE_UNKNOWN_ROUTE']);
  });

  it('refuses routes that nest into a cycle', async () => {
    const a = await createRoute({ alias: 'cycle-a', targets: [target()] });
    const b = await createRoute({ alias: 'cycle-b', targets: [{ routeId: a.id }] });
    const res = await t.gql(UPDATE_ROUTE, {
      input: { workspaceId: ws, id: a.id, targets: [{ routeId: b.id }] },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_CYCLE']);
    expect(res.errors?.[0].message).toMatch(/"cycle-a" -> "cycle-b" -> "cycle-a"/);
    const self = await t.gql(UPDATE_ROUTE, {
      input: { workspaceId: ws, id: a.id, targets: [{ routeId: a.id }] },
    });
    expect(reasonOf(self)).toEqual(['BAD_USER_INPUT', 'ROUTE_CYCLE']);
    // Nothing was written: a still targets the provider.
    expect((await publishedRoute(a.id)).targets).toEqual([target()]);
  });

  it('refuses nesting deeper than MAX_ROUTE_DEPTH', async () => {
    let below = (await createRoute({ alias: 'depth-1', targets: [target()] })).id;
    for (let level = 2; level <= 4; level++)
      below = (await createRoute({ alias: `depth-${level}`, targets: [{ routeId: below }] })).id;
    const res = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'depth-5', targets: [{ routeId: below }] },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_TOO_DEEP']);
  });

  it('refuses to delete a route another route targets or judges with, then deletes it', async () => {
    const leaf = await createRoute({ alias: 'leaf', targets: [target()] });
    const parent = await createRoute({ alias: 'parent', targets: [{ routeId: leaf.id }] });
    const judged = await createRoute({
      alias: 'judged',
      strategy: 'ensemble',
      targets: [target()],
      ensemble: { mode: 'select', judge: { routeId: leaf.id } },
    });
    const refused = await t.gql(DELETE_ROUTE, { input: { workspaceId: ws, id: leaf.id } });
    expect(reasonOf(refused)).toEqual(['CONFLICT', 'ROUTE_IN_USE']);
    expect(refused.errors?.[0].message).toMatch(/"judged", "parent"/);
    await t.ok(DELETE_ROUTE, { input: { workspaceId: ws, id: parent.id } });
    await t.ok(DELETE_ROUTE, { input: { workspaceId: ws, id: judged.id } });
    await t.ok(DELETE_ROUTE, { input: { workspaceId: ws, id: leaf.id } });
  });

  it('refuses to delete a provider used only as a judge', async () => {
    const judge = await createProvider(ws, {
      name: 'judge-only',
      kind: 'mistral',
      baseUrl: 'http://127.0.0.1:9003/v1',
    });
    await createRoute({
      alias: 'judged-by-provider',
      strategy: 'ensemble',
      targets: [target()],
      ensemble: { mode: 'select', judge: { providerId: judge, model: 'mistral-large' } },
    });
    const res = await t.gql(
      `mutation($input: DeleteProviderAccountInput!) { deleteProviderAccount(input: $input) { id } }`,
      { input: { workspaceId: ws, id: judge } },
    );
    expect(reasonOf(res)).toEqual(['CONFLICT', 'PROVIDER_ACCOUNT_IN_USE']);
  });
});

it('deletes a workspace whose routes nest and judge with each other', async () => {
  const w = await createWorkspace('nested-delete');
  const p = await createProvider(w, { name: 'p', kind: 'ollama' });
  const create = async (input: Record<string, unknown>) =>
    (await t.ok<{ createRoute: { id: string } }>(CREATE_ROUTE, { input: { workspaceId: w, ...input } }))
      .createRoute.id;
  const leaf = await create({ alias: 'leaf', targets: [{ providerId: p, model: 'llama3' }] });
  const mid = await create({ alias: 'mid', targets: [{ routeId: leaf }] });
  await create({
    alias: 'top',
    strategy: 'ensemble',
    targets: [{ routeId: mid }, { routeId: leaf }],
    ensemble: { mode: 'select', judge: { routeId: mid } },
  });
  await t.ok(`mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { id } }`, {
    input: { id: w },
  });
  expect((await published()).content.routes.some((r) => r.workspaceId === w)).toBe(false);
});
