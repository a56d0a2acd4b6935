import type { TokenUsage } from '../adapter-types';
import { tokenCount } from '../openai-shape';
import type { AnthropicUsage } from './wire-types';

/**
 * Anthropic's usage as the gateway counts it. Anthropic's `input_tokens` excludes the prompt
 * tokens read from or written to its cache, so the prompt is the sum of all three (what
 * OpenAI's `prompt_tokens` means); `cachedTokens` are the reads. Null when `usage` is not an object.
 */
export function readUsage(usage: unknown): TokenUsage | null {
  if (!usage || typeof usage !== 'object') return null;
  const u = usage as AnthropicUsage;
  return {
    promptTokens:
      tokenCount(u.input_tokens) +
      tokenCount(u.cache_read_input_tokens) +
      tokenCount(u.cache_creation_input_tokens),
    completionTokens: tokenCount(u.output_tokens),
    cachedTokens: tokenCount(u.cache_read_input_tokens),
    reasoningTokens: tokenCount(u.output_tokens_details?.thinking_tokens),
  };
}

/**
 * Anthropic's `stop_reason` as OpenAI's `finish_reason`: `end_turn`, `stop_sequence` and
 * `pause_turn` (a server tool paused a long turn) → stop; `max_tokens` and
 * `model_context_window_exceeded` → length; `tool_use` → tool_calls; `refusal` →
 * content_filter. Unknown reasons (Anthropic adds some over time) → stop.
 */
export function finishReason(stopReason: unknown): string {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
