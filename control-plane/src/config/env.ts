import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import {
  DEFAULT_RATE_LIMIT_SUBJECT,
  DEFAULT_BUDGET_BUCKET,
  DEFAULT_SNAPSHOT_BUCKET,
  RATE_LIMIT_SUBJECT_PATTERN,
  TransportEnvError,
  OutboundPolicy,
  OutboundPolicyError,
  parseSecretKey,
  readGrpcServerTls,
  readNatsSecurity,
  type GrpcServerTls,
  type NatsSecurity,
} from '@switchyard/proto';
import {
  parseOidcEnv,
  parseOidcLoginLimits,
  type OidcEnvSettings,
  type OidcLoginLimits,
} from '../oidc/oidc-env';

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
  /** Signs session JWTs (HS256); null: a key generated once and kept in the database. */
  sessionSecret: Buffer | null;
  /** How long a session token is valid. */
  sessionTtlSeconds: number;
  apiHost: string;
  apiPort: number;
  grpcHost: string;
  grpcPort: number;
  /** The gRPC server's certificate (and client CA for mTLS), files already read; null: plaintext. */
  grpcTls: GrpcServerTls | null;
  /** TLS and credentials for the NATS connection. */
  natsSecurity: NatsSecurity;
  snapshotBucket: string;
  /** The NATS subject prefix data-plane nodes exchange rate-limit counts on (read for live usage). */
  rateLimitSubject: string;
  /** The JetStream KV bucket where each budget's current spend is published for the data plane. */
  budgetBucket: string;
  /** How long after a usage batch the budget state is published (batches in between coalesce). */
  budgetPublishMs: number;
  configFile: string | null;
  consoleDir: string | null;
  logLevel: LogLevel;
  /** Which private, loopback and link-local destinations configured URLs may name (SWITCHYARD_OUTBOUND_ALLOW). */
  outbound: OutboundPolicy;
  /** Audit entries older than this many days are deleted hourly; 0 keeps them forever. */
  auditRetentionDays: number;
  /**
   * V8's `--heap-growing-percent`, which `main.ts` sets on the process (as the data plane does):
   * how far the old generation may grow past the live heap before a full collection; 0 leaves
   * V8's own factor.
   */
  heapGrowingPercent: number;
  /** OIDC single sign-on from SWITCHYARD_OIDC_*; settings saved through GraphQL take precedence. */
  oidc: OidcEnvSettings | null;
  /** How many sign-ins `/auth/oidc/login` may start, per client address and pending in all. */
  oidcLoginLimits: OidcLoginLimits;
  /**
   * Which peers' X-Forwarded-For is believed (Express's `trust proxy`): false (none, the
   * default), a number of proxy hops, or addresses, CIDR ranges and `loopback` / `linklocal` /
   * `uniquelocal`. The client address of the audit log and of sign-in throttling comes from it.
   */
  trustProxy: false | number | string[];
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

function sessionSecret(value: string | undefined): Buffer | null {
  if (value === undefined) return null;
  // HS256 wants a key at least as long as the hash (RFC 7518 3.2).
  if (Buffer.byteLength(value) < 32) {
    throw new EnvConfigError('SWITCHYARD_SESSION_SECRET', 'must be at least 32 characters');
  }
  return Buffer.from(value);
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `30m`, `12h`, `7d`: between a minute and 30 days. */
function sessionTtl(value: string | undefined): number {
  const name = 'SWITCHYARD_SESSION_TTL';
  const match = /^(\d{1,7})([smhd])$/.exec(value ?? '12h');
  if (!match) throw new EnvConfigError(name, `must be a duration like 30m, 12h or 7d, got "${value}"`);
  const seconds = Number(match[1]) * DURATION_UNITS[match[2]];
  if (seconds < 60 || seconds > 30 * 86400) {
    throw new EnvConfigError(name, `must be between 1m and 30d, got "${value}"`);
  }
  return seconds;
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

function bucket(value: string, name = 'SWITCHYARD_SNAPSHOT_BUCKET'): string {
  // JetStream bucket names become stream names: letters, digits, dash and underscore only.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new EnvConfigError(name, 'may only contain letters, digits, "-" and "_"');
  }
  return value;
}

function rateLimitSubject(value: string): string {
  if (!RATE_LIMIT_SUBJECT_PATTERN.test(value)) {
    throw new EnvConfigError(
      'SWITCHYARD_RATE_LIMIT_SUBJECT',
      'must be a NATS subject of letters, digits, "-" and "_" separated by dots',
    );
  }
  return value;
}

function milliseconds(value: string, name: string): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) > 60_000) {
    throw new EnvConfigError(name, `must be a whole number of milliseconds from 0 to 60000, got "${value}"`);
  }
  return Number(value);
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

function retentionDays(value: string | undefined): number {
  if (value === undefined) return 365;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 36500) {
    throw new EnvConfigError(
      'SWITCHYARD_AUDIT_RETENTION_DAYS',
      `must be a whole number of days from 0 (keep forever) to 36500, got "${value}"`,
    );
  }
  return Number(value);
}

function heapGrowingPercent(value: string | undefined): number {
  if (value === undefined) return 20;
  if (!/^\d{1,4}$/.test(value) || Number(value) > 1000) {
    throw new EnvConfigError(
      'SWITCHYARD_HEAP_GROWING_PERCENT',
      `must be an integer from 0 to 1000, got "${value}"`,
    );
  }
  return Number(value);
}

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function trustProxy(value: string | undefined): false | number | string[] {
  const name = 'SWITCHYARD_TRUST_PROXY';
  if (value === undefined || value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const entries = value.split(',').map((s) => s.trim());
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk =
      prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (PROXY_RANGE_NAMES.has(entry) || (family !== 0 && prefixOk && extra === undefined)) continue;
    throw new EnvConfigError(
      name,
      `must be a number of proxy hops, or addresses, CIDR ranges and loopback, linklocal or uniquelocal separated by commas; "${entry}" is none of these`,
    );
  }
  return entries;
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
    sessionSecret: sessionSecret(optional(env, 'SWITCHYARD_SESSION_SECRET')),
    sessionTtlSeconds: sessionTtl(optional(env, 'SWITCHYARD_SESSION_TTL')),
    apiHost: optional(env, 'SWITCHYARD_API_HOST') ?? '127.0.0.1',
    apiPort: port(optional(env, 'SWITCHYARD_API_PORT') ?? '4000', 'SWITCHYARD_API_PORT'),
    grpcHost: grpc.host,
    grpcPort: grpc.port,
    grpcTls: transport(() => readGrpcServerTls(env)),
    natsSecurity: transport(() => readNatsSecurity(env)),
    snapshotBucket: bucket(optional(env, 'SWITCHYARD_SNAPSHOT_BUCKET') ?? DEFAULT_SNAPSHOT_BUCKET),
    rateLimitSubject: rateLimitSubject(
      optional(env, 'SWITCHYARD_RATE_LIMIT_SUBJECT') ?? DEFAULT_RATE_LIMIT_SUBJECT,
    ),
    budgetBucket: bucket(
      optional(env, 'SWITCHYARD_BUDGET_BUCKET') ?? DEFAULT_BUDGET_BUCKET,
      'SWITCHYARD_BUDGET_BUCKET',
    ),
    budgetPublishMs: milliseconds(
      optional(env, 'SWITCHYARD_BUDGET_PUBLISH_MS') ?? '200',
      'SWITCHYARD_BUDGET_PUBLISH_MS',
    ),
    configFile: configFile(optional(env, 'SWITCHYARD_CONFIG')),
    consoleDir: consoleDir(optional(env, 'SWITCHYARD_CONSOLE_DIR')),
    logLevel: logLevel(optional(env, 'LOG_LEVEL')),
    outbound: outboundPolicy(env),
    auditRetentionDays: retentionDays(optional(env, 'SWITCHYARD_AUDIT_RETENTION_DAYS')),
    heapGrowingPercent: heapGrowingPercent(optional(env, 'SWITCHYARD_HEAP_GROWING_PERCENT')),
    oidc: parseOidcEnv(env),
    oidcLoginLimits: parseOidcLoginLimits(env),
    trustProxy: trustProxy(optional(env, 'SWITCHYARD_TRUST_PROXY')),
  };
}

function outboundPolicy(env: NodeJS.ProcessEnv): OutboundPolicy {
  try {
    return OutboundPolicy.fromEnv(env);
  } catch (error) {
    if (!(error instanceof OutboundPolicyError)) throw error;
    throw new EnvConfigError(
      'SWITCHYARD_OUTBOUND_ALLOW',
      error.message.replace(/^SWITCHYARD_OUTBOUND_ALLOW: /, ''),
    );
  }
}
