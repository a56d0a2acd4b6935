import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One embeddings request as the fake received it. */
export interface EmbeddingsRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: unknown; input?: unknown; encoding_format?: unknown; dimensions?: unknown };
}

/** A fake OpenAI `POST /v1/embeddings` (the shared fake OpenAI serves chat only). */
export interface FakeOpenAIEmbeddings {
  baseUrl: string;
  requests: EmbeddingsRequest[];
  close(): Promise<void>;
}

/** `input` text `t` → `[t.length / 100, 0.5, -0.25]`, base64 (little-endian float32) when asked, as OpenAI encodes it. */
export async function startFakeOpenAIEmbeddings(apiKey: string): Promise<FakeOpenAIEmbeddings> {
  const requests: EmbeddingsRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const send = (status: number, body: object) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      };
      const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as EmbeddingsRequest['body'];
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return send(401, {
          error: {
            message: 'Incorrect API key provided.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        });
      }
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        return send(404, {
          error: { message: 'Invalid URL', type: 'invalid_request_error', param: null, code: null },
        });
      }
      const inputs = typeof body.input === 'string' ? [body.input] : (body.input as string[]);
      const vector = (t: string) => [t.length / 100, 0.5, -0.25];
      const encode = (v: number[]) =>
        body.encoding_format === 'base64' ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v;
      send(200, {
        object: 'list',
        data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: encode(vector(t)) })),
        model: body.model,
        usage: { prompt_tokens: inputs.length * 2, total_tokens: inputs.length * 2 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
