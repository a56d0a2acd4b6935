import type { IncomingHttpHeaders } from 'node:http';
import type { CompiledProvider } from '../snapshot/compiled';
import type { UpstreamRequest } from '../providers/adapter-types';

/** A whole upstream answer, read into memory. */
export interface BufferedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// Side calls (embeddings for routing, token exchanges) answer small; a runaway body is cut off.
const MAX_BODY = 64 * 1024 * 1024;

/**
 * Sends one request upstream over the provider's pool and reads the whole answer. For
 * side calls off the chat path (embeddings); the chat path streams through `Attempt`.
 */
export async function bufferedCall(
  provider: CompiledProvider,
  request: UpstreamRequest,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<BufferedAnswer> {
  const answer = await dispatcherFor(provider, request.origin).request({
    origin: request.origin ?? provider.origin,
    path: request.path,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal,
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      answer.body.destroy();
      throw new Error(`the upstream answer exceeded ${MAX_BODY} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return { status: answer.statusCode, headers: answer.headers, body: Buffer.concat(chunks) };
}

/** The account's pool, or the any-origin client when the adapter names another origin. */
export function dispatcherFor(provider: CompiledProvider, origin: string | undefined) {
  return origin === undefined || origin === provider.origin ? provider.dispatcher : provider.anyOrigin;
}
