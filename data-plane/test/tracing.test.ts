import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SnapshotRoute } from '@switchyard/proto';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../src/testing';
import { gatewayEnv } from './support/gateway-env';
import { testBucket, type TestBucket } from './support/nats-bucket';
import { waitFor } from './support/poll';
import {
  ROUTING_KEYS,
  route,
  routingContent,
  startRoutingGateway,
  target,
  UPSTREAM,
} from './support/routing-gateway';
import { makeSnapshot, UPSTREAM_API_KEY } from './support/snapshots';

/** An OTLP attribute value as the JSON encoding writes it. */
interface AnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
}

type Value = string | number | boolean | Value[] | undefined;

/** One received span, attributes decoded. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  status: { code?: number; message?: string };
  attributes: Record<string, Value>;
  resource: Record<string, Value>;
}

// OTLP's SpanKind and StatusCode numbers.
const SERVER = 2;
const CLIENT = 3;
const STATUS_ERROR = 2;

function decode(v: AnyValue | undefined): Value {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(decode);
  return undefined;
}

function attributeMap(list: { key: string; value: AnyValue }[] | undefined): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const { key, value } of list ?? []) out[key] = decode(value);
  return out;
}

/** A real OTLP/HTTP receiver on loopback: decodes the JSON export requests the exporter POSTs to `/v1/traces`. */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ path: req.url ?? '', headers: req.headers });
        if (req.url !== '/v1/traces' || !String(req.headers['content-type']).includes('application/json')) {
          res.writeHead(415).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans?: {
            resource?: { attributes?: { key: string; value: AnyValue }[] };
            scopeSpans?: {
              spans?: (Omit<ReceivedSpan, 'attributes' | 'resource'> & {
                attributes?: { key: string; value: AnyValue }[];
              })[];
            }[];
          }[];
        };
        for (const rs of body.resourceSpans ?? []) {
          const resource = attributeMap(rs.resource?.attributes);
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              this.spans.push({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? '',
                name: s.name,
                kind: s.kind,
                status: s.status ?? {},
                attributes: attributeMap(s.attributes),
                resource,
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Waits for the server span of the request `requestId`, and returns it with its children. */
  async tree(
    requestId: string,
    children: number,
  ): Promise<{ server: ReceivedSpan; attempts: ReceivedSpan[] }> {
    let server: ReceivedSpan | undefined;
    let attempts: ReceivedSpan[] = [];
    await waitFor(`the spans of request ${requestId}`, () => {
      server = this.spans.find((s) => s.attributes['switchyard.request_id'] === requestId);
      attempts = server ? this.spans.filter((s) => s.parentSpanId === server!.spanId) : [];
      return Promise.resolve(server !== undefined && attempts.length >= children);
    });
    return { server: server!, attempts };
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const MAIN = join(__dirname, '..', 'dist', 'main.js');
const DIST = join(__dirname, '..', 'dist', 'index.js');

/** What a chat request through the traced node got back. */
interface Answer {
  status: number;
  requestId: string;
  attempts: number;
  /** `x-switchyard-cost` in integer micro-USD. */
  costMicroUsd: number;
  body: {
    id?: string;
    model?: string;
    usage?: { prompt_tokens: number; completion_tokens: number };
    error?: { code?: string };
  };
}

/**
 * A node run as `node dist/main.js` (the OTLP exporter loads `http` with a dynamic
 * `import()`, which jest's module sandbox refuses), on its own NATS bucket, in front of
 * the fake OpenAI upstream that records the headers it receives.
 */
class TracedNode {
  upstream!: FakeOpenAI;
  url = '';
  private bucket!: TestBucket;
  private child!: ChildProcess;
  private exited!: Promise<number | null>;
  private stderr = '';

  async start(routes: SnapshotRoute[], env: Record<string, string>): Promise<this> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc -b data-plane)`);
    this.upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
    this.bucket = await testBucket();
    await this.bucket.put(makeSnapshot(routingContent(this.upstream.baseUrl, routes), 1));
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        ...gatewayEnv({ SWITCHYARD_SNAPSHOT_BUCKET: this.bucket.name, LOG_LEVEL: 'info', ...env }),
      },
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    let out = '';
    this.url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"url":"([^"]+)","snapshotVersion"[^\n]*"msg":"gateway listening"/.exec(out);
        if (m) resolve(m[1]);
      });
      void this.exited.then((code) => reject(new Error(`the node exited ${code}: ${this.stderr}`)));
    });
    await waitFor('the snapshot to be applied', async () => (await fetch(`${this.url}/readyz`)).ok);
    return this;
  }

  async chat(
    alias: string,
    options: { headers?: Record<string, string>; params?: object } = {},
  ): Promise<Answer> {
    const res = await fetch(`${this.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ROUTING_KEYS.all}`,
        'content-type': 'application/json',
        ...options.headers,
      },
      body: JSON.stringify({
        model: alias,
        messages: [{ role: 'user', content: 'hello there' }],
        ...options.params,
      }),
    });
    const text = await res.text();
    return {
      status: res.status,
      requestId: res.headers.get('x-request-id') ?? '',
      attempts: Number(res.headers.get('x-switchyard-attempts')),
      costMicroUsd: Math.round(Number(res.headers.get('x-switchyard-cost')) * 1e6),
      body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : {},
    };
  }

  calls(model: string): RecordedRequest[] {
    return this.upstream.requests.filter((r) => (r.body as { model?: unknown }).model === model);
  }

  async close(): Promise<void> {
    this.child?.kill('SIGTERM');
    await this.exited;
    await this.upstream?.close();
    await this.bucket?.close();
  }
}

describe('OpenTelemetry traces (OTLP/HTTP JSON to a local receiver)', () => {
  let receiver: OtlpReceiver;
  let node: TracedNode;

  beforeAll(async () => {
    receiver = await new OtlpReceiver().start();
    node = await new TracedNode().start(
      [
        route('fast', 'single', [target('gpt-4o-mini')]),
        route('sturdy', 'fallback', [
          target('fail-500', { retry: { attempts: 2, backoffMs: 1, maxBackoffMs: 1, onStatuses: [500] } }),
          target('gpt-4o'),
        ]),
        route('embed', 'single', [target('text-embedding-3-small')]),
        route('intents', 'semantic', [target('gpt-4o-mini')], {
          semantic: {
            embedder: { providerId: UPSTREAM, model: 'text-embedding-3-small' },
            threshold: 0.5,
            intents: [{ name: 'billing', examples: ['refund my order'], target: 0 }],
            defaultTarget: 0,
            onEmbedError: 'default',
          },
        }),
      ],
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-token=s3cret%20value',
        OTEL_SERVICE_NAME: 'switchyard-test-gateway',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
        OTEL_BSP_SCHEDULE_DELAY: '20',
      },
    );
  }, 20_000);

  afterAll(async () => {
    await node?.close();
    await receiver?.close();
  });

  it('continues the caller’s trace: a server span, a client span per attempt, traceparent sent upstream', async () => {
    const served = await node.chat('fast', {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
      params: { max_tokens: 50, temperature: 0.5 },
    });
    const { server, attempts } = await receiver.tree(served.requestId, 1);

    expect(server.name).toBe('POST /v1/chat/completions');
    expect(server.kind).toBe(SERVER);
    expect(server.traceId).toBe(TRACE_ID);
    expect(server.parentSpanId).toBe(PARENT_ID);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'http.response.status_code': 200,
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'fast',
      'gen_ai.response.model': served.body.model,
      'gen_ai.usage.input_tokens': served.body.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': served.body.usage!.completion_tokens,
      'gen_ai.response.finish_reasons': ['stop'],
      'switchyard.route.alias': 'fast',
      'switchyard.route.id': 'r-fast',
      'switchyard.target': 'fake-openai/gpt-4o-mini',
      'switchyard.attempts': 1,
      'switchyard.cost.micro_usd': served.costMicroUsd,
      'switchyard.stream': false,
    });
    expect(server.resource).toMatchObject({
      'service.name': 'switchyard-test-gateway',
      'service.instance.id': 'test-node',
      'deployment.environment.name': 'test',
    });

    expect(attempts).toHaveLength(1);
    const [attempt] = attempts;
    expect(attempt.name).toBe('chat gpt-4o-mini');
    expect(attempt.kind).toBe(CLIENT);
    expect(attempt.traceId).toBe(TRACE_ID);
    expect(attempt.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.response.model': served.body.model,
      'gen_ai.response.id': served.body.id,
      'gen_ai.usage.input_tokens': served.body.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': served.body.usage!.completion_tokens,
      'gen_ai.response.finish_reasons': ['stop'],
      'server.address': '127.0.0.1',
      'switchyard.target': 'fake-openai/gpt-4o-mini',
      'switchyard.attempt': 1,
    });

    // The upstream saw the attempt span as its parent, in the caller's trace.
    const [call] = node.calls('gpt-4o-mini').slice(-1);
    const sent = TRACEPARENT.exec(String(call.headers.traceparent));
    expect(sent?.[1]).toBe(TRACE_ID);
    expect(sent?.[2]).toBe(attempt.spanId);

    // The exporter sends OTEL_EXPORTER_OTLP_HEADERS, percent-decoded.
    expect(receiver.requests[0].headers['x-collector-token']).toBe('s3cret value');
  });

  it('gives each retry and fallback its own failed or successful attempt span', async () => {
    const served = await node.chat('sturdy');
    expect(served.status).toBe(200);
    expect(served.attempts).toBe(3);
    const { server, attempts } = await receiver.tree(served.requestId, 3);

    // A new trace (no traceparent came in), carried to the upstream.
    expect(server.parentSpanId).toBe('');
    expect(server.attributes).toMatchObject({
      'switchyard.attempts': 3,
      'switchyard.target': 'fake-openai/gpt-4o',
    });
    const failed = attempts.filter((a) => a.name === 'chat fail-500');
    expect(failed.map((a) => a.attributes['switchyard.attempt']).sort()).toEqual([1, 2]);
    for (const a of failed) {
      expect(a.status.code).toBe(STATUS_ERROR);
      expect(a.attributes).toMatchObject({
        'error.type': 'upstream_error',
        'http.response.status_code': 500,
        'switchyard.failure.kind': 'status',
      });
    }
    const ok = attempts.find((a) => a.name === 'chat gpt-4o')!;
    expect(ok.status.code).not.toBe(STATUS_ERROR);
    expect(ok.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    const upstreamParents = node
      .calls('fail-500')
      .concat(node.calls('gpt-4o'))
      .map((c) => TRACEPARENT.exec(String(c.headers.traceparent)));
    expect(upstreamParents.every((m) => m?.[1] === server.traceId)).toBe(true);
    expect(new Set(upstreamParents.map((m) => m?.[2]))).toEqual(new Set(attempts.map((a) => a.spanId)));
  });

  it('reads the response model, finish reasons and usage of a stream from its chunks', async () => {
    const streamed = await node.chat('fast', { params: { stream: true } });
    expect(streamed.status).toBe(200);
    const { server, attempts } = await receiver.tree(streamed.requestId, 1);
    expect(server.attributes).toMatchObject({
      'switchyard.stream': true,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(attempts[0].attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.model': expect.stringMatching(/gpt-4o-mini/),
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': expect.any(Number),
      'gen_ai.usage.output_tokens': expect.any(Number),
    });
  });

  it('gives embeddings calls a client span: /v1/embeddings, and a semantic route embedding the request', async () => {
    const embeddingSpan = {
      kind: CLIENT,
      attributes: expect.objectContaining({
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'text-embedding-3-small',
        'gen_ai.usage.input_tokens': expect.any(Number),
        'switchyard.cost.micro_usd': expect.any(Number),
        'switchyard.target': 'fake-openai/text-embedding-3-small',
        'server.address': '127.0.0.1',
      }),
    };
    const sentFrom = () => {
      const [call] = node.calls('text-embedding-3-small').slice(-1);
      return TRACEPARENT.exec(String(call.headers.traceparent))?.[2];
    };

    const res = await fetch(`${node.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ROUTING_KEYS.all}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'embed', input: 'hello there' }),
    });
    expect(res.status).toBe(200);
    const direct = await receiver.tree(res.headers.get('x-request-id')!, 1);
    expect(direct.server.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.system': 'openai',
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'text-embedding-3-small',
    });
    expect(direct.attempts).toHaveLength(1);
    expect(direct.attempts[0]).toMatchObject({ name: 'embeddings text-embedding-3-small', ...embeddingSpan });
    expect(sentFrom()).toBe(direct.attempts[0].spanId);

    const routed = await node.chat('intents');
    expect(routed.status).toBe(200);
    const { attempts } = await receiver.tree(routed.requestId, 2);
    expect(attempts.map((a) => a.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'embeddings text-embedding-3-small',
    ]);
    const embedding = attempts.find((a) => a.name.startsWith('embeddings'))!;
    expect(embedding).toMatchObject(embeddingSpan);
    expect(sentFrom()).toBe(embedding.spanId);
  });

  it('marks a refused request on the server span without an attempt span', async () => {
    const refused = await node.chat('no-such-alias');
    expect(refused.status).toBe(404);
    const { server } = await receiver.tree(refused.requestId, 0);
    expect(server.attributes).toMatchObject({
      'http.response.status_code': 404,
      'switchyard.error.code': 'model_not_found',
      'gen_ai.request.model': 'no-such-alias',
    });
    expect(server.status.code).not.toBe(STATUS_ERROR);
    expect(receiver.spans.filter((s) => s.parentSpanId === server.spanId)).toHaveLength(0);
  });

  it('does not trace probes and scrapes', async () => {
    const before = receiver.spans.length;
    await fetch(`${node.url}/healthz`);
    await fetch(`${node.url}/metrics`);
    await node.chat('fast');
    await waitFor('the next request’s spans', () => Promise.resolve(receiver.spans.length >= before + 2));
    expect(receiver.spans.slice(before).map((s) => s.name)).not.toContain('GET /healthz');
    expect(receiver.spans.slice(before).map((s) => s.name)).not.toContain('GET /metrics');
  });
});

describe('tracing off (the default)', () => {
  it('sends no traceparent upstream, even when the caller sent one', async () => {
    const gw = await startRoutingGateway([route('fast', 'single', [target('gpt-4o-mini')])]);
    try {
      await gw.chat('fast', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
      expect(gw.calls('gpt-4o-mini')[0].headers.traceparent).toBeUndefined();
    } finally {
      await gw.close();
    }
  });

  // jest has its own module registry, so which modules a node loads is checked in a plain Node process.
  // (prom-client requires @opentelemetry/api for exemplars by itself: the SDK is what must stay out.)
  const loadsOpenTelemetry = async (extra: Record<string, string>): Promise<boolean> => {
    const script = `
      const { startGateway } = require(${JSON.stringify(DIST)});
      (async () => {
        const gw = await startGateway(process.env);
        await fetch(gw.url + '/v1/models');
        await fetch(gw.url + '/v1/chat/completions', { method: 'POST', body: '{}' });
        const loaded = Object.keys(require.cache).some((p) => /@opentelemetry[\\/](sdk-trace|exporter-trace|core|resources)[\\/]|telemetry[\\/]tracing\\.js$/.test(p));
        await gw.close();
        process.stdout.write('\\nRESULT ' + JSON.stringify({ loaded }) + '\\n');
        process.exit(0);
      })().catch((err) => { console.error(err); process.exit(1); });`;
    const env = gatewayEnv({ SWITCHYARD_SNAPSHOT_BUCKET: 'sy-test-never-created', ...extra });
    const child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the node exited ${code}: ${err}`);
    const result = /\nRESULT (.*)\n/.exec(out);
    if (!result) throw new Error(`no result from the node: ${out} ${err}`);
    return (JSON.parse(result[1]) as { loaded: boolean }).loaded;
  };

  it('never loads the OpenTelemetry SDK (checked against dist/)', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npx tsc -b data-plane)`);
    expect(await loadsOpenTelemetry({})).toBe(false);
    // The check itself sees the SDK when tracing is on.
    expect(
      await loadsOpenTelemetry({ OTEL_TRACES_EXPORTER: 'console', OTEL_BSP_SCHEDULE_DELAY: '60000' }),
    ).toBe(true);
  }, 30_000);
});
