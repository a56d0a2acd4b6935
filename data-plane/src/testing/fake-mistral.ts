import type { ServerResponse } from 'node:http';
import { mistralErrors } from './fixtures/mistral';
import {
  behaviourOf,
  later,
  pieces,
  sendJson,
  startFakeServer,
  streamFrames,
  tokensOf,
  type FakeRequest,
  type FakeServerOptions,
  type FakeUpstream,
} from './fake-upstream';

export interface FakeMistralOptions extends FakeServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

type Message = { role?: unknown; content?: unknown; tool_calls?: { id?: unknown }[]; tool_call_id?: unknown };
type Body = {
  model?: unknown;
  messages?: Message[];
  stream?: unknown;
  tools?: { function?: { name?: string } }[];
  tool_choice?: unknown;
};

const ALLOWED = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'prediction',
  'parallel_tool_calls',
  'safe_prompt',
  'prompt_mode',
]);
const TOOL_CALL_ID = /^[a-zA-Z0-9]{9}$/;

type Fixture = { status: number; headers?: Record<string, string>; body: object };
const send = (res: ServerResponse, f: Fixture) => sendJson(res, f.status, f.body, f.headers ?? {});

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join(' ');
}

/** Checks what Mistral checks; returns the error to answer, or null. */
function invalid(body: Body): Fixture | null {
  const extra = Object.keys(body).find((key) => !ALLOWED.has(key));
  if (extra) {
    const detail = [{ type: 'extra_forbidden', loc: ['body', extra], msg: 'Extra inputs are not permitted' }];
    return { status: 422, body: { ...mistralErrors.validation.body, message: { detail } } };
  }
  if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
    const detail = [{ type: 'missing', loc: ['body', 'messages'], msg: 'Field required' }];
    return { status: 422, body: { ...mistralErrors.validation.body, message: { detail } } };
  }
  if (
    body.tool_choice !== undefined &&
    !['auto', 'none', 'any', 'required'].includes(String(body.tool_choice))
  ) {
    if (typeof body.tool_choice !== 'object') {
      const detail = [
        {
          type: 'enum',
          loc: ['body', 'tool_choice'],
          msg: "Input should be 'auto', 'none', 'any' or 'required'",
        },
      ];
      return { status: 422, body: { ...mistralErrors.validation.body, message: { detail } } };
    }
  }
  for (const m of body.messages) {
    const ids = [m.tool_call_id, ...(m.tool_calls ?? []).map((c) => c.id)].filter((id) => id !== undefined);
    const bad = ids.find((id) => typeof id !== 'string' || !TOOL_CALL_ID.test(id));
    if (bad !== undefined) {
      return {
        status: 400,
        body: {
          ...mistralErrors.badToolCallId.body,
          message: `Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`,
        },
      };
    }
  }
  return null;
}

/**
 * Answers `POST /v1/chat/completions` and `POST /v1/embeddings` like Mistral, refusing
 * OpenAI-only fields (422 `extra_forbidden`) and tool call ids that are not 9
 * alphanumerics (400). Behaviour by model: `fail-500`, `fail-429`, `fail-400`, `slow-<ms>`,
 * `broken-stream`, `garbage-stream`, `tools` (or tools offered) → a tool call, else an echo.
 */
export async function startFakeMistral(options: FakeMistralOptions = {}): Promise<FakeUpstream> {
  let sequence = 0;
  const chat = (req: FakeRequest, res: ServerResponse) => {
    const body = req.json as Body | undefined;
    if (!body || typeof body !== 'object') return send(res, mistralErrors.validation);
    const error = invalid(body);
    if (error) return send(res, error);
    const model = body.model as string;
    const behaviour = behaviourOf(model);
    if (behaviour.kind === 'fail-500') return send(res, mistralErrors.serverError);
    if (behaviour.kind === 'fail-429') return send(res, mistralErrors.rateLimited);
    if (behaviour.kind === 'fail-400') return send(res, mistralErrors.invalidModel);
    const messages = body.messages as Message[];
    const last = messages[messages.length - 1];
    const userText = text([...messages].reverse().find((m) => m.role === 'user')?.content);
    const tool = body.tools?.[0]?.function?.name;
    const call =
      last.role !== 'tool' && tool && body.tool_choice !== 'none'
        ? {
            id: 'D681PevKs',
            type: 'function',
            function: { name: tool, arguments: JSON.stringify({ input: userText }) },
            index: 0,
          }
        : null;
    const reply = last.role === 'tool' ? `Tool said: ${text(last.content)}` : `Echo: ${userText}`;
    const prompt = tokensOf(messages.map((m) => text(m.content)).join(''));
    const completionTokens = tokensOf(call ? call.function.arguments : reply);
    const usage = {
      prompt_tokens: prompt,
      completion_tokens: completionTokens,
      total_tokens: prompt + completionTokens,
    };
    const head = {
      id: `cmpl-fake${++sequence}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
    };
    const finish = call ? 'tool_calls' : 'stop';
    const answer = () => {
      if (body.stream !== true) {
        const message = {
          role: 'assistant',
          content: call ? '' : reply,
          tool_calls: call ? [call] : null,
          prefix: false,
        };
        return sendJson(res, 200, {
          ...head,
          usage,
          choices: [{ index: 0, message, finish_reason: finish }],
        });
      }
      const chunk = (delta: object, finishReason: string | null = null, extra: object = {}) =>
        `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`;
      const frames = [chunk({ role: 'assistant', content: '' })];
      if (call) frames.push(chunk({ tool_calls: [call] }));
      else for (const p of pieces(reply)) frames.push(chunk({ content: p }));
      frames.push(chunk({ content: '' }, finish, { usage }), 'data: [DONE]\n\n');
      streamFrames(res, frames, behaviour, { 'content-type': 'text/event-stream; charset=utf-8' });
    };
    if (behaviour.kind === 'slow') return later(res, behaviour.ms, answer);
    answer();
  };

  const embeddings = (req: FakeRequest, res: ServerResponse) => {
    const body = req.json as { model?: unknown; input?: unknown; [k: string]: unknown } | undefined;
    const inputs = typeof body?.input === 'string' ? [body.input] : body?.input;
    const extra =
      body &&
      Object.keys(body).find((k) => !['model', 'input', 'output_dimension', 'output_dtype'].includes(k));
    if (!Array.isArray(inputs) || extra) {
      const detail = [
        {
          type: extra ? 'extra_forbidden' : 'missing',
          loc: ['body', extra ?? 'input'],
          msg: 'Invalid input',
        },
      ];
      return send(res, { status: 422, body: { ...mistralErrors.validation.body, message: { detail } } });
    }
    const size = typeof body?.output_dimension === 'number' ? body.output_dimension : 4;
    const tokens = inputs.reduce((n: number, t) => n + tokensOf(String(t)), 0);
    sendJson(res, 200, {
      id: `emb-fake${++sequence}`,
      object: 'list',
      data: inputs.map((t, index) => ({
        object: 'embedding',
        index,
        embedding: Array.from({ length: size }, (_, i) => (String(t).length + i) / 100),
      })),
      model: body?.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0 },
    });
  };

  return startFakeServer(options, '/v1', (req, res) => {
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, mistralErrors.unauthorized);
    }
    if (req.method === 'POST' && req.path === '/v1/chat/completions') return chat(req, res);
    if (req.method === 'POST' && req.path === '/v1/embeddings') return embeddings(req, res);
    sendJson(res, 404, { detail: 'Not Found' });
  });
}
