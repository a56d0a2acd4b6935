import { sql } from './support/infra';
import {
  LOGIN,
  ME,
  PASSWORD,
  addMember,
  createApiToken,
  createUser,
  createWorkspace,
  login,
  type Me,
} from './support/identity';
import { errorOf, startTestPlane, type TestPlane } from './support/plane';

// Password sign-in from the bootstrap token's first admin on, and what ends a session.

let t: TestPlane;

beforeAll(async () => {
  t = await startTestPlane();
});

afterAll(async () => {
  await t?.close();
});

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
