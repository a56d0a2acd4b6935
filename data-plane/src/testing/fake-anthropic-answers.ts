/**
 * What the fake Anthropic answers, derived only from the request so tests are deterministic.
 * Shapes follow `fixtures/anthropic` (Anthropic's documented wire format).
 */

type Block = { type?: unknown; text?: unknown; content?: unknown; cache_control?: unknown; name?: unknown };

/** The Messages request fields the fake reads. */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  messages: { role: string; content: string | Block[] }[];
  system?: string | Block[];
  tools?: { name?: unknown }[];
  tool_choice?: { type?: unknown; name?: unknown };
  stop_sequences?: unknown;
  output_config?: { format?: { type?: unknown } };
  stream?: boolean;
}

/** What the assistant "says": text (maybe after thinking), or one tool call. */
export type Reply =
  | { kind: 'text'; text: string; thinking?: string }
  | { kind: 'tool'; id: string; name: string; input: Record<string, unknown> };

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b: Block) =>
      typeof b?.text === 'string' ? b.text : b?.type === 'tool_result' ? text(b.content) : '',
    )
    .filter((t) => t !== '')
    .join(' ');
}

const tokens = (chars: number) => Math.ceil(chars / 4);

/**
 * Input usage: a token per four characters of system and messages. A system prompt carrying
 * `cache_control` is reported as read from the cache (as on a repeat call), the rest as input.
 */
export function inputUsage(body: MessagesBody): { input_tokens: number; cache_read_input_tokens: number } {
  const systemChars = text(body.system).length;
  let chars = 0;
  for (const m of body.messages) chars += text(m.content).length;
  const cached =
    Array.isArray(body.system) && body.system.some((b) => b?.cache_control) ? tokens(systemChars) : 0;
  return {
    input_tokens: Math.max(1, tokens(chars) + (cached ? 0 : tokens(systemChars))),
    cache_read_input_tokens: cached,
  };
}

/**
 * - the last user turn carries a `tool_result` → text quoting it;
 * - model `tools`, or a `tool_choice` of `any` / `tool`, with tools offered → a `tool_use`
 *   of the chosen (else the first) tool with `{"input": <last user text>}`;
 * - `output_config.format` json_schema → a JSON object as text;
 * - model `thinking` → a thinking block, then the echo;
 * - otherwise → `Echo: <last user text>`.
 */
export function replyFor(body: MessagesBody): Reply {
  const last = body.messages[body.messages.length - 1];
  const lastUser = [...body.messages].reverse().find((m) => m.role === 'user');
  const result = Array.isArray(last?.content)
    ? last.content.find((b) => b?.type === 'tool_result')
    : undefined;
  if (result) return { kind: 'text', text: `Tool said: ${text(result.content)}` };
  const userText = text(lastUser?.content);
  const choice = body.tool_choice?.type;
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.length > 0 && (body.model === 'tools' || choice === 'any' || choice === 'tool')) {
    const named =
      choice === 'tool' && typeof body.tool_choice?.name === 'string' ? body.tool_choice.name : null;
    const name = named ?? (typeof tools[0].name === 'string' ? tools[0].name : 'tool');
    return { kind: 'tool', id: 'toolu_01FakeToolUse0001', name, input: { input: userText } };
  }
  if (body.output_config?.format?.type === 'json_schema') {
    return { kind: 'text', text: JSON.stringify({ echo: userText }) };
  }
  if (body.model === 'thinking') {
    return { kind: 'text', text: `Echo: ${userText}`, thinking: `The user said "${userText}".` };
  }
  return { kind: 'text', text: `Echo: ${userText}` };
}

/** The reply cut where Anthropic would stop it: at a stop sequence, or at `max_tokens`. */
export function finish(
  body: MessagesBody,
  reply: Reply,
): { reply: Reply; stopReason: string; stopSequence: string | null } {
  if (reply.kind === 'tool') return { reply, stopReason: 'tool_use', stopSequence: null };
  const sequences = Array.isArray(body.stop_sequences) ? body.stop_sequences : [];
  for (const s of sequences) {
    const at = typeof s === 'string' && s !== '' ? reply.text.indexOf(s) : -1;
    if (at !== -1)
      return {
        reply: { ...reply, text: reply.text.slice(0, at) },
        stopReason: 'stop_sequence',
        stopSequence: s,
      };
  }
  const budget = body.max_tokens * 4;
  if (reply.text.length + (reply.thinking?.length ?? 0) > budget) {
    return {
      reply: { kind: 'text', text: reply.text.slice(0, budget) },
      stopReason: 'max_tokens',
      stopSequence: null,
    };
  }
  return { reply, stopReason: 'end_turn', stopSequence: null };
}

export function outputTokens(reply: Reply): number {
  if (reply.kind === 'tool') return Math.max(1, tokens(JSON.stringify(reply.input).length));
  return Math.max(1, tokens(reply.text.length + (reply.thinking?.length ?? 0)));
}

let sequence = 0;
const messageId = () => `msg_01Fake${String(++sequence).padStart(6, '0')}`;

function contentOf(reply: Reply): object[] {
  if (reply.kind === 'tool')
    return [{ type: 'tool_use', id: reply.id, name: reply.name, input: reply.input }];
  const blocks: object[] = [];
  if (reply.thinking)
    blocks.push({ type: 'thinking', thinking: reply.thinking, signature: 'ErUBCkYIBxgCFakeSignature==' });
  blocks.push({ type: 'text', text: reply.text });
  return blocks;
}

/** A Messages answer (`type: "message"`). */
export function message(body: MessagesBody): object {
  const { reply, stopReason, stopSequence } = finish(body, replyFor(body));
  return {
    id: messageId(),
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: contentOf(reply),
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    usage: {
      ...inputUsage(body),
      cache_creation_input_tokens: 0,
      output_tokens: outputTokens(reply),
      service_tier: 'standard',
    },
  };
}

// Splits text into small deltas, roughly a token each, as a model streams it.
function pieces(value: string): string[] {
  return value.match(/.{1,4}/gsu) ?? [];
}

/** The events of a streamed answer, in order (each an object with its `type`). */
export function streamEvents(body: MessagesBody): { type: string }[] {
  const { reply, stopReason, stopSequence } = finish(body, replyFor(body));
  const usage = inputUsage(body);
  const events: { type: string; [key: string]: unknown }[] = [
    {
      type: 'message_start',
      message: {
        id: messageId(),
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, cache_creation_input_tokens: 0, output_tokens: 1, service_tier: 'standard' },
      },
    },
  ];
  let index = 0;
  const block = (start: object, deltas: object[]) => {
    events.push({ type: 'content_block_start', index, content_block: start });
    if (index === 0) events.push({ type: 'ping' });
    for (const delta of deltas) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
    index++;
  };
  if (reply.kind === 'tool') {
    const json = JSON.stringify(reply.input);
    block(
      { type: 'tool_use', id: reply.id, name: reply.name, input: {} },
      [{ type: 'input_json_delta', partial_json: '' }].concat(
        pieces(json).map((p) => ({ type: 'input_json_delta', partial_json: p })),
      ),
    );
  } else {
    if (reply.thinking) {
      block({ type: 'thinking', thinking: '' }, [
        ...pieces(reply.thinking).map((t) => ({ type: 'thinking_delta', thinking: t })),
        { type: 'signature_delta', signature: 'ErUBCkYIBxgCFakeSignature==' },
      ]);
    }
    block(
      { type: 'text', text: '' },
      pieces(reply.text).map((t) => ({ type: 'text_delta', text: t })),
    );
  }
  events.push({
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: stopSequence },
    usage: { output_tokens: outputTokens(reply) },
  });
  events.push({ type: 'message_stop' });
  return events;
}
