/**
 * A reference, not a product: the least work a gateway that authenticates, routes and
 * meters must do per request, with nothing else. It reads and parses the request, looks up
 * the hash of its key, serialises the upstream body with the route's model, calls the
 * upstream through an undici Pool, parses the answer (every chunk of a stream) for its
 * usage, writes the answer back with a request id, and keeps a usage record (serialised,
 * then dropped: it is never sent). No metrics, logs, limits, budgets, guardrails, cache,
 * retries or cancellation. How far it stays below the bare proxy is the price of that work
 * alone; Switchyard's distance from it is the price of everything else.
 *
 * Run as its own process: `BENCH_UPSTREAM_URL=http://127.0.0.1:<port>/v1
 * BENCH_UPSTREAM_KEY=… BENCH_KEY_SECRET=… node minimal-gateway.js`. Logs one JSON line
 * `{"msg":"minimal gateway ready","url":…}` when listening on 127.0.0.1.
 */
import { hash, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'undici';

const {
  BENCH_UPSTREAM_URL: upstreamUrl,
  BENCH_UPSTREAM_KEY: upstreamKey,
  BENCH_KEY_SECRET: secret,
} = process.env;
if (!upstreamUrl || !upstreamKey || !secret) {
  console.error('BENCH_UPSTREAM_URL, BENCH_UPSTREAM_KEY and BENCH_KEY_SECRET must be set');
  process.exit(1);
}
const upstream = new URL(upstreamUrl);
const chatPath = `${upstream.pathname.replace(/\/$/, '')}/chat/completions`;
const pool = new Pool(upstream.origin, { connections: 128 });
const upstreamHeaders = { 'content-type': 'application/json', authorization: `Bearer ${upstreamKey}` };

/** Keys by the SHA-256 of their secret; each maps route aliases to upstream models. */
const keys = new Map([[hash('sha256', secret), { id: 'bench', routes: new Map([['fast', 'gpt-4o-mini']]) }]]);

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

// Records are serialised as a real one would be for shipping, and dropped every 100 ms.
let records: string[] = [];
setInterval(() => (records = []), 100).unref();

function fail(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error' } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const requestId = randomUUID();
  const started = performance.now();
  const auth = req.headers.authorization;
  const key = auth?.startsWith('Bearer ') ? keys.get(hash('sha256', auth.slice(7))) : undefined;
  if (!key) return fail(res, 401, 'Invalid key.');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    proxy(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).catch((error: Error) => {
      if (res.headersSent) res.destroy(error);
      else fail(res, 502, `upstream: ${error.message}`);
    });
  });

  async function proxy(raw: Buffer): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString()) as Record<string, unknown>;
    } catch {
      return fail(res, 400, 'Malformed JSON.');
    }
    const model = key!.routes.get(body.model as string);
    if (!model) return fail(res, 404, 'Unknown model.');
    const answer = await pool.request({
      path: chatPath,
      method: 'POST',
      headers: upstreamHeaders,
      body: JSON.stringify({ ...body, model }),
    });
    let usage: Usage | undefined;
    if (body.stream === true) {
      res.writeHead(answer.statusCode, { 'content-type': 'text/event-stream', 'x-request-id': requestId });
      let carry = '';
      for await (const chunk of answer.body as AsyncIterable<Buffer>) {
        res.write(chunk);
        const lines = (carry + chunk.toString()).split('\n');
        carry = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith('data: {'))
            usage = (JSON.parse(line.slice(6)) as { usage?: Usage }).usage ?? usage;
        }
      }
      res.end();
    } else {
      const text = await answer.body.text();
      usage = (JSON.parse(text) as { usage?: Usage }).usage;
      res.writeHead(answer.statusCode, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-request-id': requestId,
      });
      res.end(text);
    }
    records.push(
      JSON.stringify({
        requestId,
        keyId: key!.id,
        model,
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: usage?.completion_tokens ?? 0,
        latencyMs: performance.now() - started,
        status: answer.statusCode,
      }),
    );
  }
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(JSON.stringify({ msg: 'minimal gateway ready', url: `http://127.0.0.1:${port}` }));
});

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close().finally(() => process.exit(0));
});
