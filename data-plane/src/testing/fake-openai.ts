import type { ServerResponse } from 'node:http';
import { chunks, completion, replyFor, type ChatBody, type Reply } from './fake-openai-answers';
import { errorBody, fakeEmbedding, failureHeaders, Planner } from './fake-openai-behaviours';
import {
  sendJson,
  startFakeServer,
  type FakeRequest,
  type FakeServerOptions,
  type RecordedRequest,
} from './fake-upstream';
import { openAIErrors } from './fixtures/openai/errors';
import { modelList } from './fixtures/openai/models';

export interface FakeOpenAIOptions extends FakeServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (else 401 as OpenAI answers). */
  apiKey?: string;
}

/** A running fake OpenAI API. */
export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`, what an OpenAI client takes as its base URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** How many responses were cut off by the client (e.g. a gateway aborting a slow upstream call). */
  readonly abortedByClient: number;
  close(): Promise<void>;
}

type ErrorFixture = { status: number; headers?: Record<string, string>; body: object };

const BEHAVIOURS: Record<string, ErrorFixture> = {
  'fail-500': openAIErrors.serverError,
  'fail-429': openAIErrors.rateLimited,
  'fail-400': openAIErrors.badRequest,
};

function sendError(res: ServerResponse, fixture: ErrorFixture): void {
  sendJson(res, fixture.status, fixture.body, fixture.headers);
}

function badRequest(res: ServerResponse, message: string, param: string | null): void {
  sendJson(res, 400, { error: { message, type: 'invalid_request_error', param, code: null } });
}

function streamReply(res: ServerResponse, events: string[], mode: 'normal' | 'stall' | 'broken'): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  if (mode === 'stall') {
    res.write(`data: ${events[0]}\n\n`); // …and nothing more, ever
    return;
  }
  if (mode === 'broken') {
    res.write(`data: ${events[0]}\n\n`, () => res.socket?.destroy());
    return;
  }
  for (const event of events) res.write(`data: ${event}\n\n`);
  res.end();
}

/**
 * Answers `POST /v1/chat/completions`, `POST /v1/embeddings` and `GET /v1/models` like
 * OpenAI, with behaviour chosen by the requested model: `fail-500`, `fail-429` (with
 * retry-after), `fail-400` answer OpenAI error bodies; `slow-<ms>` waits before its headers;
 * `stall-stream` sends headers and a first chunk then hangs; `broken-stream` sends a first
 * chunk then drops the connection; `answer-<text>`, `fail-<status>[-after-<ms>]`,
 * `flaky-<n>-<status>` and `slow-<ms>-<rest>` script routing tests (see `Planner`);
 * `no-usage…` answers without token counts; any other model answers normally (see
 * `replyFor`). Embeddings are deterministic word-hash vectors (`fakeEmbedding`); embeddings
 * models named `fail-…` and `flaky-…` fail as chat models do.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const expectedAuth = options.apiKey ? `Bearer ${options.apiKey}` : null;
  const planner = new Planner();

  const chat = (req: FakeRequest, res: ServerResponse) => {
    if (req.json === undefined) {
      return badRequest(res, 'We could not parse the JSON body of your request.', null);
    }
    const body = req.json as ChatBody;
    if (typeof body?.model !== 'string')
      return badRequest(res, "Missing required parameter: 'model'.", 'model');
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return badRequest(res, "Missing required parameter: 'messages'.", 'messages');
    }
    const model = body.model;
    const fixture = BEHAVIOURS[model];
    if (fixture) return sendError(res, fixture);
    const plan = planner.plan(model);
    const reply: Reply =
      plan.kind === 'answer' && plan.text !== null ? { kind: 'text', text: plan.text } : replyFor(body);
    if (plan.kind === 'legacy') {
      // `stall-stream` or `broken-stream`: a first part, then a hang or a dropped connection.
      const mode = model === 'stall-stream' ? 'stall' : 'broken';
      if (body.stream === true) return streamReply(res, chunks(body, reply), mode);
      const text = JSON.stringify(completion(body, reply));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      const half = text.slice(0, text.length >> 1);
      if (mode === 'stall') res.write(half);
      else res.write(half, () => res.socket?.destroy());
      return;
    }
    // Servers that count no tokens answer without `usage`, and stream no usage chunk.
    const noUsage = model.startsWith('no-usage');
    const respond = () => {
      if (plan.kind === 'fail') {
        sendJson(res, plan.failure.status, errorBody(plan.failure.status), failureHeaders(plan.failure));
      } else if (body.stream === true) {
        streamReply(res, chunks(noUsage ? { ...body, stream_options: null } : body, reply), 'normal');
      } else {
        const answer = completion(body, reply) as { usage?: object };
        if (noUsage) delete answer.usage;
        sendJson(res, 200, answer);
      }
    };
    if (plan.delayMs === 0) return respond();
    const timer = setTimeout(respond, plan.delayMs);
    res.once('close', () => clearTimeout(timer));
  };

  const embeddings = (req: FakeRequest, res: ServerResponse) => {
    if (req.json === undefined) {
      return badRequest(res, 'We could not parse the JSON body of your request.', null);
    }
    const body = req.json as { model?: unknown; input?: unknown; encoding_format?: unknown };
    if (typeof body?.model !== 'string')
      return badRequest(res, "Missing required parameter: 'model'.", 'model');
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(input) || input.length === 0 || !input.every((t) => typeof t === 'string')) {
      return badRequest(res, "Invalid 'input': expected a string or an array of strings.", 'input');
    }
    const plan = planner.plan(body.model);
    if (plan.kind === 'fail') {
      return sendJson(res, plan.failure.status, errorBody(plan.failure.status), failureHeaders(plan.failure));
    }
    const tokens = input.reduce((n: number, t: string) => n + Math.max(1, Math.ceil(t.length / 4)), 0);
    sendJson(res, 200, {
      object: 'list',
      data: input.map((t: string, index) => {
        const vector = fakeEmbedding(t);
        // The official SDKs ask for base64 (little-endian float32) unless told otherwise.
        const embedding =
          body.encoding_format === 'base64'
            ? Buffer.from(Float32Array.from(vector).buffer).toString('base64')
            : vector;
        return { object: 'embedding', index, embedding };
      }),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  };

  return startFakeServer(options, '/v1', (req, res) => {
    const auth = req.headers.authorization;
    if (expectedAuth && auth !== expectedAuth) {
      return sendError(res, auth ? openAIErrors.invalidApiKey : openAIErrors.missingApiKey);
    }
    if (req.method === 'GET' && req.path === '/v1/models') return sendJson(res, 200, modelList);
    if (req.method === 'POST' && req.path === '/v1/chat/completions') return chat(req, res);
    if (req.method === 'POST' && req.path === '/v1/embeddings') return embeddings(req, res);
    sendJson(res, 404, {
      error: {
        message: `Invalid URL (${req.method} ${req.path})`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });
}
