import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sealSecret, type SnapshotContent } from '@switchyard/proto';
import { startGateway, type Gateway } from '../src';
import { startFakeMcp, startFakeOpenAI, type FakeMcp, type FakeOpenAI } from '../src/testing';
import { TestTelemetryServer } from './support/control-plane';
import { gatewayEnv } from './support/gateway-env';
import { testBucket, type TestBucket } from './support/nats-bucket';
import { waitFor } from './support/poll';
import { KEYS, makeSnapshot, SNAPSHOT_KEY, testContent, UPSTREAM_API_KEY } from './support/snapshots';

const WEATHER_TOKEN = 'weather-upstream-secret-token';
const FILES_HEADER = 'files-upstream-secret-header';

let weather: FakeMcp;
let files: FakeMcp;
let upstream: FakeOpenAI;
let telemetry: TestTelemetryServer;
let bucket: TestBucket;
let gateway: Gateway;
const clients: Client[] = [];

function content(): SnapshotContent {
  const base = testContent(upstream.baseUrl);
  const keyAll = base.keys.find((k) => k.allowedRouteIds === null)!.id;
  const keyFast = base.keys.find((k) => k.allowedRouteIds !== null)!.id;
  return {
    ...base,
    mcpServers: [
      {
        id: 'm-weather',
        workspaceId: 'w1',
        slug: 'weather',
        name: 'Weather',
        url: weather.url,
        transport: 'streamable-http',
        credentials: sealSecret(SNAPSHOT_KEY, 'm-weather', JSON.stringify({ bearerToken: WEATHER_TOKEN })),
      },
      {
        id: 'm-files',
        workspaceId: 'w1',
        slug: 'files',
        name: 'Files',
        url: files.url,
        transport: 'streamable-http',
        credentials: sealSecret(
          SNAPSHOT_KEY,
          'm-files',
          JSON.stringify({ headers: { 'x-files-token': FILES_HEADER } }),
        ),
      },
    ],
    mcpAccess: [
      {
        keyId: keyAll,
        serverId: 'm-weather',
        allowTools: ['forecast*', 'slow', 'broken'],
        denyTools: ['*_admin'],
      },
      { keyId: keyAll, serverId: 'm-files', allowTools: null, denyTools: ['delete_*'] },
      { keyId: keyFast, serverId: 'm-files', allowTools: ['read_file'], denyTools: [] },
    ],
  };
}

async function connect(path: string, key: string = KEYS.all): Promise<Client> {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${gateway.url}${path}`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

beforeAll(async () => {
  weather = await startFakeMcp({
    name: 'weather',
    bearerToken: WEATHER_TOKEN,
    tools: [
      { name: 'forecast', run: (a) => ({ content: [{ type: 'text', text: `sunny in ${String(a.city)}` }] }) },
      { name: 'forecast_admin' },
      { name: 'alerts' },
      {
        name: 'slow',
        run: () =>
          new Promise((r) => setTimeout(() => r({ content: [{ type: 'text', text: 'late' }] }), 3000)),
      },
      { name: 'broken', run: () => ({ content: [{ type: 'text', text: 'it broke' }], isError: true }) },
    ],
  });
  files = await startFakeMcp({
    name: 'files',
    jsonResponse: true,
    promptsAndResources: true,
    tools: [{ name: 'read_file' }, { name: 'write_file' }, { name: 'delete_file' }],
  });
  upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  telemetry = await new TestTelemetryServer().start();
  bucket = await testBucket();
  await bucket.put(makeSnapshot(content(), 1));
  gateway = await startGateway(
    gatewayEnv({
      SWITCHYARD_SNAPSHOT_BUCKET: bucket.name,
      SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address,
      SWITCHYARD_UPSTREAM_TIMEOUT_MS: '1000',
    }),
  );
  await waitFor('the snapshot to be applied', async () => (await fetch(`${gateway.url}/readyz`)).ok);
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await gateway?.close();
  await Promise.all([
    weather?.close(),
    files?.close(),
    upstream?.close(),
    telemetry?.stop(),
    bucket?.close(),
  ]);
});

describe('/mcp/<server>', () => {
  it('lists only the tools the key may use, and calls them with the upstream credentials', async () => {
    const client = await connect('/mcp/weather');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['broken', 'forecast', 'slow']);
    const result = await client.callTool({ name: 'forecast', arguments: { city: 'Paris' } });
    expect(text(result)).toBe('sunny in Paris');
    const seen = weather.headers.at(-1)!;
    expect(seen.authorization).toBe(`Bearer ${WEATHER_TOKEN}`);
    expect(JSON.stringify(weather.headers)).not.toContain(KEYS.all);
  });

  it('refuses a tool the key may not use with a JSON-RPC error, and the session goes on', async () => {
    const client = await connect('/mcp/weather');
    for (const name of ['forecast_admin', 'alerts', 'does_not_exist']) {
      const error = await client.callTool({ name, arguments: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
      expect((error as McpError).message).toContain(`Tool "${name}" is not available to this key`);
    }
    expect(weather.calls).not.toContain('forecast_admin');
    expect(text(await client.callTool({ name: 'forecast', arguments: { city: 'Oslo' } }))).toBe(
      'sunny in Oslo',
    );
  });

  it('passes prompts and resources through, and JSON answers from the upstream', async () => {
    const client = await connect('/mcp/files', KEYS.fastOnly);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['read_file']);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['greet']);
    const prompt = await client.getPrompt({ name: 'greet' });
    expect(prompt.messages[0].content).toEqual({ type: 'text', text: 'hello from files (greet)' });
    const { resources } = await client.listResources();
    const read = await client.readResource({ uri: resources[0].uri });
    expect(read.contents[0]).toMatchObject({ text: 'contents of memo://files/readme' });
    expect(files.headers.at(-1)!['x-files-token']).toBe(FILES_HEADER);
  });

  it('answers an upstream timeout and a tool error clearly, and the session survives', async () => {
    const client = await connect('/mcp/weather');
    const error = await client.callTool({ name: 'slow', arguments: {} }).catch((e: unknown) => e);
    expect((error as McpError).code).toBe(ErrorCode.RequestTimeout);
    expect((error as McpError).message).toContain('MCP server "weather" did not answer within 1000 ms');
    const broken = await client.callTool({ name: 'broken', arguments: {} });
    expect(broken.isError).toBe(true);
    expect(text(await client.callTool({ name: 'forecast', arguments: { city: 'Rome' } }))).toBe(
      'sunny in Rome',
    );
  });

  it('refuses keys without access, bad keys and other keys’ sessions', async () => {
    const noAccess = await connect('/mcp/weather', KEYS.fastOnly).catch((e: unknown) => e);
    expect((noAccess as { code?: number }).code).toBe(404);
    const badKey = await connect('/mcp/weather', 'sy-not-a-key-0123456789').catch((e: unknown) => e);
    expect(String(badKey)).toMatch(/401|invalid_api_key/);
    const client = await connect('/mcp/files');
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    const hijack = await fetch(`${gateway.url}/mcp/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEYS.fastOnly}`,
        'mcp-session-id': sessionId,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(hijack.status).toBe(404);
  });
});

describe('/mcp (every server of the key)', () => {
  it('merges tools with server prefixes and routes each call to its server', async () => {
    const client = await connect('/mcp');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'files__read_file',
      'files__write_file',
      'weather__broken',
      'weather__forecast',
      'weather__slow',
    ]);
    expect(text(await client.callTool({ name: 'weather__forecast', arguments: { city: 'Lima' } }))).toBe(
      'sunny in Lima',
    );
    expect(text(await client.callTool({ name: 'files__read_file', arguments: { path: 'a' } }))).toBe(
      'files/read_file {"path":"a"}',
    );
    const denied = await client
      .callTool({ name: 'files__delete_file', arguments: {} })
      .catch((e: unknown) => e);
    expect((denied as McpError).code).toBe(ErrorCode.InvalidParams);
    const unknown = await client.callTool({ name: 'nowhere__x', arguments: {} }).catch((e: unknown) => e);
    expect((unknown as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['files__greet']);
  });

  it('keeps serving when one server is down, and uses it again once it is back', async () => {
    const client = await connect('/mcp');
    await client.listTools();
    await weather.stop();
    try {
      const error = await client
        .callTool({ name: 'weather__forecast', arguments: { city: 'X' } })
        .catch((e: unknown) => e);
      expect((error as McpError).code).toBe(ErrorCode.InternalError);
      expect((error as McpError).message).toMatch(
        /^MCP error -32603: MCP server "weather" (failed|is unreachable)/,
      );
      expect((error as McpError).message).not.toContain(WEATHER_TOKEN);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['files__read_file', 'files__write_file']);
    } finally {
      await weather.restart();
    }
    expect(text(await client.callTool({ name: 'weather__forecast', arguments: { city: 'Back' } }))).toBe(
      'sunny in Back',
    );
  });
});

describe('sessions and usage', () => {
  it('ends a session on DELETE', async () => {
    const client = await connect('/mcp/files');
    const transport = client.transport as StreamableHTTPClientTransport;
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    const after = await fetch(`${gateway.url}/mcp/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEYS.all}`,
        'mcp-session-id': sessionId,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
  });

  it('records every tool call as usage', async () => {
    await waitFor('tool call usage', async () =>
      telemetry.records.some((r) => r.endpoint === 'mcp.tools/call' && r.status === 504),
    );
    const calls = telemetry.records.filter((r) => r.endpoint === 'mcp.tools/call');
    const forecast = calls.find((r) => r.model === 'forecast' && r.status === 200)!;
    expect(forecast).toMatchObject({ routeAlias: 'weather', workspaceId: 'w1', errorCode: '' });
    expect(forecast.requestBytes).toBeGreaterThan(0);
    expect(forecast.responseBytes).toBeGreaterThan(0);
    expect(calls.find((r) => r.model === 'forecast_admin')).toMatchObject({
      status: 403,
      errorCode: 'tool_not_allowed',
    });
    expect(calls.find((r) => r.model === 'slow')).toMatchObject({
      status: 504,
      errorCode: 'upstream_timeout',
    });
    expect(calls.find((r) => r.model === 'broken')).toMatchObject({ status: 200, errorCode: 'tool_error' });
    expect(calls.find((r) => r.model === 'read_file' && r.routeAlias === 'files')).toBeDefined();
    expect(JSON.stringify(telemetry.records)).not.toContain(WEATHER_TOKEN);
  });
});
