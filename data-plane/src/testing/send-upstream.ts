import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import type { UpstreamRequest } from '../providers/adapter-types';

/** What an upstream answered to a request an adapter built. */
export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as it arrived, chunk by chunk. */
  chunks: Buffer[];
}

/** Sends what an adapter's `chatRequest` / `embeddingsRequest` built, as the executor would (POST to `origin`). */
export async function sendUpstream(origin: string, upstream: UpstreamRequest): Promise<UpstreamAnswer> {
  const res = await request(new URL(upstream.path, upstream.origin ?? origin), {
    method: 'POST',
    headers: upstream.headers,
    body: upstream.body,
  });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of res.body) chunks.push(chunk as Buffer);
  } catch {
    // a broken stream: keep what arrived
  }
  return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), chunks };
}
