import type { TokenUsage } from '../../providers/adapter-types';
import { isObject } from '../checks';
import { readOpenAIUsage } from '../openai-usage';

type Json = Record<string, unknown>;

/** A Responses id for an OpenAI completion id (`chatcmpl-x` → `resp_x`); items get `msg_` / `fc_` ids from it. */
export function responseId(id: unknown): string {
  const s = typeof id === 'string' && id.length > 0 ? id : Date.now().toString(36);
  if (s.startsWith('resp_')) return s;
  return `resp_${s.startsWith('chatcmpl-') ? s.slice('chatcmpl-'.length) : s}`;
}

/** Status and incomplete details for a finish reason: `length` and `content_filter` are incomplete. */
export function responseStatus(finish: unknown): { status: string; incomplete_details: Json | null } {
  if (finish === 'length')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter')
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** Responses usage; `cost` is kept when the gateway priced the call. */
export function responsesUsage(usage: (TokenUsage & { cost?: number }) | null): Json | null {
  if (!usage) return null;
  const out: Json = {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
  if (usage.cost !== undefined) out.cost = usage.cost;
  return out;
}

/**
 * A Response object. The request's own settings (instructions, tools, temperature, …) are
 * not known here, so they carry neutral values.
 */
export function responseObject(fields: {
  id: string;
  createdAt: number;
  model: unknown;
  status: string;
  output: Json[];
  usage: Json | null;
  incompleteDetails?: Json | null;
  error?: Json | null;
}): Json {
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: null,
    max_output_tokens: null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: fields.usage,
    metadata: {},
  };
}

export function messageItem(id: string, text: string, status: string): Json {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

export function functionCallItem(
  id: string,
  callId: string,
  name: string,
  args: string,
  status: string,
): Json {
  return { id, type: 'function_call', status, call_id: callId, name, arguments: args };
}

function suffix(id: string): string {
  return id.slice('resp_'.length);
}

/** An OpenAI `chat.completion` as a Response (first choice). */
export function responseFromCompletion(completion: Json): Json {
  const id = responseId(completion.id);
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const choice: Json = isObject(choices[0]) ? choices[0] : {};
  const message: Json = isObject(choice.message) ? choice.message : {};
  const { status, incomplete_details } = responseStatus(choice.finish_reason);
  const output: Json[] = [];
  const text =
    typeof message.content === 'string' && message.content.length > 0
      ? message.content
      : typeof message.refusal === 'string'
        ? message.refusal
        : '';
  if (text.length > 0) output.push(messageItem(`msg_${suffix(id)}`, text, status));
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  calls.forEach((call: unknown, i) => {
    if (!isObject(call)) return;
    const fn = isObject(call.function) ? call.function : {};
    output.push(
      functionCallItem(
        `fc_${suffix(id)}_${i}`,
        typeof call.id === 'string' ? call.id : `call_${suffix(id)}_${i}`,
        typeof fn.name === 'string' ? fn.name : '',
        typeof fn.arguments === 'string' ? fn.arguments : '',
        'completed',
      ),
    );
  });
  return responseObject({
    id,
    createdAt: typeof completion.created === 'number' ? completion.created : Math.floor(Date.now() / 1000),
    model: completion.model,
    status,
    incompleteDetails: incomplete_details,
    output,
    usage: responsesUsage(readOpenAIUsage(completion.usage)),
  });
}
