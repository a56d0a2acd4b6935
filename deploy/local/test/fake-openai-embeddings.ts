import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * OpenAI's `POST /v1/embeddings`, which `startFakeOpenAI` does not serve: deterministic
 * vectors from each input's text, encoded as OpenAI encodes them (`encoding_format: base64`
 * → little-endian float32 in base64, else floats), `prompt_tokens` a quarter of the characters.
 */
export async function startFakeOpenAIEmbeddings(apiKey: string) {
  const requests: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const send = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        return send(404, { error: { message: 'Not found', type: 'invalid_request_error' } });
      }
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
      }
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
      requests.push({ headers: req.headers, body });
      const inputs = typeof body.input === 'string' ? [body.input] : (body.input as string[]);
      const tokens = inputs.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
      send(200, {
        object: 'list',
        data: inputs.map((text, index) => {
          const vector = vectorOf(text);
          const embedding =
            body.encoding_format === 'base64'
              ? Buffer.from(Float32Array.from(vector).buffer).toString('base64')
              : vector;
          return { object: 'embedding', index, embedding };
        }),
        model: body.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
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

/** The vector the fake answers for a text (exact in float32, so both encodings agree exactly). */
export function vectorOf(text: string): number[] {
  return [text.length / 8, 0.5, -0.25, (text.charCodeAt(0) % 16) / 4];
}
