import type { Snapshot } from '@switchyard/proto';
import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { eventually, randomSuffix, readKvSnapshot, withNats } from './support/infra';
import { APPLY_CONFIG, startTestPlane, type TestPlane } from './support/plane';
import { createRoutedWorkspace } from './support/routed-workspace';

const LIMIT = 'id workspaceId scope keyId routeId requestsPerWindow tokensPerWindow windowSeconds concurrent';
const SET = `mutation($input: SetRateLimitInput!) { setRateLimit(input: $input) { ${LIMIT} } }`;
const DELETE = `mutation($input: DeleteRateLimitInput!) { deleteRateLimit(input: $input) { id } }`;
const LIST = `query($workspaceId: ID!) { rateLimits(workspaceId: $workspaceId) { ${LIMIT} } }`;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const SUBJECT = `sy-test.cp-${randomSuffix()}`;

let t: TestPlane;
let workspaceId: string;
let keyId: string;
let routeId: string;

function reason(res: { errors?: Array<{ extensions?: { code?: string; reason?: string } }> }) {
  return `${res.errors?.[0]?.extensions?.code}/${res.errors?.[0]?.extensions?.reason}`;
}

async function latestSnapshot(): Promise<Snapshot> {
  return JSON.parse((await readKvSnapshot(t.bucket))!.toString()) as Snapshot;
}

beforeAll(async () => {
  t = await startTestPlane({ SWITCHYARD_RATE_LIMIT_SUBJECT: SUBJECT });
  ({ workspaceId, routeId, keyId } = await createRoutedWorkspace(t, 'limited', 'Limited'));
});

afterAll(async () => {
  await t?.close();
});

describe('rate limits in GraphQL', () => {
  it('sets limits on the workspace, a key and a route, lists them and publishes them', async () => {
    const ws = await t.ok<{ setRateLimit: Record<string, unknown> }>(SET, {
      input: { workspaceId, requestsPerWindow: 600, tokensPerWindow: 1_000_000 },
    });
    expect(ws.setRateLimit).toMatchObject({
      scope: 'workspace',
      keyId: null,
      routeId: null,
      requestsPerWindow: 600,
      tokensPerWindow: 1_000_000,
      windowSeconds: 60,
      concurrent: null,
    });
    await t.ok(SET, { input: { workspaceId, keyId, requestsPerWindow: 10, windowSeconds: 10 } });
    await t.ok(SET, { input: { workspaceId, routeId, concurrent: 4 } });

    const { rateLimits } = await t.ok<{ rateLimits: Array<Record<string, unknown>> }>(LIST, { workspaceId });
    expect(rateLimits.map((l) => l.scope)).toEqual(['workspace', 'key', 'route']);

    const snapshot = await latestSnapshot();
    expect(snapshot.content.rateLimits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyId, routeId: null, requestsPerWindow: 10, windowSeconds: 10 }),
        expect.objectContaining({ keyId: null, routeId, concurrent: 4, requestsPerWindow: null }),
        expect.objectContaining({ keyId: null, routeId: null, tokensPerWindow: 1_000_000 }),
      ]),
    );
  });

  it('shows how full each limit is from the counts nodes exchange on NATS', async () => {
    const { rateLimits } = await t.ok<{
      rateLimits: Array<{ id: string; scope: string; windowSeconds: number }>;
    }>(LIST, { workspaceId });
    const key = rateLimits.find((l) => l.scope === 'workspace')!;
    const USAGE = `query($workspaceId: ID!) { rateLimits(workspaceId: $workspaceId) { id usage { requests tokens inFlight nodes } } }`;
    const before = await t.ok<{ rateLimits: Array<{ id: string; usage: unknown }> }>(USAGE, { workspaceId });
    expect(before.rateLimits.every((l) => l.usage === null)).toBe(true);

    // Two nodes report the workspace limit's counts (as data-plane nodes do every 100 ms), in the current window.
    const report = (node: string, requests: number, inFlight: number) => {
      const window = Math.floor(Date.now() / (key.windowSeconds * 1000));
      const counter = [`${key.id}/${key.windowSeconds}`, window, requests, 0, requests * 10, 0, inFlight];
      return JSON.stringify({ node, round: 1, counters: [counter] });
    };
    const usage = await eventually(async () => {
      await withNats(async (nc) => {
        nc.publish(`${SUBJECT}.counts`, report('node-a', 3, 1));
        nc.publish(`${SUBJECT}.counts`, report('node-b', 4, 0));
        nc.publish(`${SUBJECT}.counts`, 'not a report');
        await nc.flush();
      });
      const { rateLimits: now } = await t.ok<{
        rateLimits: Array<{ id: string; usage: { nodes: number } | null }>;
      }>(USAGE, { workspaceId });
      const u = now.find((l) => l.id === key.id)!.usage as { nodes: number; requests: number } | null;
      // (Published again should a window end in between.)
      return u?.nodes === 2 && u.requests === 7 ? u : undefined;
    });
    expect(usage).toEqual({ requests: 7, tokens: 70, inFlight: 1, nodes: 2 });
  });

  it('replaces a limit when set again, and publishes nothing new when it is unchanged', async () => {
    const first = await t.ok<{ setRateLimit: { id: string } }>(SET, {
      input: { workspaceId, keyId, tokensPerWindow: 5000 },
    });
    const { rateLimits } = await t.ok<{ rateLimits: Array<{ id: string; scope: string }> }>(LIST, {
      workspaceId,
    });
    expect(rateLimits.filter((l) => l.scope === 'key')).toEqual([
      expect.objectContaining({ id: first.setRateLimit.id }),
    ]);
    const version = (await latestSnapshot()).version;
    const again = await t.ok<{ setRateLimit: Record<string, unknown> }>(SET, {
      input: { workspaceId, keyId, tokensPerWindow: 5000 },
    });
    expect(again.setRateLimit).toMatchObject({
      requestsPerWindow: null,
      tokensPerWindow: 5000,
      windowSeconds: 60,
    });
    expect((await latestSnapshot()).version).toBe(version);
  });

  it('refuses limits that limit nothing, name both a key and a route, or name what the workspace lacks', async () => {
    expect(reason(await t.gql(SET, { input: { workspaceId, keyId } }))).toBe(
      'BAD_USER_INPUT/RATE_LIMIT_INVALID',
    );
    expect(reason(await t.gql(SET, { input: { workspaceId, keyId, routeId, concurrent: 1 } }))).toBe(
      'BAD_USER_INPUT/RATE_LIMIT_INVALID',
    );
    expect(reason(await t.gql(SET, { input: { workspaceId, keyId: UNKNOWN_ID, concurrent: 1 } }))).toBe(
      'BAD_USER_INPUT/RATE_LIMIT_INVALID',
    );
    expect(reason(await t.gql(SET, { input: { workspaceId, routeId: UNKNOWN_ID, concurrent: 1 } }))).toBe(
      'BAD_USER_INPUT/RATE_LIMIT_INVALID',
    );
    const zero = await t.gql(SET, { input: { workspaceId, requestsPerWindow: 0 } });
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const window = await t.gql(SET, { input: { workspaceId, requestsPerWindow: 1, windowSeconds: 86_401 } });
    expect(window.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(reason(await t.gql(SET, { input: { workspaceId: UNKNOWN_ID, concurrent: 1 } }))).toBe(
      'NOT_FOUND/WORKSPACE_NOT_FOUND',
    );
  });

  it('deletes a limit by workspace and id, and leaves out limits of revoked keys', async () => {
    const { rateLimits } = await t.ok<{ rateLimits: Array<{ id: string; scope: string }> }>(LIST, {
      workspaceId,
    });
    const route = rateLimits.find((l) => l.scope === 'route')!;
    const otherWs = (
      await t.ok<{ createWorkspace: { id: string } }>(
        `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
        { input: { slug: 'other', name: 'Other' } },
      )
    ).createWorkspace.id;
    expect(reason(await t.gql(DELETE, { input: { workspaceId: otherWs, id: route.id } }))).toBe(
      'NOT_FOUND/RATE_LIMIT_NOT_FOUND',
    );
    await t.ok(DELETE, { input: { workspaceId, id: route.id } });
    expect((await latestSnapshot()).content.rateLimits!.some((l) => l.routeId === routeId)).toBe(false);

    await t.ok(`mutation($input: RevokeVirtualKeyInput!) { revokeVirtualKey(input: $input) { id } }`, {
      input: { workspaceId, id: keyId },
    });
    expect((await latestSnapshot()).content.rateLimits!.some((l) => l.keyId === keyId)).toBe(false);
  });
});

describe('rate limits in YAML (applyConfig)', () => {
  const yaml = (limits: string) => `
workspaces:
  - slug: yaml-limits
    name: YAML limits
    providers:
      - { name: p, kind: openai, baseUrl: http://127.0.0.1:9001/v1, apiKey: sk-y }
    routes:
      - alias: fast
        targets: [{ provider: p, model: m }]
    keys:
      - { name: ci, secret: sy-yaml-limits-0123456789abcdef }
    rateLimits:
${limits}
`;
  type Applied = {
    applyConfig: { changes: { kind: string; name: string; action: string }[]; snapshotVersion: number };
  };
  const apply = (text: string) => t.ok<Applied>(APPLY_CONFIG, { input: parseConfigYaml(text, {}) });
  const limitChanges = (r: Applied) =>
    r.applyConfig.changes.filter((c) => c.kind === 'rate-limit').map((c) => `${c.name} ${c.action}`);

  it('creates the declared limits, then changes nothing on a second apply', async () => {
    const text = yaml(`      - { requestsPerWindow: 1000, tokensPerWindow: 200000 }
      - { key: ci, requestsPerWindow: 60, windowSeconds: 10 }
      - { route: fast, concurrent: 8 }`);
    const first = await apply(text);
    expect(limitChanges(first)).toEqual(['workspace created', 'key:ci created', 'route:fast created']);
    const snapshot = await latestSnapshot();
    const ws = snapshot.content.workspaces.find((w) => w.slug === 'yaml-limits')!;
    expect(snapshot.content.rateLimits!.filter((l) => l.workspaceId === ws.id)).toHaveLength(3);
    const again = await apply(text);
    expect(again.applyConfig.snapshotVersion).toBe(first.applyConfig.snapshotVersion);
    expect(limitChanges(again).every((c) => c.endsWith('unchanged'))).toBe(true);
  });

  it('treats the list as the whole set, and refuses bad limits and unknown names', async () => {
    const changed = await apply(yaml(`      - { key: ci, requestsPerWindow: 30, windowSeconds: 10 }`));
    expect(limitChanges(changed)).toEqual([
      'key:ci updated',
      expect.stringMatching(/^removed:.* updated$/),
      expect.stringMatching(/^removed:.* updated$/),
    ]);
    const nothing = await t.gql(APPLY_CONFIG, { input: parseConfigYaml(yaml(`      - { key: ci }`), {}) });
    expect(nothing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(nothing.errors?.[0].message).toMatch(/rateLimits\[key:ci\]: A rate limit needs/);
    const unknown = await t.gql(APPLY_CONFIG, {
      input: parseConfigYaml(yaml(`      - { route: nowhere, concurrent: 1 }`), {}),
    });
    expect(unknown.errors?.[0].message).toMatch(/rateLimits: no route "nowhere"/);
    const twice = await t.gql(APPLY_CONFIG, {
      input: parseConfigYaml(yaml(`      - { concurrent: 1 }\n      - { requestsPerWindow: 2 }`), {}),
    });
    expect(twice.errors?.[0].message).toMatch(/the rate limit of the workspace is declared twice/);
    expect(() => parseConfigYaml(yaml(`      - { key: ci, rpm: 1 }`), {})).toThrow(/unknown field "rpm"/);
  });
});
