import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { createUser, login } from './support/identity';
import { sql } from './support/infra';
import type { TestPlane } from './support/plane';
import { expectScimError, SCIM_LIST, startScimPlane, type ScimPlane } from './support/scim-plane';

// Users and groups provisioned the way Okta and Entra do it, the roles their group mappings
// give (also from the YAML config), and what deactivation does to password sign-in.

let t: TestPlane;
let scim: ScimPlane['scim'];
let ws1: string;
let ws2: string;
let send: ScimPlane['send'];
let setMapping: ScimPlane['setMapping'];
let memberships: ScimPlane['memberships'];

beforeAll(async () => {
  ({ t, scim, ws1, ws2, send, setMapping, memberships } = await startScimPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('Okta-shaped provisioning', () => {
  let userId: string;
  let groupId: string;

  it('looks the user up by userName, creates it (201 with Location), and refuses a duplicate (409 uniqueness)', async () => {
    const lookup = await send('okta', 'findUserByUserName');
    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({
      schemas: [SCIM_LIST],
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

    expectScimError(await send('okta', 'createUser'), 409, 'uniqueness');
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
    expectScimError(await scim('GET', `/Groups/${groupId}`), 404);
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
