import { hostname } from 'node:os';
import { resolve } from 'node:path';
import {
  DEFAULT_RATE_LIMIT_SUBJECT,
  DEFAULT_BUDGET_BUCKET,
  DEFAULT_SNAPSHOT_BUCKET,
  OutboundPolicy,
  RATE_LIMIT_SUBJECT_PATTERN,
  parseSecretKey,
  readGrpcClientTls,
  readNatsSecurity,
  type GrpcClientTls,
  type NatsSecurity,
} from '@switchyard/proto';
import { loadTracingConfig, type TracingConfig } from './telemetry/tracing-config';

/**
 * Everything a gateway node is told by its environment, validated once at start.
 * Invariants: numbers are finite integers within their documented range; secrets are
 * present; `stateDir` is absolute.
 */
export interface GatewayConfig {
  natsUrl: string;
  snapshotBucket: string;
  /** The KV bucket where the control plane publishes each budget's spend (watched in the background). */
  budgetBucket: string;
  snapshotKey: Buffer;
  nodeToken: string;
  controlPlaneGrpc: string;
  /** TLS to the control plane's gRPC endpoint (files already read and checked); null: plaintext. */
  controlPlaneTls: GrpcClientTls | null;
  /** TLS and credentials for every NATS connection (snapshots and cache). */
  natsSecurity: NatsSecurity;
  nodeId: string;
  stateDir: string;
  host: string;
  port: number;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  /** Time a client has to send its request headers (slow-loris guard); at most `requestTimeoutMs`. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request, headers and body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open between requests. */
  keepAliveTimeoutMs: number;
  usageFlushMs: number;
  usageMemoryLimit: number;
  heartbeatMs: number;
  logLevel: string;
  /** The JetStream KV bucket cached answers are shared in (one per data-plane cluster). */
  cacheBucket: string;
  /** How long a cache lookup waits for NATS before it counts as a miss. */
  cacheLookupTimeoutMs: number;
  /** Cached answers kept in this node's memory, in front of NATS. */
  cacheMemoryEntries: number;
  /** Semantic cache vectors this node indexes in memory. */
  cacheSemanticEntries: number;
  /** OpenTelemetry tracing from the standard `OTEL_*` variables; null when off (the default). */
  tracing: TracingConfig | null;
  /** Which private, loopback and link-local destinations upstream calls may reach (SWITCHYARD_OUTBOUND_ALLOW). */
  outbound: OutboundPolicy;
  /** NATS subject prefix nodes exchange rate-limit counts on (one per data-plane cluster). */
  rateLimitSubject: string;
  /** How often nodes exchange rate-limit counts. */
  rateLimitSyncMs: number;
  /** A node silent for this long no longer takes a share of rate limits. */
  rateLimitNodeTtlMs: number;
}

/** Raised for a wrong environment value; its message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  return raw ? raw : fallback;
}

/**
 * How far V8 lets the old generation grow past what survived the last full collection, in
 * percent (SWITCHYARD_HEAP_GROWING_PERCENT; 0 leaves V8's own factor, which under steady load
 * grows it 1.1–4× and lets RSS climb far past the live heap). A soft bound: a node whose live
 * heap is large (a big snapshot, a semantic index) still grows, it only collects sooner.
 */
export function heapGrowingPercent(env: NodeJS.ProcessEnv): number {
  return integer(env, 'SWITCHYARD_HEAP_GROWING_PERCENT', 20, 0, 1000);
}

/** Reads and validates the data plane's environment variables (see the shared brief). */
export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  let snapshotKey: Buffer;
  try {
    snapshotKey = parseSecretKey(env.SWITCHYARD_SNAPSHOT_KEY, 'SWITCHYARD_SNAPSHOT_KEY');
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const nodeToken = env.SWITCHYARD_NODE_TOKEN ?? '';
  if (nodeToken.length < 16)
    throw new ConfigError('SWITCHYARD_NODE_TOKEN is required (at least 16 characters)');

  const natsUrl = text(env, 'NATS_URL', 'nats://127.0.0.1:4222');
  for (const server of natsUrl.split(',')) {
    if (!/^(nats|tls|wss?):\/\/[^\s]+$|^[^\s/:]+:\d+$/.test(server.trim())) {
      throw new ConfigError(`NATS_URL must be a nats:// URL (or a comma-separated list), got "${natsUrl}"`);
    }
  }
  const snapshotBucket = text(env, 'SWITCHYARD_SNAPSHOT_BUCKET', DEFAULT_SNAPSHOT_BUCKET);
  if (!/^[A-Za-z0-9_-]+$/.test(snapshotBucket)) {
    throw new ConfigError(
      `SWITCHYARD_SNAPSHOT_BUCKET may hold only letters, digits, "-" and "_", got "${snapshotBucket}"`,
    );
  }
  const cacheBucket = text(env, 'SWITCHYARD_CACHE_BUCKET', 'switchyard-cache');
  if (!/^[A-Za-z0-9_-]+$/.test(cacheBucket)) {
    throw new ConfigError(
      `SWITCHYARD_CACHE_BUCKET may hold only letters, digits, "-" and "_", got "${cacheBucket}"`,
    );
  }
  if (cacheBucket === snapshotBucket) {
    throw new ConfigError('SWITCHYARD_CACHE_BUCKET must differ from SWITCHYARD_SNAPSHOT_BUCKET');
  }
  const budgetBucket = text(env, 'SWITCHYARD_BUDGET_BUCKET', DEFAULT_BUDGET_BUCKET);
  if (!/^[A-Za-z0-9_-]+$/.test(budgetBucket)) {
    throw new ConfigError(
      `SWITCHYARD_BUDGET_BUCKET may hold only letters, digits, "-" and "_", got "${budgetBucket}"`,
    );
  }
  const controlPlaneGrpc = text(env, 'SWITCHYARD_CONTROL_PLANE_GRPC', '127.0.0.1:50051');
  if (!/^[^\s/]+:\d{1,5}$/.test(controlPlaneGrpc)) {
    throw new ConfigError(`SWITCHYARD_CONTROL_PLANE_GRPC must be host:port, got "${controlPlaneGrpc}"`);
  }
  const nodeId = text(env, 'SWITCHYARD_NODE_ID', hostname());
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(nodeId)) {
    throw new ConfigError(
      `SWITCHYARD_NODE_ID may hold only letters, digits, ".", "-" and "_", got "${nodeId}"`,
    );
  }
  const logLevel = text(env, 'LOG_LEVEL', 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  // Longer than common load balancers' idle timeouts (60 s), so they close idle connections first.
  const keepAliveTimeoutMs = integer(env, 'SWITCHYARD_KEEP_ALIVE_TIMEOUT_MS', 65_000, 1, 3_600_000);
  const requestTimeoutMs = integer(env, 'SWITCHYARD_REQUEST_TIMEOUT_MS', 300_000, 1, 3_600_000);
  const headersTimeoutMs = integer(env, 'SWITCHYARD_HEADERS_TIMEOUT_MS', 66_000, 1, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      `SWITCHYARD_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed SWITCHYARD_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }

  let controlPlaneTls: GrpcClientTls | null;
  let natsSecurity: NatsSecurity;
  try {
    controlPlaneTls = readGrpcClientTls(env);
    natsSecurity = readNatsSecurity(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }

  let outbound: OutboundPolicy;
  try {
    outbound = OutboundPolicy.fromEnv(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const rateLimitSubject = text(env, 'SWITCHYARD_RATE_LIMIT_SUBJECT', DEFAULT_RATE_LIMIT_SUBJECT);
  if (!RATE_LIMIT_SUBJECT_PATTERN.test(rateLimitSubject)) {
    throw new ConfigError(
      `SWITCHYARD_RATE_LIMIT_SUBJECT must be a NATS subject of letters, digits, "-" and "_" separated by dots, got "${rateLimitSubject}"`,
    );
  }
  const rateLimitSyncMs = integer(env, 'SWITCHYARD_RATE_LIMIT_SYNC_MS', 100, 10, 10_000);
  const rateLimitNodeTtlMs = integer(env, 'SWITCHYARD_RATE_LIMIT_NODE_TTL_MS', 2000, 1, 600_000);
  if (rateLimitNodeTtlMs <= rateLimitSyncMs) {
    throw new ConfigError(
      `SWITCHYARD_RATE_LIMIT_NODE_TTL_MS (${rateLimitNodeTtlMs}) must exceed SWITCHYARD_RATE_LIMIT_SYNC_MS (${rateLimitSyncMs})`,
    );
  }

  let tracing: TracingConfig | null;
  try {
    tracing = loadTracingConfig(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }

  return {
    natsUrl,
    snapshotBucket,
    budgetBucket,
    snapshotKey,
    nodeToken,
    controlPlaneGrpc,
    controlPlaneTls,
    natsSecurity,
    nodeId,
    stateDir: resolve(text(env, 'SWITCHYARD_STATE_DIR', `.switchyard/data-plane/${nodeId}`)),
    host: text(env, 'SWITCHYARD_GATEWAY_HOST', '127.0.0.1'),
    port: integer(env, 'SWITCHYARD_GATEWAY_PORT', 8080, 0, 65535),
    maxBodyBytes: integer(env, 'SWITCHYARD_MAX_BODY_BYTES', 10_485_760, 1, 1_073_741_824),
    upstreamTimeoutMs: integer(env, 'SWITCHYARD_UPSTREAM_TIMEOUT_MS', 300_000, 1, 3_600_000),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
    usageFlushMs: integer(env, 'SWITCHYARD_USAGE_FLUSH_MS', 1000, 10, 3_600_000),
    usageMemoryLimit: integer(env, 'SWITCHYARD_USAGE_MEMORY_LIMIT', 10_000, 1, 10_000_000),
    heartbeatMs: integer(env, 'SWITCHYARD_HEARTBEAT_MS', 5000, 10, 3_600_000),
    logLevel,
    cacheBucket,
    cacheLookupTimeoutMs: integer(env, 'SWITCHYARD_CACHE_LOOKUP_TIMEOUT_MS', 50, 1, 10_000),
    cacheMemoryEntries: integer(env, 'SWITCHYARD_CACHE_MEMORY_ENTRIES', 1000, 0, 1_000_000),
    cacheSemanticEntries: integer(env, 'SWITCHYARD_CACHE_SEMANTIC_ENTRIES', 100_000, 0, 10_000_000),
    tracing,
    outbound,
    rateLimitSubject,
    rateLimitSyncMs,
    rateLimitNodeTtlMs,
  };
}
