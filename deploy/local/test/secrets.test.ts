import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'nats';
import OpenAI from 'openai';
import { Client } from 'pg';
import { decodeSnapshot, SNAPSHOT_KV_KEY } from '@switchyard/proto';
import { APPLY, eventually, NATS_URL, startStack, UPSTREAM_KEY } from './support';

/**
 * Plants a secret in every place configuration can carry one, drives the platform the way
 * users do (GraphQL, YAML apply, gateway calls that succeed and fail, debug logging), then
 * searches everything the platform produced — every log line of every process, every
 * GraphQL and gateway response, the snapshot in NATS, the nodes' files on disk, both
 * planes' metrics and every row of every table — for any of them. Only hashes and
 * ciphertexts may be there.
 */
const PLANTED = {
  // The fake upstream accepts only this key.
  providerKey: UPSTREAM_KEY,
  virtualKey: 'sy-planted-virtual-key-0a1b2c3d4e5f',
  mcpBearer: 'planted-mcp-bearer-11223344',
  mcpHeader: 'planted-mcp-header-55667788',
  mcpClientSecret: 'planted-oauth-client-secret-99aabb',
  webhookHeader: 'planted-webhook-header-ccddeeff',
};

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
const produced: { where: string; text: string }[] = [];

/** A GraphQL call whose raw answer is kept for the search. */
async function gql(query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const res = await fetch(stack.platform.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.secrets.adminToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  produced.push({ where: `GraphQL answer to ${query.slice(0, 60)}`, text });
  const answer = JSON.parse(text) as { errors?: unknown };
  // An error would hide what the query should have shown.
  expect([query, answer.errors]).toEqual([query, undefined]);
  return answer;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  stack = await startStack({ configure: false, env: { LOG_LEVEL: 'debug' } });
  const apply = (await gql(APPLY, {
    input: {
      workspaces: [
        {
          slug: 'vault',
          name: 'Vault',
          providers: [
            { name: 'up', kind: 'openai', baseUrl: stack.upstream.baseUrl, apiKey: PLANTED.providerKey },
            {
              name: 'wrong',
              kind: 'openai',
              baseUrl: stack.upstream.baseUrl,
              apiKey: `${PLANTED.providerKey}-x`,
            },
          ],
          routes: [
            { alias: 'fast', targets: [{ provider: 'up', model: 'gpt-4o-mini' }] },
            { alias: 'refused', targets: [{ provider: 'wrong', model: 'gpt-4o-mini' }] },
          ],
          keys: [{ name: 'app', secret: PLANTED.virtualKey }],
          mcpServers: [
            {
              slug: 'tools',
              name: 'Tools',
              url: 'https://tools.example.com/mcp',
              bearerToken: PLANTED.mcpBearer,
              headers: [{ name: 'x-tools-key', value: PLANTED.mcpHeader }],
              access: [{ key: 'app' }],
            },
            {
              slug: 'oauth-tools',
              name: 'OAuth tools',
              url: 'https://oauth-tools.example.com/mcp',
              oauth: {
                tokenUrl: 'https://auth.example.com/token',
                clientId: 'switchyard',
                clientSecret: PLANTED.mcpClientSecret,
              },
            },
          ],
          guardrails: [
            {
              name: 'desk',
              stage: 'output',
              mode: 'async',
              action: 'flag',
              checks: [
                {
                  name: 'hook',
                  type: 'webhook',
                  params: {
                    url: 'https://hooks.example.com/check',
                    headers: { authorization: `Bearer ${PLANTED.webhookHeader}` },
                    failOpen: true,
                    timeoutMs: 200,
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  })) as { errors?: unknown };
  expect(apply.errors).toBeUndefined();
});

afterAll(() => stack?.close());

it('never lets a planted secret out in plaintext', async () => {
  const node = await stack.platform.startDataPlane('secrets-node');
  await eventually(async () => (await fetch(`${node.url}/readyz`)).ok, 15_000, 'the node to be ready');
  const client = new OpenAI({ apiKey: PLANTED.virtualKey, baseURL: `${node.url}/v1`, maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'hello there' }];

  // Answers, streamed or not, and failures: an upstream refusing its key, a wrong virtual key.
  const answer = await client.chat.completions.create({ model: 'fast', messages }).withResponse();
  produced.push({ where: 'chat answer', text: JSON.stringify([answer.data, [...answer.response.headers]]) });
  const stream = await client.chat.completions.create({ model: 'fast', messages, stream: true });
  for await (const chunk of stream) produced.push({ where: 'stream chunk', text: JSON.stringify(chunk) });
  for (const [model, key] of [
    ['refused', PLANTED.virtualKey],
    ['fast', `${PLANTED.virtualKey}-wrong`],
  ]) {
    const res = await fetch(`${node.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'x-switchyard-debug': 'raw',
      },
      body: JSON.stringify({ model, messages }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    produced.push({
      where: `gateway error (${model})`,
      text: (await res.text()) + JSON.stringify([...res.headers]),
    });
  }
  const models = await fetch(`${node.url}/v1/models`, {
    headers: { authorization: `Bearer ${PLANTED.virtualKey}` },
  });
  produced.push({ where: '/v1/models', text: await models.text() });

  // Everything an admin can read back.
  const { data } = (await gql('{ workspaces { id slug } }')) as {
    data: { workspaces: { id: string; slug: string }[] };
  };
  const workspaceId = data.workspaces.find((w) => w.slug === 'vault')!.id;
  for (const query of [
    'query($w: ID!) { providerAccounts(workspaceId: $w) { id name kind baseUrl hasCredentials } }',
    'query($w: ID!) { virtualKeys(workspaceId: $w) { id name prefix } }',
    'query($w: ID!) { mcpServers(workspaceId: $w) { id slug url authType headerNames oauthTokenUrl } }',
    'query($w: ID!) { guardrailPolicies(workspaceId: $w) { id name checks { name type params } } }',
    'query($w: ID!) { usageRecords(workspaceId: $w, limit: 100) { items { requestId errorCode errorMessage } } }',
    '{ latestSnapshot { version hash } dataPlaneNodes { nodeId snapshotVersion } }',
  ])
    await gql(query, { w: workspaceId });
  await eventually(
    async () => {
      const usage = (await gql('query($w: ID!) { usageRecords(workspaceId: $w, limit: 100) { total } }', {
        w: workspaceId,
      })) as { data: { usageRecords: { total: number } } };
      return usage.data.usageRecords.total >= 3;
    },
    15_000,
    'usage to arrive',
  );

  // The planes' metrics, the snapshot on the bus, the node's files, the database.
  produced.push({ where: 'data-plane /metrics', text: await (await fetch(`${node.url}/metrics`)).text() });
  const cpMetrics = stack.platform.graphqlUrl.replace(/\/graphql$/, '/metrics');
  produced.push({ where: 'control-plane /metrics', text: await (await fetch(cpMetrics)).text() });
  const nc = await connect({ servers: NATS_URL });
  try {
    const kv = await nc.jetstream().views.kv(stack.bucket);
    const entry = await kv.get(SNAPSHOT_KV_KEY);
    // As nodes read it: decompressed (a compressed value would hide a planted secret from the grep).
    const text = await decodeSnapshot(entry!.value, async (k) => (await kv.get(k))?.value ?? null);
    produced.push({ where: 'snapshot in NATS', text });
  } finally {
    await nc.close();
  }
  for (const file of filesUnder(stack.stateDir))
    produced.push({ where: `file ${file}`, text: readFileSync(file).toString('latin1') });
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    for (const { table_name } of tables.rows) {
      const rows = await db.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
      );
      produced.push({ where: `table ${table_name}`, text: rows.rows.map((r) => r.row).join('\n') });
    }
  } finally {
    await db.end();
  }
  produced.push({ where: 'process logs', text: stack.platform.allLogs().join('\n') });

  const env = stack.secrets;
  const secrets: Record<string, string> = {
    ...PLANTED,
    adminToken: env.adminToken,
    nodeToken: env.nodeToken,
    masterKey: env.masterKey,
    snapshotKey: env.snapshotKey,
  };
  const leaks = Object.entries(secrets).flatMap(([name, secret]) =>
    produced.filter((p) => p.text.includes(secret)).map((p) => `${name} in ${p.where}`),
  );
  expect(leaks).toEqual([]);
  // The search looked at real material: logs at debug, usage, the snapshot.
  expect(produced.find((p) => p.where === 'snapshot in NATS')!.text).toContain('"providers"');
  expect(produced.find((p) => p.where === 'table usage_records')!.text.length).toBeGreaterThan(0);
  expect(stack.platform.allLogs().length).toBeGreaterThan(10);
});
