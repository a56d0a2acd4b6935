import type { TokenUsage } from '../adapter-types';
import type { AnthropicUsage } from './wire-types';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

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
      count(u.input_tokens) + count(u.cache_read_input_tokens) + count(u.cache_creation_input_tokens),
    completionTokens: count(u.output_tokens),
    cachedTokens: count(u.cache_read_input_tokens),
    reasoningTokens: count(u.output_tokens_details?.thinking_tokens),
  };
}

/** OpenAI's `usage` object for a `TokenUsage`. */
export function openAIUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
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
