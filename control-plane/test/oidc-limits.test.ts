/**
 * Starting an OIDC sign-in is anonymous and writes a row, so it is limited per client address
 * and by a cap on pending attempts, and callbacks per client address: a plane and provider
 * of their own with low limits.
 */
import { freePort, sql } from './support/infra';
import { CONSOLE, signInAt, startOidcProvider, type TestOidcProvider } from './support/oidc-provider';
import { startTestPlane, type TestPlane } from './support/plane';

describe('OIDC sign-in limits', () => {
  // Its own plane and provider: 3 starts per client a minute, 8 pending in all, and clients
  // told apart by X-Forwarded-For (from loopback) as behind a proxy.
  let limited: TestPlane;
  let limitedProvider: TestOidcProvider;
  let limitedBase: string;

  const start = (forwardedFor: string, accept = 'application/json') =>
    fetch(`${limitedBase}/auth/oidc/login`, {
      headers: { 'x-forwarded-for': forwardedFor, accept },
      redirect: 'manual',
    });
  const pending = async () =>
    (await sql<{ n: number }>(limited.databaseUrl, `SELECT count(*)::int AS n FROM oidc_login_attempts`))[0]
      .n;
  async function expectTooMany(res: Response, code: string): Promise<number> {
    expect(res.status).toBe(429);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const retryAfter = res.headers.get('retry-after');
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    expect(await res.json()).toEqual({
      error: {
        code,
        message: expect.stringMatching(/^Too many sign-ins .*; try again in \d+ (seconds?|minutes)$/),
      },
    });
    return Number(retryAfter);
  }

  beforeAll(async () => {
    const port = await freePort();
    const callback = `http://127.0.0.1:${port}/auth/oidc/callback`;
    limitedProvider = await startOidcProvider(callback);
    limited = await startTestPlane({
      SWITCHYARD_API_PORT: String(port),
      SWITCHYARD_OIDC_ISSUER: limitedProvider.issuer,
      SWITCHYARD_OIDC_CLIENT_ID: limitedProvider.clientId,
      SWITCHYARD_OIDC_CLIENT_SECRET: limitedProvider.clientSecret,
      SWITCHYARD_OIDC_REDIRECT_URI: callback,
      SWITCHYARD_OIDC_POST_LOGIN_REDIRECT: CONSOLE,
      SWITCHYARD_OIDC_LOGINS_PER_MINUTE: '3',
      SWITCHYARD_OIDC_MAX_PENDING_LOGINS: '8',
      SWITCHYARD_TRUST_PROXY: 'loopback',
    });
    limitedBase = limited.plane.graphqlUrl.replace(/\/graphql$/, '');
    await limitedProvider.setAccounts({ ada: { email: 'ada@example.com', email_verified: true } });
  }, 120_000);

  afterAll(async () => {
    await limited?.close();
    await limitedProvider?.close();
  });

  it('refuses a client past its starts per minute with 429 and retry-after, writing no row', async () => {
    for (let i = 0; i < 3; i++) expect((await start('203.0.113.1')).status).toBe(302);
    expect(await pending()).toBe(3);

    const retryAfter = await expectTooMany(await start('203.0.113.1'), 'OIDC_LOGIN_THROTTLED');
    expect(retryAfter).toBeLessThanOrEqual(60);
    // A browser gets the same refusal as a page.
    const page = await start('203.0.113.1', 'text/html');
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('OIDC_LOGIN_THROTTLED');
    expect(await pending()).toBe(3);

    // Another client is not held back by the first.
    expect((await start('203.0.113.2')).status).toBe(302);
    expect(await pending()).toBe(4);
  });

  it('lets a client under its limit sign in end to end', async () => {
    const result = await signInAt(limitedBase, 'ada');
    expect(result.status).toBe(303);
    expect(result.token).toBeTruthy();
    // Its attempt was used up by the callback.
    expect(await pending()).toBe(4);
  });

  it('caps pending sign-ins however many addresses start them, concurrent starts included', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => start(`198.51.100.${i + 1}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(4).fill(302), ...Array(6).fill(429)]);
    for (const res of results.filter((r) => r.status === 429)) {
      // Nothing expires before the oldest pending attempt, started moments ago, does.
      expect(await expectTooMany(res, 'OIDC_TOO_MANY_PENDING_LOGINS')).toBeGreaterThan(500);
    }
    expect(await pending()).toBe(8);

    // retry-after says when the oldest attempt expires.
    await sql(
      limited.databaseUrl,
      `UPDATE oidc_login_attempts SET created_at = now() - interval '595 seconds'
       WHERE state = (SELECT state FROM oidc_login_attempts ORDER BY created_at LIMIT 1)`,
    );
    const soon = await expectTooMany(await start('192.0.2.1'), 'OIDC_TOO_MANY_PENDING_LOGINS');
    expect(soon).toBeGreaterThanOrEqual(1);
    expect(soon).toBeLessThanOrEqual(5);
    expect(await pending()).toBe(8);

    // Once attempts expire, places free up again.
    await sql(
      limited.databaseUrl,
      `UPDATE oidc_login_attempts SET created_at = now() - interval '11 minutes'
       WHERE state IN (SELECT state FROM oidc_login_attempts ORDER BY created_at LIMIT 2)`,
    );
    expect((await start('192.0.2.2')).status).toBe(302);
    expect(await pending()).toBe(7);
  });

  it('counts an IPv6 client by its /64: rotating addresses within it does not reset the limit', async () => {
    await sql(limited.databaseUrl, `DELETE FROM oidc_login_attempts`);
    for (const host of ['1', 'beef', 'ffff:ffff:ffff:ffff'])
      expect((await start(`2001:db8:5:6::${host}`)).status).toBe(302);
    await expectTooMany(await start('2001:db8:5:6:1234::9'), 'OIDC_LOGIN_THROTTLED');
    // The next /64 is another client.
    expect((await start('2001:db8:5:7::1')).status).toBe(302);
    // An IPv4 client is the same client when its address comes IPv4-mapped.
    for (let i = 0; i < 3; i++) expect((await start('198.18.0.1')).status).toBe(302);
    await expectTooMany(await start('::ffff:198.18.0.1'), 'OIDC_LOGIN_THROTTLED');
    expect(await pending()).toBe(7);
  });

  it('limits callbacks per client address too, leaving the state cookie alone when it refuses', async () => {
    const callback = (forwardedFor: string) =>
      fetch(`${limitedBase}/auth/oidc/callback?state=made-up&code=x`, {
        headers: {
          'x-forwarded-for': forwardedFor,
          accept: 'application/json',
          cookie: 'sy_oidc_state=made-up',
        },
        redirect: 'manual',
      });
    for (let i = 0; i < 3; i++) {
      const res = await callback('203.0.113.50');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('OIDC_INVALID_STATE');
    }
    const refused = await callback('203.0.113.50');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await refused.json()).toEqual({
      error: {
        code: 'OIDC_LOGIN_THROTTLED',
        message: expect.stringMatching(
          /^Too many sign-ins came back from your address; try again in \d+ seconds?$/,
        ),
      },
    });
    expect((await callback('203.0.113.51')).status).toBe(400);
  });
});
