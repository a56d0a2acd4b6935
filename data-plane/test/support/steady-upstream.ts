import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible upstream that answers every chat or embeddings call well, whatever
 * the body holds: a fixed completion (as SSE when the body asks for `stream: true`) or a
 * fixed vector. Lets a fuzz test tell the gateway's own failures from an upstream's.
 */
export interface SteadyUpstream {
  baseUrl: string;
  /** Requests answered so far. */
  served: number;
  close(): Promise<void>;
}

const COMPLETION = {
  id: 'chatcmpl-steady',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'steady',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'steady answer', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};

function chunk(delta: object, finish: string | null, usage: object | null = null): string {
  const body = {
    id: 'chatcmpl-steady',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'steady',
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(usage && { usage }),
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

const STREAM =
  chunk({ role: 'assistant', content: 'steady' }, null) +
  chunk({ content: ' answer' }, null) +
  chunk({}, 'stop') +
  chunk({}, null, COMPLETION.usage) +
  'data: [DONE]\n\n';

const EMBEDDINGS = JSON.stringify({
  object: 'list',
  data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
  model: 'steady',
  usage: { prompt_tokens: 1, total_tokens: 1 },
});

function wantsStream(raw: string): boolean {
  try {
    return (JSON.parse(raw) as { stream?: unknown } | null)?.stream === true;
  } catch {
    return false;
  }
}

export async function startSteadyUpstream(): Promise<SteadyUpstream> {
  const state = { served: 0 };
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      state.served++;
      const raw = Buffer.concat(parts).toString('utf8');
      if ((req.url ?? '').startsWith('/v1/embeddings')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(EMBEDDINGS);
        return;
      }
      if (wantsStream(raw)) {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end(STREAM);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(COMPLETION));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get served() {
      return state.served;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
