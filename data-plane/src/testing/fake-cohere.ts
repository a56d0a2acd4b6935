import type { ServerResponse } from 'node:http';
import { cohereErrors, toCohereSse } from './fixtures/cohere';
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

export interface FakeCohereOptions extends FakeServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

type Message = { role?: unknown; content?: unknown };
type Body = {
  model?: unknown;
  messages?: Message[];
  stream?: unknown;
  tools?: { function?: { name?: string } }[];
};

const ALLOWED = new Set([
  'model',
  'messages',
  'tools',
  'documents',
  'citation_options',
  'response_format',
  'safety_mode',
  'max_tokens',
  'stop_sequences',
  'temperature',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'k',
  'p',
  'logprobs',
  'tool_choice',
  'strict_tools',
  'thinking',
  'stream',
]);
const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

type Fixture = { status: number; headers?: Record<string, string>; body: object };
const send = (res: ServerResponse, f: Fixture) => sendJson(res, f.status, f.body, f.headers ?? {});
const refuse = (res: ServerResponse, status: number, message: string) =>
  sendJson(res, status, { id: 'fake', message });

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join(' ');
}

/**
 * Answers `POST /v2/chat` (JSON or SSE) and `POST /v2/embed` like Cohere, refusing unknown
 * fields (422) and unknown roles (400). Behaviour by model: `fail-500`, `fail-429`,
 * `fail-400`, `slow-<ms>`, `broken-stream`, `garbage-stream`; tools offered → a tool call
 * (with a tool plan), else an echo.
 */
export async function startFakeCohere(options: FakeCohereOptions = {}): Promise<FakeUpstream> {
  let sequence = 0;
  const chat = (req: FakeRequest, res: ServerResponse) => {
    const body = req.json as Body | undefined;
    if (!body || typeof body !== 'object') return send(res, cohereErrors.badRequest);
    const extra = Object.keys(body).find((k) => !ALLOWED.has(k));
    if (extra)
      return refuse(res, 422, `invalid request: unknown field: parameter ${extra} is not a valid field`);
    if (typeof body.model !== 'string') return refuse(res, 422, 'invalid request: model must be specified');
    if (!Array.isArray(body.messages) || body.messages.some((m) => !ROLES.has(String(m.role)))) {
      return refuse(
        res,
        400,
        'invalid request: messages must be a list of system, user, assistant or tool messages',
      );
    }
    const behaviour = behaviourOf(body.model);
    if (behaviour.kind === 'fail-500') return send(res, cohereErrors.serverError);
    if (behaviour.kind === 'fail-429') return send(res, cohereErrors.rateLimited);
    if (behaviour.kind === 'fail-400') return send(res, cohereErrors.badRequest);
    const messages = body.messages;
    const last = messages[messages.length - 1];
    const userText = text([...messages].reverse().find((m) => m.role === 'user')?.content);
    const tool = last?.role !== 'tool' ? body.tools?.[0]?.function?.name : undefined;
    const reply = last?.role === 'tool' ? `Tool said: ${text(last.content)}` : `Echo: ${userText}`;
    const args = JSON.stringify({ input: userText });
    const input = tokensOf(messages.map((m) => text(m.content)).join(''));
    const output = tokensOf(tool ? args : reply);
    const usage = {
      billed_units: { input_tokens: input, output_tokens: output },
      tokens: { input_tokens: input + 60, output_tokens: output },
    };
    const id = `fake-${++sequence}`;
    const callId = `${tool}_fake0001`;
    const answer = () => {
      if (body.stream !== true) {
        const message = tool
          ? {
              role: 'assistant',
              tool_plan: 'I will call the tool.',
              tool_calls: [{ id: callId, type: 'function', function: { name: tool, arguments: args } }],
            }
          : { role: 'assistant', content: [{ type: 'text', text: reply }] };
        return sendJson(res, 200, { id, finish_reason: tool ? 'TOOL_CALL' : 'COMPLETE', message, usage });
      }
      const events: { type: string; [k: string]: unknown }[] = [
        {
          id,
          type: 'message-start',
          delta: {
            message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] },
          },
        },
      ];
      if (tool) {
        events.push({ type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will call the tool.' } } });
        events.push({
          type: 'tool-call-start',
          index: 0,
          delta: {
            message: {
              tool_calls: { id: callId, type: 'function', function: { name: tool, arguments: '' } },
            },
          },
        });
        for (const p of pieces(args))
          events.push({
            type: 'tool-call-delta',
            index: 0,
            delta: { message: { tool_calls: { function: { arguments: p } } } },
          });
        events.push({ type: 'tool-call-end', index: 0 });
      } else {
        events.push({
          type: 'content-start',
          index: 0,
          delta: { message: { content: { type: 'text', text: '' } } },
        });
        for (const p of pieces(reply))
          events.push({ type: 'content-delta', index: 0, delta: { message: { content: { text: p } } } });
        events.push({ type: 'content-end', index: 0 });
      }
      events.push({ type: 'message-end', delta: { finish_reason: tool ? 'TOOL_CALL' : 'COMPLETE', usage } });
      const frames = events.map((e) => toCohereSse([e]));
      streamFrames(res, frames, behaviour, { 'content-type': 'text/event-stream' });
    };
    if (behaviour.kind === 'slow') return later(res, behaviour.ms, answer);
    answer();
  };

  const embed = (req: FakeRequest, res: ServerResponse) => {
    const body = req.json as { texts?: unknown; input_type?: unknown; embedding_types?: unknown } | undefined;
    if (!Array.isArray(body?.texts)) return refuse(res, 400, 'invalid request: texts must be specified');
    if (typeof body.input_type !== 'string')
      return refuse(res, 400, 'invalid request: input_type must be specified');
    const texts = body.texts as string[];
    sendJson(res, 200, {
      id: `embed-${++sequence}`,
      embeddings: { float: texts.map((t) => [t.length / 100, 0.5, -0.5]) },
      texts,
      meta: {
        api_version: { version: '2' },
        billed_units: { input_tokens: texts.reduce((n, t) => n + tokensOf(t), 0) },
      },
      response_type: 'embeddings_by_type',
    });
  };

  return startFakeServer(options, '/v2', (req, res) => {
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, cohereErrors.unauthorized);
    }
    if (req.method === 'POST' && req.path === '/v2/chat') return chat(req, res);
    if (req.method === 'POST' && req.path === '/v2/embed') return embed(req, res);
    refuse(res, 404, `404 page not found`);
  });
}
