import type { ChatBody } from '../adapter-types';
import { isObject, type JsonObject } from '../openai-shape';

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
}

// User content keeps its parts: text, and images as Cohere's `image_url` parts (same shape).
function userContent(content: unknown): unknown {
  if (!Array.isArray(content)) return typeof content === 'string' ? content : '';
  return content.flatMap((part): JsonObject[] => {
    if (!isObject(part)) return [];
    if (part.type === 'text') return [{ type: 'text', text: part.text }];
    if (part.type === 'image_url') return [{ type: 'image_url', image_url: part.image_url }];
    return [];
  });
}

function message(m: JsonObject): JsonObject {
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(m.content) };
    case 'assistant': {
      const out: JsonObject = { role: 'assistant' };
      const text = textOf(m.content);
      if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
        out.tool_calls = m.tool_calls;
        // Cohere's reasoning before calling tools; OpenAI carries it as the content.
        if (text) out.tool_plan = text;
      } else out.content = text;
      return out;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: m.tool_call_id, content: textOf(m.content) };
    default:
      return { role: 'user', content: userContent(m.content) };
  }
}

function responseFormat(format: unknown): unknown {
  if (!isObject(format)) return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema' && isObject(format.json_schema)) {
    return { type: 'json_object', json_schema: format.json_schema.schema };
  }
  return format.type === 'text' ? { type: 'text' } : undefined;
}

/**
 * Keys of OpenAI's chat completions body: those read above are mapped, the rest have no
 * Cohere counterpart and are dropped (Cohere answers 422 on fields it does not know). Any
 * other top-level key is the client's escape hatch to Cohere's own parameters
 * (`documents`, `citation_options`, `safety_mode`, `thinking`, `strict_tools`, …): copied as is.
 */
const OPENAI_CHAT_KEYS = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens',
  'temperature', 'top_p', 'top_k', 'stop', 'tools', 'tool_choice', 'parallel_tool_calls',
  'response_format', 'seed', 'frequency_penalty', 'presence_penalty', 'user', 'safety_identifier',
  'reasoning_effort', 'n', 'logit_bias', 'logprobs', 'top_logprobs', 'store', 'metadata',
  'modalities', 'audio', 'prediction', 'service_tier', 'prompt_cache_key', 'prompt_cache_retention',
  'verbosity', 'web_search_options', 'functions', 'function_call',
]); // prettier-ignore

const maybe = (out: JsonObject, name: string, value: unknown) => {
  if (value !== undefined && value !== null) out[name] = value;
};

/**
 * Cohere v2's `/chat` body from the canonical request. Tools keep OpenAI's function shape;
 * `tool_choice` becomes `REQUIRED` / `NONE` (a named function: `REQUIRED` with only that
 * tool offered); `top_p` → `p`, `stop` → `stop_sequences`; `json_schema` formats become
 * `json_object` with the schema. Keys OpenAI does not define pass through (see `OPENAI_CHAT_KEYS`).
 */
export function cohereChatBody(body: ChatBody, stream: boolean): string {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject).map(message) : [];
  const out: JsonObject = { model: body.model, messages, stream };
  let tools = Array.isArray(body.tools) ? body.tools : undefined;
  const choice = body.tool_choice;
  if (choice === 'required') out.tool_choice = 'REQUIRED';
  else if (choice === 'none') out.tool_choice = 'NONE';
  else if (isObject(choice) && isObject(choice.function) && tools) {
    const name = choice.function.name;
    tools = tools.filter((t) => isObject(t) && isObject(t.function) && t.function.name === name);
    out.tool_choice = 'REQUIRED';
  }
  maybe(out, 'tools', tools);
  maybe(out, 'response_format', responseFormat(body.response_format));
  maybe(out, 'max_tokens', body.max_tokens ?? body.max_completion_tokens);
  maybe(out, 'stop_sequences', typeof body.stop === 'string' ? [body.stop] : body.stop);
  maybe(out, 'temperature', body.temperature);
  maybe(out, 'p', body.top_p);
  maybe(out, 'k', body.top_k);
  maybe(out, 'seed', body.seed);
  maybe(out, 'frequency_penalty', body.frequency_penalty);
  maybe(out, 'presence_penalty', body.presence_penalty);
  for (const key in body) {
    if (!OPENAI_CHAT_KEYS.has(key)) out[key] = body[key];
  }
  return JSON.stringify(out);
}
