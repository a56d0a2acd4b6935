import { openSecret, type Snapshot } from '@switchyard/proto';
import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { readKvSnapshot, sql } from './support/infra';
import { APPLY_CONFIG, SNAPSHOT_KEY, startTestPlane, type TestPlane } from './support/plane';

const SERVER =
  'id workspaceId slug name url transport authType headerNames oauthTokenUrl createdAt updatedAt';
const ACCESS = 'workspaceId keyId serverId allowTools denyTools';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const BEARER = 'mcp-upstream-bearer-secret';
const CLIENT_SECRET = 'oauth-client-secret-value';

let t: TestPlane;
let workspaceId: string;
let keyId: string;

beforeAll(async () => {
  t = await startTestPlane();
  workspaceId = (
    await t.ok<{ createWorkspace: { id: string } }>(
      `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
      { input: { slug: 'tools', name: 'Tools' } },
    )
  ).createWorkspace.id;
  keyId = (
    await t.ok<{ createVirtualKey: { key: { id: string } } }>(
      `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key { id } } }`,
      { input: { workspaceId, name: 'agent' } },
    )
  ).createVirtualKey.key.id;
});

afterAll(async () => {
  await t?.close();
});

const CREATE = `mutation($input: CreateMcpServerInput!) { createMcpServer(input: $input) { ${SERVER} } }`;
const UPDATE = `mutation($input: UpdateMcpServerInput!) { updateMcpServer(input: $input) { ${SERVER} } }`;
const SET_ACCESS = `mutation($input: SetMcpAccessInput!) { setMcpAccess(input: $input) { ${ACCESS} } }`;

function reason(res: { errors?: Array<{ extensions?: { code?: string; reason?: string } }> }) {
  return `${res.errors?.[0]?.extensions?.code}/${res.errors?.[0]?.extensions?.reason}`;
}

async function latestSnapshot(): Promise<Snapshot> {
  return JSON.parse((await readKvSnapshot(t.bucket))!.toString()) as Snapshot;
}

describe('MCP servers in GraphQL', () => {
  let serverId: string;

  it('registers a server with write-only credentials, sealed at rest and for the data plane', async () => {
    const { createMcpServer: s } = await t.ok<{ createMcpServer: Record<string, unknown> }>(CREATE, {
      input: {
        workspaceId,
        slug: 'weather',
        name: 'Weather',
        url: 'http://127.0.0.1:9100/mcp',
        auth: { bearerToken: BEARER, headers: [{ name: 'X-Tenant', value: 'acme-secret-tenant' }] },
      },
    });
    serverId = s.id as string;
    expect(s).toMatchObject({
      slug: 'weather',
      transport: 'streamable-http',
      authType: 'bearer',
      headerNames: ['x-tenant'],
      oauthTokenUrl: null,
    });
    const listed = await t.gql(`query($w: ID!) { mcpServers(workspaceId: $w) { ${SERVER} } }`, {
      w: workspaceId,
    });
    expect(listed.raw).not.toContain(BEARER);
    expect(listed.raw).not.toContain('acme-secret-tenant');
    const [row] = await sql<{ credentials_sealed: string }>(
      t.databaseUrl,
      'SELECT credentials_sealed FROM mcp_servers WHERE id = $1',
      [serverId],
    );
    expect(row.credentials_sealed).toMatch(/^sy1:/);
    expect(row.credentials_sealed).not.toContain(BEARER);

    const snapshot = await latestSnapshot();
    const inSnapshot = snapshot.content.mcpServers!.find((m) => m.id === serverId)!;
    expect(JSON.stringify(snapshot)).not.toContain(BEARER);
    expect(
      JSON.parse(openSecret(Buffer.from(SNAPSHOT_KEY, 'hex'), serverId, inSnapshot.credentials!)),
    ).toEqual({ bearerToken: BEARER, headers: { 'x-tenant': 'acme-secret-tenant' } });
  });

  it('switches to OAuth client credentials and to the legacy SSE transport', async () => {
    const { updateMcpServer: s } = await t.ok<{ updateMcpServer: Record<string, unknown> }>(UPDATE, {
      input: {
        workspaceId,
        id: serverId,
        transport: 'sse',
        auth: {
          oauth: {
            tokenUrl: 'http://127.0.0.1:9200/token',
            clientId: 'switchyard',
            clientSecret: CLIENT_SECRET,
            scope: 'tools',
          },
        },
      },
    });
    expect(s).toMatchObject({
      transport: 'sse',
      authType: 'oauth',
      oauthTokenUrl: 'http://127.0.0.1:9200/token',
      headerNames: [],
    });
    const { updateMcpServer: kept } = await t.ok<{ updateMcpServer: Record<string, unknown> }>(UPDATE, {
      input: { workspaceId, id: serverId, name: 'Weather API' },
    });
    expect(kept).toMatchObject({ name: 'Weather API', authType: 'oauth' });
    expect(JSON.stringify(await latestSnapshot())).not.toContain(CLIENT_SECRET);
  });

  it('grants a key access with tool globs, compiled into the snapshot', async () => {
    const { setMcpAccess } = await t.ok<{ setMcpAccess: Record<string, unknown> }>(SET_ACCESS, {
      input: {
        workspaceId,
        keyId,
        serverId,
        allowTools: ['get_*', 'forecast', 'forecast'],
        denyTools: ['*_admin'],
      },
    });
    expect(setMcpAccess).toEqual({
      workspaceId,
      keyId,
      serverId,
      allowTools: ['forecast', 'get_*'],
      denyTools: ['*_admin'],
    });
    expect((await latestSnapshot()).content.mcpAccess).toEqual([
      { keyId, serverId, allowTools: ['forecast', 'get_*'], denyTools: ['*_admin'] },
    ]);
    const listed = await t.ok<{ mcpAccess: unknown[] }>(
      `query($w: ID!, $k: ID) { mcpAccess(workspaceId: $w, keyId: $k) { ${ACCESS} } }`,
      { w: workspaceId, k: keyId },
    );
    expect(listed.mcpAccess).toHaveLength(1);
  });

  it('refuses bad input with stable codes', async () => {
    const base = { workspaceId, slug: 'other', name: 'Other', url: 'http://127.0.0.1:9101/mcp' };
    expect(reason(await t.gql(CREATE, { input: { ...base, slug: 'weather' } }))).toBe(
      'CONFLICT/MCP_SERVER_SLUG_TAKEN',
    );
    expect(reason(await t.gql(CREATE, { input: { ...base, slug: 'Bad__Slug' } }))).toBe(
      'BAD_USER_INPUT/INVALID_INPUT',
    );
    expect(reason(await t.gql(CREATE, { input: { ...base, transport: 'websocket' } }))).toBe(
      'BAD_USER_INPUT/INVALID_INPUT',
    );
    expect(reason(await t.gql(CREATE, { input: { ...base, url: 'ftp://x' } }))).toBe(
      'BAD_USER_INPUT/INVALID_INPUT',
    );
    const both = {
      bearerToken: 'a-token',
      oauth: { tokenUrl: 'http://127.0.0.1:1/t', clientId: 'c', clientSecret: 's' },
    };
    expect(reason(await t.gql(CREATE, { input: { ...base, auth: both } }))).toBe(
      'BAD_USER_INPUT/MCP_SERVER_INVALID_CREDENTIALS',
    );
    const reserved = { headers: [{ name: 'Mcp-Session-Id', value: 'x' }] };
    expect(reason(await t.gql(CREATE, { input: { ...base, auth: reserved } }))).toBe(
      'BAD_USER_INPUT/MCP_SERVER_INVALID_CREDENTIALS',
    );
    expect(reason(await t.gql(CREATE, { input: { ...base, workspaceId: UNKNOWN_ID } }))).toBe(
      'NOT_FOUND/WORKSPACE_NOT_FOUND',
    );
    expect(reason(await t.gql(UPDATE, { input: { workspaceId, id: UNKNOWN_ID, name: 'x' } }))).toBe(
      'NOT_FOUND/MCP_SERVER_NOT_FOUND',
    );
    expect(reason(await t.gql(SET_ACCESS, { input: { workspaceId, keyId: UNKNOWN_ID, serverId } }))).toBe(
      'BAD_USER_INPUT/MCP_ACCESS_UNKNOWN_KEY',
    );
    expect(reason(await t.gql(SET_ACCESS, { input: { workspaceId, keyId, serverId: UNKNOWN_ID } }))).toBe(
      'NOT_FOUND/MCP_SERVER_NOT_FOUND',
    );
    expect(
      reason(await t.gql(SET_ACCESS, { input: { workspaceId, keyId, serverId, allowTools: ['has space'] } })),
    ).toBe('BAD_USER_INPUT/INVALID_INPUT');
    const remove = `mutation($input: RemoveMcpAccessInput!) { removeMcpAccess(input: $input) { keyId } }`;
    expect(reason(await t.gql(remove, { input: { workspaceId, keyId: UNKNOWN_ID, serverId } }))).toBe(
      'NOT_FOUND/MCP_ACCESS_NOT_FOUND',
    );
  });

  it('drops access of a revoked key from the snapshot, and access with the server', async () => {
    await t.ok(`mutation($input: RevokeVirtualKeyInput!) { revokeVirtualKey(input: $input) { id } }`, {
      input: { workspaceId, id: keyId },
    });
    expect((await latestSnapshot()).content.mcpAccess).toBeUndefined();
    await t.ok(`mutation($input: DeleteMcpServerInput!) { deleteMcpServer(input: $input) { id } }`, {
      input: { workspaceId, id: serverId },
    });
    const snapshot = await latestSnapshot();
    expect(snapshot.content.mcpServers).toBeUndefined();
    expect(await sql(t.databaseUrl, 'SELECT * FROM mcp_access')).toEqual([]);
  });
});

describe('MCP servers in declarative config', () => {
  const YAML = `
workspaces:
  - slug: agents
    name: Agents
    keys:
      - name: bot
        secret: sy-test-mcp-0123456789abcdef
    mcpServers:
      - slug: search
        name: Search
        url: http://127.0.0.1:9300/mcp
        bearerToken: \${SEARCH_TOKEN}
        headers:
          X-Team: platform
        access:
          - key: bot
            allowTools: ["web_*"]
            denyTools: [web_admin]
      - slug: legacy
        name: Legacy
        url: http://127.0.0.1:9301/sse
        transport: sse
`;
  type Result = { changes: Array<{ kind: string; name: string; action: string }>; snapshotVersion: number };
  const apply = async (env: NodeJS.ProcessEnv) =>
    (await t.ok<{ applyConfig: Result }>(APPLY_CONFIG, { input: parseConfigYaml(YAML, env) })).applyConfig;
  const actions = (r: Result) =>
    r.changes.filter((c) => c.kind.startsWith('mcp')).map((c) => `${c.kind}:${c.name}:${c.action}`);

  it('creates servers and access, then changes nothing when applied again', async () => {
    const first = await apply({ SEARCH_TOKEN: 'search-secret-1' });
    expect(actions(first)).toEqual([
      'mcp-server:search:created',
      'mcp-access:search/bot:created',
      'mcp-server:legacy:created',
    ]);
    const again = await apply({ SEARCH_TOKEN: 'search-secret-1' });
    expect(actions(again).every((a) => a.endsWith(':unchanged'))).toBe(true);
    expect(again.snapshotVersion).toBe(first.snapshotVersion);
    const rotated = await apply({ SEARCH_TOKEN: 'search-secret-2' });
    expect(actions(rotated)).toContain('mcp-server:search:updated');
    expect(rotated.snapshotVersion).toBeGreaterThan(first.snapshotVersion);
    const snapshot = await latestSnapshot();
    expect(snapshot.content.mcpServers!.map((s) => `${s.slug}:${s.transport}`).sort()).toEqual([
      'legacy:sse',
      'search:streamable-http',
    ]);
    expect(snapshot.content.mcpAccess).toEqual([
      expect.objectContaining({ allowTools: ['web_*'], denyTools: ['web_admin'] }),
    ]);
  });

  it('refuses access for a key the workspace does not have, and a server declared twice', async () => {
    const bad = parseConfigYaml(YAML.replace('- key: bot', '- key: nobody'), { SEARCH_TOKEN: 'x' });
    const res = await t.gql(APPLY_CONFIG, { input: bad });
    expect(reason(res)).toBe('BAD_USER_INPUT/CONFIG_INVALID');
    expect(res.errors![0].message).toContain('no key named "nobody"');
    const twice = parseConfigYaml(YAML, { SEARCH_TOKEN: 'x' });
    twice.workspaces[0].mcpServers!.push({ ...twice.workspaces[0].mcpServers![0] });
    expect(reason(await t.gql(APPLY_CONFIG, { input: twice }))).toBe('BAD_USER_INPUT/CONFIG_INVALID');
    expect(() =>
      parseConfigYaml(YAML.replace('transport: sse', 'transprt: sse'), { SEARCH_TOKEN: 'x' }),
    ).toThrow(/unknown field "transprt"/);
  });
});
