import { MAX_FAILURES_PER_ADDRESS } from '../src/identity/login-throttle';
import { auditApi } from './support/audit';
import { PASSWORD, createUser } from './support/identity';
import { ADMIN_TOKEN, startTestPlane, type TestPlane } from './support/plane';

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

/** A GraphQL call as a client behind (or pretending to be behind) a proxy would send it. */
async function post(t: TestPlane, forwardedFor: string, query: string, variables: object, token?: string) {
  const res = await fetch(t.plane.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': forwardedFor,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: unknown; errors?: Array<{ extensions: { reason?: string } }> };
}

const login = (t: TestPlane, forwardedFor: string, email: string, password = PASSWORD) =>
  post(t, forwardedFor, LOGIN, { email, password });

/** Fails `MAX_FAILURES_PER_ADDRESS` sign-ins, each for its own unknown email, ten at a time. */
async function failManyTimes(t: TestPlane, forwardedFor: (i: number) => string): Promise<void> {
  for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i += 10) {
    const batch = Array.from({ length: 10 }, (_, j) =>
      login(t, forwardedFor(i + j), `nobody-${i + j}@example.com`, 'wrong password'),
    );
    for (const res of await Promise.all(batch))
      expect(res.errors?.[0].extensions.reason).toBe('LOGIN_FAILED');
  }
}

async function auditedAddress(t: TestPlane, forwardedFor: string): Promise<string | null> {
  const res = await post(
    t,
    forwardedFor,
    `mutation { createWorkspace(input: { slug: "addr", name: "Address" }) { id } }`,
    {},
    ADMIN_TOKEN,
  );
  expect(res.errors).toBeUndefined();
  return (await auditApi(t).latest('createWorkspace')).clientIp;
}

/** The scheme of the SCIM base URL the plane derives from a request claiming `forwardedProto`. */
async function scimScheme(t: TestPlane, forwardedProto: string): Promise<string> {
  const created = await t.ok<{ createScimToken: { secret: string } }>(
    `mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) { secret } }`,
    { input: { name: `proto-${forwardedProto}` } },
  );
  const res = await fetch(t.plane.graphqlUrl.replace(/\/graphql$/, '/scim/v2/ServiceProviderConfig'), {
    headers: {
      authorization: `Bearer ${created.createScimToken.secret}`,
      'x-forwarded-proto': forwardedProto,
    },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { meta: { location: string } };
  return new URL(body.meta.location).protocol;
}

describe('without SWITCHYARD_TRUST_PROXY', () => {
  let t: TestPlane;
  beforeAll(async () => {
    t = await startTestPlane();
  });
  afterAll(() => t?.close());

  it('counts failed sign-ins against the peer, however X-Forwarded-For is rotated', async () => {
    const user = await createUser(t);
    await failManyTimes(t, (i) => `198.51.100.${i}`);
    const refused = await login(t, '192.0.2.200', user.email);
    expect(refused.errors?.[0].extensions.reason).toBe('LOGIN_THROTTLED');
  });

  it('audits the peer address, not the one the client claims', async () => {
    expect(await auditedAddress(t, '203.0.113.9')).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('takes the scheme from the socket, not from the X-Forwarded-Proto a client sends', async () => {
    expect(await scimScheme(t, 'https')).toBe('http:');
  });
});

describe('with SWITCHYARD_TRUST_PROXY=loopback', () => {
  let t: TestPlane;
  beforeAll(async () => {
    t = await startTestPlane({ SWITCHYARD_TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t?.close());

  it('counts failed sign-ins against the forwarded client, so one client cannot lock out the others', async () => {
    const user = await createUser(t);
    await failManyTimes(t, () => '203.0.113.7');
    const refused = await login(t, '203.0.113.7', user.email);
    expect(refused.errors?.[0].extensions.reason).toBe('LOGIN_THROTTLED');
    const other = await login(t, '203.0.113.8', user.email);
    expect(other.errors).toBeUndefined();
  });

  it('audits the nearest address the trusted proxy saw', async () => {
    // The left-most entry is the client's own claim; only the hop the proxy appended counts.
    expect(await auditedAddress(t, '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
  });

  it("takes the scheme from the trusted proxy's X-Forwarded-Proto", async () => {
    expect(await scimScheme(t, 'https')).toBe('https:');
  });
});
