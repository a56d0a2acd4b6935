/**
 * Claude on the fake Vertex AI (`publishers/anthropic/models/{model}:rawPredict` and
 * `:streamRawPredict`): Anthropic Messages answers, with Vertex's body rules
 * (`anthropic_version: "vertex-2023-10-16"` required, no `model`).
 */

type Obj = Record<string, unknown>;

export interface AnthropicAnswer {
  status: number;
  /** JSON body, or SSE events `[event, data]` for a stream. */
  body?: object;
  events?: [string, object][];
}

const invalid = (message: string): AnthropicAnswer => ({
  status: 400,
  body: { type: 'error', error: { type: 'invalid_request_error', message } },
});

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((b: Obj) => (typeof b?.text === 'string' ? b.text : '')).join(' ');
}

let sequence = 0;

export function anthropicAnswer(model: string, body: unknown, stream: boolean): AnthropicAnswer {
  if (typeof body !== 'object' || body === null) return invalid('The request body is not valid JSON.');
  const b = body as Obj;
  if (b.anthropic_version !== 'vertex-2023-10-16')
    return invalid('anthropic_version: vertex-2023-10-16 is required');
  if ('model' in b) return invalid('model: Extra inputs are not permitted');
  if (typeof b.max_tokens !== 'number') return invalid('max_tokens: Field required');
  if (!Array.isArray(b.messages) || b.messages.length === 0) return invalid('messages: Field required');
  if (model === 'claude-fail-529') {
    return {
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    };
  }
  const messages = b.messages as Obj[];
  const userText = text([...messages].reverse().find((m) => m.role === 'user')?.content);
  const last = messages[messages.length - 1];
  const result = Array.isArray(last?.content)
    ? (last.content as Obj[]).find((block) => block?.type === 'tool_result')
    : undefined;
  const tools = Array.isArray(b.tools) ? (b.tools as Obj[]) : [];
  // A turn answering a tool call gets text quoting the result, as the other fakes answer.
  const tool = result ? undefined : tools.find((t) => typeof t.name === 'string');
  const replyText = result ? `Tool said: ${text(result.content)}` : `Echo: ${userText}`;
  const block = tool
    ? {
        type: 'tool_use',
        id: `toolu_fake${++sequence}`,
        name: tool.name as string,
        input: { input: userText },
      }
    : { type: 'text', text: replyText };
  const usage = {
    input_tokens: Math.max(1, Math.ceil(JSON.stringify(messages).length / 4)),
    output_tokens: 5,
  };
  const stopReason = tool ? 'tool_use' : 'end_turn';
  const id = `msg_vrtx_fake${++sequence}`;
  if (!stream) {
    return {
      status: 200,
      body: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [block],
        stop_reason: stopReason,
        stop_sequence: null,
        usage,
      },
    };
  }
  const start = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
  const delta =
    block.type === 'text'
      ? { type: 'text_delta', text: (block as { text: string }).text }
      : { type: 'input_json_delta', partial_json: JSON.stringify((block as { input: object }).input) };
  return {
    status: 200,
    events: [
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            id,
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...usage, output_tokens: 1 },
          },
        },
      ],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: start }],
      ['ping', { type: 'ping' }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { output_tokens: usage.output_tokens },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ],
  };
}
