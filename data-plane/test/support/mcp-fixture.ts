import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { sealSecret, type SnapshotContent, type UsageRecord__Output } from '@switchyard/proto';
import { startGateway, type Gateway } from '../../src';
import { startFakeMcp, startFakeOpenAI, type FakeMcp, type FakeMcpTool } from '../../src/testing';
import { TestTelemetryServer } from './control-plane';
import { gatewayEnv } from './gateway-env';
import { testBucket, type TestBucket } from './nats-bucket';
import { waitFor } from './poll';
import { KEYS, makeSnapshot, SNAPSHOT_KEY, testContent, UPSTREAM_API_KEY } from './snapshots';

/** One gateway in front of one fake MCP server (`/mcp/<slug>`), which the all-routes key may fully use. */
export interface McpFixture {
  server: FakeMcp;
  telemetry: TestTelemetryServer;
  gateway: Gateway;
  /** The key's id in the snapshot (for rate limits and guardrail attachments). */
  keyId: string;
  /** An MCP SDK client connected to the server through the gateway with the all-routes key. */
  connect(): Promise<Client>;
  /** Usage records of tool calls so far. */
  toolCalls(): UsageRecord__Output[];
  close(): Promise<void>;
}

/**
 * Starts it. `more(keyId)` adds snapshot content (policies, limits) that may name the key.
 */
export async function startMcpFixture(
  slug: string,
  tools: FakeMcpTool[],
  more: (keyId: string) => Partial<SnapshotContent> = () => ({}),
): Promise<McpFixture> {
  const server = await startFakeMcp({ name: slug, tools });
  const upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  const telemetry = await new TestTelemetryServer().start();
  const bucket: TestBucket = await testBucket();
  const base = testContent(upstream.baseUrl);
  const keyId = base.keys.find((k) => k.allowedRouteIds === null)!.id;
  const serverId = `m-${slug}`;
  await bucket.put(
    makeSnapshot(
      {
        ...base,
        mcpServers: [
          {
            id: serverId,
            workspaceId: 'w1',
            slug,
            name: slug,
            url: server.url,
            transport: 'streamable-http',
            credentials: sealSecret(SNAPSHOT_KEY, serverId, JSON.stringify({})),
          },
        ],
        mcpAccess: [{ keyId, serverId, allowTools: null, denyTools: [] }],
        ...more(keyId),
      },
      1,
    ),
  );
  const gateway = await startGateway(
    gatewayEnv({ SWITCHYARD_SNAPSHOT_BUCKET: bucket.name, SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address }),
  );
  await waitFor('the snapshot to be applied', async () => (await fetch(`${gateway.url}/readyz`)).ok);
  const clients: Client[] = [];
  return {
    server,
    telemetry,
    gateway,
    keyId,
    async connect() {
      const client = new Client({ name: 'test-agent', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/${slug}`), {
          requestInit: { headers: { authorization: `Bearer ${KEYS.all}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    toolCalls: () => telemetry.records.filter((r) => r.endpoint === 'mcp.tools/call'),
    async close() {
      for (const c of clients) await c.close().catch(() => undefined);
      await gateway.close();
      await Promise.all([server.close(), upstream.close(), telemetry.stop(), bucket.close()]);
    },
  };
}
