import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';

/**
 * TLS and credentials between the planes, read from the environment once at start. Both
 * planes use the same variable names for NATS; the gRPC names differ by side (server on the
 * control plane, client on the data plane). Files are read and parsed here, so a missing,
 * unreadable or malformed file stops the process naming its variable, not the first dial.
 */

/** A wrong TLS or credentials variable; the message starts with the variable's name. */
export class TransportEnvError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'TransportEnvError';
  }
}

/** The control plane's gRPC server identity; `clientCa` set means client certificates are required. */
export interface GrpcServerTls {
  cert: Buffer;
  key: Buffer;
  clientCa: Buffer | null;
}

/** How a node dials the control plane over TLS; `ca` null trusts the system's roots. */
export interface GrpcClientTls {
  ca: Buffer | null;
  /** The node's client certificate and key (both or neither), for mTLS. */
  cert: Buffer | null;
  key: Buffer | null;
  /** Checked against the server certificate instead of the dialled host, when set. */
  serverName: string | null;
}

/**
 * What every NATS connection of a plane adds to its connect options. Plain data, so each
 * plane turns `creds` into the nats client's `credsAuthenticator` itself. At most one of
 * `creds`, `token` and `user`/`pass` is set.
 */
export interface NatsSecurity {
  /** PEM text; `tls` set means the connection must be TLS. */
  tls: { ca?: string; cert?: string; key?: string } | null;
  creds: Uint8Array | null;
  user: string | null;
  pass: string | null;
  token: string | null;
}

export const GRPC_SERVER_TLS_VARS = {
  cert: 'SWITCHYARD_GRPC_TLS_CERT',
  key: 'SWITCHYARD_GRPC_TLS_KEY',
  clientCa: 'SWITCHYARD_GRPC_TLS_CLIENT_CA',
} as const;

export const GRPC_CLIENT_TLS_VARS = {
  enabled: 'SWITCHYARD_CONTROL_PLANE_TLS',
  ca: 'SWITCHYARD_CONTROL_PLANE_TLS_CA',
  cert: 'SWITCHYARD_CONTROL_PLANE_TLS_CERT',
  key: 'SWITCHYARD_CONTROL_PLANE_TLS_KEY',
  serverName: 'SWITCHYARD_CONTROL_PLANE_TLS_SERVER_NAME',
} as const;

export const NATS_SECURITY_VARS = {
  ca: 'NATS_TLS_CA',
  cert: 'NATS_TLS_CERT',
  key: 'NATS_TLS_KEY',
  creds: 'NATS_CREDS',
  user: 'NATS_USER',
  pass: 'NATS_PASSWORD',
  token: 'NATS_TOKEN',
} as const;

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function readNamedFile(env: NodeJS.ProcessEnv, name: string): Buffer | null {
  const path = value(env, name);
  if (path === undefined) return null;
  try {
    return readFileSync(resolve(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new TransportEnvError(name, `names a file that cannot be read: ${resolve(path)} (${code})`);
  }
}

function certificates(env: NodeJS.ProcessEnv, name: string): Buffer | null {
  const pem = readNamedFile(env, name);
  if (pem === null) return null;
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate');
    new X509Certificate(pem);
  } catch {
    throw new TransportEnvError(
      name,
      'must name a PEM file holding certificates (-----BEGIN CERTIFICATE-----)',
    );
  }
  return pem;
}

function privateKey(env: NodeJS.ProcessEnv, name: string): Buffer | null {
  const pem = readNamedFile(env, name);
  if (pem === null) return null;
  try {
    createPrivateKey(pem);
  } catch {
    throw new TransportEnvError(name, 'must name a PEM file holding an unencrypted private key');
  }
  return pem;
}

/** Reads a certificate and its key, both or neither, and checks that they belong together. */
function keyPair(
  env: NodeJS.ProcessEnv,
  certVar: string,
  keyVar: string,
): { cert: Buffer; key: Buffer } | null {
  const cert = certificates(env, certVar);
  const key = privateKey(env, keyVar);
  if (cert && !key) throw new TransportEnvError(keyVar, `is required when ${certVar} is set`);
  if (key && !cert) throw new TransportEnvError(certVar, `is required when ${keyVar} is set`);
  if (!cert || !key) return null;
  if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
    throw new TransportEnvError(keyVar, `is not the private key of the certificate in ${certVar}`);
  }
  return { cert, key };
}

/** The control plane's gRPC TLS; null (plaintext) when none of its variables is set. */
export function readGrpcServerTls(env: NodeJS.ProcessEnv): GrpcServerTls | null {
  const names = GRPC_SERVER_TLS_VARS;
  const pair = keyPair(env, names.cert, names.key);
  const clientCa = certificates(env, names.clientCa);
  if (clientCa && !pair) throw new TransportEnvError(names.cert, `is required when ${names.clientCa} is set`);
  return pair ? { ...pair, clientCa } : null;
}

/**
 * The node's TLS to the control plane; null (plaintext) unless `SWITCHYARD_CONTROL_PLANE_TLS`
 * is true or a CA or client certificate is given.
 */
export function readGrpcClientTls(env: NodeJS.ProcessEnv): GrpcClientTls | null {
  const names = GRPC_CLIENT_TLS_VARS;
  const flag = value(env, names.enabled)?.toLowerCase();
  if (flag !== undefined && !['true', 'false', '1', '0'].includes(flag)) {
    throw new TransportEnvError(names.enabled, `must be true or false, got "${flag}"`);
  }
  const ca = certificates(env, names.ca);
  const pair = keyPair(env, names.cert, names.key);
  const serverName = value(env, names.serverName) ?? null;
  const configured = ca !== null || pair !== null || serverName !== null;
  if ((flag === 'false' || flag === '0') && configured) {
    throw new TransportEnvError(
      names.enabled,
      `is false but ${names.ca}, ${names.cert} or ${names.serverName} is set`,
    );
  }
  if (!configured && flag !== 'true' && flag !== '1') return null;
  return { ca, cert: pair?.cert ?? null, key: pair?.key ?? null, serverName };
}

/** NATS TLS and credentials; every field null when none of the variables is set. */
export function readNatsSecurity(env: NodeJS.ProcessEnv): NatsSecurity {
  const names = NATS_SECURITY_VARS;
  const ca = certificates(env, names.ca);
  const pair = keyPair(env, names.cert, names.key);
  const creds = readNamedFile(env, names.creds);
  if (creds && !(creds.includes('BEGIN NATS USER JWT') && creds.includes('BEGIN USER NKEY SEED'))) {
    throw new TransportEnvError(
      names.creds,
      'must name a NATS credentials file (a user JWT and its nkey seed)',
    );
  }
  const user = value(env, names.user) ?? null;
  const pass = env[names.pass] ? env[names.pass]! : null;
  const token = value(env, names.token) ?? null;
  if (pass !== null && user === null)
    throw new TransportEnvError(names.user, `is required when ${names.pass} is set`);
  const methods = [creds && names.creds, user && names.user, token && names.token].filter(Boolean);
  if (methods.length > 1) {
    throw new TransportEnvError(
      methods[1] as string,
      `cannot be combined with ${methods[0] as string}: use one way to log in`,
    );
  }
  const tls =
    ca || pair
      ? { ca: ca?.toString('utf8'), cert: pair?.cert.toString('utf8'), key: pair?.key.toString('utf8') }
      : null;
  return { tls, creds: creds ? new Uint8Array(creds) : null, user, pass, token };
}

/** gRPC server credentials: insecure for null, else TLS, requiring client certificates when a client CA is set. */
export function grpcServerCredentials(tls: GrpcServerTls | null): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    tls.clientCa,
    [{ cert_chain: tls.cert, private_key: tls.key }],
    tls.clientCa !== null,
  );
}

/** Channel credentials and the options that go with them (the server-name override). */
export function grpcChannelSecurity(tls: GrpcClientTls | null): {
  credentials: grpc.ChannelCredentials;
  options: grpc.ChannelOptions;
} {
  if (!tls) return { credentials: grpc.credentials.createInsecure(), options: {} };
  return {
    credentials: grpc.credentials.createSsl(tls.ca, tls.key, tls.cert),
    options: tls.serverName
      ? { 'grpc.ssl_target_name_override': tls.serverName, 'grpc.default_authority': tls.serverName }
      : {},
  };
}
