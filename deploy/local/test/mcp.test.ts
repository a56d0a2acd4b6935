import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startFakeMcp, type FakeMcp } from '@switchyard/data-plane/testing';
import { APPLY, eventually, KEY_SECRET, startStack } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

const WEATHER_TOKEN = 'e2e-weather-upstream-bearer';
const FILES_SECRET = 'e2e-files-upstream-header';
const AGENT_KEY = 'sy-test-agent-0123456789abcdef';

const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

describe('the MCP SDK client through a running platform', () => {
  let stack: Stack;
  let weather: FakeMcp;
  let files: FakeMcp;
  let nodeUrl: string;
  const clients: Client[] = [];

  async function connect(path: string, key = KEY_SECRET): Promise<Client> {
    const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${nodeUrl}${path}`), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    weather = await startFakeMcp({
      name: 'weather',
      bearerToken: WEATHER_TOKEN,
      tools: [
        {
          name: 'forecast',
          run: (a) => ({ content: [{ type: 'text', text: `sunny in ${String(a.city)}` }] }),
        },
        { name: 'reset_admin' },
      ],
    });
    files = await startFakeMcp({
      name: 'files',
      jsonResponse: true,
      tools: [{ name: 'read_file' }, { name: 'delete_file' }],
    });
    stack = await startStack();
    // Registered and granted through the declarative config, as `switchyard apply` would.
    await stack.admin(APPLY, {
      input: {
        workspaces: [
          {
            slug: 'demo',
            name: 'Demo',
            keys: [{ name: 'ci' }, { name: 'agent', secret: AGENT_KEY }],
            mcpServers: [
              {
                slug: 'weather',
                name: 'Weather',
                url: weather.url,
                bearerToken: WEATHER_TOKEN,
                access: [{ key: 'ci', allowTools: ['forecast*'] }],
              },
              {
                slug: 'files',
                name: 'Files',
                url: files.url,
                headers: [{ name: 'X-Files-Token', value: FILES_SECRET }],
                access: [
                  { key: 'ci', denyTools: ['delete_*'] },
                  { key: 'agent', allowTools: ['read_file'] },
                ],
              },
            ],
          },
        ],
      },
    });
    const node = await stack.platform.startDataPlane('node-mcp');
    nodeUrl = node.url;
    await eventually(async () => (await fetch(`${node.url}/readyz`)).ok, 10_000, 'the node to be ready');
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await stack?.close();
    await weather?.close();
    await files?.close();
  });

  it('lists the allowed tools of one server and calls them with the upstream credentials', async () => {
    const client = await connect('/mcp/weather');
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['forecast']);
    expect(text(await client.callTool({ name: 'forecast', arguments: { city: 'Paris' } }))).toBe(
      'sunny in Paris',
    );
    expect(weather.headers.at(-1)!.authorization).toBe(`Bearer ${WEATHER_TOKEN}`);
    const denied = await client.callTool({ name: 'reset_admin', arguments: {} }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(McpError);
    expect((denied as McpError).code).toBe(ErrorCode.InvalidParams);
    expect(weather.calls).toEqual(['forecast']);
  });

  it('merges every server of the key on /mcp and routes each call', async () => {
    const client = await connect('/mcp');
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'files__read_file',
      'weather__forecast',
    ]);
    expect(text(await client.callTool({ name: 'files__read_file', arguments: { path: 'x' } }))).toBe(
      'files/read_file {"path":"x"}',
    );
    expect(files.headers.at(-1)!['x-files-token']).toBe(FILES_SECRET);
    const agent = await connect('/mcp', AGENT_KEY);
    expect((await agent.listTools()).tools.map((t) => t.name)).toEqual(['files__read_file']);
  });

  it('answers a clear JSON-RPC error while a server is down, and the session survives', async () => {
    const client = await connect('/mcp/weather');
    await weather.stop();
    try {
      const error = await client
        .callTool({ name: 'forecast', arguments: { city: 'X' } })
        .catch((e: unknown) => e);
      expect((error as McpError).code).toBe(ErrorCode.InternalError);
      expect((error as McpError).message).toContain('MCP server "weather"');
    } finally {
      await weather.restart();
    }
    expect(text(await client.callTool({ name: 'forecast', arguments: { city: 'Oslo' } }))).toBe(
      'sunny in Oslo',
    );
  });

  it('records every tool call in Postgres', async () => {
    const query = `query($w: ID!) { usageRecords(workspaceId: $w, limit: 50) {
      items { endpoint routeAlias model status errorCode keyId latencyMs requestBytes responseBytes }
    } }`;
    type Row = {
      endpoint: string;
      routeAlias: string;
      model: string;
      status: number;
      errorCode: string | null;
      requestBytes: number | null;
      responseBytes: number | null;
    };
    const rows = await eventually(
      async () => {
        const data = await stack.admin<{ usageRecords: { items: Row[] } }>(query, { w: stack.workspaceId });
        const calls = data.usageRecords.items.filter((r) => r.endpoint === 'mcp.tools/call');
        return calls.length >= 5 && calls;
      },
      10_000,
      'tool call usage',
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ routeAlias: 'weather', model: 'forecast', status: 200, errorCode: null }),
        expect.objectContaining({ routeAlias: 'weather', model: 'reset_admin', status: 403 }),
        expect.objectContaining({ routeAlias: 'files', model: 'read_file', status: 200 }),
        expect.objectContaining({ routeAlias: 'weather', model: 'forecast', status: 502 }),
      ]),
    );
    const ok = rows.find((r) => r.status === 200)!;
    expect(ok.requestBytes).toBeGreaterThan(0);
    expect(ok.responseBytes).toBeGreaterThan(0);
  });

  it('never shows the upstream credentials in the API, the snapshot or the logs', async () => {
    const listed = await stack.admin(
      `query($w: ID!) { mcpServers(workspaceId: $w) { slug authType headerNames } }`,
      { w: stack.workspaceId },
    );
    expect(listed).toEqual({
      mcpServers: expect.arrayContaining([
        { slug: 'weather', authType: 'bearer', headerNames: [] },
        { slug: 'files', authType: 'headers', headerNames: ['x-files-token'] },
      ]),
    });
    const logs = stack.platform.allLogs().join('\n');
    for (const secret of [WEATHER_TOKEN, FILES_SECRET, KEY_SECRET, AGENT_KEY]) {
      expect(JSON.stringify(listed)).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
