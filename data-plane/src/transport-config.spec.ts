import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { createTestCertificates, type TestCertificates } from './testing';

// TLS and credentials variables of a node: files are read and checked at start, and every
// mistake names its variable.

const base = { SWITCHYARD_SNAPSHOT_KEY: 'ab'.repeat(32), SWITCHYARD_NODE_TOKEN: 'a-node-token-of-16+' };
let pki: TestCertificates;
let creds: string;
let notPem: string;

beforeAll(() => {
  pki = createTestCertificates();
  creds = join(pki.dir, 'node.creds');
  writeFileSync(
    creds,
    '-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QifQ.e30.sig\n------END NATS USER JWT------\n\n' +
      '-----BEGIN USER NKEY SEED-----\nSUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4\n------END USER NKEY SEED------\n',
  );
  notPem = join(pki.dir, 'not.pem');
  writeFileSync(notPem, 'hello\n');
});

afterAll(() => pki.remove());

function error(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('gRPC to the control plane', () => {
  it('is plaintext by default', () => {
    expect(loadConfig(base).controlPlaneTls).toBeNull();
  });

  it('is TLS with the system roots when only SWITCHYARD_CONTROL_PLANE_TLS is true', () => {
    expect(loadConfig({ ...base, SWITCHYARD_CONTROL_PLANE_TLS: 'true' }).controlPlaneTls).toEqual({
      ca: null,
      cert: null,
      key: null,
      serverName: null,
    });
  });

  it('reads the CA, client certificate and key', () => {
    const tls = loadConfig({
      ...base,
      SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca,
      SWITCHYARD_CONTROL_PLANE_TLS_CERT: pki.clientCert,
      SWITCHYARD_CONTROL_PLANE_TLS_KEY: pki.clientKey,
      SWITCHYARD_CONTROL_PLANE_TLS_SERVER_NAME: 'grpc.example.com',
    }).controlPlaneTls!;
    expect(tls.ca!.toString()).toContain('BEGIN CERTIFICATE');
    expect(tls.cert!.toString()).toContain('BEGIN CERTIFICATE');
    expect(tls.key!.toString()).toContain('PRIVATE KEY');
    expect(tls.serverName).toBe('grpc.example.com');
  });

  it.each([
    [
      { SWITCHYARD_CONTROL_PLANE_TLS_CERT: 'CLIENT' },
      /^SWITCHYARD_CONTROL_PLANE_TLS_KEY is required when SWITCHYARD_CONTROL_PLANE_TLS_CERT is set/,
    ],
    [{ SWITCHYARD_CONTROL_PLANE_TLS_KEY: 'CLIENT_KEY' }, /^SWITCHYARD_CONTROL_PLANE_TLS_CERT is required/],
    [
      { SWITCHYARD_CONTROL_PLANE_TLS_CA: '/nonexistent/ca.pem' },
      /^SWITCHYARD_CONTROL_PLANE_TLS_CA names a file that cannot be read: .*ENOENT/,
    ],
    [
      { SWITCHYARD_CONTROL_PLANE_TLS_CA: 'NOT_PEM' },
      /^SWITCHYARD_CONTROL_PLANE_TLS_CA must name a PEM file holding certificates/,
    ],
    [
      { SWITCHYARD_CONTROL_PLANE_TLS_CA: 'CLIENT_KEY' },
      /^SWITCHYARD_CONTROL_PLANE_TLS_CA must name a PEM file holding certificates/,
    ],
    [
      { SWITCHYARD_CONTROL_PLANE_TLS_CERT: 'CLIENT', SWITCHYARD_CONTROL_PLANE_TLS_KEY: 'SERVER_KEY' },
      /^SWITCHYARD_CONTROL_PLANE_TLS_KEY is not the private key of the certificate/,
    ],
    [
      { SWITCHYARD_CONTROL_PLANE_TLS_CERT: 'CLIENT', SWITCHYARD_CONTROL_PLANE_TLS_KEY: 'CLIENT' },
      /^SWITCHYARD_CONTROL_PLANE_TLS_KEY must name a PEM file holding an unencrypted private key/,
    ],
    [{ SWITCHYARD_CONTROL_PLANE_TLS: 'yes' }, /^SWITCHYARD_CONTROL_PLANE_TLS must be true or false/],
    [
      { SWITCHYARD_CONTROL_PLANE_TLS: 'false', SWITCHYARD_CONTROL_PLANE_TLS_CA: 'CA' },
      /^SWITCHYARD_CONTROL_PLANE_TLS is false but/,
    ],
  ])('refuses %j', (env, message) => {
    expect(error(files(env))).toMatch(message);
  });
});

describe('NATS', () => {
  it('has no TLS and no login by default', () => {
    expect(loadConfig(base).natsSecurity).toEqual({
      tls: null,
      creds: null,
      user: null,
      pass: null,
      token: null,
    });
  });

  it('reads TLS files and a credentials file', () => {
    const security = loadConfig({
      ...base,
      NATS_TLS_CA: pki.ca,
      NATS_TLS_CERT: pki.clientCert,
      NATS_TLS_KEY: pki.clientKey,
      NATS_CREDS: creds,
    }).natsSecurity;
    expect(security.tls).toEqual({
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
      cert: expect.stringContaining('BEGIN CERTIFICATE'),
      key: expect.stringContaining('PRIVATE KEY'),
    });
    expect(Buffer.from(security.creds!).toString()).toContain('BEGIN NATS USER JWT');
  });

  it('takes a user and password, or a token', () => {
    expect(loadConfig({ ...base, NATS_USER: 'edge', NATS_PASSWORD: ' s3cret ' }).natsSecurity).toMatchObject({
      user: 'edge',
      pass: ' s3cret ',
    });
    expect(loadConfig({ ...base, NATS_TOKEN: 't0ken' }).natsSecurity.token).toBe('t0ken');
  });

  it.each([
    [{ NATS_TLS_CERT: 'CLIENT' }, /^NATS_TLS_KEY is required when NATS_TLS_CERT is set/],
    [{ NATS_TLS_CA: '/nonexistent/ca.pem' }, /^NATS_TLS_CA names a file that cannot be read/],
    [{ NATS_CREDS: '/nonexistent/edge.creds' }, /^NATS_CREDS names a file that cannot be read/],
    [{ NATS_CREDS: 'CA' }, /^NATS_CREDS must name a NATS credentials file/],
    [{ NATS_PASSWORD: 'x' }, /^NATS_USER is required when NATS_PASSWORD is set/],
    [{ NATS_TOKEN: 't', NATS_CREDS: 'CREDS' }, /^NATS_TOKEN cannot be combined with NATS_CREDS/],
    [{ NATS_USER: 'u', NATS_TOKEN: 't' }, /^NATS_TOKEN cannot be combined with NATS_USER/],
  ])('refuses %j', (env, message) => {
    expect(error(files(env))).toMatch(message);
  });
});

/** Replaces placeholder values by the test files they stand for. */
function files(env: Record<string, string>): Record<string, string> {
  const paths: Record<string, string> = {
    CA: pki.ca,
    CLIENT: pki.clientCert,
    CLIENT_KEY: pki.clientKey,
    SERVER_KEY: pki.serverKey,
    NOT_PEM: notPem,
    CREDS: creds,
  };
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, paths[v] ?? v]));
}
