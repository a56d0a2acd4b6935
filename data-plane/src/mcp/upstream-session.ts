import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type Notification } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { CompiledMcpServer } from './mcp-config';
import type { OAuthTokens } from './oauth-tokens';
import { RpcError } from './rpc-error';

const CLIENT_INFO = { name: 'switchyard-gateway', version: '0.1.0' };

export interface UpstreamOptions {
  timeoutMs: number;
  tokens: OAuthTokens;
  /** The node's outbound `fetch` (the outbound address policy applies). */
  fetch: typeof fetch;
  logger: Logger;
  /** Notifications the upstream sends on its own (list changes), passed to the downstream session. */
  onNotification(notification: Notification): void;
}

/**
 * One downstream session's connection to one upstream MCP server: connected on first use,
 * dropped on a transport failure and reconnected on the next use, so a server that was down
 * and came back is usable again within the same downstream session. Every failure becomes
 * an `RpcError` whose message names the server but never its credentials.
 */
export class UpstreamSession {
  private client: Client | null = null;
  private transport: Transport | null = null;
  private connecting: Promise<Client> | null = null;
  private closed = false;

  constructor(
    readonly server: CompiledMcpServer,
    private readonly options: UpstreamOptions,
  ) {}

  /** Runs `work` against the connected client, mapping failures to JSON-RPC errors. */
  async use<T>(work: (client: Client) => Promise<T>): Promise<T> {
    let client: Client;
    try {
      client = await this.connect();
    } catch (err) {
      throw this.failure(err, 'is unreachable');
    }
    try {
      return await work(client);
    } catch (err) {
      // The upstream answered with a JSON-RPC error: pass it on as it is.
      if (
        err instanceof McpError &&
        err.code !== ErrorCode.ConnectionClosed &&
        err.code !== ErrorCode.RequestTimeout
      )
        throw RpcError.fromUpstream(err);
      throw this.failure(err, 'failed');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drop(true);
  }

  private failure(err: unknown, what: string): RpcError {
    const slug = this.server.slug;
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
      return new RpcError(
        ErrorCode.RequestTimeout,
        `MCP server "${slug}" did not answer within ${this.options.timeoutMs} ms`,
      );
    }
    // Anything else means the connection is unusable: start afresh next time.
    void this.drop(false);
    const status = (err as { code?: unknown }).code;
    if (status === 401 || status === 403) this.options.tokens.invalidate(this.server.revision);
    const reason = err instanceof Error ? err.message.slice(0, 300) : String(err);
    this.options.logger.warn({ server: slug, err: reason }, 'MCP upstream failed');
    return new RpcError(ErrorCode.InternalError, `MCP server "${slug}" ${what}: ${reason}`);
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.closed) return Promise.reject(new Error('the session is closed'));
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<Client> {
    const { server } = this;
    const headers: Record<string, string> = { ...server.credentials.headers };
    if (server.credentials.bearerToken) headers.authorization = `Bearer ${server.credentials.bearerToken}`;
    if (server.credentials.oauth)
      headers.authorization = `Bearer ${await this.options.tokens.token(server.revision, server.credentials.oauth)}`;
    const requestInit: RequestInit = { headers };
    const transport: Transport =
      server.transport === 'sse'
        ? new SSEClientTransport(server.url, {
            requestInit,
            fetch: this.options.fetch,
            // The SSE GET carries the credentials too.
            eventSourceInit: {
              fetch: (url, init) =>
                this.options.fetch(url, {
                  ...init,
                  headers: { ...(init?.headers as Record<string, string>), ...headers },
                }),
            },
          })
        : new StreamableHTTPClientTransport(server.url, { requestInit, fetch: this.options.fetch });
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    client.fallbackNotificationHandler = async (n) => this.options.onNotification(n);
    client.onerror = (err) =>
      this.options.logger.debug({ server: server.slug, err: err.message }, 'MCP upstream error');
    client.onclose = () => {
      if (this.client === client) {
        this.client = null;
        this.transport = null;
      }
    };
    try {
      await client.connect(transport, { timeout: this.options.timeoutMs });
    } catch (err) {
      await transport.close().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.close().catch(() => undefined);
      throw new Error('the session is closed');
    }
    this.client = client;
    this.transport = transport;
    return client;
  }

  /** Forgets the connection; on `terminate`, ends the upstream's session too (DELETE). */
  private async drop(terminate: boolean): Promise<void> {
    const { client, transport } = this;
    this.client = null;
    this.transport = null;
    if (!client) return;
    if (terminate && transport instanceof StreamableHTTPClientTransport)
      await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}
