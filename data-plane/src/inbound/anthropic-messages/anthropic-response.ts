import type { MappedError, TokenUsage } from '../../providers/adapter-types';
import { isObject } from '../checks';
import { readOpenAIUsage } from '../openai-usage';

type Json = Record<string, unknown>;

/** An Anthropic message id for an OpenAI completion id (`chatcmpl-x` → `msg_x`). */
export function messageId(id: unknown): string {
  const s = typeof id === 'string' && id.length > 0 ? id : `${Date.now().toString(36)}`;
  if (s.startsWith('msg_')) return s;
  return `msg_${s.startsWith('chatcmpl-') ? s.slice('chatcmpl-'.length) : s}`;
}

/**
 * The stop sequence that ended a choice, where the upstream says so: vLLM-style servers
 * put the matched string in `stop_reason`; OpenAI itself does not tell.
 */
function matchedStop(choice: Json): string | null {
  if (typeof choice.stop_sequence === 'string') return choice.stop_sequence;
  if (typeof choice.stop_reason === 'string') return choice.stop_reason;
  return null;
}

/** Anthropic `stop_reason` and `stop_sequence` for an OpenAI choice's `finish_reason`. */
export function stopReason(choice: Json): { stop_reason: string | null; stop_sequence: string | null } {
  switch (choice.finish_reason) {
    case undefined:
    case null:
      return { stop_reason: null, stop_sequence: null };
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'tool_calls':
    case 'function_call':
      return { stop_reason: 'tool_use', stop_sequence: null };
    case 'content_filter':
      return { stop_reason: 'refusal', stop_sequence: null };
    default: {
      const stop = matchedStop(choice);
      return stop === null
        ? { stop_reason: 'end_turn', stop_sequence: null }
        : { stop_reason: 'stop_sequence', stop_sequence: stop };
    }
  }
}

/**
 * Anthropic usage: `input_tokens` counts only uncached input (OpenAI's `prompt_tokens`
 * includes cache reads), `cache_read_input_tokens` the rest.
 */
export function anthropicUsage(usage: (TokenUsage & { cost?: number }) | null): Json {
  const cached = usage ? Math.min(usage.cachedTokens, usage.promptTokens) : 0;
  const out: Json = {
    input_tokens: usage ? usage.promptTokens - cached : 0,
    output_tokens: usage ? usage.completionTokens : 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
  if (usage?.cost !== undefined) out.cost = usage.cost;
  return out;
}

/** Parsed tool arguments; `{}` when the model produced something that is not a JSON object. */
export function toolInput(args: unknown): unknown {
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** An OpenAI `chat.completion` as an Anthropic `message` (first choice). */
export function anthropicMessage(completion: Json): Json {
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const choice: Json = isObject(choices[0]) ? choices[0] : {};
  const message: Json = isObject(choice.message) ? choice.message : {};
  const content: Json[] = [];
  if (typeof message.reasoning_content === 'string' && message.reasoning_content.length > 0) {
    // No signature: the reasoning came from another provider and cannot be verified by Anthropic.
    content.push({ type: 'thinking', thinking: message.reasoning_content, signature: '' });
  }
  const text =
    typeof message.content === 'string' && message.content.length > 0
      ? message.content
      : typeof message.refusal === 'string'
        ? message.refusal
        : '';
  if (text.length > 0) content.push({ type: 'text', text });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const call of calls) {
    if (!isObject(call)) continue;
    const fn = isObject(call.function) ? call.function : {};
    content.push({
      type: 'tool_use',
      id: typeof call.id === 'string' ? call.id : `toolu_${content.length}`,
      name: typeof fn.name === 'string' ? fn.name : '',
      input: toolInput(fn.arguments),
    });
  }
  return {
    id: messageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: completion.model,
    content,
    ...stopReason(choice),
    usage: anthropicUsage(readOpenAIUsage(completion.usage)),
  };
}

/** Anthropic's error `type` for an HTTP status. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** Anthropic's error body: `{"type":"error","error":{"type","message"}}`. */
export function anthropicErrorBody(error: MappedError): Json {
  return { type: 'error', error: { type: anthropicErrorType(error.status), message: error.message } };
}
