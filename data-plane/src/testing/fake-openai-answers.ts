/**
 * What the fake OpenAI answers, derived only from the request so tests are deterministic.
 * Shapes follow `fixtures/openai` (OpenAI's documented wire format).
 */

export interface ChatBody {
  model: string;
  messages: { role?: unknown; content?: unknown; tool_call_id?: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  tools?: { type?: string; function?: { name?: string } }[];
  response_format?: { type?: string } | null;
}

/** What the assistant "says": text, or one tool call. */
export type Reply = { kind: 'text'; text: string } | { kind: 'tool'; id: string; name: string; args: string };

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: { type?: string; text?: unknown }) =>
      typeof p?.text === 'string' ? p.text : p?.type ? `[${p.type}]` : '',
    )
    .join(' ');
}

/** Prompt tokens: a quarter of the characters of every message, at least 1. */
export function promptTokens(body: ChatBody): number {
  let chars = 0;
  for (const m of body.messages) chars += text(m.content).length;
  return Math.max(1, Math.ceil(chars / 4));
}

export function completionTokens(reply: Reply): number {
  return Math.max(1, Math.ceil((reply.kind === 'text' ? reply.text : reply.args).length / 4));
}

/**
 * - last message from a tool → text that quotes the tool result;
 * - tools offered → a call to the first tool with `{"input": <last user text>}`;
 * - `response_format` json_object / json_schema → a JSON object as text;
 * - otherwise → `Echo: <last user text>`.
 */
export function replyFor(body: ChatBody): Reply {
  const last = body.messages[body.messages.length - 1];
  if (last?.role === 'tool') return { kind: 'text', text: `Tool said: ${text(last.content)}` };
  const userText = text([...body.messages].reverse().find((m) => m.role === 'user')?.content);
  const tool = body.tools?.find((t) => t?.type === 'function' && typeof t.function?.name === 'string');
  if (tool) {
    return {
      kind: 'tool',
      id: 'call_fake_0001',
      name: tool.function!.name!,
      args: JSON.stringify({ input: userText }),
    };
  }
  const format = body.response_format?.type;
  if (format === 'json_object' || format === 'json_schema') {
    return { kind: 'text', text: JSON.stringify({ echo: userText }) };
  }
  return { kind: 'text', text: `Echo: ${userText}` };
}

let sequence = 0;

/** A `chat.completion` object for a reply. */
export function completion(body: ChatBody, reply: Reply): object {
  const prompt = promptTokens(body);
  const completionCount = completionTokens(reply);
  return {
    id: `chatcmpl-fake${++sequence}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message:
          reply.kind === 'text'
            ? { role: 'assistant', content: reply.text, refusal: null, annotations: [] }
            : {
                role: 'assistant',
                content: null,
                tool_calls: [
                  { id: reply.id, type: 'function', function: { name: reply.name, arguments: reply.args } },
                ],
                refusal: null,
                annotations: [],
              },
        logprobs: null,
        finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls',
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completionCount,
      total_tokens: prompt + completionCount,
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
}

// Splits text into small deltas, roughly a token each, as a model streams it.
function pieces(value: string): string[] {
  return value.match(/.{1,4}/gsu) ?? [];
}

/** The SSE events (without framing) of a streamed reply, `[DONE]` last. */
export function chunks(body: ChatBody, reply: Reply): string[] {
  const includeUsage = body.stream_options?.include_usage === true;
  const head = {
    id: `chatcmpl-fake${++sequence}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
  const usageNull = includeUsage ? { usage: null } : {};
  const chunk = (delta: object, finish: string | null = null) =>
    JSON.stringify({
      ...head,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...usageNull,
    });
  const out: string[] = [];
  if (reply.kind === 'text') {
    out.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const p of pieces(reply.text)) out.push(chunk({ content: p }));
    out.push(chunk({}, 'stop'));
  } else {
    out.push(
      chunk({
        role: 'assistant',
        content: null,
        tool_calls: [
          { index: 0, id: reply.id, type: 'function', function: { name: reply.name, arguments: '' } },
        ],
        refusal: null,
      }),
    );
    for (const p of pieces(reply.args))
      out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }));
    out.push(chunk({}, 'tool_calls'));
  }
  if (includeUsage) {
    const prompt = promptTokens(body);
    const completionCount = completionTokens(reply);
    out.push(
      JSON.stringify({
        ...head,
        choices: [],
        usage: {
          prompt_tokens: prompt,
          completion_tokens: completionCount,
          total_tokens: prompt + completionCount,
        },
      }),
    );
  }
  out.push('[DONE]');
  return out;
}
