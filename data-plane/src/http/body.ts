import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors';

/** Thrown when the client went away while sending its body: nobody is left to answer. */
export class ClientGoneError extends Error {
  override name = 'ClientGoneError';
}

/**
 * Reads a request body of at most `limit` bytes. A larger body is refused with
 * `request_too_large` once it has been read to its end (so a well-behaved client sees the
 * answer rather than a reset), or straight away when it is far larger still; the caller
 * closes the connection after answering either way.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const hardCap = limit * 2 + 1_048_576;
  const declared = Number(req.headers['content-length'] ?? -1);
  const tooLarge = () =>
    new GatewayError('request_too_large', `The request body exceeds the limit of ${limit} bytes.`);
  if (declared > hardCap) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > hardCap && !ended) {
        ended = true;
        reject(tooLarge());
      }
    });
    req.once('end', () => {
      if (ended) return;
      ended = true;
      if (size > limit) reject(tooLarge());
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.once('close', () => {
      if (!ended) reject(new ClientGoneError('client closed the connection while sending the body'));
    });
    req.once('error', () => undefined); // 'close' follows and settles the promise
  });
}
