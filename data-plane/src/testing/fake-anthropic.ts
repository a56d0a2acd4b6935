import type { ServerResponse } from 'node:http';
import { message, streamEvents, type MessagesBody } from './fake-anthropic-answers';
import {
  sendJson as sendJsonBody,
  startFakeServer,
  type FakeRequest,
  type FakeServerOptions,
  type RecordedRequest,
} from './fake-upstream';
import { anthropicErrors } from './fixtures/anthropic/errors';

export interface FakeAnthropicOptions extends FakeServerOptions {
  /** When set, requests must carry `x-api-key: <apiKey>` or that key as a bearer token (else 401 as Anthropic answers). */
  apiKey?: string;
}

/** A running fake Anthropic API. */
export interface FakeAnthropic {
  /** `http://127.0.0.1:<port>/v1`, the base URL of an `anthropic` provider account. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** How many responses were cut off by the client (e.g. a gateway aborting a slow upstream call). */
  readonly abortedByClient: number;
  close(): Promise<void>;
}

type ErrorFixture = { status: number; headers?: Readonly<Record<string, string>>; body: object };

const BEHAVIOURS: Record<string, ErrorFixture> = {
  'fail-400': anthropicErrors.invalidRequest,
  'fail-500': anthropicErrors.apiError,
  'fail-429': anthropicErrors.rateLimited,
  'fail-529': anthropicErrors.overloaded,
};

let requestSequence = 0;
const requestId = () => `req_01Fake${String(++requestSequence).padStart(8, '0')}`;

function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  headers?: Readonly<Record<string, string>>,
): void {
  sendJsonBody(res, status, body, { ...headers, 'request-id': requestId() });
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: 'error', error: { type, message }, request_id: requestId() });
}

type Turn = { role?: unknown; content?: unknown };
type ContentBlock = { type?: unknown; text?: unknown; id?: unknown; tool_use_id?: unknown };

function blocksOf(turn: Turn): ContentBlock[] {
  return Array.isArray(turn.content) ? (turn.content as ContentBlock[]) : [];
}

/** The first way `body` breaks Anthropic's request rules, in Anthropic's words; null when it is valid. */
function invalidity(body: Partial<MessagesBody> & Record<string, unknown>): string | null {
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (body.max_tokens === undefined) return 'max_tokens: Field required';
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
    return 'max_tokens: Input should be a valid integer greater than or equal to 1';
  }
  const turns = body.messages as Turn[] | undefined;
  if (!Array.isArray(turns)) return 'messages: Field required';
  if (turns.length === 0) return 'messages: at least one message is required';
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i];
    if (turn?.role !== 'user' && turn?.role !== 'assistant') {
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    if (i === 0 && turn.role !== 'user') return 'messages: first message must use the "user" role';
    if (i > 0 && turns[i - 1].role === turn.role) {
      return `messages: roles must alternate between "user" and "assistant", but found multiple "${turn.role}" roles in a row`;
    }
    const empty = typeof turn.content === 'string' ? turn.content === '' : blocksOf(turn).length === 0;
    if (empty && !(i === turns.length - 1 && turn.role === 'assistant')) {
      return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
    }
    if (typeof turn.content !== 'string' && !Array.isArray(turn.content)) {
      return `messages.${i}.content: Input should be a valid list`;
    }
    const blocks = blocksOf(turn);
    if (blocks.some((b) => b?.type === 'text' && (typeof b.text !== 'string' || b.text === ''))) {
      return 'messages: text content blocks must be non-empty';
    }
    const previousToolUses =
      i > 0
        ? blocksOf(turns[i - 1])
            .filter((b) => b?.type === 'tool_use')
            .map((b) => b.id)
        : [];
    for (let j = 0; j < blocks.length; j++) {
      const id = blocks[j]?.tool_use_id;
      if (blocks[j]?.type === 'tool_result' && !previousToolUses.includes(id)) {
        return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    const next = turns[i + 1];
    const answered = next
      ? blocksOf(next)
          .filter((b) => b?.type === 'tool_result')
          .map((b) => b.tool_use_id)
      : [];
    const unanswered = blocks
      .filter((b) => b?.type === 'tool_use' && !answered.includes(b.id))
      .map((b) => b.id);
    if (turn.role === 'assistant' && unanswered.length > 0 && next) {
      return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return null;
}

type StreamMode = 'normal' | 'stall' | 'broken' | 'garbage';

const frame = (event: { type: string }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

function streamReply(res: ServerResponse, events: { type: string }[], mode: StreamMode): void {
  res.writeHead(200, {
    'request-id': requestId(),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  if (mode === 'stall') {
    res.write(frame(events[0])); // …and nothing more, ever
    return;
  }
  if (mode === 'broken') {
    res.write(events.slice(0, 4).map(frame).join(''), () => res.socket?.destroy());
    return;
  }
  if (mode === 'garbage') {
    res.write(frame(events[0]));
    res.write(
      'event: content_block_start\ndata: {"type": "content_block_start", "index": 0, "content_bl\n\n',
    );
    res.end(events.slice(1).map(frame).join(''));
    return;
  }
  res.end(events.map(frame).join(''));
}

/**
 * Answers `POST /v1/messages` like Anthropic: checks `x-api-key` (when configured), the
 * `anthropic-version` header and the body (model, max_tokens, alternating turns starting with
 * user, tool results matching tool uses), answering 400 in Anthropic's error shape otherwise.
 * The requested model picks a behaviour: `fail-400`, `fail-500`, `fail-429` (with
 * retry-after), `fail-529` (overloaded) answer Anthropic error bodies; `slow-<ms>` waits before
 * its headers; `stall-stream` sends headers and `message_start` then hangs; `broken-stream`
 * drops the connection after a few events; `garbage-stream` sends an event whose data is not
 * JSON; `tools` calls the first tool offered; `thinking` thinks first; any other model
 * answers normally (see `replyFor`), as JSON or as SSE when `stream` is true.
 */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const messages = (req: FakeRequest, res: ServerResponse) => {
    if (req.json === undefined) {
      return sendError(res, 400, 'invalid_request_error', 'The request body is not valid JSON.');
    }
    const body = req.json as MessagesBody & Record<string, unknown>;
    if (!req.headers['anthropic-version']) {
      return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
    }
    if (!body || typeof body !== 'object')
      return sendError(res, 400, 'invalid_request_error', 'Input should be an object');
    const problem = invalidity(body);
    if (problem) return sendError(res, 400, 'invalid_request_error', problem);
    const model = body.model;
    const fixture: ErrorFixture | undefined = BEHAVIOURS[model];
    if (fixture) return sendJson(res, fixture.status, fixture.body, fixture.headers);
    const stream = body.stream === true;
    const answer = () => {
      if (stream) streamReply(res, streamEvents(body), 'normal');
      else sendJson(res, 200, message(body));
    };
    if (model === 'stall-stream' || model === 'broken-stream' || model === 'garbage-stream') {
      const mode = model === 'stall-stream' ? 'stall' : model === 'broken-stream' ? 'broken' : 'garbage';
      if (stream) return streamReply(res, streamEvents(body), mode);
      const full = JSON.stringify(message(body));
      const text = mode === 'garbage' ? `${full.slice(0, full.length >> 1)} <truncated>` : full;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      const half = text.slice(0, text.length >> 1);
      if (mode === 'stall') res.write(half);
      else if (mode === 'broken') res.write(half, () => res.socket?.destroy());
      else res.end(text);
      return;
    }
    const slow = /^slow-(\d+)$/.exec(model);
    if (slow) {
      const timer = setTimeout(answer, Number(slow[1]));
      res.once('close', () => clearTimeout(timer));
      return;
    }
    answer();
  };

  return startFakeServer(options, '/v1', (req, res) => {
    // `x-api-key`, or `Authorization: Bearer` as recent official SDKs send an API key.
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const key = req.headers['x-api-key'] ?? bearer;
    if (options.apiKey && key !== options.apiKey) {
      return sendError(
        res,
        401,
        'authentication_error',
        key ? 'invalid x-api-key' : 'x-api-key header is required',
      );
    }
    if (req.method === 'POST' && req.path === '/v1/messages') return messages(req, res);
    sendError(res, 404, 'not_found_error', 'Not Found');
  });
}
