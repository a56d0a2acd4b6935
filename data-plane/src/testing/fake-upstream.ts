import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake received. `body` is the parsed JSON (or the raw text if it was not JSON). */
export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** When it arrived (`Date.now()`), to measure the gateway's backoff between attempts. */
  at?: number;
}

/** A request as the fake providers see it: the raw body, parsed JSON when it is JSON. */
export interface FakeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  /** The raw path and query as sent (what a signature covers). */
  url: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  /** The parsed JSON body, or undefined when it is not JSON. */
  json: unknown;
}

/** What every fake provider returns: `startFakeX({ port?, ... })` resolves to one of these plus its own fields. */
export interface FakeUpstream {
  /** The base URL a provider account would be configured with. */
  baseUrl: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  requests: RecordedRequest[];
  /** How many responses were cut off by the client. */
  readonly abortedByClient: number;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Keep every request in `requests` (default true; turn off for benchmarks). */
  record?: boolean;
}

/**
 * Runs a fake provider on 127.0.0.1: buffers each request body, records it, then calls
 * `handle`. `basePath` is appended to the origin to form `baseUrl`.
 */
export async function startFakeServer(
  options: FakeServerOptions,
  basePath: string,
  handle: (req: FakeRequest, res: ServerResponse) => void,
): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const record = options.record ?? true;
  let abortedByClient = 0;
  const server = createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) abortedByClient++;
    });
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(parts);
      const url = req.url ?? '/';
      const at = url.indexOf('?');
      const path = at === -1 ? url : url.slice(0, at);
      let json: unknown;
      try {
        json = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const method = req.method ?? '';
      if (record) {
        requests.push({
          method,
          path,
          headers: req.headers,
          body: json ?? raw.toString('utf8'),
          at: Date.now(),
        });
      }
      const query = new URLSearchParams(at === -1 ? '' : url.slice(at + 1));
      handle({ method, path, url, query, headers: req.headers, raw, json }, res);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${basePath}`,
    origin,
    requests,
    get abortedByClient() {
      return abortedByClient;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers `body` as JSON; `headers` may replace the content type (`application/json`). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    ...headers,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The model-name-driven behaviours every fake shares. */
export type Behaviour =
  | { kind: 'fail-500' | 'fail-429' | 'fail-400' | 'broken-stream' | 'garbage-stream' | 'tools' }
  | { kind: 'slow'; ms: number }
  | { kind: 'normal' };

export function behaviourOf(model: string): Behaviour {
  const slow = /(?:^|[^a-z])slow-(\d+)/.exec(model);
  if (slow) return { kind: 'slow', ms: Number(slow[1]) };
  for (const kind of [
    'fail-500',
    'fail-429',
    'fail-400',
    'broken-stream',
    'garbage-stream',
    'tools',
  ] as const) {
    if (model.includes(kind)) return { kind };
  }
  return { kind: 'normal' };
}

/** Runs `answer` after `ms`, unless the client leaves first. */
export function later(res: ServerResponse, ms: number, answer: () => void): void {
  const timer = setTimeout(answer, ms);
  res.once('close', () => clearTimeout(timer));
}

/** Bytes that follow no stream format at all. */
const GARBAGE = Buffer.from(
  '\u0000\u0007<html>502 Bad Gateway</html>\n\u00ff\u00fe{{{not a stream',
  'latin1',
);

/**
 * Streams `frames` (200, `headers`) as `behaviour` says: `broken-stream` sends the first frame
 * then drops the connection, `garbage-stream` sends bytes of no stream format, else all of them.
 */
export function streamFrames(
  res: ServerResponse,
  frames: (string | Buffer)[],
  behaviour: Behaviour,
  headers: Readonly<Record<string, string>>,
): void {
  res.writeHead(200, headers);
  if (behaviour.kind === 'broken-stream') return void res.write(frames[0], () => res.socket?.destroy());
  if (behaviour.kind === 'garbage-stream') return void res.end(GARBAGE);
  for (const frame of frames) res.write(frame);
  res.end();
}

/** Splits text into small pieces, roughly a token each, as a model streams it. */
export function pieces(value: string): string[] {
  return value.match(/.{1,4}/gsu) ?? [];
}

/** Rough token count: a quarter of the characters, at least 1. */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** `upstream` with `extras`' properties added, getters kept live. */
export function withExtras<T extends object>(upstream: FakeUpstream, extras: T): FakeUpstream & T {
  return Object.defineProperties(upstream, Object.getOwnPropertyDescriptors(extras)) as FakeUpstream & T;
}
