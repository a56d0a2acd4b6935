import { createServer, type Socket } from 'node:net';

/** How the faulty upstream misbehaves, chosen by the request's `model`. */
export type UpstreamFault =
  /** A 200 event stream: one chunk, then the TCP connection is reset (RST). */
  | 'reset-stream'
  /** A 200 JSON answer cut in half by a reset. */
  | 'reset-body'
  /** The status line, then one header byte every `SLOW_LORIS_MS`, never finishing the headers. */
  | 'slow-loris'
  /** Bytes that are not HTTP at all, then the connection closes. */
  | 'garbage'
  /** A 200 event stream whose body is binary garbage. */
  | 'garbage-stream';

export const UPSTREAM_FAULTS: readonly UpstreamFault[] = [
  'reset-stream',
  'reset-body',
  'slow-loris',
  'garbage',
  'garbage-stream',
];

const SLOW_LORIS_MS = 100;
const GARBAGE = Buffer.from('\u0000\u00ff\u0013garbage\r\n\r\n\u00fe{"id":', 'latin1');
const FIRST_CHUNK = `data: ${JSON.stringify({
  id: 'chatcmpl-faulty',
  object: 'chat.completion.chunk',
  created: 1700000000,
  model: 'faulty',
  choices: [{ index: 0, delta: { role: 'assistant', content: 'Half' }, finish_reason: null }],
})}\n\n`;

/** A running faulty upstream. */
export interface FaultyUpstream {
  /** `http://127.0.0.1:<port>/v1`, used as an OpenAI provider's base URL. */
  baseUrl: string;
  /** Connections currently open on the upstream's side (a gateway that leaks them keeps this up). */
  readonly openConnections: number;
  /** Requests seen so far. */
  readonly requests: number;
  /** The open connections by the fault they were served (`?` before a request was read). */
  openByFault(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * An upstream that fails at the socket level, below what an HTTP server framework allows:
 * resets mid-stream, slow-loris headers, non-HTTP bytes. It reads one request per connection
 * (enough to find the `model`) and misbehaves as the model names (see `UpstreamFault`).
 */
export async function startFaultyUpstream(): Promise<FaultyUpstream> {
  const sockets = new Map<Socket, string>();
  let requests = 0;
  const server = createServer((socket) => {
    sockets.set(socket, '?');
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let received = '';
    const onData = (data: Buffer) => {
      received += data.toString('latin1');
      const headersEnd = received.indexOf('\r\n\r\n');
      if (headersEnd === -1) return;
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(received)?.[1] ?? 0);
      if (received.length < headersEnd + 4 + length) return;
      socket.off('data', onData);
      requests++;
      const model = /"model"\s*:\s*"([^"]*)"/.exec(received.slice(headersEnd))?.[1] ?? '';
      sockets.set(socket, model);
      misbehave(socket, model as UpstreamFault);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get openConnections() {
      return sockets.size;
    },
    get requests() {
      return requests;
    },
    openByFault() {
      const open: Record<string, number> = {};
      for (const fault of sockets.values()) open[fault] = (open[fault] ?? 0) + 1;
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets.keys()) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function misbehave(socket: Socket, fault: UpstreamFault): void {
  switch (fault) {
    case 'reset-stream':
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n' +
          `${Buffer.byteLength(FIRST_CHUNK).toString(16)}\r\n${FIRST_CHUNK}\r\n`,
        () => socket.resetAndDestroy(),
      );
      return;
    case 'reset-body':
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{"id":"chatcmpl-faulty","object":"chat.comp',
        () => socket.resetAndDestroy(),
      );
      return;
    case 'slow-loris': {
      const header = 'HTTP/1.1 200 OK\r\nx-slow: ' + 'z'.repeat(10_000);
      let i = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || i >= header.length) return clearInterval(timer);
        socket.write(header[i++]);
      }, SLOW_LORIS_MS);
      socket.on('close', () => clearInterval(timer));
      return;
    }
    case 'garbage':
      socket.end(GARBAGE);
      return;
    case 'garbage-stream':
      socket.end(
        Buffer.concat([
          Buffer.from(
            'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n',
            'latin1',
          ),
          GARBAGE,
          GARBAGE,
        ]),
      );
      return;
    default:
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  }
}
