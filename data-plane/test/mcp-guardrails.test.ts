import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startMcpFixture, type McpFixture } from './support/mcp-fixture';
import { waitFor } from './support/poll';

/**
 * Guardrail policies on MCP tool calls: the workspace's and the key's policies run on the
 * arguments before they go upstream and on the result before it comes back; denials are
 * JSON-RPC errors naming the policy and check; verdicts (async ones too) land in the call's
 * usage record.
 */
let f: McpFixture;
let client: Client;

beforeAll(async () => {
  f = await startMcpFixture(
    'crm',
    [
      { name: 'echo' },
      { name: 'lookup', run: () => ({ content: [{ type: 'text', text: 'contact: alice@example.com' }] }) },
      { name: 'dump', run: () => ({ content: [{ type: 'text', text: 'ran DROP TABLE customers' }] }) },
      { name: 'memo', run: () => ({ content: [{ type: 'text', text: 'a confidential memo' }] }) },
    ],
    (keyId) => ({
      guardrailPolicies: [
        {
          id: 'g-safety',
          workspaceId: 'w1',
          name: 'tool-safety',
          stage: 'both',
          mode: 'sync',
          action: 'deny',
          checks: [
            { name: 'no-drop', type: 'regex_deny', params: { pattern: 'DROP TABLE' } },
            { name: 'emails', type: 'pii', action: 'redact', params: { types: ['email'] } },
          ],
        },
        {
          id: 'g-watch',
          workspaceId: 'w1',
          name: 'watch',
          stage: 'output',
          mode: 'async',
          action: 'flag',
          checks: [{ name: 'secretish', type: 'contains_none', params: { words: ['confidential'] } }],
        },
      ],
      guardrailAttachments: [
        { policyId: 'g-safety', workspaceId: 'w1', keyId: null, routeId: null },
        { policyId: 'g-watch', workspaceId: 'w1', keyId, routeId: null },
      ],
    }),
  );
  client = await f.connect();
});

afterAll(async () => {
  await f?.close();
});

const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;
const calls = () => f.toolCalls();

describe('guardrails on MCP tool calls', () => {
  it('denies arguments before they reach the server, naming policy and check', async () => {
    const error = await client
      .callTool({ name: 'echo', arguments: { sql: 'DROP TABLE users' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32020);
    expect((error as McpError).message).toContain(
      'The tool call was denied by guardrail policy "tool-safety", check "no-drop"',
    );
    expect(f.server.calls).not.toContain('echo');
    await waitFor('the denied call in usage', () => calls().some((r) => r.errorCode === 'guardrail_denied'));
    expect(calls().find((r) => r.errorCode === 'guardrail_denied')).toMatchObject({
      status: 400,
      model: 'echo',
      guardrailVerdicts: [
        expect.objectContaining({ policy: 'tool-safety', check: 'no-drop', verdict: 'deny' }),
      ],
    });
  });

  it('redacts arguments on the way up and results on the way back', async () => {
    const echoed = await client.callTool({ name: 'echo', arguments: { to: 'bob@example.com', n: 1 } });
    // The server only ever saw the redacted argument.
    expect(text(echoed)).toBe('crm/echo {"to":"[REDACTED_EMAIL]","n":1}');
    expect(text(await client.callTool({ name: 'lookup', arguments: {} }))).toBe('contact: [REDACTED_EMAIL]');
  });

  it('denies a result, and the session goes on', async () => {
    const error = await client.callTool({ name: 'dump', arguments: {} }).catch((e: unknown) => e);
    expect((error as McpError).code).toBe(-32020);
    expect((error as McpError).message).toContain(
      'The tool result was denied by guardrail policy "tool-safety"',
    );
    expect(text(await client.callTool({ name: 'lookup', arguments: {} }))).toBe('contact: [REDACTED_EMAIL]');
    await waitFor('the denied result in usage', () => calls().some((r) => r.model === 'dump'));
    expect(calls().find((r) => r.model === 'dump')).toMatchObject({
      status: 422,
      errorCode: 'guardrail_denied',
    });
  });

  it("records the key's async policy verdicts without holding the result back", async () => {
    expect(text(await client.callTool({ name: 'memo', arguments: {} }))).toBe('a confidential memo');
    await waitFor('the memo call in usage', () => calls().some((r) => r.model === 'memo'));
    expect(calls().find((r) => r.model === 'memo')).toMatchObject({
      status: 200,
      guardrailVerdicts: [
        expect.objectContaining({ policy: 'watch', check: 'secretish', stage: 'output', verdict: 'flag' }),
      ],
    });
  });
});
