import { connect, type Socket } from 'node:net';

/** What came back on a raw socket: the first response (if any) and whether the server closed. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server ended or reset the connection. */
  closed: boolean;
}

/** Opens a TCP connection to `url`'s host and port. */
export function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function dechunk(raw: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol === -1) return null;
    const size = parseInt(raw.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    if (raw.length < eol + 2 + size + 2) return null;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Parses the first complete HTTP/1.1 response in `raw`, or null while it is incomplete. */
export function parseResponse(raw: Buffer, closed: boolean, head = false): RawResponse | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return null;
  // Interim answers (100 Continue) come before the response.
  if (raw.subarray(0, 10).toString('latin1').startsWith('HTTP/1.1 1')) {
    return parseResponse(raw.subarray(end + 4), closed, head);
  }
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = raw.subarray(end + 4);
  let body: Buffer | null;
  if (head) body = Buffer.alloc(0);
  else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    body = rest.length >= length ? rest.subarray(0, length) : null;
  } else if (headers['transfer-encoding']?.includes('chunked')) body = dechunk(rest);
  else body = closed ? rest : null;
  return body && { status, headers, body: body.toString('utf8'), closed };
}

/**
 * Writes `request` (any bytes, valid HTTP or not) on a fresh connection and waits for the
 * first response (skipping 1xx; bodiless with `head`) and, with `waitForClose`, for the
 * server to close; rejects after `timeoutMs`.
 */
export async function rawRequest(
  url: string,
  request: Buffer | string,
  options: { timeoutMs?: number; waitForClose?: boolean; head?: boolean } = {},
): Promise<RawResponse> {
  const socket = await openSocket(url);
  const chunks: Buffer[] = [];
  return new Promise<RawResponse>((resolve, reject) => {
    let closed = false;
    let response: RawResponse | null = null;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no ${response ? 'close' : 'response'} within ${options.timeoutMs ?? 10_000} ms`));
    }, options.timeoutMs ?? 10_000);
    const check = () => {
      response ??= parseResponse(Buffer.concat(chunks), closed, options.head);
      if (response && (closed || !options.waitForClose)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ...response, closed });
      } else if (closed) {
        clearTimeout(timer);
        reject(
          new Error(
            `the server closed the connection without an answer: ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`,
          ),
        );
      }
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      check();
    });
    socket.once('close', () => {
      closed = true;
      check();
    });
    socket.on('error', () => undefined); // 'close' follows
    socket.write(request);
  });
}

/** Resolves when the server closes `socket` (true), or after `timeoutMs` (false). */
export function closedWithin(socket: Socket, timeoutMs: number): Promise<boolean> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.resume();
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
