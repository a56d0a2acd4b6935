import { freePort, sql } from './support/infra';
import {
  Browser,
  CONSOLE,
  signInAt,
  startOidcProvider,
  type SignInResult,
  type TestOidcProvider,
} from './support/oidc-provider';
import { startTestPlane, type TestPlane } from './support/plane';
import { membershipsOf } from './support/identity';

const SETTINGS = `oidcSettings { source enabled issuer clientId hasClientSecret redirectUri scopes defaultWorkspaceId defaultRole allowedEmailDomains groupsClaim postLoginRedirect }`;

let t: TestPlane;
let provider: TestOidcProvider;
let base: string;
let redirectUri: string;
let mainId: string;

/** Signs in on this file's plane as the provider account `hint`. */
const signIn = (hint: string, browser?: Browser) => signInAt(base, hint, browser);

async function userByEmail(email: string) {
  const rows = await sql<{
    id: string;
    oidc_issuer: string | null;
    oidc_subject: string | null;
    display_name: string;
    password_hash: string | null;
    last_login_at: Date | null;
  }>(
    t.databaseUrl,
    `SELECT id, oidc_issuer, oidc_subject, display_name, password_hash, last_login_at FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0];
}

const memberships = (userId: string) => membershipsOf(t.databaseUrl, userId);

async function workspace(slug: string): Promise<string> {
  return (
    await t.ok<{ createWorkspace: { id: string } }>(
      `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
      { input: { slug, name: slug } },
    )
  ).createWorkspace.id;
}

beforeAll(async () => {
  const port = await freePort();
  redirectUri = `http://127.0.0.1:${port}/auth/oidc/callback`;
  provider = await startOidcProvider(redirectUri);
  t = await startTestPlane({
    SWITCHYARD_API_PORT: String(port),
    SWITCHYARD_OIDC_ISSUER: provider.issuer,
    SWITCHYARD_OIDC_CLIENT_ID: provider.clientId,
    SWITCHYARD_OIDC_CLIENT_SECRET: provider.clientSecret,
    SWITCHYARD_OIDC_REDIRECT_URI: redirectUri,
    SWITCHYARD_OIDC_SCOPES: 'openid email profile groups',
    SWITCHYARD_OIDC_DEFAULT_WORKSPACE: 'main',
    SWITCHYARD_OIDC_DEFAULT_ROLE: 'member',
    SWITCHYARD_OIDC_GROUPS_CLAIM: 'groups',
    SWITCHYARD_OIDC_POST_LOGIN_REDIRECT: CONSOLE,
  });
  base = t.plane.graphqlUrl.replace(/\/graphql$/, '');
  mainId = await workspace('main');
  await provider.setAccounts({
    ada: { email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace', groups: [] },
    grace: { email: 'grace@example.com', email_verified: true, name: 'Grace Hopper', groups: ['SSO-Admins'] },
    linus: { email: 'Linus@Example.com', email_verified: true, name: 'Linus' },
    unverified: { email: 'preexisting@example.com', email_verified: false, name: 'Someone' },
    mallory: { email: 'mallory@evil.test', email_verified: true, name: 'Mallory' },
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await provider?.close();
});

describe('OIDC sign-in against a real provider', () => {
  let adaId: string;
  let firstToken: string;

  it('reads settings from SWITCHYARD_OIDC_* and never shows the client secret', async () => {
    const res = await t.gql<{ oidcSettings: Record<string, unknown> }>(`{ ${SETTINGS} }`);
    expect(res.data?.oidcSettings).toEqual({
      source: 'environment',
      enabled: true,
      issuer: provider.issuer,
      clientId: provider.clientId,
      hasClientSecret: true,
      redirectUri,
      scopes: ['openid', 'email', 'profile', 'groups'],
      defaultWorkspaceId: mainId,
      defaultRole: 'member',
      allowedEmailDomains: [],
      groupsClaim: 'groups',
      postLoginRedirect: CONSOLE,
    });
    expect(res.raw).not.toContain(provider.clientSecret);
  });

  it('redirects to the provider with PKCE (S256), state and nonce, and a short-lived HttpOnly state cookie', async () => {
    const res = await fetch(`${base}/auth/oidc/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(location.searchParams.get('scope')).toBe('openid email profile groups');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^sy_oidc_state=${location.searchParams.get('state')};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
  });

  it('creates the user just in time with the default role and hands the console a working session', async () => {
    const before = (await provider.events()).length;
    const result = await signIn('ada');
    // Through the provider's authorization endpoint and back to our callback, then to the console.
    const path = result.hops.map((h) => `${h.origin}${h.pathname}`);
    expect(path).toEqual(expect.arrayContaining([`${provider.issuer}/auth`, redirectUri]));
    expect(result.hops[result.hops.length - 1].origin).toBe('http://console.test');
    expect(result.token).toBeTruthy();
    expect(Date.parse(result.expiresAt!)).toBeGreaterThan(Date.now());
    firstToken = result.token!;

    const user = await userByEmail('ada@example.com');
    adaId = user.id;
    expect(user).toMatchObject({
      oidc_issuer: provider.issuer,
      oidc_subject: 'ada',
      display_name: 'Ada Lovelace',
      password_hash: null,
    });
    expect(user.last_login_at).not.toBeNull();
    expect(await memberships(adaId)).toEqual(['main:member:oidc']);

    // The provider saw the PKCE challenge (it requires one) and the nonce, and issued tokens.
    const events = (await provider.events()).slice(before);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'authorization', code_challenge_method: 'S256' }),
        expect.objectContaining({ type: 'token' }),
      ]),
    );

    const me = await t.gql<{
      me: { kind: string; user: { email: string }; memberships: Array<{ role: string }> };
    }>(`{ me { kind user { email } memberships { workspaceSlug role } } }`, {}, firstToken);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toMatchObject({ kind: 'user', user: { email: 'ada@example.com' } });
    expect(me.data?.me.memberships).toEqual([expect.objectContaining({ workspaceSlug: 'main' })]);
    const sessions = await sql<{ method: string }>(
      t.databaseUrl,
      `SELECT method FROM sessions WHERE user_id = $1`,
      [adaId],
    );
    expect(sessions).toEqual([{ method: 'oidc' }]);
  });

  it('links the second sign-in to the same user', async () => {
    const result = await signIn('ada');
    expect(result.token).toBeTruthy();
    expect(result.token).not.toBe(firstToken);
    const users = await sql<{ n: number }>(
      t.databaseUrl,
      `SELECT count(*)::int AS n FROM users WHERE oidc_subject = 'ada'`,
    );
    expect(users[0].n).toBe(1);
    expect((await userByEmail('ada@example.com')).id).toBe(adaId);
    expect(await memberships(adaId)).toEqual(['main:member:oidc']);
  });

  it('the provider refuses an authorization request without PKCE', async () => {
    const url = new URL(`${provider.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: provider.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      state: 'no-pkce',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.toString().startsWith(redirectUri)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('maps the groups claim to workspace roles (highest wins) and recomputes at each sign-in', async () => {
    const ops = await workspace('ops');
    for (const [group, workspaceId, role] of [
      ['sso-admins', mainId, 'admin'],
      ['SSO-Admins', ops, 'viewer'],
    ] as const) {
      await t.ok(
        `mutation($input: SetGroupRoleMappingInput!) { setGroupRoleMapping(input: $input) { id } }`,
        {
          input: { group, workspaceId, role: role.toUpperCase() },
        },
      );
    }
    expect((await signIn('grace')).token).toBeTruthy();
    const grace = await userByEmail('grace@example.com');
    expect(await memberships(grace.id)).toEqual(['main:admin:oidc', 'ops:viewer:oidc']);

    await provider.setAccounts({ grace: { email: 'grace@example.com', email_verified: true, groups: [] } });
    expect((await signIn('grace')).token).toBeTruthy();
    expect(await memberships(grace.id)).toEqual(['main:member:oidc']);
  });

  it('links an existing user (e.g. provisioned by SCIM) by verified email, case-insensitively', async () => {
    await sql(
      t.databaseUrl,
      `INSERT INTO users (id, email, display_name) VALUES (gen_random_uuid(), 'linus@example.com', 'Linus T')`,
    );
    const existing = await userByEmail('linus@example.com');
    expect(existing.oidc_subject).toBeNull();
    expect((await signIn('linus')).token).toBeTruthy();
    const linked = await userByEmail('linus@example.com');
    expect(linked).toMatchObject({ id: existing.id, oidc_issuer: provider.issuer, oidc_subject: 'linus' });
  });
});

describe('OIDC sign-in refusals', () => {
  function expectRefusal(result: SignInResult, status: number, code: string) {
    expect(result.token).toBeUndefined();
    expect(result.status).toBe(status);
    expect(result.contentType).toMatch(/^text\/html/);
    expect(result.body).toContain(code);
  }

  it('denied consent at the provider → 403 OIDC_DENIED', async () => {
    expectRefusal(await signIn('deny'), 403, 'OIDC_DENIED');
  });

  it('an unverified email never claims an existing account → 403', async () => {
    await sql(
      t.databaseUrl,
      `INSERT INTO users (id, email) VALUES (gen_random_uuid(), 'preexisting@example.com')`,
    );
    expectRefusal(await signIn('unverified'), 403, 'OIDC_EMAIL_NOT_VERIFIED');
    expect((await userByEmail('preexisting@example.com')).oidc_subject).toBeNull();
  });

  it('a deactivated user cannot sign in → 403; their earlier session stops working', async () => {
    const { token } = await signIn('ada');
    await sql(t.databaseUrl, `UPDATE users SET active = false WHERE lower(email) = 'ada@example.com'`);
    expectRefusal(await signIn('ada'), 403, 'OIDC_USER_DEACTIVATED');
    const me = await t.gql(`{ me { kind } }`, {}, token!);
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await sql(t.databaseUrl, `UPDATE users SET active = true WHERE lower(email) = 'ada@example.com'`);
  });

  it('a callback whose state the browser did not start, or a replayed callback → 400 OIDC_INVALID_STATE', async () => {
    const browser = new Browser();
    // Stop at the callback to replay it.
    const { hops } = await browser.visit(
      `${base}/auth/oidc/login?login_hint=ada`,
      (next) => next.pathname !== '/auth/oidc/callback',
    );
    const callback = hops[hops.length - 1];
    expect(callback.searchParams.get('code')).toBeTruthy();

    const stranger = await fetch(callback, { headers: { accept: 'application/json' }, redirect: 'manual' });
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toEqual({
      error: { code: 'OIDC_INVALID_STATE', message: expect.any(String) },
    });

    const forged = await fetch(callback, {
      headers: { accept: 'application/json', cookie: 'sy_oidc_state=not-the-state' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(400);

    const good = await browser.visit(callback.toString(), () => false);
    expect(good.res.status).toBe(303);
    const replay = await fetch(callback, {
      headers: { accept: 'application/json', cookie: `sy_oidc_state=${callback.searchParams.get('state')}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('OIDC_INVALID_STATE');
  });
});

describe('OIDC settings in GraphQL', () => {
  it('saved settings override the environment; the client secret is sealed at rest; domains are enforced', async () => {
    const saved = await t.gql<{ setOidcSettings: Record<string, unknown> }>(
      `mutation($input: SetOidcSettingsInput!) { setOidcSettings(input: $input) { source hasClientSecret allowedEmailDomains defaultRole } }`,
      {
        input: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          redirectUri,
          scopes: ['openid', 'email', 'profile'],
          defaultWorkspaceId: mainId,
          defaultRole: 'viewer',
          allowedEmailDomains: ['Example.com'],
          postLoginRedirect: CONSOLE,
        },
      },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.setOidcSettings).toEqual({
      source: 'database',
      hasClientSecret: true,
      allowedEmailDomains: ['example.com'],
      defaultRole: 'viewer',
    });
    const [row] = await sql<{ client_secret_sealed: string }>(
      t.databaseUrl,
      `SELECT client_secret_sealed FROM oidc_settings`,
    );
    expect(row.client_secret_sealed).toBeTruthy();
    expect(row.client_secret_sealed).not.toContain(provider.clientSecret);

    const refused = await signIn('mallory');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('OIDC_DOMAIN_NOT_ALLOWED');
    expect(await userByEmail('mallory@evil.test')).toBeUndefined();

    // A new user gets the saved default role (viewer), and no groups claim is read any more.
    await provider.setAccounts({
      newbie: { email: 'newbie@example.com', email_verified: true, groups: ['SSO-Admins'] },
    });
    expect((await signIn('newbie')).token).toBeTruthy();
    expect(await memberships((await userByEmail('newbie@example.com')).id)).toEqual(['main:viewer:oidc']);
  });

  it('keeps the secret when it is omitted, validates input, and can be disabled or cleared', async () => {
    const keep = await t.gql<{ setOidcSettings: { hasClientSecret: boolean; enabled: boolean } }>(
      `mutation($input: SetOidcSettingsInput!) { setOidcSettings(input: $input) { hasClientSecret enabled } }`,
      { input: { issuer: provider.issuer, clientId: provider.clientId, redirectUri, enabled: false } },
    );
    expect(keep.data?.setOidcSettings).toEqual({ hasClientSecret: true, enabled: false });
    // The console's login page asks whether to offer "Sign in with SSO"; no token needed.
    const status = async () =>
      (await (await fetch(`${base}/auth/oidc/status`)).json()) as { enabled: boolean };
    expect(await status()).toEqual({ enabled: false });
    const off = await fetch(`${base}/auth/oidc/login`, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
    });
    expect(off.status).toBe(404);
    expect(((await off.json()) as { error: { code: string } }).error.code).toBe('OIDC_NOT_CONFIGURED');

    const half = await t.gql(
      `mutation($input: SetOidcSettingsInput!) { setOidcSettings(input: $input) { enabled } }`,
      { input: { issuer: provider.issuer, clientId: 'x', redirectUri, defaultRole: 'admin' } },
    );
    expect(half.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OIDC_INVALID_SETTINGS',
    });
    const badUrl = await t.gql(
      `mutation($input: SetOidcSettingsInput!) { setOidcSettings(input: $input) { enabled } }`,
      { input: { issuer: 'not a url', clientId: 'x', redirectUri } },
    );
    expect(badUrl.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await t.gql(`{ oidcSettings { issuer } }`, {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const cleared = await t.ok<{ clearOidcSettings: boolean }>(`mutation { clearOidcSettings }`);
    expect(cleared.clearOidcSettings).toBe(true);
    const now = await t.ok<{ oidcSettings: { source: string } }>(`{ oidcSettings { source } }`);
    expect(now.oidcSettings.source).toBe('environment');
    expect(await status()).toEqual({ enabled: true });
    expect((await signIn('ada')).token).toBeTruthy();
  });

  it('an unreachable provider is a 502, not a crash', async () => {
    await t.ok(`mutation($input: SetOidcSettingsInput!) { setOidcSettings(input: $input) { enabled } }`, {
      input: { issuer: `http://127.0.0.1:${await freePort()}`, clientId: 'x', redirectUri },
    });
    const res = await fetch(`${base}/auth/oidc/login`, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
    });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('OIDC_PROVIDER_UNAVAILABLE');
    await t.ok(`mutation { clearOidcSettings }`);
  });
});
