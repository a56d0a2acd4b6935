import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { createUser, login } from './support/identity';
import { sql } from './support/infra';
import { startTestPlane, type TestPlane } from './support/plane';
import { scimClient, scimFixture, type ScimResponse } from './support/scim-client';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

let t: TestPlane;
let scim: ReturnType<typeof scimClient>;
let tokenId: string;
let secret: string;
let ws1: string;
let ws2: string;

async function workspace(slug: string): Promise<string> {
  return (
    await t.ok<{ createWorkspace: { id: string } }>(
      `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
      { input: { slug, name: slug } },
    )
  ).createWorkspace.id;
}

async function setMapping(group: string, workspaceId: string, role: string) {
  await t.ok(
    `mutation($input: SetGroupRoleMappingInput!) { setGroupRoleMapping(input: $input) { id group workspaceId role } }`,
    { input: { group, workspaceId, role: role.toUpperCase() } },
  );
}

/** The user's memberships as `workspace-slug:role:source`, sorted. */
async function memberships(userId: string): Promise<string[]> {
  const rows = await sql<{ m: string }>(
    t.databaseUrl,
    `SELECT w.slug || ':' || m.role || ':' || m.source AS m FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
     WHERE m.user_id = $1 ORDER BY 1`,
    [userId],
  );
  return rows.map((r) => r.m);
}

function send(
  vendor: 'okta' | 'entra',
  name: string,
  values: Record<string, string> = {},
): Promise<ScimResponse> {
  const request = scimFixture(vendor, name, values);
  return scim(request.method, request.path, request.body);
}

function expectError(res: ScimResponse, status: number, scimType?: string) {
  expect(res.status).toBe(status);
  expect(res.contentType).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [ERROR], status: String(status) });
  expect(typeof res.body.detail).toBe('string');
  if (scimType) expect(res.body.scimType).toBe(scimType);
}

beforeAll(async () => {
  t = await startTestPlane();
  const created = await t.ok<{ createScimToken: { token: { id: string; prefix: string }; secret: string } }>(
    `mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) { token { id prefix } secret } }`,
    { input: { name: 'Okta production' } },
  );
  tokenId = created.createScimToken.token.id;
  secret = created.createScimToken.secret;
  expect(secret.startsWith(created.createScimToken.token.prefix)).toBe(true);
  scim = scimClient(t.plane.graphqlUrl, secret);
  ws1 = await workspace('research');
  ws2 = await workspace('ops');
  await setMapping('Engineering', ws1, 'admin');
  await setMapping('readers', ws1, 'viewer');
  await setMapping('Readers', ws2, 'member');
});

afterAll(async () => {
  await t?.close();
});

describe('SCIM tokens', () => {
  it('stores only a hash and lists the token without its secret', async () => {
    const rows = await sql<{ token_hash: string }>(t.databaseUrl, `SELECT token_hash FROM scim_tokens`);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(secret);
    const res = await t.gql<{ scimTokens: Array<Record<string, unknown>> }>(
      `{ scimTokens { id name prefix createdAt revokedAt } }`,
    );
    expect(res.data?.scimTokens).toEqual([
      expect.objectContaining({ id: tokenId, name: 'Okta production', revokedAt: null }),
    ]);
    expect(res.raw).not.toContain(secret);
  });

  it('refuses requests without a token, with an unknown one, and with a revoked one (401, SCIM error)', async () => {
    expectError(await scimClient(t.plane.graphqlUrl, null)('GET', '/Users'), 401);
    expectError(
      await scimClient(t.plane.graphqlUrl, 'sy-scim-not-a-real-token-000000000')('GET', '/Users'),
      401,
    );
    expectError(await scimClient(t.plane.graphqlUrl, 'test-admin-token-0123456789')('GET', '/Users'), 401);

    const other = await t.ok<{ createScimToken: { token: { id: string }; secret: string } }>(
      `mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) { token { id } secret } }`,
      { input: { name: 'to revoke' } },
    );
    const client = scimClient(t.plane.graphqlUrl, other.createScimToken.secret);
    expect((await client('GET', '/ServiceProviderConfig')).status).toBe(200);
    await t.ok(
      `mutation($input: RevokeScimTokenInput!) { revokeScimToken(input: $input) { id revokedAt } }`,
      {
        input: { id: other.createScimToken.token.id },
      },
    );
    expectError(await client('GET', '/ServiceProviderConfig'), 401);
  });

  it('is managed by installation admins only; unknown tokens are NOT_FOUND', async () => {
    const res = await t.gql(`{ scimTokens { id } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const missing = await t.gql(
      `mutation($input: RevokeScimTokenInput!) { revokeScimToken(input: $input) { id } }`,
      { input: { id: '00000000-0000-4000-8000-000000000000' } },
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'SCIM_TOKEN_NOT_FOUND',
    });
  });
});

describe('SCIM discovery', () => {
  it('serves ServiceProviderConfig, ResourceTypes and Schemas as application/scim+json', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.contentType).toMatch(/^application\/scim\+json/);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = await scim('GET', '/ResourceTypes');
    expect(types.body.schemas).toEqual([LIST]);
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect((await scim('GET', '/ResourceTypes/Group')).body.endpoint).toBe('/Groups');
    const schemas = await scim('GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(2);
    expect((await scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body.name).toBe('User');
    expectError(await scim('GET', '/Schemas/urn:nope'), 404);
  });
});

describe('Okta-shaped provisioning', () => {
  let userId: string;
  let groupId: string;

  it('looks the user up by userName, creates it (201 with Location), and refuses a duplicate (409 uniqueness)', async () => {
    const lookup = await send('okta', 'findUserByUserName');
    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    const created = await send('okta', 'createUser');
    expect(created.status).toBe(201);
    expect(created.contentType).toMatch(/^application\/scim\+json/);
    userId = created.body.id;
    expect(created.location).toBe(created.body.meta.location);
    expect(created.location).toMatch(new RegExp(`/scim/v2/Users/${userId}$`));
    expect(created.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada.lovelace@example.com',
      externalId: '00ujl29u0le5T6Aj10h7',
      displayName: 'Ada Lovelace',
      active: true,
      emails: [{ value: 'ada.lovelace@example.com', primary: true, type: 'work' }],
      groups: [],
      meta: { resourceType: 'User' },
    });
    expect(created.body).not.toHaveProperty('password');
    const [row] = await sql<Record<string, unknown>>(
      t.databaseUrl,
      `SELECT email, display_name, external_id, active, password_hash FROM users WHERE id = $1`,
      [userId],
    );
    expect(row).toEqual({
      email: 'ada.lovelace@example.com',
      display_name: 'Ada Lovelace',
      external_id: '00ujl29u0le5T6Aj10h7',
      active: true,
      password_hash: null,
    });

    expectError(await send('okta', 'createUser'), 409, 'uniqueness');
    const again = await send('okta', 'findUserByUserName');
    expect(again.body.totalResults).toBe(1);
    expect(again.body.Resources[0].id).toBe(userId);
  });

  it('replaces the user with PUT', async () => {
    const res = await send('okta', 'replaceUser', { userId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: userId, displayName: 'Ada King', active: true });
    expect((await scim('GET', `/Users/${userId}`)).body.displayName).toBe('Ada King');
  });

  it('pushes a group; adding the member provisions the mapped role (source scim)', async () => {
    const created = await send('okta', 'createGroup');
    expect(created.status).toBe(201);
    groupId = created.body.id;
    expect(created.body).toMatchObject({ displayName: 'Engineering', members: [] });
    expect(await memberships(userId)).toEqual([]);

    const added = await send('okta', 'addMember', { groupId, userId });
    expect(added.status).toBe(200);
    expect(added.body.members).toEqual([
      expect.objectContaining({ value: userId, display: 'ada.lovelace@example.com' }),
    ]);
    expect(await memberships(userId)).toEqual(['research:admin:scim']);
    expect((await scim('GET', `/Users/${userId}`)).body.groups).toEqual([
      expect.objectContaining({ value: groupId, display: 'Engineering' }),
    ]);
  });

  it('renaming the group to an unmapped name takes the role away; removing the member keeps it away', async () => {
    const renamed = await send('okta', 'renameGroup', { groupId });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('Platform Engineering');
    expect(await memberships(userId)).toEqual([]);

    await setMapping('platform engineering', ws2, 'owner');
    expect(await memberships(userId)).toEqual(['ops:owner:scim']);

    const removed = await send('okta', 'removeMember', { groupId, userId });
    expect(removed.status).toBe(200);
    expect(removed.body.members).toEqual([]);
    expect(await memberships(userId)).toEqual([]);
  });

  it('deactivates with PATCH replace {active: false} and reactivates', async () => {
    const off = await send('okta', 'deactivateUser', { userId });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(
      (await sql<{ active: boolean }>(t.databaseUrl, `SELECT active FROM users WHERE id = $1`, [userId]))[0]
        .active,
    ).toBe(false);
    const inactive = await scim('GET', `/Users?filter=${encodeURIComponent('active eq false')}`);
    expect(inactive.body.Resources.map((u: { id: string }) => u.id)).toEqual([userId]);
    expect((await send('okta', 'reactivateUser', { userId })).body.active).toBe(true);
  });

  it('deletes the group (204), then it is gone (404)', async () => {
    await send('okta', 'addMember', { groupId, userId });
    expect(await memberships(userId)).toEqual(['ops:owner:scim']);
    const res = await send('okta', 'deleteGroup', { groupId });
    expect(res.status).toBe(204);
    expect(await memberships(userId)).toEqual([]);
    expectError(await scim('GET', `/Groups/${groupId}`), 404);
  });
});

describe('Entra-shaped provisioning', () => {
  let userId: string;
  let groupId: string;

  it('creates a user with the enterprise extension and name parts; PATCHes with path forms', async () => {
    expect((await send('entra', 'findUserByUserName')).body.totalResults).toBe(0);
    const created = await send('entra', 'createUser');
    expect(created.status).toBe(201);
    userId = created.body.id;
    expect(created.body).toMatchObject({
      userName: 'grace.hopper@contoso.com',
      displayName: 'Grace Hopper',
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      active: true,
    });
    const patched = await send('entra', 'updateUser', { userId });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Rear Admiral Grace Hopper');
  });

  it('creates a group, finds it by displayName without members, adds and removes members by value', async () => {
    const created = await send('entra', 'createGroup');
    expect(created.status).toBe(201);
    groupId = created.body.id;

    const found = await send('entra', 'findGroupByDisplayName');
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0]).toMatchObject({ id: groupId, displayName: 'Readers' });
    expect(found.body.Resources[0]).not.toHaveProperty('members');

    expect((await send('entra', 'checkMembership', { groupId, userId })).body.totalResults).toBe(0);
    expect((await send('entra', 'addMember', { groupId, userId })).status).toBe(200);
    expect((await send('entra', 'checkMembership', { groupId, userId })).body.totalResults).toBe(1);
    // "readers" → viewer in research and "Readers" → member in ops: names match case-insensitively.
    expect(await memberships(userId)).toEqual(['ops:member:scim', 'research:viewer:scim']);

    expect((await send('entra', 'removeMember', { groupId, userId })).status).toBe(200);
    expect(await memberships(userId)).toEqual([]);
  });

  it('takes the highest role across groups, and leaving one group recomputes it', async () => {
    const eng = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
      members: [{ value: userId }],
    });
    expect(eng.status).toBe(201);
    await send('entra', 'addMember', { groupId, userId });
    expect(await memberships(userId)).toEqual(['ops:member:scim', 'research:admin:scim']);
    await send('entra', 'removeMember', { groupId: eng.body.id, userId });
    expect(await memberships(userId)).toEqual(['ops:member:scim', 'research:viewer:scim']);
  });

  it('recomputes when a mapping changes or is deleted; leaves memberships set by hand alone', async () => {
    await setMapping('Readers', ws2, 'admin');
    expect(await memberships(userId)).toEqual(['ops:admin:scim', 'research:viewer:scim']);
    await sql(
      t.databaseUrl,
      `UPDATE memberships SET source = 'manual', role = 'owner' WHERE user_id = $1 AND workspace_id = $2`,
      [userId, ws1],
    );
    const deleted = await t.gql(
      `mutation($input: DeleteGroupRoleMappingInput!) { deleteGroupRoleMapping(input: $input) { id } }`,
      { input: { group: 'READERS', workspaceId: ws1 } },
    );
    expect(deleted.errors).toBeUndefined();
    expect(await memberships(userId)).toEqual(['ops:admin:scim', 'research:owner:manual']);
    const missing = await t.gql(
      `mutation($input: DeleteGroupRoleMappingInput!) { deleteGroupRoleMapping(input: $input) { id } }`,
      { input: { group: 'READERS', workspaceId: ws1 } },
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'ROLE_MAPPING_NOT_FOUND',
    });
    const list = await t.ok<{ groupRoleMappings: Array<{ group: string; role: string }> }>(
      `{ groupRoleMappings { group workspaceId role } }`,
    );
    expect(list.groupRoleMappings.map((m) => `${m.group}:${m.role.toLowerCase()}`).sort()).toEqual([
      'Engineering:admin',
      'Readers:admin',
      'platform engineering:owner',
    ]);
    await setMapping('readers', ws1, 'viewer');
  });

  it('disables with Replace active "False"; DELETE deactivates and drops group memberships', async () => {
    const off = await send('entra', 'disableUser', { userId });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await memberships(userId)).toEqual(['ops:admin:scim', 'research:owner:manual']);

    const deleted = await send('entra', 'deleteUser', { userId });
    expect(deleted.status).toBe(204);
    const after = await scim('GET', `/Users/${userId}`);
    expect(after.body).toMatchObject({ active: false, groups: [] });
    expect(await memberships(userId)).toEqual(['research:owner:manual']);
  });
});

describe('group roles in the YAML config', () => {
  const APPLY = `mutation($input: ApplyConfigInput!) { applyConfig(input: $input) { changes { kind workspace name action } } }`;

  it('applies groupRoles per workspace idempotently and recomputes provisioned roles', async () => {
    const user = (await scim('POST', '/Users', { userName: 'yaml.user@example.com' })).body.id as string;
    const group = await scim('POST', '/Groups', { displayName: 'Data Science', members: [{ value: user }] });
    expect(group.status).toBe(201);
    expect(await memberships(user)).toEqual([]);

    const yaml = (role: string) => `
workspaces:
  - slug: research
    name: research
    groupRoles:
      - group: data science
        role: ${role}
`;
    const apply = async (role: string) =>
      (
        await t.ok<{ applyConfig: { changes: Array<Record<string, string>> } }>(APPLY, {
          input: parseConfigYaml(yaml(role), {}, 'config.yaml'),
        })
      ).applyConfig.changes.filter((c) => c.kind === 'groupRole');

    expect(await apply('member')).toEqual([
      { kind: 'groupRole', workspace: 'research', name: 'data science', action: 'created' },
    ]);
    expect(await memberships(user)).toEqual(['research:member:scim']);
    expect((await apply('member'))[0].action).toBe('unchanged');
    expect((await apply('owner'))[0].action).toBe('updated');
    expect(await memberships(user)).toEqual(['research:owner:scim']);

    const bad = await t.gql(APPLY, { input: parseConfigYaml(yaml('superuser'), {}, 'config.yaml') });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(() =>
      parseConfigYaml(
        `workspaces: [{slug: a, name: a, groupRoles: [{group: g, role: admin, extra: 1}]}]`,
        {},
        'c.yaml',
      ),
    ).toThrow(/groupRoles\[0\]/);
  });
});

describe('SCIM and password sign-in', () => {
  it('a user deactivated through SCIM can no longer sign in, and their session stops working', async () => {
    const user = await createUser(t, { email: 'local.user@example.com' });
    const token = await login(t, user.email);
    const found = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "LOCAL.USER@example.com"')}`,
    );
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([user.id]);
    const off = await scim('PATCH', `/Users/${user.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(off.body.active).toBe(false);
    await expect(login(t, user.email)).rejects.toThrow(/login failed/);
    const me = await t.gql(`{ me { kind } }`, {}, token);
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('SCIM lists and filters', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const [userName, displayName, externalId] of [
      ['alice@filters.test', 'Alice Anders', 'ext-alice'],
      ['bob@filters.test', 'Bob Brown', 'ext-bob'],
      ['carol@other.test', 'Carol Anders', 'ext-carol'],
    ]) {
      const res = await scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        displayName,
        externalId,
      });
      expect(res.status).toBe(201);
      ids[userName] = res.body.id;
    }
  });

  async function userNames(filter: string, extra = ''): Promise<string[]> {
    const res = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}${extra}`);
    expect(res.status).toBe(200);
    return res.body.Resources.map((u: { userName: string }) => u.userName).sort();
  }

  it('filters by userName (case-insensitive), externalId, emails.value and displayName eq/co/sw', async () => {
    expect(await userNames('userName eq "ALICE@filters.test"')).toEqual(['alice@filters.test']);
    expect(await userNames('externalId eq "ext-bob"')).toEqual(['bob@filters.test']);
    expect(await userNames('externalId eq "EXT-BOB"')).toEqual([]);
    expect(await userNames('emails.value eq "carol@other.test"')).toEqual(['carol@other.test']);
    expect(await userNames('emails[type eq "work" and value eq "carol@other.test"]')).toEqual([
      'carol@other.test',
    ]);
    expect(await userNames('displayName eq "bob brown"')).toEqual(['bob@filters.test']);
    expect(await userNames('displayName co "anders"')).toEqual(['alice@filters.test', 'carol@other.test']);
    expect(await userNames('displayName sw "Car"')).toEqual(['carol@other.test']);
    expect(await userNames('userName ew "@filters.test"')).toEqual([
      'alice@filters.test',
      'bob@filters.test',
    ]);
    expect(await userNames('displayName co "%"')).toEqual([]);
  });

  it('combines with and/or/not and parentheses (and binds tighter than or)', async () => {
    expect(await userNames('displayName co "Anders" and userName sw "carol"')).toEqual(['carol@other.test']);
    expect(await userNames('userName eq "alice@filters.test" or externalId eq "ext-bob"')).toEqual([
      'alice@filters.test',
      'bob@filters.test',
    ]);
    expect(
      await userNames(
        'userName eq "bob@filters.test" or displayName co "Anders" and userName ew "other.test"',
      ),
    ).toEqual(['bob@filters.test', 'carol@other.test']);
    expect(
      await userNames(
        '(userName eq "bob@filters.test" or displayName co "Anders") and userName ew "filters.test"',
      ),
    ).toEqual(['alice@filters.test', 'bob@filters.test']);
    expect(await userNames('userName ew "filters.test" and not (displayName sw "Bob")')).toEqual([
      'alice@filters.test',
    ]);
    expect(await userNames('externalId pr and userName ew ".test"')).toHaveLength(3);
  });

  it('pages with startIndex and count (1-based, totalResults the whole match)', async () => {
    const filter = encodeURIComponent('userName ew ".test"');
    const page1 = await scim('GET', `/Users?filter=${filter}&startIndex=1&count=2`);
    expect(page1.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    const page2 = await scim('GET', `/Users?filter=${filter}&startIndex=3&count=2`);
    expect(page2.body).toMatchObject({ totalResults: 3, startIndex: 3, itemsPerPage: 1 });
    const all = [...page1.body.Resources, ...page2.body.Resources].map((u: { id: string }) => u.id);
    expect(new Set(all).size).toBe(3);
    const none = await scim('GET', `/Users?filter=${filter}&count=0`);
    expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    expectError(await scim('GET', `/Users?count=lots`), 400, 'invalidValue');
  });

  it('answers bad filters with 400 invalidFilter', async () => {
    for (const filter of [
      'userName eq',
      'userName zz "a"',
      'nickName eq "a"',
      'userName eq "unterminated',
      '(userName eq "a"',
      'active eq "yes"',
      'userName eq "a" extra',
      'meta.created gt "not a date"',
    ]) {
      expectError(await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
    }
    expect(await userNames(`meta.created gt "2000-01-01T00:00:00Z" and userName sw "alice"`)).toEqual([
      'alice@filters.test',
    ]);
  });

  it('filters groups by displayName and members', async () => {
    const g = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Filter Group',
      externalId: 'grp-1',
      members: [{ value: ids['alice@filters.test'] }],
    });
    expect(g.status).toBe(201);
    const byName = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "filter group"')}`);
    expect(byName.body.Resources.map((r: { id: string }) => r.id)).toEqual([g.body.id]);
    const byMember = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`members eq "${ids['bob@filters.test']}"`)}`,
    );
    expect(byMember.body.totalResults).toBe(0);
    expectError(await scim('POST', '/Groups', { displayName: 'FILTER GROUP' }), 409, 'uniqueness');
  });
});

describe('SCIM bad requests', () => {
  it('a body that is not JSON and an unknown path answer in the SCIM error shape too', async () => {
    const url = t.plane.graphqlUrl.replace(/\/graphql$/, '/scim/v2');
    const broken = await fetch(`${url}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
      body: '{"userName": ',
    });
    expectError(
      {
        status: broken.status,
        contentType: broken.headers.get('content-type'),
        location: null,
        body: await broken.json(),
      },
      400,
      'invalidSyntax',
    );
    expectError(await scim('GET', '/Nope'), 404);
  });

  it('404 for unknown or malformed ids', async () => {
    expectError(await scim('GET', '/Users/00000000-0000-4000-8000-000000000000'), 404);
    expectError(await scim('GET', '/Users/not-an-id'), 404);
    expectError(
      await scim('PATCH', '/Groups/00000000-0000-4000-8000-000000000000', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [] }],
      }),
      404,
    );
    expectError(await scim('DELETE', '/Users/00000000-0000-4000-8000-000000000000'), 404);
  });

  it('400 invalidValue for missing or wrong attributes, invalidSyntax for broken PATCH messages', async () => {
    expectError(
      await scim('POST', '/Users', { schemas: [], displayName: 'No userName' }),
      400,
      'invalidValue',
    );
    expectError(await scim('POST', '/Users', { userName: 'not-an-email' }), 400, 'invalidValue');
    expectError(await scim('POST', '/Users', { userName: 'x@y.test', active: 'maybe' }), 400, 'invalidValue');
    expectError(await scim('POST', '/Groups', { members: [] }), 400, 'invalidValue');
    expectError(
      await scim('POST', '/Groups', {
        displayName: 'Ghosts',
        members: [{ value: '00000000-0000-4000-8000-000000000000' }],
      }),
      400,
      'invalidValue',
    );
    const user = (await scim('POST', '/Users', { userName: 'patchy@bad.test' })).body.id as string;
    expectError(
      await scim('PATCH', `/Users/${user}`, { Operations: [{ op: 'frobnicate', value: {} }] }),
      400,
      'invalidSyntax',
    );
    expectError(await scim('PATCH', `/Users/${user}`, { Operations: [] }), 400, 'invalidSyntax');
    expectError(
      await scim('PATCH', `/Users/${user}`, {
        Operations: [{ op: 'replace', path: 'active', value: 'perhaps' }],
      }),
      400,
      'invalidValue',
    );
    expect(
      (
        await scim('PATCH', `/Users/${user}`, {
          Operations: [{ op: 'replace', path: 'userName', value: 'alice@filters.test' }],
        })
      ).status,
    ).toBe(409);
  });
});
