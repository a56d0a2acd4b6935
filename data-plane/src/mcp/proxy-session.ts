import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  ErrorCode,
  GetPromptRequestSchema,
  GetPromptResultSchema,
  ListPromptsRequestSchema,
  ListPromptsResultSchema,
  ListResourcesRequestSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesRequestSchema,
  ListResourceTemplatesResultSchema,
  ListToolsRequestSchema,
  ListToolsResultSchema,
  ReadResourceRequestSchema,
  ReadResourceResultSchema,
  type CallToolResult,
  type Notification,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { McpGrant } from './mcp-config';
import type { OAuthTokens } from './oauth-tokens';
import { RpcError } from './rpc-error';
import type { GuardrailPipeline } from '../guardrails/guardrail-index';
import type { VerdictSink } from '../guardrails/request-guard';
import { ToolCallMeter, type ToolCallUsage } from './tool-call-usage';
import { ToolGuard } from './tool-guard';
import type { ToolCallRefusal } from '../governance/rate-limit-admission';

/** The JSON-RPC error code of a tool call a rate limit refused (next to the guardrail's -32020). */
export const RATE_LIMITED_CODE = -32021;
import { UpstreamSession } from './upstream-session';

/** Aggregate names are `<slug>__<name>`; slugs never contain `__`, so the first one splits. */
export const AGGREGATE_SEPARATOR = '__';

type Extra = {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification(n: never): Promise<void>;
};

export interface ProxySessionOptions {
  keyId: string;
  workspaceId: string;
  /** A server slug for `/mcp/<slug>`, or null for the aggregate `/mcp`. */
  target: string | null;
  /** The key's grants in the running config (re-read on every request, so config changes apply to live sessions). */
  grants(): ReadonlyMap<string, McpGrant>;
  timeoutMs: number;
  tokens: OAuthTokens;
  /** The node's outbound `fetch` (the outbound address policy applies). */
  fetch: typeof fetch;
  logger: Logger;
  usage: ToolCallUsage;
  /** The guardrails of this key's tool calls (its workspace's and its own policies), read per call. */
  guardrails(): GuardrailPipeline;
  /** Where tool calls' guardrail verdicts are counted. */
  verdicts: VerdictSink;
  /** Admits a tool call against the key's and workspace's rate limits (see `admitToolCall`). */
  admitToolCall(): { release(): void } | ToolCallRefusal | null;
  /** Called as soon as the transport has minted the session id (before the initialize answer leaves). */
  onOpened(sessionId: string, session: ProxySession): void;
  onClosed(sessionId: string): void;
}

/**
 * One downstream MCP session: an SDK `Server` on a Streamable HTTP transport that answers
 * from upstream sessions it opens on demand, showing only what the key may use.
 *
 * Every tool call passes through `callTool`: access, guardrails (`ToolGuard`) and usage are applied
 * there, and it is where rate limits and budgets hook in.
 */
export class ProxySession {
  readonly transport: StreamableHTTPServerTransport;
  private readonly server: Server;
  private readonly upstreams = new Map<string, UpstreamSession>();
  /** Aggregate only: which server a resource URI was listed by. */
  private readonly resourceOwners = new Map<string, string>();
  lastUsedMs = Date.now();

  constructor(readonly options: ProxySessionOptions) {
    this.server = new Server(
      { name: options.target ? `switchyard/${options.target}` : 'switchyard', version: '0.1.0' },
      {
        capabilities: {
          tools: { listChanged: true },
          resources: { listChanged: true },
          prompts: { listChanged: true },
        },
      },
    );
    this.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => options.onOpened(id, this),
      onsessionclosed: (id) => void this.close().finally(() => options.onClosed(id)),
    });
    this.server.onerror = (err) => options.logger.debug({ err: err.message }, 'MCP downstream error');
    this.registerHandlers();
  }

  async start(): Promise<void> {
    await this.server.connect(this.transport);
  }

  get keyId(): string {
    return this.options.keyId;
  }

  async close(): Promise<void> {
    const upstreams = [...this.upstreams.values()];
    this.upstreams.clear();
    await Promise.all(upstreams.map((u) => u.close()));
    await this.server.close().catch(() => undefined);
  }

  private registerHandlers(): void {
    const s = this.server;
    s.setRequestHandler(ListToolsRequestSchema, (req, extra) => this.listTools(req.params, extra));
    s.setRequestHandler(CallToolRequestSchema, (req, extra) => this.callTool(req.params, extra));
    s.setRequestHandler(ListPromptsRequestSchema, (req, extra) => this.listPrompts(req.params, extra));
    s.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
      const [grant, name] = this.resolve(req.params.name, 'prompt');
      return this.upstream(grant).use((c) =>
        c.request(
          { method: 'prompts/get', params: { ...req.params, name } },
          GetPromptResultSchema,
          this.opts(extra),
        ),
      );
    });
    s.setRequestHandler(ListResourcesRequestSchema, (req, extra) =>
      this.listResources('resources/list', ListResourcesResultSchema, 'resources', req.params, extra),
    );
    s.setRequestHandler(ListResourceTemplatesRequestSchema, (req, extra) =>
      this.listResources(
        'resources/templates/list',
        ListResourceTemplatesResultSchema,
        'resourceTemplates',
        req.params,
        extra,
      ),
    );
    s.setRequestHandler(ReadResourceRequestSchema, async (req, extra) => {
      const grant = this.resourceGrant(req.params.uri);
      return this.upstream(grant).use((c) =>
        c.request(
          { method: 'resources/read', params: req.params },
          ReadResourceResultSchema,
          this.opts(extra),
        ),
      );
    });
  }

  // ---- tools

  private async listTools(
    params: { cursor?: string } | undefined,
    extra: Extra,
  ): Promise<{ tools: Tool[]; nextCursor?: string }> {
    this.touch();
    const { target } = this.options;
    if (target !== null) {
      const grant = this.single();
      const result = await this.upstream(grant).use((c) =>
        supports(c, 'tools')
          ? c.request({ method: 'tools/list', params: params ?? {} }, ListToolsResultSchema, this.opts(extra))
          : Promise.resolve({ tools: [] as Tool[] }),
      );
      return { ...result, tools: result.tools.filter((t) => grant.tools.allows(t.name)) };
    }
    const tools = await this.everyServer(async (grant) => {
      const all = await this.allPages(grant, extra, 'tools', async (c, cursor) => {
        const r = await c.request(
          { method: 'tools/list', params: cursor ? { cursor } : {} },
          ListToolsResultSchema,
          this.opts(extra),
        );
        return { items: r.tools, nextCursor: r.nextCursor };
      });
      return all
        .filter((t) => grant.tools.allows(t.name))
        .map((t) => ({ ...t, name: `${grant.server.slug}${AGGREGATE_SEPARATOR}${t.name}` }));
    });
    return { tools };
  }

  private async callTool(
    params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> },
    extra: Extra,
  ): Promise<CallToolResult> {
    this.touch();
    const meter = new ToolCallMeter(this.options, params);
    let release: (() => void) | null = null;
    try {
      const [grant, tool] = this.resolve(params.name, 'tool');
      meter.target(grant.server.slug, tool);
      if (!grant.tools.allows(tool)) {
        throw meter.refuse(
          new RpcError(ErrorCode.InvalidParams, `Tool "${params.name}" is not available to this key`),
          403,
          'tool_not_allowed',
        );
      }
      const admission = this.options.admitToolCall();
      if (admission && 'message' in admission) {
        throw meter.refuse(
          new RpcError(RATE_LIMITED_CODE, admission.message, {
            code: 'rate_limit_exceeded',
            retryAfterSeconds: admission.retryAfterSeconds,
          }),
          429,
          'rate_limit_exceeded',
        );
      }
      release = admission?.release ?? null;
      const guard = new ToolGuard(this.options.guardrails(), grant.server.slug, tool, this.options.verdicts);
      meter.guardedBy(guard);
      const { _meta, ...rest } = params;
      rest.arguments = await guard.input(rest.arguments);
      const progressToken = extra._meta?.progressToken;
      const meta = _meta
        ? Object.fromEntries(Object.entries(_meta).filter(([k]) => k !== 'progressToken'))
        : undefined;
      const options: RequestOptions = this.opts(extra);
      if (progressToken !== undefined) {
        options.onprogress = (p) =>
          void extra
            .sendNotification({ method: 'notifications/progress', params: { ...p, progressToken } } as never)
            .catch(() => undefined);
        options.resetTimeoutOnProgress = true;
      }
      const result = (await this.upstream(grant).use((c) =>
        c.request(
          {
            method: 'tools/call',
            params: { ...rest, name: tool, ...(meta && Object.keys(meta).length ? { _meta: meta } : {}) },
          },
          CallToolResultSchema,
          options,
        ),
      )) as CallToolResult;
      const checked = await guard.output(result);
      meter.finish(checked);
      return checked;
    } catch (err) {
      meter.fail(err);
      throw err;
    } finally {
      release?.();
    }
  }

  // ---- prompts and resources (server-level access)

  private async listPrompts(
    params: { cursor?: string } | undefined,
    extra: Extra,
  ): Promise<{ prompts: Prompt[]; nextCursor?: string }> {
    this.touch();
    if (this.options.target !== null) {
      return this.upstream(this.single()).use((c) =>
        supports(c, 'prompts')
          ? c.request(
              { method: 'prompts/list', params: params ?? {} },
              ListPromptsResultSchema,
              this.opts(extra),
            )
          : Promise.resolve({ prompts: [] as Prompt[] }),
      );
    }
    const prompts = await this.everyServer(async (grant) => {
      const all = await this.allPages(grant, extra, 'prompts', async (c, cursor) => {
        const r = await c.request(
          { method: 'prompts/list', params: cursor ? { cursor } : {} },
          ListPromptsResultSchema,
          this.opts(extra),
        );
        return { items: r.prompts, nextCursor: r.nextCursor };
      });
      return all.map((p) => ({ ...p, name: `${grant.server.slug}${AGGREGATE_SEPARATOR}${p.name}` }));
    });
    return { prompts };
  }

  private async listResources<K extends 'resources' | 'resourceTemplates'>(
    method: 'resources/list' | 'resources/templates/list',
    schema: typeof ListResourcesResultSchema | typeof ListResourceTemplatesResultSchema,
    field: K,
    params: { cursor?: string } | undefined,
    extra: Extra,
  ): Promise<Record<K, (Resource | ResourceTemplate)[]> & { nextCursor?: string }> {
    this.touch();
    const page = async (c: Client, cursor?: string) => {
      if (!supports(c, 'resources')) return { items: [], nextCursor: undefined };
      const r = (await c.request(
        { method, params: cursor ? { cursor } : {} },
        schema,
        this.opts(extra),
      )) as Record<string, unknown>;
      return {
        items: r[field] as (Resource | ResourceTemplate)[],
        nextCursor: r.nextCursor as string | undefined,
      };
    };
    if (this.options.target !== null) {
      const { items, nextCursor } = await this.upstream(this.single()).use((c) => page(c, params?.cursor));
      return { [field]: items, ...(nextCursor ? { nextCursor } : {}) } as Record<
        K,
        (Resource | ResourceTemplate)[]
      >;
    }
    const items = await this.everyServer(async (grant) => {
      const all = await this.allPages(grant, extra, 'resources', page);
      for (const r of all) if ('uri' in r) this.resourceOwners.set(r.uri, grant.server.slug);
      return all;
    });
    return { [field]: items } as Record<K, (Resource | ResourceTemplate)[]>;
  }

  private resourceGrant(uri: string): McpGrant {
    this.touch();
    if (this.options.target !== null) return this.single();
    const slug = this.resourceOwners.get(uri);
    const grant = slug ? this.options.grants().get(slug) : undefined;
    if (!grant)
      throw new RpcError(ErrorCode.InvalidParams, `Resource ${uri} is unknown; list resources first`);
    return grant;
  }

  // ---- plumbing

  private touch(): void {
    this.lastUsedMs = Date.now();
  }

  private opts(extra: Extra): RequestOptions {
    return { signal: extra.signal, timeout: this.options.timeoutMs };
  }

  /** The grant of a single-server session, refused once the key lost access. */
  private single(): McpGrant {
    const grant = this.options.grants().get(this.options.target!);
    if (!grant)
      throw new RpcError(
        ErrorCode.InvalidRequest,
        `This key may no longer use MCP server "${this.options.target}"`,
      );
    return grant;
  }

  /** The grant and upstream name behind a client-facing tool or prompt name. */
  private resolve(name: string, what: 'tool' | 'prompt'): [McpGrant, string] {
    if (this.options.target !== null) return [this.single(), name];
    const at = name.indexOf(AGGREGATE_SEPARATOR);
    const grant = at > 0 ? this.options.grants().get(name.slice(0, at)) : undefined;
    if (!grant)
      throw new RpcError(
        ErrorCode.InvalidParams,
        `Unknown ${what} "${name}": names here are <server>${AGGREGATE_SEPARATOR}<${what}>`,
      );
    return [grant, name.slice(at + AGGREGATE_SEPARATOR.length)];
  }

  private upstream(grant: McpGrant): UpstreamSession {
    const { server } = grant;
    let upstream = this.upstreams.get(server.id);
    if (upstream && upstream.server.revision !== server.revision) {
      void upstream.close();
      upstream = undefined;
    }
    if (!upstream) {
      upstream = new UpstreamSession(server, {
        timeoutMs: this.options.timeoutMs,
        tokens: this.options.tokens,
        fetch: this.options.fetch,
        logger: this.options.logger,
        onNotification: (n) => this.relay(n),
      });
      this.upstreams.set(server.id, upstream);
    }
    return upstream;
  }

  /** Passes list changes on; the lists the client then asks for are filtered as usual. */
  private relay(n: Notification): void {
    const send =
      n.method === 'notifications/tools/list_changed'
        ? () => this.server.sendToolListChanged()
        : n.method === 'notifications/prompts/list_changed'
          ? () => this.server.sendPromptListChanged()
          : n.method === 'notifications/resources/list_changed'
            ? () => this.server.sendResourceListChanged()
            : null;
    if (send) send().catch(() => undefined);
  }

  /** Runs `list` on every server the key may use; a server that fails is left out (and logged). */
  private async everyServer<T>(list: (grant: McpGrant) => Promise<T[]>): Promise<T[]> {
    const grants = [...this.options.grants().values()].sort((a, b) =>
      a.server.slug.localeCompare(b.server.slug),
    );
    const results = await Promise.allSettled(grants.map(list));
    return results.flatMap((r, i) => {
      if (r.status === 'fulfilled') return r.value;
      this.options.logger.warn(
        { server: grants[i].server.slug, err: String(r.reason) },
        'MCP server left out of the aggregate',
      );
      return [];
    });
  }

  private allPages<T>(
    grant: McpGrant,
    _extra: Extra,
    capability: 'tools' | 'prompts' | 'resources',
    page: (c: Client, cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>,
  ): Promise<T[]> {
    return this.upstream(grant).use(async (c) => {
      if (!supports(c, capability)) return [];
      const items: T[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const r = await page(c, cursor);
        items.push(...r.items);
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      return items;
    });
  }
}

function supports(c: Client, capability: 'tools' | 'prompts' | 'resources'): boolean {
  return Boolean(c.getServerCapabilities()?.[capability]);
}
