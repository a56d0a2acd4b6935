import type { ChatBody } from '../adapter-types';
import { isObject } from '../openai-shape';
import { mistralToolCallId } from './tool-call-ids';

// OpenAI parameters Mistral's API does not take (it answers 422 on unknown fields).
const DROPPED = [
  'stream_options',
  'user',
  'store',
  'metadata',
  'service_tier',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'modalities',
  'audio',
  'reasoning_effort',
  'web_search_options',
  'max_completion_tokens',
  'seed',
];

function message(m: unknown): unknown {
  if (!isObject(m)) return m;
  const out = { ...m };
  if (out.role === 'developer') out.role = 'system';
  if (typeof out.tool_call_id === 'string') out.tool_call_id = mistralToolCallId(out.tool_call_id);
  if (Array.isArray(out.tool_calls)) {
    out.tool_calls = out.tool_calls.map((call: unknown) =>
      isObject(call) && typeof call.id === 'string' ? { ...call, id: mistralToolCallId(call.id) } : call,
    );
  }
  return out;
}

/**
 * Mistral's chat body from the canonical request: OpenAI's shape with Mistral's names
 * (`max_tokens`, `random_seed`, `tool_choice: "any"` for `"required"`), tool call ids it
 * accepts, `developer` messages as `system`, and OpenAI-only parameters left out. Mistral
 * sends usage on a stream's last chunk unasked.
 */
export function mistralChatBody(body: ChatBody, stream: boolean): string {
  const out: ChatBody = { ...body, stream };
  for (const name of DROPPED) delete out[name];
  if (out.max_tokens === undefined && body.max_completion_tokens !== undefined) {
    out.max_tokens = body.max_completion_tokens;
  }
  if (out.random_seed === undefined && body.seed !== undefined) out.random_seed = body.seed;
  if (out.tool_choice === 'required') out.tool_choice = 'any';
  if (Array.isArray(body.messages)) out.messages = body.messages.map(message);
  return JSON.stringify(out);
}
