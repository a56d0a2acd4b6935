import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from './support/infra';
import { startTestPlane, type TestPlane } from './support/plane';

// "Test connection": one authenticated GET of a provider's models list, per kind.

let t: TestPlane;
let server: Server;
let base: string;
let workspaceId: string;
const seen: { path: string; headers: IncomingMessage['headers'] }[] = [];

/** A provider double: each kind's models endpoint, checking the credential the way the real one does. */
function answer(req: IncomingMessage): [number, unknown] {
  const path = req.url ?? '';
  const h = req.headers;
  if (path === '/openai/v1/models')
    return h.authorization === 'Bearer sk-good'
      ? [200, { object: 'list', data: [{ id: 'gpt-4o' }, { id: 'gpt-4o-mini' }] }]
      : [401, { error: { message: 'Incorrect API key provided: sk-b***', type: 'invalid_request_error' } }];
  if (path === '/anthropic/v1/models')
    return h['x-api-key'] === 'ak-good' && h['anthropic-version'] === '2023-06-01'
      ? [200, { data: [{ id: 'claude-sonnet-4-5' }], has_more: false }]
      : [401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }];
  if (path === '/gemini/v1beta/models')
    return h['x-goog-api-key'] === 'gk-good'
      ? [
          200,
          {
            models: [
              { name: 'models/gemini-2.5-flash' },
              { name: 'models/gemini-2.5-pro' },
              { name: 'models/e' },
            ],
          },
        ]
      : [400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.' } }];
  if (path === '/cohere/v1/models')
    return h.authorization === 'Bearer ck-good'
      ? [200, { models: [{ name: 'command-a' }] }]
      : [401, { message: 'invalid api token' }];
  return [404, { error: { message: `no ${path}` } }];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    const [status, body] = answer(req);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestPlane();
  const ws = await t.ok<{ createWorkspace: { id: string } }>(
    'mutation { createWorkspace(input: {slug: "conn", name: "Conn"}) { id } }',
  );
  workspaceId = ws.createWorkspace.id;
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function provider(input: Record<string, unknown>): Promise<string> {
  const data = await t.ok<{ createProviderAccount: { id: string } }>(
    'mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }',
    { input: { workspaceId, ...input } },
  );
  return data.createProviderAccount.id;
}

type Result = {
  ok: boolean;
  supported: boolean;
  status: number | null;
  models: number | null;
  message: string;
};

async function test(id: string): Promise<Result> {
  const data = await t.ok<{ testProviderAccount: Result }>(
    `mutation($input: TestProviderAccountInput!) { testProviderAccount(input: $input) { ok supported status models message latencyMs } }`,
    { input: { workspaceId, id } },
  );
  return data.testProviderAccount;
}

it('lists the models of OpenAI-compatible, Anthropic, Gemini and Cohere accounts with their own auth', async () => {
  const openai = await provider({
    name: 'o',
    kind: 'openai',
    baseUrl: `${base}/openai/v1`,
    apiKey: 'sk-good',
  });
  expect(await test(openai)).toMatchObject({
    ok: true,
    supported: true,
    status: 200,
    models: 2,
    message: 'Connected: 2 models listed',
  });
  const anthropic = await provider({
    name: 'a',
    kind: 'anthropic',
    baseUrl: `${base}/anthropic/v1`,
    apiKey: 'ak-good',
  });
  expect(await test(anthropic)).toMatchObject({ ok: true, models: 1 });
  const gemini = await provider({
    name: 'g',
    kind: 'gemini',
    baseUrl: `${base}/gemini/v1beta`,
    apiKey: 'gk-good',
  });
  expect(await test(gemini)).toMatchObject({ ok: true, models: 3 });
  const cohere = await provider({
    name: 'c',
    kind: 'cohere',
    baseUrl: `${base}/cohere/v2`,
    apiKey: 'ck-good',
  });
  expect(await test(cohere)).toMatchObject({ ok: true, models: 1 });
  const groq = await provider({ name: 'q', kind: 'groq', baseUrl: `${base}/openai/v1`, apiKey: 'sk-good' });
  expect(await test(groq)).toMatchObject({ ok: true, models: 2 });
  // Each call carried its kind's credential header, and no other kind's.
  const anthropicCall = seen.find((s) => s.path === '/anthropic/v1/models')!;
  expect(anthropicCall.headers.authorization).toBeUndefined();
});

it('reports a refused key, an unreachable host and an unsupported kind without failing the mutation', async () => {
  const bad = await provider({ name: 'bad', kind: 'openai', baseUrl: `${base}/openai/v1`, apiKey: 'sk-bad' });
  const refused = await test(bad);
  expect(refused).toMatchObject({ ok: false, supported: true, status: 401, models: null });
  expect(refused.message).toBe('openai answered HTTP 401: Incorrect API key provided: sk-b***');
  const badGemini = await provider({
    name: 'bg',
    kind: 'gemini',
    baseUrl: `${base}/gemini/v1beta`,
    apiKey: 'nope',
  });
  expect((await test(badGemini)).message).toContain('API key not valid');

  const closed = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
  const gone = await provider({
    name: 'gone',
    kind: 'mistral',
    baseUrl: `http://127.0.0.1:${closed}/v1`,
    apiKey: 'm',
  });
  const unreachable = await test(gone);
  expect(unreachable).toMatchObject({ ok: false, supported: true, status: null });
  expect(unreachable.message).toMatch(/^Could not reach 127\.0\.0\.1:\d+: .*ECONNREFUSED/);

  const bedrock = await provider({
    name: 'b',
    kind: 'bedrock',
    options: { region: 'us-east-1' },
    awsAccessKeyId: 'AKIATEST',
    awsSecretAccessKey: 'secret',
  });
  expect(await test(bedrock)).toMatchObject({ ok: false, supported: false, status: null });
});

it('honours the outbound policy: a private address not allowed is never called', async () => {
  const before = seen.length;
  // Written while allowed (the policy refuses private addresses when URLs are written), then the
  // row points at one: the test still refuses to dial it.
  const internal = await provider({
    name: 'internal',
    kind: 'openai',
    baseUrl: `${base}/openai/v1`,
    apiKey: 'sk-good',
  });
  await sql(t.databaseUrl, `UPDATE provider_accounts SET base_url = 'http://10.20.30.40/v1' WHERE id = $1`, [
    internal,
  ]);
  const result = await test(internal);
  expect(result).toMatchObject({ ok: false, supported: true, status: null });
  expect(result.message).toContain('SWITCHYARD_OUTBOUND_ALLOW');
  expect(seen.length).toBe(before);
});

it('refuses an unknown account with NOT_FOUND', async () => {
  const res = await t.gql(
    `mutation($input: TestProviderAccountInput!) { testProviderAccount(input: $input) { ok } }`,
    { input: { workspaceId, id: '00000000-0000-4000-8000-000000000000' } },
  );
  expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});
