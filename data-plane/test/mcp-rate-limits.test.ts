import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startMcpFixture, type McpFixture } from './support/mcp-fixture';
import { waitFor } from './support/poll';

/** MCP tool calls count against their key's and workspace's rate limits like model calls. */
let f: McpFixture;

beforeAll(async () => {
  f = await startMcpFixture('tools', [{ name: 'echo' }], (keyId) => ({
    rateLimits: [
      {
        id: 'rl-key',
        workspaceId: 'w1',
        keyId,
        routeId: null,
        requestsPerWindow: 3,
        tokensPerWindow: null,
        windowSeconds: 3600,
        concurrent: null,
      },
    ],
  }));
});

afterAll(async () => {
  await f?.close();
});

it("refuses tool calls past the key's limit with a JSON-RPC error saying when to retry", async () => {
  const client = await f.connect();
  const outcomes: (string | number)[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await client.callTool({ name: 'echo', arguments: { i } }).catch((e: unknown) => e);
    outcomes.push(
      r instanceof McpError ? r.code : ((r as CallToolResult).content[0] as { text: string }).text,
    );
  }
  expect(outcomes.slice(0, 3)).toEqual(['tools/echo {"i":0}', 'tools/echo {"i":1}', 'tools/echo {"i":2}']);
  expect(outcomes.slice(3)).toEqual([-32021, -32021]);
  const refused = await client.callTool({ name: 'echo', arguments: {} }).catch((e: unknown) => e);
  expect((refused as McpError).message).toMatch(
    /Rate limit exceeded for this key: requests per 3600s \(limit 3\)/,
  );
  expect((refused as McpError).data).toMatchObject({
    code: 'rate_limit_exceeded',
    retryAfterSeconds: expect.any(Number),
  });
  // The server only saw the admitted calls; the refusals are usage records too.
  expect(f.server.calls.filter((c) => c === 'echo')).toHaveLength(3);
  await waitFor('the refusals in usage', () => f.toolCalls().filter((r) => r.status === 429).length === 3);
});
