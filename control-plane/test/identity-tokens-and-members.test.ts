import { sql } from './support/infra';
import {
  ME,
  addMember,
  createApiToken,
  createUser,
  createWorkspace,
  login,
  memberSession,
  roleEnum,
  type Me,
} from './support/identity';
import { ADMIN_TOKEN, errorOf, startTestPlane, type TestPlane } from './support/plane';

// Workspace API tokens (never more than their creator) and memberships (who may change whose role).

let t: TestPlane;

beforeAll(async () => {
  t = await startTestPlane();
});

afterAll(async () => {
  await t?.close();
});

describe('API tokens', () => {
  it('returns the secret once, stores only its hash, lists and revokes it', async () => {
    const ws = await createWorkspace(t);
    const res = await t.ok<{
      createApiToken: {
        secret: string;
        token: { id: string; prefix: string; role: string; createdBy: string };
      };
    }>(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { id prefix role createdBy } } }`,
      { input: { workspaceId: ws, name: 'ci', role: 'VIEWER' } },
    );
    const { secret, token } = res.createApiToken;
    expect(secret).toMatch(/^sya_[A-Za-z0-9]{40}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(token).toMatchObject({ role: 'VIEWER', createdBy: 'bootstrap-admin' });
    const rows = await sql<{ token_hash: string }>(t.databaseUrl, `SELECT * FROM api_tokens WHERE id = $1`, [
      token.id,
    ]);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await t.gql<Me>(ME, {}, secret);
    expect(me.data?.me).toMatchObject({ kind: 'api-token', installationAdmin: false, user: null });
    expect(me.data?.me.memberships).toEqual([expect.objectContaining({ workspaceId: ws, role: 'VIEWER' })]);
    // A viewer token reads but does not write.
    expect(
      (await t.gql(`query($w: ID!) { routes(workspaceId: $w) { id } }`, { w: ws }, secret)).errors,
    ).toBeUndefined();
    const write = await t.gql(
      `mutation($w: ID!) { updateWorkspace(input: {id: $w, name: "renamed"}) { id } }`,
      { w: ws },
      secret,
    );
    expect(errorOf(write)).toEqual({ code: 'FORBIDDEN', reason: 'AUTH_FORBIDDEN' });

    const list = await t.ok<{ apiTokens: Array<{ id: string; lastUsedAt: string | null }> }>(
      `query($w: ID!) { apiTokens(workspaceId: $w) { id lastUsedAt } }`,
      { w: ws },
    );
    expect(list.apiTokens).toEqual([{ id: token.id, lastUsedAt: expect.any(String) }]);
    expect(JSON.stringify(list)).not.toContain(secret);

    const dup = await t.gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { workspaceId: ws, name: 'ci', role: 'VIEWER' } },
    );
    expect(errorOf(dup)).toEqual({ code: 'CONFLICT', reason: 'API_TOKEN_NAME_TAKEN' });

    const revoke = `mutation($w: ID!, $id: ID!) { revokeApiToken(input: {workspaceId: $w, id: $id}) { revokedAt } }`;
    expect(
      (await t.ok<{ revokeApiToken: { revokedAt: string } }>(revoke, { w: ws, id: token.id })).revokeApiToken
        .revokedAt,
    ).toBeTruthy();
    expect(errorOf(await t.gql(ME, {}, secret))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const other = await createWorkspace(t);
    expect(errorOf(await t.gql(revoke, { w: other, id: token.id }))).toEqual({
      code: 'NOT_FOUND',
      reason: 'API_TOKEN_NOT_FOUND',
    });
  });

  it('refuses an expired token and an expiry in the past', async () => {
    const ws = await createWorkspace(t);
    const past = await t.gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { workspaceId: ws, name: 'old', role: 'VIEWER', expiresAt: '2020-01-01T00:00:00Z' } },
    );
    expect(errorOf(past)).toEqual({ code: 'BAD_USER_INPUT', reason: 'API_TOKEN_INVALID_EXPIRY' });
    const secret = await createApiToken(t, ws, 'viewer', ADMIN_TOKEN, {
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect((await t.gql(ME, {}, secret)).errors).toBeUndefined();
    await sql(
      t.databaseUrl,
      `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE workspace_id = $1`,
      [ws],
    );
    expect(errorOf(await t.gql(ME, {}, secret))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never holds more than its creator: not at creation, and not after the creator is demoted or removed', async () => {
    const ws = await createWorkspace(t);
    const admin = await createUser(t);
    await addMember(t, ws, admin.email, 'admin');
    const session = await login(t, admin.email);
    const tooStrong = await t.gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { workspaceId: ws, name: 'x', role: 'OWNER' } },
      session,
    );
    expect(errorOf(tooStrong)).toEqual({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });

    const token = await createApiToken(t, ws, 'admin', session);
    const write = `mutation($w: ID!) { updateWorkspace(input: {id: $w, name: "renamed"}) { id } }`;
    const before = await t.gql(write, { w: ws }, token);
    expect(before.errors).toBeUndefined();
    // API tokens cannot mint tokens, whatever their role.
    const mint = await t.gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { workspaceId: ws, name: 'y', role: 'VIEWER' } },
      token,
    );
    expect(errorOf(mint)).toEqual({ code: 'FORBIDDEN', reason: 'AUTH_FORBIDDEN' });

    await t.ok(
      `mutation($w: ID!, $u: ID!) { setWorkspaceMemberRole(input: {workspaceId: $w, userId: $u, role: VIEWER}) { role } }`,
      { w: ws, u: admin.id },
    );
    expect(errorOf(await t.gql(write, { w: ws }, token))).toMatchObject({ code: 'FORBIDDEN' });
    const me = await t.gql<Me>(ME, {}, token);
    expect(me.data?.me.memberships[0].role).toBe('VIEWER');

    await t.ok(
      `mutation($w: ID!, $u: ID!) { removeWorkspaceMember(input: {workspaceId: $w, userId: $u}) { role } }`,
      {
        w: ws,
        u: admin.id,
      },
    );
    expect(errorOf(await t.gql(ME, {}, token))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('memberships', () => {
  const setRole = (ws: string, userId: string, role: string, token: string) =>
    t.gql(
      `mutation($w: ID!, $u: ID!, $r: WorkspaceRole!) { setWorkspaceMemberRole(input: {workspaceId: $w, userId: $u, role: $r}) { role } }`,
      { w: ws, u: userId, r: role },
      token,
    );
  const remove = (ws: string, userId: string, token: string) =>
    t.gql(
      `mutation($w: ID!, $u: ID!) { removeWorkspaceMember(input: {workspaceId: $w, userId: $u}) { role } }`,
      { w: ws, u: userId },
      token,
    );
  const add = (ws: string, email: string, role: string, token: string) =>
    t.gql(
      `mutation($w: ID!, $e: String!, $r: WorkspaceRole!) { addWorkspaceMember(input: {workspaceId: $w, email: $e, role: $r}) { role user { email } } }`,
      { w: ws, e: email, r: role },
      token,
    );

  it('admins manage members below owner; only owners touch owners; the last owner stays', async () => {
    const ws = await createWorkspace(t);
    const owner = await createUser(t);
    const admin = await createUser(t);
    const carol = await createUser(t);
    await addMember(t, ws, owner.email, 'owner');
    await addMember(t, ws, admin.email, 'admin');
    const ownerToken = await login(t, owner.email);
    const adminToken = await login(t, admin.email);

    // An admin adds a member and makes them admin, but cannot grant owner.
    expect((await add(ws, carol.email, roleEnum('member'), adminToken)).errors).toBeUndefined();
    expect(errorOf(await add(ws, carol.email, 'VIEWER', adminToken))).toEqual({
      code: 'CONFLICT',
      reason: 'ALREADY_MEMBER',
    });
    expect((await setRole(ws, carol.id, 'ADMIN', adminToken)).errors).toBeUndefined();
    expect(errorOf(await setRole(ws, carol.id, 'OWNER', adminToken))).toEqual({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
    // An admin can neither demote nor remove an owner.
    expect(errorOf(await setRole(ws, owner.id, 'VIEWER', adminToken))).toMatchObject({
      reason: 'ROLE_NOT_ALLOWED',
    });
    expect(errorOf(await remove(ws, owner.id, adminToken))).toMatchObject({ reason: 'ROLE_NOT_ALLOWED' });
    // Unknown emails and non-members.
    expect(errorOf(await add(ws, 'nobody@example.com', 'VIEWER', adminToken))).toEqual({
      code: 'NOT_FOUND',
      reason: 'USER_NOT_FOUND',
    });
    const stranger = await createUser(t);
    expect(errorOf(await setRole(ws, stranger.id, 'VIEWER', adminToken))).toEqual({
      code: 'NOT_FOUND',
      reason: 'MEMBER_NOT_FOUND',
    });

    // The last owner can neither be demoted nor removed, even by themselves or an installation admin.
    expect(errorOf(await setRole(ws, owner.id, 'ADMIN', ownerToken))).toEqual({
      code: 'CONFLICT',
      reason: 'LAST_OWNER',
    });
    expect(errorOf(await remove(ws, owner.id, ADMIN_TOKEN))).toEqual({
      code: 'CONFLICT',
      reason: 'LAST_OWNER',
    });
    // With a second owner, the first may step down.
    expect((await setRole(ws, carol.id, 'OWNER', ownerToken)).errors).toBeUndefined();
    expect((await setRole(ws, owner.id, 'ADMIN', ownerToken)).errors).toBeUndefined();
    // ...and the owner's session now acts as admin (roles are read per request).
    expect(errorOf(await setRole(ws, carol.id, 'ADMIN', ownerToken))).toMatchObject({
      reason: 'ROLE_NOT_ALLOWED',
    });

    const members = await t.ok<{ workspaceMembers: Array<{ role: string; user: { email: string } }> }>(
      `query($w: ID!) { workspaceMembers(workspaceId: $w) { role user { email } } }`,
      { w: ws },
    );
    expect(Object.fromEntries(members.workspaceMembers.map((m) => [m.user.email, m.role]))).toEqual({
      [owner.email]: 'ADMIN',
      [admin.email]: 'ADMIN',
      [carol.email]: 'OWNER',
    });
  });

  it('lists only the workspaces a user belongs to, and scopes every call to them', async () => {
    const mine = await createWorkspace(t);
    const theirs = await createWorkspace(t);
    const session = await memberSession(t, mine, 'viewer');
    const list = await t.gql<{ workspaces: Array<{ id: string }> }>('{ workspaces { id } }', {}, session);
    expect(list.data?.workspaces).toEqual([{ id: mine }]);
    expect(
      (await t.gql(`query($id: ID!) { workspace(id: $id) { id } }`, { id: mine }, session)).errors,
    ).toBeUndefined();
    const other = await t.gql(`query($id: ID!) { workspace(id: $id) { id } }`, { id: theirs }, session);
    expect(errorOf(other)).toEqual({ code: 'FORBIDDEN', reason: 'AUTH_FORBIDDEN' });
    expect(other.errors![0].message).toBe('You have no access to this workspace');
    const me = await t.gql<Me>(ME, {}, session);
    expect(me.data?.me.memberships).toEqual([expect.objectContaining({ workspaceId: mine, role: 'VIEWER' })]);
  });
});
