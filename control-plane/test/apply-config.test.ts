import { hashKeySecret } from '@switchyard/proto';
import { readKvSnapshot, sql } from './support/infra';
import { startTestPlane, type TestPlane } from './support/plane';

const APPLY = `mutation($input: ApplyConfigInput!) {
  applyConfig(input: $input) { changes { kind name workspace action } generatedKeys { workspace name secret } snapshotVersion }
}`;

interface Result {
  changes: Array<{ kind: string; name: string; workspace: string; action: string }>;
  generatedKeys: Array<{ workspace: string; name: string; secret: string }>;
  snapshotVersion: number;
}

function demo(overrides: { apiKey?: string; secret?: string; model?: string; extraKeys?: unknown[] } = {}) {
  return {
    workspaces: [
      {
        slug: 'demo',
        name: 'Demo',
        providers: [
          {
            name: 'local-openai',
            kind: 'openai',
            baseUrl: 'http://127.0.0.1:9001/v1',
            apiKey: overrides.apiKey ?? 'sk-one',
          },
        ],
        routes: [
          { alias: 'fast', targets: [{ provider: 'local-openai', model: overrides.model ?? 'gpt-4o-mini' }] },
        ],
        keys: [
          { name: 'ci', secret: overrides.secret ?? 'sy-test-0123456789abcdef' },
          ...(overrides.extraKeys ?? []),
        ],
      },
    ],
  };
}

let t: TestPlane;

beforeAll(async () => {
  t = await startTestPlane();
});

afterAll(async () => {
  await t?.close();
});

async function apply(input: unknown): Promise<Result> {
  return (await t.ok<{ applyConfig: Result }>(APPLY, { input })).applyConfig;
}

const actions = (r: Result) => r.changes.map((c) => `${c.kind}:${c.workspace}/${c.name}:${c.action}`);
const versionsStored = async () =>
  Number((await sql<{ n: string }>(t.databaseUrl, 'SELECT count(*) AS n FROM snapshots'))[0].n);

it('creates everything on first apply, with one snapshot', async () => {
  const before = await versionsStored();
  const result = await apply(demo());
  expect(actions(result)).toEqual([
    'workspace:demo/demo:created',
    'provider:demo/local-openai:created',
    'route:demo/fast:created',
    'key:demo/ci:created',
  ]);
  expect(result.generatedKeys).toEqual([]);
  expect(await versionsStored()).toBe(before + 1);
  const kv = JSON.parse((await readKvSnapshot(t.bucket))!.toString());
  expect(kv.version).toBe(result.snapshotVersion);
  expect(kv.content.keys[0].hash).toBe(hashKeySecret('sy-test-0123456789abcdef'));
});

it('changes nothing when the same config is applied again', async () => {
  const first = await t.ok<{ latestSnapshot: { version: number } }>('{ latestSnapshot { version } }');
  const again = await apply(demo());
  expect(again.changes.every((c) => c.action === 'unchanged')).toBe(true);
  expect(again.changes).toHaveLength(4);
  expect(again.snapshotVersion).toBe(first.latestSnapshot.version);
});

it('updates what differs: a provider key (compared decrypted), a target model, a rotated secret', async () => {
  const result = await apply(
    demo({ apiKey: 'sk-two', model: 'gpt-4o', secret: 'sy-test-rotated-0123456789' }),
  );
  expect(actions(result)).toEqual([
    'workspace:demo/demo:unchanged',
    'provider:demo/local-openai:updated',
    'route:demo/fast:updated',
    'key:demo/ci:updated',
  ]);
  const keys = await sql<{ key_hash: string; prefix: string }>(
    t.databaseUrl,
    'SELECT key_hash, prefix FROM virtual_keys',
  );
  expect(keys).toEqual([{ key_hash: hashKeySecret('sy-test-rotated-0123456789'), prefix: 'sy-test-ro' }]);
});

it('generates a missing secret once and never again', async () => {
  const extra = { name: 'generated', allowedRoutes: ['fast'] };
  const base = {
    apiKey: 'sk-two',
    model: 'gpt-4o',
    secret: 'sy-test-rotated-0123456789',
    extraKeys: [extra],
  };
  const first = await apply(demo(base));
  expect(first.generatedKeys).toEqual([
    { workspace: 'demo', name: 'generated', secret: expect.stringMatching(/^sy-/) },
  ]);
  const second = await apply(demo(base));
  expect(second.generatedKeys).toEqual([]);
  expect(second.changes.every((c) => c.action === 'unchanged')).toBe(true);
  expect(second.snapshotVersion).toBe(first.snapshotVersion);
});

it('refuses inconsistent config with BAD_USER_INPUT and writes nothing', async () => {
  const before = await versionsStored();
  const cases: Array<[unknown, RegExp]> = [
    [
      {
        workspaces: [
          {
            slug: 'new-ws',
            name: 'N',
            routes: [{ alias: 'r', targets: [{ provider: 'ghost', model: 'm' }] }],
          },
        ],
      },
      /no provider named "ghost"/,
    ],
    [
      { workspaces: [{ slug: 'new-ws', name: 'N', keys: [{ name: 'k', allowedRoutes: ['nope'] }] }] },
      /no route "nope"/,
    ],
    [
      {
        workspaces: [
          { slug: 'dup', name: 'A' },
          { slug: 'dup', name: 'B' },
        ],
      },
      /declared twice/,
    ],
    [{ workspaces: [{ slug: 'BAD', name: 'A' }] }, /slug/],
    [
      {
        workspaces: [
          { slug: 'ok', name: 'A', providers: [{ name: 'p', kind: 'nope', baseUrl: 'http://x' }] },
        ],
      },
      /kind/,
    ],
  ];
  for (const [input, message] of cases) {
    const res = await t.gql(APPLY, { input });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(message);
  }
  const slugs = await sql<{ slug: string }>(t.databaseUrl, 'SELECT slug FROM workspaces ORDER BY slug');
  expect(slugs).toEqual([{ slug: 'demo' }]);
  expect(await versionsStored()).toBe(before);
});

it('refuses a fixed secret another key already uses with CONFLICT', async () => {
  const res = await t.gql(APPLY, {
    input: {
      workspaces: [{ slug: 'other', name: 'O', keys: [{ name: 'x', secret: 'sy-test-rotated-0123456789' }] }],
    },
  });
  expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
});
