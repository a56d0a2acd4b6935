import type { Socket } from 'node:net';
import fc from 'fast-check';
import { startGateway, type Gateway } from '../src';
import { TestTelemetryServer } from './support/control-plane';
import { gatewayEnv } from './support/gateway-env';
import { testBucket, type TestBucket } from './support/nats-bucket';
import { waitFor } from './support/poll';
import { closedWithin, openSocket, rawRequest, type RawResponse } from './support/raw-http';
import { KEYS, makeSnapshot, testContent } from './support/snapshots';
import { startSteadyUpstream, type SteadyUpstream } from './support/steady-upstream';

/**
 * Property-based fuzzing of every HTTP endpoint of the gateway (issue 10, "Bad input"):
 * whatever a client sends, the node answers (never crashes or hangs), never with a 5xx,
 * and every refusal is a 4xx in the endpoint's own error shape. Routes point at an upstream
 * that answers every call well, so a 5xx can only be the gateway's own failure. A failing
 * property prints its seed; replay it with `FUZZ_SEED=<seed>`.
 */

const MAX_BODY = 65_536;
const HEADERS_TIMEOUT = 1000;
const REQUEST_TIMEOUT = 2500;
const KEEP_ALIVE_TIMEOUT = 1000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED });

type Shape = 'openai' | 'anthropic' | 'mcp';
interface Endpoint {
  path: string;
  shape: Shape;
  /** Well-formed bodies; fuzzing swaps one of `fields` for a value of another type. */
  valid: Record<string, unknown>[];
  fields: string[];
}

const hello = [{ role: 'user', content: 'hello' }];
const blocks = [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }];
const toolTurns = [
  { role: 'user', content: 'weather?' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'w', input: { city: 'Oslo' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
];
const chatTools = [{ type: 'function', function: { name: 'w', parameters: { type: 'object' } } }];

const ENDPOINTS: Endpoint[] = (
  [
    {
      path: '/v1/chat/completions',
      shape: 'openai',
      valid: [
        { model: 'fast', messages: hello },
        { model: 'fast', messages: blocks, stream: true, stream_options: { include_usage: true } },
        { model: 'fast', messages: hello, tools: chatTools, tool_choice: 'auto', max_tokens: 5 },
      ],
      fields: [
        'model',
        'messages',
        'messages.0',
        'messages.0.role',
        'messages.0.content',
        'messages.0.content.0',
        'messages.0.content.0.type',
        'messages.0.content.0.text',
        'stream',
        'stream_options',
        'stream_options.include_usage',
        'tools',
        'tools.0',
        'tools.0.function',
        'tool_choice',
        'max_tokens',
        'temperature',
        'n',
        'response_format',
        'user',
      ],
    },
    {
      path: '/v1/completions',
      shape: 'openai',
      valid: [
        { model: 'fast', prompt: 'hello' },
        { model: 'fast', prompt: ['a'], stream: true, max_tokens: 3, echo: false },
      ],
      fields: [
        'model',
        'prompt',
        'prompt.0',
        'stream',
        'max_tokens',
        'suffix',
        'echo',
        'n',
        'logprobs',
        'stop',
      ],
    },
    {
      path: '/v1/messages',
      shape: 'anthropic',
      valid: [
        { model: 'fast', max_tokens: 16, messages: hello },
        { model: 'fast', max_tokens: 16, messages: toolTurns, system: 'be brief', stream: true },
        {
          model: 'fast',
          max_tokens: 16,
          messages: blocks,
          system: [{ type: 'text', text: 'be brief' }],
          tools: [{ name: 'w', input_schema: { type: 'object' } }],
          tool_choice: { type: 'auto' },
          stop_sequences: ['x'],
          metadata: { user_id: 'u' },
        },
      ],
      fields: [
        'model',
        'max_tokens',
        'messages',
        'messages.0',
        'messages.0.role',
        'messages.0.content',
        'messages.0.content.0',
        'messages.0.content.0.type',
        'messages.0.content.0.text',
        'messages.1.content.0.input',
        'messages.1.content.0.id',
        'messages.2.content.0.content',
        'messages.2.content.0.tool_use_id',
        'system',
        'system.0',
        'system.0.text',
        'stream',
        'tools',
        'tools.0',
        'tools.0.input_schema',
        'tool_choice',
        'tool_choice.type',
        'stop_sequences',
        'temperature',
        'metadata',
        'thinking',
      ],
    },
    {
      path: '/v1/messages/count_tokens',
      shape: 'anthropic',
      valid: [
        { model: 'fast', messages: hello },
        { model: 'fast', messages: toolTurns, system: 'be brief', tools: [{ name: 'w', input_schema: {} }] },
      ],
      fields: [
        'model',
        'messages',
        'messages.0',
        'messages.0.role',
        'messages.0.content',
        'messages.1.content.0',
        'messages.1.content.0.input',
        'system',
        'tools',
        'tools.0',
      ],
    },
    {
      path: '/v1/responses',
      shape: 'openai',
      valid: [
        { model: 'fast', input: 'hello' },
        {
          model: 'fast',
          instructions: 'be brief',
          input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello' }] }],
          stream: true,
        },
        {
          model: 'fast',
          input: [
            { type: 'function_call', call_id: 'c1', name: 'w', arguments: '{}' },
            { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
          ],
          tools: [{ type: 'function', name: 'w', parameters: { type: 'object' } }],
          max_output_tokens: 20,
          text: { format: { type: 'text' } },
        },
      ],
      fields: [
        'model',
        'input',
        'input.0',
        'input.0.role',
        'input.0.type',
        'input.0.content',
        'input.0.content.0',
        'input.0.content.0.text',
        'input.0.arguments',
        'input.1.output',
        'instructions',
        'stream',
        'tools',
        'tools.0',
        'tools.0.name',
        'max_output_tokens',
        'text',
        'text.format',
        'reasoning',
        'previous_response_id',
      ],
    },
    {
      path: '/v1/embeddings',
      shape: 'openai',
      valid: [
        { model: 'fast', input: 'hello' },
        { model: 'fast', input: ['a', 'b'], encoding_format: 'base64' },
      ],
      fields: ['model', 'input', 'input.0', 'encoding_format', 'dimensions', 'user'],
    },
    {
      path: '/mcp',
      shape: 'mcp',
      valid: [
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-03-26',
            capabilities: {},
            clientInfo: { name: 'f', version: '1' },
          },
        },
      ],
      fields: ['jsonrpc', 'id', 'method', 'params', 'params.protocolVersion', 'params.capabilities'],
    },
  ] satisfies Endpoint[]
)
  // Counterexamples name the endpoint by its path.
  .map((e) => ({ ...e, [fc.toStringMethod]: () => e.path }));

/** Route aliases whose upstream genuinely fails (a closed port, an unknown provider kind). */
const FAILING_ALIASES = new Set(['down', 'future']);

let upstream: SteadyUpstream;
let telemetry: TestTelemetryServer;
let bucket: TestBucket;
/** Default client timeouts: the fuzzing. */
let gateway: Gateway;
/** Short client timeouts: slow clients and idle connections. */
let strict: Gateway;

async function start(env: Record<string, string>): Promise<Gateway> {
  const g = await startGateway(
    gatewayEnv({
      SWITCHYARD_SNAPSHOT_BUCKET: bucket.name,
      SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address,
      SWITCHYARD_UPSTREAM_TIMEOUT_MS: '5000',
      SWITCHYARD_MAX_BODY_BYTES: String(MAX_BODY),
      ...env,
    }),
  );
  await waitFor('the snapshot to be applied', async () => (await fetch(`${g.url}/readyz`)).ok);
  return g;
}

beforeAll(async () => {
  upstream = await startSteadyUpstream();
  telemetry = await new TestTelemetryServer().start();
  bucket = await testBucket();
  await bucket.put(makeSnapshot(testContent(upstream.baseUrl), 1));
  gateway = await start({});
  strict = await start({
    SWITCHYARD_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT),
    SWITCHYARD_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT),
    SWITCHYARD_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT),
  });
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await strict?.close();
  await upstream?.close();
  await telemetry?.stop();
  await bucket?.close();
});

afterEach(async () => {
  // Whatever a property sent, both nodes still serve a good request.
  for (const g of [gateway, strict]) {
    const res = await fetch(`${g.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.all}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages: hello }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ choices: [{ message: { content: 'steady answer' } }] });
  }
});

// ---- what every answer must be -------------------------------------------------------------

function shapeOf(path: string): Shape {
  if (path === '/mcp' || path.startsWith('/mcp/')) return 'mcp';
  if (path === '/v1/messages' || path.startsWith('/v1/messages/')) return 'anthropic';
  return 'openai';
}

function describeAnswer(path: string, status: number, body: string): string {
  return `${path} → ${status} ${body.slice(0, 300)}`;
}

/** Asserts a clear answer: never a 5xx, and an error (4xx) in the endpoint's own JSON shape. */
function expectClientAnswer(path: string, status: number, body: string): void {
  const what = describeAnswer(path, status, body);
  if (status >= 500 || status < 200) throw new Error(`expected no 5xx, got ${what}`);
  if (status < 400) return;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`expected a JSON error body, got ${what}`);
  }
  const isText = (v: unknown) => typeof v === 'string' && v.length > 0;
  const o = json as { type?: unknown; error?: Record<string, unknown>; jsonrpc?: unknown };
  const openai =
    isText(o.error?.message) &&
    isText(o.error?.type) &&
    'code' in (o.error ?? {}) &&
    'param' in (o.error ?? {});
  const anthropic = o.type === 'error' && isText(o.error?.message) && isText(o.error?.type);
  const jsonRpc = o.jsonrpc === '2.0' && typeof o.error?.code === 'number' && isText(o.error?.message);
  const shape = shapeOf(path);
  const ok = shape === 'anthropic' ? anthropic : shape === 'mcp' ? openai || jsonRpc : openai;
  if (!ok) throw new Error(`expected a ${shape}-shaped error, got ${what}`);
}

type Auth = 'none' | 'bearer' | 'x-api-key' | 'wrong' | 'expired';
const AUTHS: Auth[] = ['none', 'bearer', 'x-api-key', 'wrong', 'expired'];

function authHeaders(auth: Auth): Record<string, string> {
  switch (auth) {
    case 'none':
      return {};
    case 'bearer':
      return { authorization: `Bearer ${KEYS.all}` };
    case 'x-api-key':
      return { 'x-api-key': KEYS.all };
    case 'wrong':
      return { authorization: 'Bearer sy-not-a-key-0123456789' };
    case 'expired':
      return { authorization: `Bearer ${KEYS.expired}` };
  }
}

async function post(
  path: string,
  body: string | Uint8Array,
  auth: Auth,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...authHeaders(auth),
      ...headers,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

async function postAndCheck(path: string, body: string | Uint8Array, auth: Auth): Promise<void> {
  const res = await post(path, body, auth);
  expectClientAnswer(path, res.status, res.body);
  if (auth !== 'bearer' && !(auth === 'x-api-key' && path !== '/mcp')) {
    // Without a usable key nothing is read or routed: always a 401.
    if (res.status !== 401)
      throw new Error(`expected 401, got ${describeAnswer(path, res.status, res.body)}`);
  }
}

// ---- generators -------------------------------------------------------------------------------

const endpointArb = fc.constantFrom(...ENDPOINTS);
const authArb = fc.constantFrom(...AUTHS);

/** JSON text that is not what JSON.stringify writes: big and special numbers, escapes, lone surrogates. */
const RAW_TOKENS = [
  '1e999',
  '-1e999',
  '9007199254740993',
  '-0',
  '0.0000000000000000000001',
  '"\\ud800"',
  '"\\udfff\\ud800"',
  '"\\u0000"',
  '"\\u202e\\u200b"',
  '"__proto__"',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '[]',
  '{}',
  '[[]]',
  '[{}]',
  '[null]',
  '""',
];
const RAW = '__fuzz_raw__';

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(
    '',
    ' ',
    0,
    -1,
    1.5,
    2 ** 53,
    -(2 ** 31),
    true,
    false,
    null,
    [],
    {},
    [null],
    [{}],
    {
      type: null,
    },
  ),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(...RAW_TOKENS).map((token) => ({ [RAW]: token })),
);

/** Sets `path` (dot-separated, numbers index arrays) in a deep copy of `body`; null when its parent is absent. */
function withField(
  body: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> | null {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let parent: unknown = copy;
  for (const key of keys.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return null;
    parent = (parent as Record<string, unknown>)[key];
  }
  if (parent === null || typeof parent !== 'object') return null;
  (parent as Record<string, unknown>)[keys[keys.length - 1]] = value;
  return copy;
}

/** JSON text for `body`, with each `{ [RAW]: text }` written as that raw JSON text. */
function render(body: unknown): string {
  const tokens: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (value && typeof value === 'object' && RAW in value) {
      tokens.push((value as Record<string, string>)[RAW]);
      return `@@raw${tokens.length - 1}@@`;
    }
    return value;
  });
  return text.replace(/"@@raw(\d+)@@"/g, (_m, i: string) => tokens[Number(i)]);
}

// ---- properties -------------------------------------------------------------------------------

describe('fuzzing the gateway’s HTTP endpoints', () => {
  it('answers random JSON values with a clear 4xx (or a 2xx), with a key and without', async () => {
    await fc.assert(
      fc.asyncProperty(endpointArb, authArb, fc.jsonValue({ maxDepth: 4 }), async (endpoint, auth, value) => {
        await postAndCheck(endpoint.path, JSON.stringify(value), auth);
      }),
      runs(200),
    );
  });

  it('answers random objects with known field names with a clear 4xx (or a 2xx)', async () => {
    const objectArb = fc.dictionary(
      fc.constantFrom(...new Set(ENDPOINTS.flatMap((e) => e.fields.map((f) => f.split('.')[0])))),
      oddValue,
    );
    await fc.assert(
      fc.asyncProperty(endpointArb, objectArb, async (endpoint, object) => {
        await postAndCheck(endpoint.path, render(object), 'bearer');
      }),
      runs(200),
    );
  });

  it('answers a wrong type for every known field with a clear 4xx (or a 2xx)', async () => {
    const caseArb = endpointArb.chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        body: fc.constantFrom(...endpoint.valid),
        field: fc.constantFrom(...endpoint.fields),
        value: oddValue,
        auth: fc.constantFrom<Auth>('bearer', 'bearer', 'bearer', 'none'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ endpoint, body, field, value, auth }) => {
        const fuzzed = withField(body, field, value);
        if (!fuzzed) return;
        if (typeof fuzzed.model === 'string' && FAILING_ALIASES.has(fuzzed.model)) return;
        await postAndCheck(endpoint.path, render(fuzzed), auth);
      }),
      runs(300),
    );
  });

  it('answers the valid bodies of every endpoint (the fuzzing’s baseline) without an error', async () => {
    for (const endpoint of ENDPOINTS.filter((e) => e.shape !== 'mcp')) {
      for (const body of endpoint.valid) {
        const res = await post(endpoint.path, JSON.stringify(body), 'bearer');
        expect(describeAnswer(endpoint.path, res.status, res.body)).toMatch(/ → 200 /);
      }
    }
  });

  it('answers huge strings in any field with a clear 4xx (or a 2xx), 413 past the body limit', async () => {
    const hugeArb = fc
      .tuple(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2_000, max: 30_000 }),
      )
      .map(([unit, times]) => unit.repeat(times));
    const caseArb = endpointArb.chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        body: fc.constantFrom(...endpoint.valid),
        field: fc.constantFrom(...endpoint.fields),
        value: hugeArb,
      }),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ endpoint, body, field, value }) => {
        const fuzzed = withField(body, field, value);
        if (!fuzzed) return;
        const text = JSON.stringify(fuzzed);
        const res = await post(endpoint.path, text, 'bearer');
        expectClientAnswer(endpoint.path, res.status, res.body);
        if (Buffer.byteLength(text) > MAX_BODY) expect(res.status).toBe(413);
      }),
      runs(60),
    );
  });

  it('answers deeply nested JSON (10k+ levels) with a clear 4xx, never a stack overflow', async () => {
    const caseArb = endpointArb.chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        body: fc.constantFrom(...endpoint.valid),
        field: fc.option(fc.constantFrom(...endpoint.fields), { nil: undefined }),
        depth: fc.integer({ min: 1_000, max: 30_000 }),
        open: fc.constantFrom('[', '{"a":'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ endpoint, body, field, depth, open }) => {
        const close = open === '[' ? ']' : '}';
        const deep = open.repeat(depth) + '1' + close.repeat(depth);
        const text = field === undefined ? deep : render(withField(body, field, { [RAW]: deep }) ?? body);
        await postAndCheck(endpoint.path, text, 'bearer');
      }),
      runs(40),
    );
  });

  it('answers bodies that are not valid UTF-8 or not JSON with a clear 4xx', async () => {
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      // Valid JSON around invalid UTF-8 (lone continuation bytes, overlongs, surrogates as UTF-8).
      fc
        .constantFrom('\x80', '\xc0\xaf', '\xed\xa0\x80', '\xff\xfe', '\xf4\x90\x80\x80')
        .map((bad) =>
          Buffer.concat([
            Buffer.from(`{"model":"fast","messages":[{"role":"user","content":"`),
            Buffer.from(bad, 'latin1'),
            Buffer.from(`"}],"input":"`),
            Buffer.from(bad, 'latin1'),
            Buffer.from(`","prompt":"x","max_tokens":5}`),
          ]),
        ),
    );
    await fc.assert(
      fc.asyncProperty(endpointArb, authArb, bytesArb, async (endpoint, auth, bytes) => {
        await postAndCheck(endpoint.path, bytes, auth);
      }),
      runs(150),
    );
  });

  it('answers random methods and paths with 404/405 (or the endpoint’s answer), over raw HTTP', async () => {
    const methodArb = fc.oneof(
      fc.constantFrom(
        'GET',
        'POST',
        'PUT',
        'PATCH',
        'DELETE',
        'HEAD',
        'OPTIONS',
        'TRACE',
        'PROPFIND',
        'SEARCH',
      ),
      fc.stringMatching(/^[A-Z]{1,12}$/),
    );
    const segmentArb = fc.oneof(
      fc.constantFrom(
        'v1',
        'chat',
        'completions',
        'messages',
        'count_tokens',
        'models',
        'mcp',
        'healthz',
        '..',
        '.',
        '',
        '%2e%2e',
        '%E0%A4%A',
        '%ff',
        '%00',
        '%',
        'readyz',
        'metrics',
      ),
      fc.stringMatching(/^[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,20}$/),
    );
    const pathArb = fc.oneof(
      fc.array(segmentArb, { maxLength: 6 }).map((s) => `/${s.join('/')}`),
      fc
        .constantFrom(...ENDPOINTS.map((e) => e.path), '/v1/models', '/healthz', '/readyz', '/metrics')
        .chain((p) => fc.constantFrom(p, `${p}/`, `${p}?x=1`, `${p}/%E0%A4%A`, `${p}#f`, `${p}?%ff=%`)),
      fc.constant(`/${'a'.repeat(8000)}`),
    );
    await fc.assert(
      fc.asyncProperty(methodArb, pathArb, authArb, async (method, path, auth) => {
        const header = Object.entries(authHeaders(auth))
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        const body = method === 'GET' || method === 'HEAD' ? '' : '{}';
        const res = await rawRequest(
          gateway.url,
          `${method} ${path} HTTP/1.1\r\nhost: gw\r\n${header}accept: application/json, text/event-stream\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
          { head: method === 'HEAD' },
        );
        if (method === 'HEAD') return expect(res.status).toBeLessThan(500);
        expectClientAnswer(path.split(/[?#]/)[0], res.status, res.body);
      }),
      runs(200),
    );
  });

  it('answers header injection attempts (CR/LF, duplicates, non-ASCII, bad framing) with a clear 4xx', async () => {
    const good = `authorization: Bearer ${KEYS.all}\r\n`;
    const body = JSON.stringify({ model: 'fast', messages: hello });
    const attackArb = fc.oneof(
      // CR or LF inside a header value, bare or escaped into a second header or a second request.
      fc
        .constantFrom('\r', '\n', '\r\n', '\r\nx-injected: 1', '\r\n\r\nGET /healthz HTTP/1.1', '\0', '\x7f')
        .map((cut) => `authorization: Bearer ${KEYS.all}${cut}\r\n`),
      fc.constantFrom(
        // Duplicated or conflicting auth headers.
        `${good}${good}`,
        `${good}authorization: Bearer sy-someone-else-0123456789\r\n`,
        `authorization: Bearer sy-someone-else-0123456789\r\n${good}`,
        `${good}x-api-key: ${KEYS.all}\r\n`,
        `x-api-key: ${KEYS.all}\r\nx-api-key: ${KEYS.all}\r\n`,
        `authorization: Basic ${Buffer.from('a:b').toString('base64')}\r\n`,
        'authorization: Bearer\r\n',
        'authorization: Bearer    \r\n',
        `authorization:Bearer ${KEYS.all}\r\n`,
        `authorization : Bearer ${KEYS.all}\r\n`,
        ` authorization: Bearer ${KEYS.all}\r\n`,
        `authorization: Bearer ${KEYS.all}\r\n continued\r\n`,
        `${good}x-switchyard-metadata: {"a":[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]}\r\n`,
        `${good}x-switchyard-metadata: not json\r\n`,
        `${good}x-request-id: ../../etc/passwd\r\n`,
        `${good}content-type: text/plain\r\n`,
        `${good}expect: 100-continue\r\n`,
        `${good}transfer-encoding: gzip\r\n`,
        `${good}upgrade: websocket\r\nconnection: upgrade\r\n`,
        // Framing: conflicting lengths, a length and chunked at once, nonsense lengths.
        `${good}content-length: 5\r\n`,
        `${good}content-length: -1\r\n`,
        `${good}content-length: abc\r\n`,
        `${good}content-length: 99999999999999999999\r\n`,
        `${good}transfer-encoding: chunked\r\n`,
        `${good}transfer-encoding: chunked, chunked\r\n`,
      ),
      // Non-ASCII and control bytes in names and values.
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 30 })
        .map((s) => `${good}x-fuzz: ${s.replace(/[\r\n]/g, '')}\r\n`),
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 30 })
        .map((s) => `authorization: Bearer ${s.replace(/[\r\n]/g, '')}\r\n`),
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 10 })
        .map((s) => `${good}${s.replace(/[\r\n:]/g, '')}: v\r\n`),
    );
    await fc.assert(
      fc.asyncProperty(endpointArb, attackArb, async (endpoint, headers) => {
        const payload = Buffer.from(body);
        const request = Buffer.concat([
          Buffer.from(`POST ${endpoint.path} HTTP/1.1\r\nhost: gw\r\nconnection: close\r\n`, 'latin1'),
          Buffer.from(headers, 'utf8'),
          Buffer.from(
            headers.includes('content-length') || headers.includes('transfer-encoding: chunked')
              ? 'content-type: application/json\r\n\r\n'
              : `content-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`,
          ),
          payload,
        ]);
        const res = await rawRequest(gateway.url, request, { timeoutMs: 5000 }).catch(
          (err: Error): RawResponse | Error => err,
        );
        // A framing the parser cannot finish (a declared length never sent) is cut by the request timeout;
        // on this node that is minutes away, so an unanswered request is accepted here only for those.
        if (res instanceof Error) {
          if (/content-length: (5|99999)|chunked/.test(headers) && /no response/.test(res.message)) return;
          throw res;
        }
        expectClientAnswer(endpoint.path, res.status, res.body);
      }),
      runs(200),
    );
  });
});

describe('body size limits', () => {
  const chat = '/v1/chat/completions';
  const over = JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY) }] });

  it('refuses a body over the limit with 413 and closes the connection', async () => {
    for (const path of [
      chat,
      '/v1/messages',
      '/v1/messages/count_tokens',
      '/v1/responses',
      '/v1/embeddings',
      '/mcp',
    ]) {
      const res = await rawRequest(
        gateway.url,
        `POST ${path} HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${KEYS.all}\r\ncontent-type: application/json\r\n` +
          `accept: application/json, text/event-stream\r\ncontent-length: ${over.length}\r\n\r\n${over}`,
        { waitForClose: true },
      );
      expect(`${path} ${res.status}`).toBe(`${path} 413`);
      expect(res.closed).toBe(true);
      expectClientAnswer(path, res.status, res.body);
    }
  });

  it('refuses a declared length far over the limit at once, without reading the body', async () => {
    const res = await rawRequest(
      gateway.url,
      `POST ${chat} HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${KEYS.all}\r\ncontent-type: application/json\r\n` +
        `content-length: ${50 * 1024 * 1024 * 1024}\r\n\r\n{"model":`,
      { waitForClose: true, timeoutMs: 5000 },
    );
    expect(res.status).toBe(413);
    expect(res.closed).toBe(true);
  });

  it('cuts off an endless chunked body with 413 and closes the connection', async () => {
    const socket = await openSocket(gateway.url);
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    socket.write(
      `POST ${chat} HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${KEYS.all}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.from(`10000\r\n${'x'.repeat(0x10000)}\r\n`);
    let sent = 0;
    const pump = setInterval(() => {
      if (!socket.destroyed && socket.writable) {
        socket.write(chunk);
        sent += 0x10000;
      }
    }, 1);
    const closed = await closedWithin(socket, 10_000);
    clearInterval(pump);
    expect(closed).toBe(true);
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 413 /);
    // Cut off near the hard cap (twice the limit plus 1 MiB), not after reading everything sent.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('answers headers past node’s header size limit with 431 and closes the connection', async () => {
    const res = await rawRequest(
      gateway.url,
      `GET /v1/models HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${KEYS.all}\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`,
      { waitForClose: true },
    );
    expect(res.status).toBe(431);
    expect(res.closed).toBe(true);
    expectClientAnswer('/v1/models', res.status, res.body);
  });
});

describe('slow clients and idle connections', () => {
  const slack = 1500;

  it('cuts off a client that trickles its headers once the headers timeout passes', async () => {
    const socket = await openSocket(strict.url);
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    const started = Date.now();
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: gw\r\n`);
    const drip = setInterval(() => socket.writable && socket.write('x-drip: 1\r\n'), 100);
    const closed = await closedWithin(socket, HEADERS_TIMEOUT + slack * 2);
    clearInterval(drip);
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HEADERS_TIMEOUT - 50);
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off a client that trickles its body once the request timeout passes', async () => {
    const socket = await openSocket(strict.url);
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    const started = Date.now();
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${KEYS.all}\r\n` +
        `content-type: application/json\r\ncontent-length: 10000\r\n\r\n{"model":"fast","messages":[`,
    );
    const drip = setInterval(() => socket.writable && socket.write(' '), 100);
    const closed = await closedWithin(socket, REQUEST_TIMEOUT + slack * 2);
    clearInterval(drip);
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT - 50);
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('keeps serving while 1,000 idle keep-alive connections are open, then closes them', async () => {
    const sockets: Socket[] = [];
    try {
      // Each asks once and then idles on keep-alive.
      const answered = await Promise.all(
        Array.from({ length: 1000 }, async () => {
          const socket = await openSocket(strict.url);
          sockets.push(socket);
          return new Promise<boolean>((resolve) => {
            socket.once('data', (c: Buffer) => resolve(c.toString('latin1').startsWith('HTTP/1.1 200')));
            socket.write('GET /healthz HTTP/1.1\r\nhost: gw\r\n\r\n');
          });
        }),
      );
      expect(answered.filter((ok) => !ok)).toHaveLength(0);
      // And some never send a byte.
      sockets.push(...(await Promise.all(Array.from({ length: 200 }, () => openSocket(strict.url)))));
      const res = await fetch(`${strict.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.all}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fast', messages: hello }),
        signal: AbortSignal.timeout(5000),
      });
      expect(res.status).toBe(200);
      const closed = await Promise.all(sockets.map((s) => closedWithin(s, HEADERS_TIMEOUT + slack * 3)));
      expect(closed.filter((c) => !c)).toHaveLength(0);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});

describe('regressions found by the fuzzing', () => {
  it('refuses JSON nested past the depth limit with 400 instead of overflowing the stack (502)', async () => {
    const deep = `{"model":"fast","messages":[{"role":${'['.repeat(5000)}${']'.repeat(5000)},"content":"hi"}]}`;
    for (const path of [
      '/v1/chat/completions',
      '/v1/messages',
      '/v1/responses',
      '/v1/messages/count_tokens',
    ]) {
      const res = await post(path, deep, 'bearer');
      expect(`${path} ${res.status}`).toBe(`${path} 400`);
      expect(res.body).toContain('levels deep');
    }
    const rpc = await post(
      '/mcp',
      `{"jsonrpc":"2.0","id":1,"method":"ping","params":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      'bearer',
    );
    expect(rpc.status).toBe(400);
    expect(JSON.parse(rpc.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
  });

  it('answers an MCP path with a malformed escape with 404, not 500', async () => {
    const res = await fetch(`${gateway.url}/mcp/%E0%A4%A`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.all}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_url' } });
  });

  it('answers Anthropic paths’ 404, 405 and unparsable requests in Anthropic’s shape', async () => {
    const get = await fetch(`${gateway.url}/v1/messages`, { headers: authHeaders('bearer') });
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.any(String) },
    });
    const res = await rawRequest(gateway.url, 'POST /v1/messages HTTP/1.1\r\nhost: gw\r\nx-bad\0: 1\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});
