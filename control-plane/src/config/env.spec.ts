import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvConfigError, parseEnv } from './env';

// The gRPC server's TLS and the NATS credentials: files read and checked at start, every
// mistake naming its variable. (The data plane's tests cover the shared readers in depth.)

const base: NodeJS.ProcessEnv = {
  DATABASE_URL: 'postgres://localhost/switchyard',
  NATS_URL: 'nats://127.0.0.1:4222',
  SWITCHYARD_MASTER_KEY: '11'.repeat(32),
  SWITCHYARD_SNAPSHOT_KEY: '22'.repeat(32),
  SWITCHYARD_ADMIN_TOKEN: 'admin-token-0123456789',
  SWITCHYARD_NODE_TOKEN: 'node-token-0123456789',
};

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-cp-env-'));
  for (const name of ['server', 'other']) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
      ].concat(['-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-subj', '/CN=localhost']),
      { stdio: 'ignore' },
    );
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(env: NodeJS.ProcessEnv): EnvConfigError {
  try {
    parseEnv({ ...base, ...env });
  } catch (error) {
    if (error instanceof EnvConfigError) return error;
    throw error;
  }
  throw new Error('parseEnv accepted the environment');
}

it('serves gRPC in plaintext and connects to NATS without TLS or login by default', () => {
  const config = parseEnv(base);
  expect(config.grpcTls).toBeNull();
  expect(config.natsSecurity).toEqual({ tls: null, creds: null, user: null, pass: null, token: null });
});

it('reads the gRPC certificate, key and client CA', () => {
  const { grpcTls } = parseEnv({
    ...base,
    SWITCHYARD_GRPC_TLS_CERT: file('server.crt'),
    SWITCHYARD_GRPC_TLS_KEY: file('server.key'),
    SWITCHYARD_GRPC_TLS_CLIENT_CA: file('other.crt'),
  });
  expect(grpcTls!.cert.toString()).toContain('BEGIN CERTIFICATE');
  expect(grpcTls!.key.toString()).toContain('PRIVATE KEY');
  expect(grpcTls!.clientCa!.toString()).toContain('BEGIN CERTIFICATE');
});

it('reads NATS TLS and a token', () => {
  const { natsSecurity } = parseEnv({ ...base, NATS_TLS_CA: file('other.crt'), NATS_TOKEN: 'tok' });
  expect(natsSecurity.tls).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE') });
  expect(natsSecurity.token).toBe('tok');
});

it.each([
  [
    { SWITCHYARD_GRPC_TLS_CERT: 'server.crt' },
    'SWITCHYARD_GRPC_TLS_KEY',
    /is required when SWITCHYARD_GRPC_TLS_CERT/,
  ],
  [{ SWITCHYARD_GRPC_TLS_KEY: 'server.key' }, 'SWITCHYARD_GRPC_TLS_CERT', /is required/],
  [
    { SWITCHYARD_GRPC_TLS_CLIENT_CA: 'other.crt' },
    'SWITCHYARD_GRPC_TLS_CERT',
    /is required when SWITCHYARD_GRPC_TLS_CLIENT_CA/,
  ],
  [
    { SWITCHYARD_GRPC_TLS_CERT: 'server.crt', SWITCHYARD_GRPC_TLS_KEY: 'other.key' },
    'SWITCHYARD_GRPC_TLS_KEY',
    /is not the private key of the certificate/,
  ],
  [
    { SWITCHYARD_GRPC_TLS_CERT: 'missing.crt', SWITCHYARD_GRPC_TLS_KEY: 'server.key' },
    'SWITCHYARD_GRPC_TLS_CERT',
    /names a file that cannot be read/,
  ],
  [{ NATS_TLS_KEY: 'server.key' }, 'NATS_TLS_CERT', /is required when NATS_TLS_KEY/],
  [{ NATS_CREDS: 'server.crt' }, 'NATS_CREDS', /must name a NATS credentials file/],
])('refuses %j naming %s', (env, variable, problem) => {
  const withPaths = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, file(v)]));
  const error = failure(withPaths);
  expect(error.variable).toBe(variable);
  expect(error.message.startsWith(`${variable} `)).toBe(true);
  expect(error.message).toMatch(problem);
});

it('keeps audit entries 365 days by default; SWITCHYARD_AUDIT_RETENTION_DAYS sets it, 0 keeps them forever', () => {
  expect(parseEnv(base).auditRetentionDays).toBe(365);
  expect(parseEnv({ ...base, SWITCHYARD_AUDIT_RETENTION_DAYS: '30' }).auditRetentionDays).toBe(30);
  expect(parseEnv({ ...base, SWITCHYARD_AUDIT_RETENTION_DAYS: '0' }).auditRetentionDays).toBe(0);
  for (const bad of ['-1', '1.5', 'forever', '36501']) {
    const error = failure({ SWITCHYARD_AUDIT_RETENTION_DAYS: bad });
    expect(error.variable).toBe('SWITCHYARD_AUDIT_RETENTION_DAYS');
    expect(error.message).toContain(bad);
  }
});

it('sets a 20% heap growing factor by default; 0 leaves V8 its own', () => {
  expect(parseEnv(base).heapGrowingPercent).toBe(20);
  expect(parseEnv({ ...base, SWITCHYARD_HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
  for (const bad of ['-1', '2.5', 'lots', '1001']) {
    const error = failure({ SWITCHYARD_HEAP_GROWING_PERCENT: bad });
    expect(error.variable).toBe('SWITCHYARD_HEAP_GROWING_PERCENT');
    expect(error.message).toContain(bad);
  }
});

it('believes no proxy by default; SWITCHYARD_TRUST_PROXY takes a hop count or addresses and ranges', () => {
  expect(parseEnv(base).trustProxy).toBe(false);
  expect(parseEnv({ ...base, SWITCHYARD_TRUST_PROXY: '0' }).trustProxy).toBe(false);
  expect(parseEnv({ ...base, SWITCHYARD_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  expect(parseEnv({ ...base, SWITCHYARD_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(
    parseEnv({ ...base, SWITCHYARD_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7' }).trustProxy,
  ).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
  for (const bad of [
    'true',
    'yes',
    '10.0.0.0/33',
    'fd00::/129',
    '10.0.0.1/8/1',
    'proxy.example.com',
    '1,,2',
    '-1',
  ]) {
    const error = failure({ SWITCHYARD_TRUST_PROXY: bad });
    expect(error.variable).toBe('SWITCHYARD_TRUST_PROXY');
    expect(error.message).toMatch(/proxy hops/);
  }
});

it('limits OIDC sign-in starts per client and in all, from SWITCHYARD_OIDC_* even without an issuer', () => {
  expect(parseEnv(base).oidcLoginLimits).toEqual({ perClientPerMinute: 30, maxPending: 10_000 });
  expect(
    parseEnv({ ...base, SWITCHYARD_OIDC_LOGINS_PER_MINUTE: '3', SWITCHYARD_OIDC_MAX_PENDING_LOGINS: '50' })
      .oidcLoginLimits,
  ).toEqual({ perClientPerMinute: 3, maxPending: 50 });
  expect(failure({ SWITCHYARD_OIDC_MAX_PENDING_LOGINS: '0' }).variable).toBe(
    'SWITCHYARD_OIDC_MAX_PENDING_LOGINS',
  );
});
