import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { authenticate } from '../auth/authenticate';
import { GatewayError } from '../errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../chat/json-body';
import { ClientGoneError, readBody } from '../http/body';
import type { RequestContext } from '../http/request-context';
import { sendError } from '../http/respond';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import type { UsageSink } from '../usage/usage-sink';
import type { McpGrant } from './mcp-config';
import { OAuthTokens } from './oauth-tokens';
import { ProxySession } from './proxy-session';
import type { GuardrailPipeline } from '../guardrails/guardrail-index';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { admitToolCall, type RateLimiter } from '../governance/rate-limit-admission';

const NO_GRANTS: ReadonlyMap<string, McpGrant> = new Map();
/** Sessions nobody used for this long are closed (their upstream sessions too). */
const IDLE_SESSION_MS = 30 * 60_000;

export interface McpGatewayOptions {
  store: SnapshotStore;
  usage: UsageSink;
  nodeId: string;
  logger: Logger;
  timeoutMs: number;
  maxBodyBytes: number;
  /** The node's outbound `fetch`, so MCP servers and token endpoints obey the outbound address policy. */
  fetch: typeof fetch;
  metrics: GatewayMetrics;
  /** The node's rate limiter; tool calls count against their key's and workspace's limits. */
  rateLimits?: RateLimiter;
}

const NO_GUARDRAILS: GuardrailPipeline = { policies: [], hasInput: false, hasOutput: false };

/**
 * The MCP endpoints: `/mcp/<server>` (one server) and `/mcp` (every server the key may use,
 * tools named `<server>__<tool>`). Streamable HTTP with sessions (`Mcp-Session-Id`): POST
 * carries requests and notifications (answered as SSE), GET opens the stream of server
 * notifications, DELETE ends the session. Every request is authenticated with the virtual
 * key the session was opened with. Sessions live in this node's memory: a load balancer
 * must send a session's requests to the node that opened it.
 */
export class McpGateway {
  private readonly sessions = new Map<string, ProxySession>();
  private readonly tokens: OAuthTokens;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: McpGatewayOptions) {
    this.tokens = new OAuthTokens(options.timeoutMs, options.fetch);
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The route handler for every method on `/mcp` and `/mcp/<server>`. */
  readonly handle = async (ctx: RequestContext): Promise<void> => {
    try {
      await this.serve(ctx);
    } catch (err) {
      if (err instanceof GatewayError) sendError(ctx, err);
      else if (!(err instanceof ClientGoneError)) {
        this.options.logger.error({ requestId: ctx.requestId, err }, 'MCP request failed unexpectedly');
        sendError(ctx, new GatewayError('internal_error'));
      }
    } finally {
      ctx.complete();
    }
  };

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.close()));
  }

  private async serve(ctx: RequestContext): Promise<void> {
    const { req, res } = ctx;
    const config = this.options.store.current;
    if (!config) throw new GatewayError('not_ready');
    const key = authenticate(req.headers.authorization, config, Date.now());
    ctx.workspaceId = key.workspaceId;
    ctx.keyId = key.id;
    const path = (req.url ?? '/').split('?')[0];
    const target = path === '/mcp' ? null : serverName(path.slice('/mcp/'.length));
    ctx.routeAlias = target ?? 'mcp';
    if (target !== null && !config.mcp?.grantsByKey.get(key.id)?.has(target)) {
      // The same answer whether the server does not exist or the key may not use it.
      throw new GatewayError('unknown_url', `No MCP server "${target.slice(0, 100)}" for this key.`);
    }

    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, this.options.maxBodyBytes);
      if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
        return jsonRpcError(
          ctx,
          400,
          ErrorCode.ParseError,
          `Parse error: the body nests more than ${MAX_JSON_DEPTH} levels deep`,
        );
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return jsonRpcError(ctx, 400, ErrorCode.ParseError, 'Parse error: the body is not JSON');
      }
    }

    const sessionId = req.headers['mcp-session-id'];
    let session: ProxySession | undefined;
    if (typeof sessionId === 'string') {
      session = this.sessions.get(sessionId);
      // Another key's (or another endpoint's) session reads as unknown, like an expired one.
      if (!session || session.keyId !== key.id || session.options.target !== target)
        return jsonRpcError(ctx, 404, ErrorCode.ConnectionClosed, 'Session not found');
    } else if (req.method === 'POST' && isInitialize(body)) {
      session = this.open(key.id, key.workspaceId, target);
      await session.start();
    } else {
      return jsonRpcError(
        ctx,
        400,
        ErrorCode.InvalidRequest,
        'Bad Request: Mcp-Session-Id header is required',
      );
    }
    ctx.status = 200;
    await session.transport.handleRequest(req, res, body);
    ctx.status = res.statusCode;
  }

  private open(keyId: string, workspaceId: string, target: string | null): ProxySession {
    return new ProxySession({
      keyId,
      workspaceId,
      target,
      grants: () => this.options.store.current?.mcp?.grantsByKey.get(keyId) ?? NO_GRANTS,
      timeoutMs: this.options.timeoutMs,
      tokens: this.tokens,
      fetch: this.options.fetch,
      logger: this.options.logger,
      usage: { sink: this.options.usage, nodeId: this.options.nodeId },
      // Route attachments do not apply: a tool call has no route.
      guardrails: () =>
        this.options.store.current?.guardrails?.pipeline(workspaceId, keyId, '') ?? NO_GUARDRAILS,
      admitToolCall: () =>
        admitToolCall(this.options.rateLimits, this.options.store.current, workspaceId, keyId),
      verdicts: {
        verdict: (v) => this.options.metrics.guardrailVerdicts.labels(v.policy, v.check, v.verdict).inc(),
      },
      onOpened: (id, session) => this.sessions.set(id, session),
      onClosed: (id) => this.sessions.delete(id),
    });
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_SESSION_MS;
    for (const [id, session] of this.sessions) {
      if (session.lastUsedMs < cutoff) {
        this.sessions.delete(id);
        void session.close();
      }
    }
  }
}

function isInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (m) => typeof m === 'object' && m !== null && (m as { method?: unknown }).method === 'initialize',
  );
}

function jsonRpcError(ctx: RequestContext, status: number, code: number, message: string): void {
  ctx.status = status;
  ctx.errorMessage = message;
  const res: ServerResponse = ctx.res;
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The MCP server slug of a `/mcp/<slug>` path; a malformed escape (`%E0%A4`) names no server. */
function serverName(escaped: string): string {
  try {
    return decodeURIComponent(escaped);
  } catch {
    throw new GatewayError('unknown_url', 'The MCP server name in the path is not valid UTF-8.');
  }
}
