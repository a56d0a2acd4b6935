import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool of the fake: its listing and what a call answers. */
export interface FakeMcpTool {
  name: string;
  description?: string;
  /** Answer to a call; the default echoes the arguments. */
  run?: (args: Record<string, unknown>) => Promise<CallToolResult> | CallToolResult;
}

export interface FakeMcpOptions {
  name: string;
  tools: FakeMcpTool[];
  /** When set, every request must carry `Authorization: Bearer <token>` (else 401). */
  bearerToken?: string;
  /** `streamable-http` (default) or the legacy `sse` transport (GET /sse, POST /messages). */
  transport?: 'streamable-http' | 'sse';
  /** Streamable HTTP only: answer POSTs with JSON instead of SSE. */
  jsonResponse?: boolean;
  /** Also serve one prompt and one resource. */
  promptsAndResources?: boolean;
}

/** A running MCP server built with the SDK, on loopback. */
export interface FakeMcp {
  /** Where an MCP client connects: `…/mcp`, or `…/sse` for the legacy transport. */
  url: string;
  /** Headers of every HTTP request received. */
  headers: IncomingHttpHeaders[];
  /** Names of the tools called, in order. */
  calls: string[];
  /** Stops listening and drops every connection (the server is "down"). */
  stop(): Promise<void>;
  /** Listens again on the same port (sessions start afresh). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

function mcpServer(options: FakeMcpOptions, calls: string[]): Server {
  const server = new Server(
    { name: options.name, version: '1.0.0' },
    {
      capabilities: {
        tools: {},
        ...(options.promptsAndResources ? { prompts: {}, resources: {} } : {}),
      },
    },
  );
  const tools: Tool[] = options.tools.map((t) => ({
    name: t.name,
    description: t.description ?? `${t.name} of ${options.name}`,
    inputSchema: { type: 'object', properties: {}, additionalProperties: true },
  }));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const tool = options.tools.find((t) => t.name === req.params.name);
    calls.push(req.params.name);
    if (!tool) return { content: [{ type: 'text', text: `no tool ${req.params.name}` }], isError: true };
    const args = req.params.arguments ?? {};
    return tool.run
      ? tool.run(args)
      : { content: [{ type: 'text', text: `${options.name}/${tool.name} ${JSON.stringify(args)}` }] };
  });
  if (options.promptsAndResources) {
    server.setRequestHandler(ListPromptsRequestSchema, () => ({
      prompts: [{ name: 'greet', description: 'Says hello' }],
    }));
    server.setRequestHandler(GetPromptRequestSchema, (req) => ({
      messages: [
        { role: 'user', content: { type: 'text', text: `hello from ${options.name} (${req.params.name})` } },
      ],
    }));
    server.setRequestHandler(ListResourcesRequestSchema, () => ({
      resources: [{ uri: `memo://${options.name}/readme`, name: 'readme' }],
    }));
    server.setRequestHandler(ReadResourceRequestSchema, (req) => ({
      contents: [{ uri: req.params.uri, text: `contents of ${req.params.uri}` }],
    }));
  }
  return server;
}

/** Starts an MCP server with the SDK's own server transports on 127.0.0.1 (port 0). */
export async function startFakeMcp(options: FakeMcpOptions): Promise<FakeMcp> {
  const headers: IncomingHttpHeaders[] = [];
  const calls: string[] = [];
  const streamable = new Map<string, StreamableHTTPServerTransport>();
  const sse = new Map<string, SSEServerTransport>();

  const http: HttpServer = createServer((req, res) => {
    headers.push(req.headers);
    if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const fail = (err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    };
    if (options.transport === 'sse') {
      if (req.method === 'GET' && path === '/sse') {
        const transport = new SSEServerTransport('/messages', res);
        sse.set(transport.sessionId, transport);
        transport.onclose = () => sse.delete(transport.sessionId);
        mcpServer(options, calls).connect(transport).catch(fail);
        return;
      }
      const transport = sse.get(new URL(req.url ?? '/', 'http://x').searchParams.get('sessionId') ?? '');
      if (req.method === 'POST' && path === '/messages' && transport) {
        transport.handlePostMessage(req, res).catch(fail);
        return;
      }
      res.writeHead(404).end();
      return;
    }
    if (path !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const id = req.headers['mcp-session-id'];
    const existing = typeof id === 'string' ? streamable.get(id) : undefined;
    if (existing) {
      existing.handleRequest(req, res).catch(fail);
      return;
    }
    if (typeof id === 'string') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}');
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: options.jsonResponse ?? false,
      onsessioninitialized: (sid) => void streamable.set(sid, transport),
      onsessionclosed: (sid) => void streamable.delete(sid),
    });
    mcpServer(options, calls)
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch(fail);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (http.address() as AddressInfo).port;
  const stop = async () => {
    for (const t of [...streamable.values(), ...sse.values()]) await t.close().catch(() => undefined);
    streamable.clear();
    sse.clear();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}/${options.transport === 'sse' ? 'sse' : 'mcp'}`,
    headers,
    calls,
    stop,
    restart: () => listen(port),
    close: async () => {
      if (http.listening) await stop();
    },
  };
}
