/**
 * The baseline: the least a Node gateway can do. `node:http` in, an undici Pool out, the
 * request body and the response piped through untouched (only hop-by-hop headers dropped,
 * as any proxy must). Whatever Switchyard does on top of this is what costs throughput.
 *
 * Run as its own process: `BENCH_UPSTREAM_URL=http://127.0.0.1:<port>/v1 node bare-proxy.js`.
 * Logs one JSON line `{"msg":"bare proxy ready","url":…}` when listening on 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { Pool } from 'undici';

// RFC 9110 §7.6.1: these describe one hop only, so a proxy must not forward them.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'expect',
]);

function endToEnd(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

const upstreamUrl = process.env.BENCH_UPSTREAM_URL;
if (!upstreamUrl || !/^http:\/\//.test(upstreamUrl)) {
  console.error('BENCH_UPSTREAM_URL must be the upstream base URL, e.g. http://127.0.0.1:9001/v1');
  process.exit(1);
}
const upstream = new URL(upstreamUrl);
const basePath = upstream.pathname.replace(/\/$/, '');
const pool = new Pool(upstream.origin, { connections: 128 });

const server = createServer((req, res) => {
  // Clients call `<proxy>/v1/…`; the upstream's base URL may have its own prefix.
  const url = req.url ?? '/';
  const path = url.startsWith('/v1') ? basePath + url.slice(3) : url;
  pool.stream(
    {
      path,
      method: req.method as 'POST',
      headers: endToEnd(req.headers) as Record<string, string>,
      body: req.method === 'GET' || req.method === 'HEAD' ? null : req,
    },
    ({ statusCode, headers }) => {
      res.writeHead(statusCode, endToEnd(headers));
      return res;
    },
    (error) => {
      if (!error) return;
      if (res.headersSent) res.destroy(error);
      else {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `upstream: ${error.message}`, type: 'bad_gateway' } }));
      }
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(JSON.stringify({ msg: 'bare proxy ready', url: `http://127.0.0.1:${port}` }));
});

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close().finally(() => process.exit(0));
});
