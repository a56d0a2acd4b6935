import { sql } from './support/infra';
import {
  PASSWORD,
  addMember,
  createApiToken,
  createUser,
  createWorkspace,
  login,
  memberSession,
  roleEnum,
} from './support/identity';
import { ADMIN_TOKEN, startTestPlane, type GraphqlResponse, type TestPlane } from './support/plane';

let t: TestPlane;

beforeAll(async () => {
  t = await startTestPlane();
});

afterAll(async () => {
  await t?.close();
});

const errorOf = (res: GraphqlResponse) => res.errors?.[0]?.extensions ?? {};
const ME = `{ me { kind installationAdmin user { id email hasPassword } memberships { workspaceId workspaceSlug role } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { id email } } }`;

type Me = {
  me: {
    kind: string;
    installationAdmin: boolean;
    user: { id: string; email: string; hasPassword: boolean } | null;
    memberships: Array<{ workspaceId: string; workspaceSlug: string; role: string }>;
  };
};

describe('bootstrap and sign-in', () => {
  it('lets the bootstrap token create the first installation admin, who signs in and sees itself in me', async () => {
    const me0 = await t.gql<Me>(ME);
    expect(me0.data?.me).toEqual({
      kind: 'admin-token',
      installationAdmin: true,
      user: null,
      memberships: [],
    });

    const first = await createUser(t, { email: 'First.Admin@example.com', installationAdmin: true });
    // Emails match case-insensitively at sign-in.
    const res = await t.gql<{ login: { token: string; expiresAt: string; user: { id: string } } }>(
      LOGIN,
      { email: 'first.admin@EXAMPLE.com', password: PASSWORD },
      null,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.user.id).toBe(first.id);
    expect(new Date(res.data!.login.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);

    const me = await t.gql<Me>(ME, {}, res.data!.login.token);
    expect(me.data?.me).toMatchObject({
      kind: 'user',
      installationAdmin: true,
      user: { id: first.id, email: 'First.Admin@example.com', hasPassword: true },
    });
    // An installation admin signed in can do installation-admin things.
    const ws = await t.gql(
      'mutation { createWorkspace(input: {slug: "by-first", name: "x"}) { id } }',
      {},
      res.data!.login.token,
    );
    expect(ws.errors).toBeUndefined();

    const [row] = await sql<{ password_hash: string }>(
      t.databaseUrl,
      `SELECT password_hash FROM users WHERE id = $1`,
      [first.id],
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('enforces the password policy with clear errors', async () => {
    const create = (email: string, password: string) =>
      t.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
        input: { email, password },
      });
    const short = await create('short@example.com', 'elevenchars');
    expect(errorOf(short)).toEqual({ code: 'BAD_USER_INPUT', reason: 'PASSWORD_TOO_WEAK' });
    expect(short.errors![0].message).toBe('Password must be at least 12 characters');
    const same = await create('samesame@example.com', 'SameSame@Example.com');
    expect(errorOf(same)).toMatchObject({ reason: 'PASSWORD_TOO_WEAK' });
    expect(same.errors![0].message).toBe('Password must not be the email address');
    const badEmail = await create('not-an-email', PASSWORD);
    expect(errorOf(badEmail)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect(badEmail.errors![0].message).toContain('email: must be an email address');
    await createUser(t, { email: 'dup@example.com' });
    const dup = await create('DUP@example.com', PASSWORD);
    expect(errorOf(dup)).toEqual({ code: 'CONFLICT', reason: 'USER_EMAIL_TAKEN' });
    // A user without a password (SSO only) cannot sign in with one.
    const sso = await t.ok<{ createUser: { hasPassword: boolean } }>(
      `mutation { createUser(input: {email: "sso-only@example.com"}) { hasPassword } }`,
    );
    expect(sso.createUser.hasPassword).toBe(false);
    const nul = await t.gql(LOGIN, { email: 'a\u0000b@example.com', password: PASSWORD }, null);
    expect(errorOf(nul)).toMatchObject({ code: 'BAD_USER_INPUT' });
    const nulName = await t.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
      input: { email: 'nul@example.com', displayName: 'a\u0000b' },
    });
    expect(errorOf(nulName)).toMatchObject({ code: 'BAD_USER_INPUT' });
    const ssoLogin = await t.gql(LOGIN, { email: 'sso-only@example.com', password: PASSWORD }, null);
    expect(errorOf(ssoLogin)).toEqual({ code: 'UNAUTHENTICATED', reason: 'LOGIN_FAILED' });
  });

  it('answers an unknown email and a wrong password alike, and throttles after 5 failures per email', async () => {
    const user = await createUser(t);
    const unknown = await t.gql(LOGIN, { email: 'nobody@example.com', password: PASSWORD }, null);
    const wrong = await t.gql(LOGIN, { email: user.email, password: 'wrong password here' }, null);
    expect(errorOf(unknown)).toEqual({ code: 'UNAUTHENTICATED', reason: 'LOGIN_FAILED' });
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);

    for (let i = 0; i < 4; i++) {
      const again = await t.gql(LOGIN, { email: user.email, password: `wrong password ${i}` }, null);
      expect(errorOf(again)).toMatchObject({ reason: 'LOGIN_FAILED' });
    }
    // The sixth attempt is refused before the password is looked at, even the right one.
    const throttled = await t.gql(LOGIN, { email: user.email, password: PASSWORD }, null);
    expect(errorOf(throttled)).toEqual({ code: 'UNAUTHENTICATED', reason: 'LOGIN_THROTTLED' });
    // Another email from the same address still signs in.
    const other = await createUser(t);
    expect(await login(t, other.email)).toBeTruthy();
  });

  it('refuses bad, forged and revoked tokens with UNAUTHENTICATED', async () => {
    const user = await createUser(t);
    const token = await login(t, user.email);
    const [h, p] = token.split('.');
    for (const bad of [`${h}.${p}.AAAA`, 'sya_notarealtoken', 'eyJhbGciOiJub25lIn0.e30.']) {
      const res = await t.gql(ME, {}, bad);
      expect(errorOf(res)).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTH_UNAUTHENTICATED' });
    }
  });
});

describe('sessions', () => {
  it('logout ends the session; other sessions of the user keep working', async () => {
    const user = await createUser(t);
    const a = await login(t, user.email);
    const b = await login(t, user.email);
    const out = await t.gql<{ logout: boolean }>('mutation { logout }', {}, a);
    expect(out.data?.logout).toBe(true);
    expect(errorOf(await t.gql(ME, {}, a))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await t.gql<Me>(ME, {}, b)).data?.me.user?.id).toBe(user.id);
    // Only a session can log out.
    expect(errorOf(await t.gql('mutation { logout }'))).toEqual({
      code: 'FORBIDDEN',
      reason: 'AUTH_FORBIDDEN',
    });
  });

  it('changePassword checks the current password, applies the policy and ends the other sessions', async () => {
    const user = await createUser(t);
    const keep = await login(t, user.email);
    const other = await login(t, user.email);
    const change = (current: string, next: string) =>
      t.gql(
        `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }`,
        { input: { currentPassword: current, newPassword: next } },
        keep,
      );
    expect(errorOf(await change('not my password', 'a brand new password'))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'PASSWORD_INCORRECT',
    });
    expect(errorOf(await change(PASSWORD, 'short'))).toMatchObject({ reason: 'PASSWORD_TOO_WEAK' });
    expect((await change(PASSWORD, 'a brand new password')).errors).toBeUndefined();

    expect(errorOf(await t.gql(ME, {}, other))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await t.gql<Me>(ME, {}, keep)).data?.me.user?.id).toBe(user.id);
    expect(errorOf(await t.gql(LOGIN, { email: user.email, password: PASSWORD }, null))).toMatchObject({
      reason: 'LOGIN_FAILED',
    });
    expect(await login(t, user.email, 'a brand new password')).toBeTruthy();
  });

  it('deactivation ends sessions and API tokens at once and refuses sign-in; reactivation allows it again', async () => {
    const ws = await createWorkspace(t);
    const user = await createUser(t);
    await addMember(t, ws, user.email, 'admin');
    const session = await login(t, user.email);
    const apiToken = await createApiToken(t, ws, 'admin', session);
    expect(
      (await t.gql(`query($w: ID!) { routes(workspaceId: $w) { id } }`, { w: ws }, apiToken)).errors,
    ).toBeUndefined();

    await t.ok(`mutation($id: ID!) { setUserActive(input: {userId: $id, active: false}) { active } }`, {
      id: user.id,
    });
    expect(errorOf(await t.gql(ME, {}, session))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(errorOf(await t.gql(ME, {}, apiToken))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(errorOf(await t.gql(LOGIN, { email: user.email, password: PASSWORD }, null))).toMatchObject({
      reason: 'LOGIN_FAILED',
    });

    await t.ok(`mutation($id: ID!) { setUserActive(input: {userId: $id, active: true}) { active } }`, {
      id: user.id,
    });
    expect(await login(t, user.email)).toBeTruthy();
    expect((await t.gql(ME, {}, apiToken)).errors).toBeUndefined();
  });

  it('setUserPassword (installation admin) resets a password and ends every session', async () => {
    const user = await createUser(t);
    const session = await login(t, user.email);
    const res = await t.gql(
      `mutation($id: ID!) { setUserPassword(input: {userId: $id, password: "reset by the admin"}) { id } }`,
      { id: user.id },
    );
    expect(res.errors).toBeUndefined();
    expect(errorOf(await t.gql(ME, {}, session))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await login(t, user.email, 'reset by the admin')).toBeTruthy();
  });
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
