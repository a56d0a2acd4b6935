import type { Logger } from 'pino';
import type { RequestContext } from '../http/request-context';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { NatsLink } from '../nats/nats-link';
import type { MappedError } from '../providers/adapter-types';
import type { CompiledKey, CompiledRoute, RuntimeConfig } from '../snapshot/compiled';
import { RateLimitCluster, type RateLimitRefusal, type RateLimitState } from './rate-limit-cluster';
import { RateLimitExchange } from './rate-limit-exchange';
import { RateLimitMetrics } from './rate-limit-metrics';
import type { RateLimitSpec } from './rate-limit-spec';

/** The node's rate limiter: the cluster-aware counts, their exchange over NATS, and metrics. */
export interface RateLimiter {
  cluster: RateLimitCluster;
  metrics: RateLimitMetrics;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** The node's NATS connection, which carries the exchange. */
  link: NatsLink;
  subjectPrefix: string;
  syncMs: number;
  nodeTtlMs: number;
  nodeId: string;
  logger: Logger;
  metrics: GatewayMetrics;
}

/** Starts the node's rate limiter; it joins the exchange in the background. */
export function startRateLimiter(options: RateLimiterOptions): RateLimiter {
  const cluster = new RateLimitCluster({
    nodeId: options.nodeId,
    syncMs: options.syncMs,
    nodeTtlMs: options.nodeTtlMs,
  });
  const exchange = new RateLimitExchange({ ...options, cluster });
  exchange.start();
  return {
    cluster,
    metrics: new RateLimitMetrics(options.metrics.registry, cluster),
    close: () => exchange.close(),
  };
}

/** An admitted request's hold on its limits, given back when the request completes. */
export class RateLimitTicket {
  private released = false;

  constructor(
    private readonly cluster: RateLimitCluster,
    private readonly specs: readonly RateLimitSpec[],
    private readonly admittedMs: number,
    private readonly reservedTokens: number,
  ) {}

  /**
   * No longer in flight; the tokens it used replace its estimate: its own (none for a cache
   * hit) and its sub-calls' (an ensemble's members, a semantic lookup's embedding, …).
   */
  release(ctx: RequestContext): void {
    if (this.released) return;
    this.released = true;
    const own = ctx.cacheStatus === 'hit' ? 0 : ctx.inputTokens + ctx.outputTokens;
    const used = own + ctx.subCallTokens;
    this.cluster.release(this.specs, this.admittedMs, this.reservedTokens, used, Date.now());
  }
}

/** A 429 to send: the error in the client's format, and its headers. */
export interface RateLimited {
  error: MappedError;
  headers: Record<string, string>;
}

const DIMENSION_TEXT = {
  requests: (s: RateLimitSpec) => `requests per ${s.windowMs / 1000}s (limit ${s.requests})`,
  tokens: (s: RateLimitSpec) => `tokens per ${s.windowMs / 1000}s (limit ${s.tokens})`,
  concurrency: (s: RateLimitSpec) => `concurrent requests (limit ${s.concurrent})`,
};

/** OpenAI's duration notation for reset headers: `250ms`, `12s`, `1m30s`, `2h0m5s`. */
export function formatResetDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * Checks the key's, route's and workspace's rate limits for one request and counts it.
 * Admitted: sets the `x-ratelimit-*` headers of the tightest request and token limits,
 * holds the request's place until `ctx.complete()`, and returns null. Refused: counts the
 * refusal and returns the 429 to send, naming the limit, with `Retry-After`. Never waits.
 * `promptTokens` is called only when a token limit applies (its estimate is reserved).
 */
export function admitRateLimits(
  ctx: RequestContext,
  config: RuntimeConfig,
  key: CompiledKey,
  route: CompiledRoute,
  promptTokens: () => number,
): RateLimited | null {
  const limiter = ctx.services.rateLimits;
  if (!limiter || !config.rateLimits) return null;
  const specs = config.rateLimits.limitsFor(key.workspaceId, key.id, route.id);
  if (specs.length === 0) return null;
  const { cluster } = limiter;
  const now = Date.now();
  const refusal = cluster.check(specs, now);
  if (refusal) {
    limiter.metrics.refused(refusal.spec.scope, refusal.dimension);
    const headers = describe(cluster, specs, now);
    const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
    headers['retry-after'] = String(seconds);
    return { error: refusalError(refusal, key, route, seconds), headers };
  }
  const reserved = specs.some((s) => s.tokens !== null) ? promptTokens() : 0;
  cluster.admit(specs, reserved, now);
  ctx.rateLimitTicket = new RateLimitTicket(cluster, specs, now, reserved);
  const headers = describe(cluster, specs, now);
  for (const name in headers) ctx.res.setHeader(name, headers[name]);
  return null;
}

function refusalError(
  r: RateLimitRefusal,
  key: CompiledKey,
  route: CompiledRoute,
  seconds: number,
): MappedError {
  const owner =
    r.spec.scope === 'key'
      ? `key "${key.name}"`
      : r.spec.scope === 'route'
        ? `route "${route.alias}"`
        : `workspace "${key.workspaceSlug}"`;
  return {
    status: 429,
    // OpenAI's own 429s say which kind of limit in `type`.
    type: r.dimension === 'tokens' ? 'tokens' : 'requests',
    code: 'rate_limit_exceeded',
    message: `Rate limit exceeded for ${owner}: ${DIMENSION_TEXT[r.dimension](r.spec)}. Try again in ${seconds}s.`,
  };
}

/** `x-ratelimit-*` of the request and token limits with the least remaining. */
function describe(
  cluster: RateLimitCluster,
  specs: readonly RateLimitSpec[],
  now: number,
): Record<string, string> {
  let requests: RateLimitState | null = null;
  let tokens: RateLimitState | null = null;
  for (const spec of specs) {
    if (spec.requests !== null) {
      const s = cluster.state(spec, false, now);
      if (!requests || s.remaining < requests.remaining) requests = s;
    }
    if (spec.tokens !== null) {
      const s = cluster.state(spec, true, now);
      if (!tokens || s.remaining < tokens.remaining) tokens = s;
    }
  }
  const headers: Record<string, string> = {};
  if (requests) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(requests.remaining);
    headers['x-ratelimit-reset-requests'] = formatResetDuration(requests.resetMs);
  }
  if (tokens) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(tokens.remaining);
    headers['x-ratelimit-reset-tokens'] = formatResetDuration(tokens.resetMs);
  }
  return headers;
}

/** A tool call refused by a rate limit: what to tell the client, and when to try again. */
export interface ToolCallRefusal {
  message: string;
  retryAfterSeconds: number;
}

/**
 * Admits one MCP tool call against the key's and its workspace's request and concurrency
 * limits (a tool call has no route and uses no model tokens, so token limits only count it
 * as a request). Returns the function that gives its place back when the call ends, a
 * refusal, or null when no limit applies.
 */
export function admitToolCall(
  limiter: RateLimiter | undefined,
  config: RuntimeConfig | null,
  workspaceId: string,
  keyId: string,
): { release(): void } | ToolCallRefusal | null {
  if (!limiter || !config?.rateLimits) return null;
  const specs = config.rateLimits.limitsFor(workspaceId, keyId, '');
  if (specs.length === 0) return null;
  const { cluster } = limiter;
  const now = Date.now();
  const refusal = cluster.check(specs, now);
  if (refusal) {
    limiter.metrics.refused(refusal.spec.scope, refusal.dimension);
    const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
    return {
      message: `Rate limit exceeded for this ${refusal.spec.scope}: ${DIMENSION_TEXT[refusal.dimension](refusal.spec)}. Try again in ${seconds}s.`,
      retryAfterSeconds: seconds,
    };
  }
  cluster.admit(specs, 0, now);
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      cluster.release(specs, now, 0, 0, Date.now());
    },
  };
}
