import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SnapshotGuardrailPolicy } from '@switchyard/proto';
import { waitFor } from './support/poll';
import {
  openAIProvider,
  ROUTING_KEYS,
  route,
  startRoutingGateway,
  target,
  type RoutingGateway,
} from './support/routing-gateway';

/**
 * The pass-through: an OpenAI-shaped upstream's answer reaches an OpenAI client as the
 * upstream's bytes (its cost added to `usage`), and its stream chunk by chunk as sent,
 * unless something on the way needs the parsed answer. The upstream here writes JSON the
 * way `JSON.stringify` never would (escaped `é`, `1.50`, spaces), so the bytes tell which
 * path served.
 */

const ANSWER =
  '{"id":"chatcmpl-wire", "object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",' +
  '"choices":[{"index":0,"message":{"role":"assistant","content":"caf\\u00e9 au lait"},"finish_reason":"stop"}],' +
  '"usage":{"prompt_tokens":7,"completion_tokens":11,"total_tokens":18},"x_extra":1.50}';
/** What the full path makes of `ANSWER` (parsed, cost set, serialised). */
const reserialised = (cost: number) => {
  const parsed = JSON.parse(ANSWER) as { usage: Record<string, unknown> };
  parsed.usage.cost = cost;
  return JSON.stringify(parsed);
};

const chunk = (delta: string, finish: string | null = null) =>
  `{"id":"chatcmpl-wire","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini-2024-07-18",` +
  `"choices":[{"index":0,"delta":${delta},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}`;
const USAGE_CHUNK =
  '{"id":"chatcmpl-wire","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini-2024-07-18",' +
  '"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":11,"total_tokens":18}}';
const CHUNKS = [
  chunk('{"role":"assistant","content":""}'),
  chunk('{"content":"caf\\u00e9"}'),
  chunk('{"content":" au lait"}'),
  chunk('{}', 'stop'),
];
// 7 prompt tokens at $1 and 11 completion tokens at $2 per million (prices are in micro-USD).
const COST = 0.000029;

/** An upstream scripted by the requested model; it notes when a response was cut off by the gateway. */
async function startWireUpstream(): Promise<{ baseUrl: string; cutOff: string[]; close(): Promise<void> }> {
  const cutOff: string[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { model: string; stream?: boolean };
      res.on('close', () => {
        if (!res.writableFinished) cutOff.push(body.model);
      });
      if (!body.stream) {
        const text =
          body.model === 'wire-no-model' ? ANSWER.replace('"model":"gpt-4o-mini-2024-07-18",', '') : ANSWER;
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(text);
      }
      void stream(res, body.model);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    cutOff,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stream(res: ServerResponse, model: string): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (data: string) => res.write(`data: ${data}\n\n`);
  send(CHUNKS[0]);
  // A comment, as some servers send to keep the connection alive: never passed on.
  res.write(': keep-alive\n\n');
  if (model === 'wire-slow') await sleep(150);
  if (model === 'wire-hang') return; // …and nothing more, until the gateway hangs up
  if (model === 'wire-cut') {
    await sleep(20); // what was written reaches the gateway first
    return void res.socket?.destroy();
  }
  send(CHUNKS[1]);
  if (model === 'wire-error') {
    send('{"error":{"message":"The server is overloaded.","type":"server_error"}}');
    return void res.end();
  }
  // Split mid-event, and with CRLF line ends: bytes are regrouped into whole events.
  const rest = `data: ${CHUNKS[2]}\r\n\r\ndata: ${CHUNKS[3]}\n\ndata: ${USAGE_CHUNK}\n\ndata: [DONE]\n\n`;
  res.write(rest.slice(0, 40));
  await sleep(5);
  res.end(rest.slice(40));
}

const outputFlag: SnapshotGuardrailPolicy = {
  id: 'flag-out',
  workspaceId: 'w1',
  name: 'flag-out',
  stage: 'output',
  mode: 'sync',
  action: 'flag',
  checks: [{ name: 'pii', type: 'pii', params: {} }],
};

let g: RoutingGateway;
let wire: Awaited<ReturnType<typeof startWireUpstream>>;

beforeAll(async () => {
  wire = await startWireUpstream();
  const on = (model: string) => [target(model, { providerId: 'p-wire' })];
  g = await startRoutingGateway(
    [
      route('wire', 'single', on('wire')),
      route('wire-no-model', 'single', on('wire-no-model')),
      route('wire-slow', 'single', on('wire-slow')),
      route('wire-error', 'single', on('wire-error')),
      route('wire-cut', 'single', on('wire-cut')),
      route('wire-hang', 'single', on('wire-hang')),
      route('wire-guarded', 'single', on('wire')),
    ],
    {
      providers: [openAIProvider('p-wire', 'wire', wire.baseUrl)],
      modelPrices: ['wire', 'wire-no-model', 'wire-slow', 'wire-error', 'wire-cut', 'wire-hang'].map(
        (model) => ({
          workspaceId: 'w1',
          providerKind: 'openai',
          model,
          inputPerMTok: 1_000_000,
          outputPerMTok: 2_000_000,
        }),
      ),
      content: {
        guardrailPolicies: [outputFlag],
        guardrailAttachments: [
          { policyId: 'flag-out', workspaceId: 'w1', keyId: null, routeId: 'r-wire-guarded' },
        ],
      },
    },
  );
});

afterAll(async () => {
  await g?.close();
  await wire?.close();
});

function post(alias: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return fetch(`${g.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ROUTING_KEYS.all}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: alias, messages: [{ role: 'user', content: 'hello there' }], ...body }),
  });
}

const recordOf = (requestId: string) =>
  waitFor(`the usage record of ${requestId}`, () =>
    g.telemetry.records.find((r) => r.requestId === requestId),
  );

describe('pass-through, not streamed', () => {
  it('sends the upstream bytes with the cost added to usage, and accounts its tokens', async () => {
    const res = await post('wire');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toBe(ANSWER.replace('"total_tokens":18}', `"total_tokens":18,"cost":${COST}}`));
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(res.headers.get('x-switchyard-cost')).toBe(COST.toFixed(6));
    expect(res.headers.get('x-switchyard-provider')).toBe('p-wire');
    const record = await recordOf(res.headers.get('x-request-id')!);
    expect(record).toMatchObject({ inputTokens: 7, outputTokens: 11, costMicroUsd: 29, status: 200 });
    expect(record.tokensEstimated).toBe(false);
  });

  it('is what the official client reads too', async () => {
    const completion = await g.client().chat.completions.create({
      model: 'wire',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0].message.content).toBe('café au lait');
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 11, cost: COST });
  });

  it('takes the full path when the upstream left out the model (filled in) or an output guardrail runs', async () => {
    const noModel = (await (await post('wire-no-model')).json()) as { model: string };
    expect(noModel.model).toBe('wire-no-model');
    const guarded = await post('wire-guarded');
    expect(await guarded.text()).toBe(reserialised(COST));
    expect(guarded.headers.get('x-switchyard-cost')).toBe(COST.toFixed(6));
  });

  it('takes the full path for x-switchyard-debug: raw, which adds the upstream answer', async () => {
    const res = await post('wire', {}, { 'x-switchyard-debug': 'raw' });
    const body = (await res.json()) as { switchyard_raw_upstream: unknown; usage: { cost: number } };
    expect(body.switchyard_raw_upstream).toEqual(JSON.parse(ANSWER));
    expect(body.usage.cost).toBe(COST);
  });

  it('leaves the upstream answer out for x-switchyard-debug: raw when output guardrails read the answer', async () => {
    // Their redactions would be undone by the upstream's own copy beside the answer.
    const res = await post('wire-guarded', {}, { 'x-switchyard-debug': 'raw' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(reserialised(COST));
  });
});

describe('pass-through, streamed', () => {
  it('relays each chunk as the upstream wrote it; the usage chunk carries the cost when asked for', async () => {
    const res = await post('wire', { stream: true, stream_options: { include_usage: true } });
    expect(res.status).toBe(200);
    const usage = JSON.parse(USAGE_CHUNK) as { usage: Record<string, unknown> };
    usage.usage.cost = COST;
    expect(await res.text()).toBe(
      [...CHUNKS, JSON.stringify(usage), '[DONE]'].map((data) => `data: ${data}\n\n`).join(''),
    );
    const record = await recordOf(res.headers.get('x-request-id')!);
    expect(record).toMatchObject({ inputTokens: 7, outputTokens: 11, costMicroUsd: 29, stream: true });
    expect(record.tokensEstimated).toBe(false);
  });

  it('hides the usage chunk from a client that did not ask for it, still accounting it', async () => {
    const res = await post('wire', { stream: true });
    expect(await res.text()).toBe([...CHUNKS, '[DONE]'].map((data) => `data: ${data}\n\n`).join(''));
    const record = await recordOf(res.headers.get('x-request-id')!);
    expect(record).toMatchObject({ inputTokens: 7, outputTokens: 11, costMicroUsd: 29 });
  });

  it('notes the time to first token at the first chunk with output, not at the first chunk', async () => {
    const res = await post('wire-slow', { stream: true });
    await res.text();
    const record = await recordOf(res.headers.get('x-request-id')!);
    expect(record.ttftMs).toBeGreaterThanOrEqual(140);
    expect(record.ttftMs).toBeLessThanOrEqual(record.latencyMs);
  });

  it('is what the official client reads too', async () => {
    const stream = await g.client().chat.completions.create({
      model: 'wire',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('café au lait');
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 11, cost: COST });
  });

  it('ends with an error event when the upstream sends one, or breaks off', async () => {
    const cases = [
      ['wire-error', 'upstream_stream_error'],
      ['wire-cut', 'upstream_error'],
    ];
    for (const [alias, code] of cases) {
      const res = await post(alias, { stream: true });
      const text = await res.text();
      expect(text.startsWith(`data: ${CHUNKS[0]}\n\n`)).toBe(true);
      const events = text.split('\n\n');
      expect(events.slice(-3)).toEqual([expect.stringMatching(/^data: \{"error":/), 'data: [DONE]', '']);
      expect(JSON.parse(events.at(-3)!.slice(6))).toMatchObject({ error: { code } });
      const record = await recordOf(res.headers.get('x-request-id')!);
      expect(record).toMatchObject({ status: 200, errorCode: code, tokensEstimated: true });
    }
  });

  it('cancels the upstream request when the client goes away, and records 499', async () => {
    const abort = new AbortController();
    const res = await fetch(`${g.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ROUTING_KEYS.all}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'wire-hang', messages: [{ role: 'user', content: 'hi' }], stream: true }),
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString('utf8')).toBe(`data: ${CHUNKS[0]}\n\n`);
    abort.abort();
    const record = await recordOf(res.headers.get('x-request-id')!);
    expect(record).toMatchObject({ status: 499, errorCode: 'client_closed_request' });
    await waitFor('the upstream request to be cut off', () => wire.cutOff.includes('wire-hang') || undefined);
  });

  it('takes the full path when an output guardrail reads the stream', async () => {
    const res = await post('wire-guarded', { stream: true });
    const text = await res.text();
    // Serialised again: the escaped é of the upstream comes out as the character itself.
    expect(text).toContain('"delta":{"content":"café"}');
    expect(text).not.toContain('\\u00e9');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
