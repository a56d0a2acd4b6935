import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_SNAPSHOT_BUCKET,
  TransportEnvError,
  parseSecretKey,
  readGrpcServerTls,
  readNatsSecurity,
  type GrpcServerTls,
  type NatsSecurity,
} from '@switchyard/proto';

/** Everything the control plane reads from its environment, parsed and checked once at start. */
export interface ControlPlaneConfig {
  databaseUrl: string;
  natsServers: string[];
  /** Encrypts provider credentials at rest (AES-256-GCM). */
  masterKey: Buffer;
  /** Seals provider credentials inside snapshots for the data plane. */
  snapshotKey: Buffer;
  adminToken: string;
  nodeToken: string;
  apiHost: string;
  apiPort: number;
  grpcHost: string;
  grpcPort: number;
  /** The gRPC server's certificate (and client CA for mTLS), files already read; null: plaintext. */
  grpcTls: GrpcServerTls | null;
  /** TLS and credentials for the NATS connection. */
  natsSecurity: NatsSecurity;
  snapshotBucket: string;
  configFile: string | null;
  consoleDir: string | null;
  logLevel: LogLevel;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A wrong or missing environment variable; the message names it. */
export class EnvConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'EnvConfigError';
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new EnvConfigError(name, 'is required');
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function token(env: NodeJS.ProcessEnv, name: string): string {
  const value = required(env, name);
  if (value.length < 16) throw new EnvConfigError(name, 'must be at least 16 characters');
  if (/\s/.test(value)) throw new EnvConfigError(name, 'must not contain whitespace');
  return value;
}

function secretKey(env: NodeJS.ProcessEnv, name: string): Buffer {
  try {
    return parseSecretKey(env[name]?.trim(), name);
  } catch (error) {
    // parseSecretKey's message already starts with the variable name.
    throw new EnvConfigError(name, (error as Error).message.replace(`${name} `, ''));
  }
}

function port(value: string, name: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new EnvConfigError(name, `must be a port number between 0 and 65535, got "${value}"`);
  }
  return Number(value);
}

/** Splits `host:port` or `[ipv6]:port`. */
function hostAndPort(value: string, name: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d+)$/.exec(value);
  if (!match) throw new EnvConfigError(name, `must look like host:port, got "${value}"`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port: port(match[2], name) };
}

function natsServers(value: string): string[] {
  const servers = value.split(',').map((s) => s.trim());
  for (const server of servers) {
    if (!/^(nats|tls|ws|wss):\/\/\S+$|^[^\s:/]+:\d+$/.test(server)) {
      throw new EnvConfigError('NATS_URL', `must be a NATS URL like nats://127.0.0.1:4222, got "${server}"`);
    }
  }
  return servers;
}

function databaseUrl(value: string): string {
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new EnvConfigError('DATABASE_URL', 'must be a postgres:// URL');
  }
  return value;
}

function bucket(value: string): string {
  // JetStream bucket names become stream names: letters, digits, dash and underscore only.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new EnvConfigError('SWITCHYARD_SNAPSHOT_BUCKET', 'may only contain letters, digits, "-" and "_"');
  }
  return value;
}

function configFile(value: string | undefined): string | null {
  if (value === undefined) return null;
  const path = resolve(value);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new EnvConfigError('SWITCHYARD_CONFIG', `names a file that does not exist: ${path}`);
  }
  return path;
}

function consoleDir(value: string | undefined): string | null {
  if (value === undefined) return null;
  const dir = resolve(value);
  if (!existsSync(join(dir, 'index.html'))) {
    throw new EnvConfigError('SWITCHYARD_CONSOLE_DIR', `must be a directory holding index.html: ${dir}`);
  }
  return dir;
}

function logLevel(value: string | undefined): LogLevel {
  const level = (value ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new EnvConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  }
  return level as LogLevel;
}

/** Runs a reader from `@switchyard/proto` whose errors name their variable. */
function transport<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof TransportEnvError)) throw error;
    throw new EnvConfigError(error.variable, error.message.slice(error.variable.length + 1));
  }
}

/** Reads and validates the environment; throws `EnvConfigError` naming the first bad variable. */
export function parseEnv(env: NodeJS.ProcessEnv): ControlPlaneConfig {
  const grpc = hostAndPort(
    optional(env, 'SWITCHYARD_GRPC_ADDR') ?? '127.0.0.1:50051',
    'SWITCHYARD_GRPC_ADDR',
  );
  return {
    databaseUrl: databaseUrl(required(env, 'DATABASE_URL')),
    natsServers: natsServers(required(env, 'NATS_URL')),
    masterKey: secretKey(env, 'SWITCHYARD_MASTER_KEY'),
    snapshotKey: secretKey(env, 'SWITCHYARD_SNAPSHOT_KEY'),
    adminToken: token(env, 'SWITCHYARD_ADMIN_TOKEN'),
    nodeToken: token(env, 'SWITCHYARD_NODE_TOKEN'),
    apiHost: optional(env, 'SWITCHYARD_API_HOST') ?? '127.0.0.1',
    apiPort: port(optional(env, 'SWITCHYARD_API_PORT') ?? '4000', 'SWITCHYARD_API_PORT'),
    grpcHost: grpc.host,
    grpcPort: grpc.port,
    grpcTls: transport(() => readGrpcServerTls(env)),
    natsSecurity: transport(() => readNatsSecurity(env)),
    snapshotBucket: bucket(optional(env, 'SWITCHYARD_SNAPSHOT_BUCKET') ?? DEFAULT_SNAPSHOT_BUCKET),
    configFile: configFile(optional(env, 'SWITCHYARD_CONFIG')),
    consoleDir: consoleDir(optional(env, 'SWITCHYARD_CONSOLE_DIR')),
    logLevel: logLevel(optional(env, 'LOG_LEVEL')),
  };
}
