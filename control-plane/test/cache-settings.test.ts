import type { Snapshot, SnapshotRoute } from '@switchyard/proto';
import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { readKvSnapshot } from './support/infra';
import { startTestPlane, type GraphqlResponse, type TestPlane } from './support/plane';

const CACHE = 'cache { mode ttlSeconds threshold embedder { providerId model } }';
const CREATE_ROUTE = `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id ${CACHE} } }`;
const UPDATE_ROUTE = `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id ${CACHE} } }`;
const APPLY = `mutation($input: ApplyConfigInput!) { applyConfig(input: $input) { snapshotVersion } }`;

let t: TestPlane;
let ws: string;
let openai: string;

beforeAll(async () => {
  t = await startTestPlane();
  const w = await t.ok<{ createWorkspace: { id: string } }>(
    `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
    { input: { slug: 'caching', name: 'Caching' } },
  );
  ws = w.createWorkspace.id;
  const p = await t.ok<{ createProviderAccount: { id: string } }>(
    `mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }`,
    {
      input: {
        workspaceId: ws,
        name: 'openai',
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:9001/v1',
        apiKey: 'sk-o',
      },
    },
  );
  openai = p.createProviderAccount.id;
});

afterAll(async () => {
  await t?.close();
});

async function publishedRoute(alias: string): Promise<SnapshotRoute> {
  const snapshot = JSON.parse((await readKvSnapshot(t.bucket))!.toString()) as Snapshot;
  const route = snapshot.content.routes.find((r) => r.alias === alias);
  if (!route) throw new Error(`route ${alias} is not in the published snapshot`);
  return route;
}

function reasonOf(res: GraphqlResponse): [string | undefined, string | undefined] {
  return [res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.reason];
}

const target = () => [{ providerId: openai, model: 'gpt-4o-mini' }];

describe('route cache settings over GraphQL', () => {
  it('stores exact and semantic settings, publishes them, and clears them with null', async () => {
    const created = await t.ok<{ createRoute: { id: string; cache: unknown } }>(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'faq', targets: target(), cache: { mode: 'exact', ttlSeconds: 600 } },
    });
    const { id } = created.createRoute;
    expect(created.createRoute.cache).toEqual({
      mode: 'exact',
      ttlSeconds: 600,
      threshold: null,
      embedder: null,
    });
    expect((await publishedRoute('faq')).cache).toEqual({ mode: 'exact', ttlSeconds: 600 });

    const semantic = await t.ok<{ updateRoute: { cache: unknown } }>(UPDATE_ROUTE, {
      input: {
        id,
        workspaceId: ws,
        cache: {
          mode: 'semantic',
          ttlSeconds: 3600,
          threshold: 0.92,
          embedder: { providerId: openai, model: 'text-embedding-3-small' },
        },
      },
    });
    expect(semantic.updateRoute.cache).toEqual({
      mode: 'semantic',
      ttlSeconds: 3600,
      threshold: 0.92,
      embedder: { providerId: openai, model: 'text-embedding-3-small' },
    });
    expect((await publishedRoute('faq')).cache).toEqual({
      mode: 'semantic',
      ttlSeconds: 3600,
      threshold: 0.92,
      embedder: { providerId: openai, model: 'text-embedding-3-small' },
    });

    // A semantic cache without an embedder uses the built-in local one.
    await t.ok(UPDATE_ROUTE, {
      input: { id, workspaceId: ws, cache: { mode: 'semantic', ttlSeconds: 60, threshold: 0.9 } },
    });
    expect((await publishedRoute('faq')).cache?.embedder).toEqual({ providerId: null, model: '' });

    const cleared = await t.ok<{ updateRoute: { cache: unknown } }>(UPDATE_ROUTE, {
      input: { id, workspaceId: ws, cache: null },
    });
    expect(cleared.updateRoute.cache).toBeNull();
    expect((await publishedRoute('faq')).cache).toBeUndefined();
  });

  it('refuses bad settings with stable codes', async () => {
    const create = (cache: Record<string, unknown>, alias = 'bad') =>
      t.gql(CREATE_ROUTE, { input: { workspaceId: ws, alias, targets: target(), cache } });
    expect(reasonOf(await create({ mode: 'fuzzy', ttlSeconds: 60 }))).toEqual([
      'BAD_USER_INPUT',
      'INVALID_INPUT',
    ]);
    expect(reasonOf(await create({ mode: 'exact', ttlSeconds: 0 }))).toEqual([
      'BAD_USER_INPUT',
      'INVALID_INPUT',
    ]);
    expect(reasonOf(await create({ mode: 'exact', ttlSeconds: 604_801 }))).toEqual([
      'BAD_USER_INPUT',
      'INVALID_INPUT',
    ]);
    expect(reasonOf(await create({ mode: 'semantic', ttlSeconds: 60, threshold: 1.5 }))).toEqual([
      'BAD_USER_INPUT',
      'INVALID_INPUT',
    ]);
    const noThreshold = await create({ mode: 'semantic', ttlSeconds: 60 });
    expect(reasonOf(noThreshold)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_CACHE']);
    expect(noThreshold.errors?.[0].message).toMatch(/semantic but has no threshold/);
    expect(reasonOf(await create({ mode: 'exact', ttlSeconds: 60, threshold: 0.9 }))).toEqual([
      'BAD_USER_INPUT',
      'ROUTE_INVALID_CACHE',
    ]);
    const foreign = await create({
      mode: 'semantic',
      ttlSeconds: 60,
      threshold: 0.9,
      embedder: { providerId: '00000000-0000-4000-8000-000000000000', model: 'e' },
    });
    expect(reasonOf(foreign)).toEqual(['BAD_USER_INPUT', 'ROUTE_UNKNOWN_PROVIDER']);
  });
});

describe('route cache settings in YAML', () => {
  const yaml = (cache: string) => `workspaces:
  - slug: caching
    name: Caching
    providers:
      - name: openai
        kind: openai
        baseUrl: http://127.0.0.1:9001/v1
        apiKey: sk-o
    routes:
      - alias: yaml-cached
        targets: [{ provider: openai, model: gpt-4o-mini }]
${cache}
`;

  it('applies cache settings, naming the embedder by provider name', async () => {
    const doc = yaml(`        cache:
          mode: semantic
          ttlSeconds: 120
          threshold: 0.9
          embedder: { provider: openai, model: text-embedding-3-small }`);
    await t.ok(APPLY, { input: parseConfigYaml(doc, {}) });
    expect((await publishedRoute('yaml-cached')).cache).toEqual({
      mode: 'semantic',
      ttlSeconds: 120,
      threshold: 0.9,
      embedder: { providerId: openai, model: 'text-embedding-3-small' },
    });
    await t.ok(APPLY, { input: parseConfigYaml(yaml('        cache: { mode: exact, ttlSeconds: 30 }'), {}) });
    expect((await publishedRoute('yaml-cached')).cache).toEqual({ mode: 'exact', ttlSeconds: 30 });
  });

  it('refuses bad cache settings with stable codes', async () => {
    const bad = await t.gql(APPLY, {
      input: parseConfigYaml(yaml('        cache: { mode: exact, ttlSeconds: 30, threshold: 0.5 }'), {}),
    });
    expect(reasonOf(bad)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_CACHE']);
    const unknown = await t.gql(APPLY, {
      input: parseConfigYaml(
        yaml(
          '        cache: { mode: semantic, ttlSeconds: 30, threshold: 0.5, embedder: { provider: nope } }',
        ),
        {},
      ),
    });
    expect(reasonOf(unknown)).toEqual(['BAD_USER_INPUT', 'CONFIG_INVALID']);
    expect(unknown.errors?.[0].message).toMatch(/cache\.embedder\.provider: no provider named "nope"/);
  });
});

describe('key cache settings', () => {
  const KEY = `id ${CACHE}`;
  const CREATE_KEY = `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key { ${KEY} } } }`;
  const UPDATE_KEY = `mutation($input: UpdateVirtualKeyInput!) { updateVirtualKey(input: $input) { ${KEY} } }`;
  type Key = { id: string; cache: unknown };

  async function publishedKey(id: string) {
    const snapshot = JSON.parse((await readKvSnapshot(t.bucket))!.toString()) as Snapshot;
    const key = snapshot.content.keys.find((k) => k.id === id);
    if (!key) throw new Error(`key ${id} is not in the published snapshot`);
    return key;
  }

  it('stores, publishes, keeps on unrelated updates, and clears with null over GraphQL', async () => {
    const created = await t.ok<{ createVirtualKey: { key: Key } }>(CREATE_KEY, {
      input: {
        workspaceId: ws,
        name: 'cached-key',
        cache: { mode: 'semantic', ttlSeconds: 300, threshold: 0.92 },
      },
    });
    const { id } = created.createVirtualKey.key;
    const semantic = {
      mode: 'semantic',
      ttlSeconds: 300,
      threshold: 0.92,
      embedder: { providerId: null, model: '' },
    };
    expect(created.createVirtualKey.key.cache).toEqual(semantic);
    expect((await publishedKey(id)).cache).toEqual(semantic);

    const renamed = await t.ok<{ updateVirtualKey: Key }>(UPDATE_KEY, {
      input: { workspaceId: ws, id, name: 'renamed' },
    });
    expect(renamed.updateVirtualKey.cache).toEqual(semantic);
    const exact = await t.ok<{ updateVirtualKey: Key }>(UPDATE_KEY, {
      input: { workspaceId: ws, id, cache: { mode: 'exact', ttlSeconds: 60 } },
    });
    expect(exact.updateVirtualKey.cache).toEqual({
      mode: 'exact',
      ttlSeconds: 60,
      threshold: null,
      embedder: null,
    });
    const off = await t.ok<{ updateVirtualKey: Key }>(UPDATE_KEY, {
      input: { workspaceId: ws, id, cache: null },
    });
    expect(off.updateVirtualKey.cache).toBeNull();
    expect((await publishedKey(id)).cache).toBeUndefined();
  });

  it('refuses bad settings and foreign embedders with stable codes', async () => {
    const create = (cache: Record<string, unknown>) =>
      t.gql(CREATE_KEY, { input: { workspaceId: ws, name: `bad-${Math.random()}`, cache } });
    expect(reasonOf(await create({ mode: 'exact', ttlSeconds: 0 }))).toEqual([
      'BAD_USER_INPUT',
      'INVALID_INPUT',
    ]);
    expect(reasonOf(await create({ mode: 'exact', ttlSeconds: 60, threshold: 0.9 }))).toEqual([
      'BAD_USER_INPUT',
      'VIRTUAL_KEY_INVALID_CACHE',
    ]);
    const foreign = await create({
      mode: 'semantic',
      ttlSeconds: 60,
      threshold: 0.9,
      embedder: { providerId: '00000000-0000-4000-8000-000000000000', model: 'e' },
    });
    expect(reasonOf(foreign)).toEqual(['BAD_USER_INPUT', 'VIRTUAL_KEY_INVALID_CACHE']);
  });

  it('applies from YAML with the embedder named by provider, idempotently', async () => {
    const doc = (cache: string) => `workspaces:
  - slug: caching
    name: Caching
    providers:
      - { name: openai, kind: openai, baseUrl: http://127.0.0.1:9001/v1, apiKey: sk-o }
    keys:
      - name: yaml-key
        secret: sy-yaml-cached-key-0123456789
${cache}
`;
    const semantic = `        cache:
          mode: semantic
          ttlSeconds: 90
          threshold: 0.9
          embedder: { provider: openai, model: text-embedding-3-small }`;
    const first = await t.ok<{ applyConfig: { snapshotVersion: number } }>(APPLY, {
      input: parseConfigYaml(doc(semantic), {}),
    });
    const keys = await t.ok<{ virtualKeys: { id: string; name: string }[] }>(
      `query($w: ID!) { virtualKeys(workspaceId: $w) { id name } }`,
      { w: ws },
    );
    const id = keys.virtualKeys.find((k) => k.name === 'yaml-key')!.id;
    expect((await publishedKey(id)).cache).toEqual({
      mode: 'semantic',
      ttlSeconds: 90,
      threshold: 0.9,
      embedder: { providerId: openai, model: 'text-embedding-3-small' },
    });
    const again = await t.ok<{ applyConfig: { snapshotVersion: number } }>(APPLY, {
      input: parseConfigYaml(doc(semantic), {}),
    });
    expect(again.applyConfig.snapshotVersion).toBe(first.applyConfig.snapshotVersion);
    await t.ok(APPLY, { input: parseConfigYaml(doc(''), {}) });
    expect((await publishedKey(id)).cache).toBeUndefined();
    const unknown = await t.gql(APPLY, {
      input: parseConfigYaml(
        doc(
          '        cache: { mode: semantic, ttlSeconds: 30, threshold: 0.5, embedder: { provider: nope } }',
        ),
        {},
      ),
    });
    expect(reasonOf(unknown)).toEqual(['BAD_USER_INPUT', 'CONFIG_INVALID']);
    expect(unknown.errors?.[0].message).toMatch(/keys\[yaml-key\]\.cache\.embedder: no provider "nope"/);
  });
});
