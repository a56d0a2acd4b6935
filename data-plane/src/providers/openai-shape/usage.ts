import type { TokenUsage } from '../adapter-types';

/** A non-negative whole token count, or 0 when `value` is not one. */
export function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

/** Builds a `TokenUsage`; cached and reasoning tokens default to 0. */
export function tokenUsage(
  prompt: unknown,
  completion: unknown,
  cached?: unknown,
  reasoning?: unknown,
): TokenUsage {
  return {
    promptTokens: tokenCount(prompt),
    completionTokens: tokenCount(completion),
    cachedTokens: tokenCount(cached),
    reasoningTokens: tokenCount(reasoning),
  };
}

type OpenAIUsage = {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  completion_tokens_details?: { reasoning_tokens?: unknown } | null;
};

/**
 * Reads an OpenAI `usage` object, including `prompt_tokens_details.cached_tokens` and
 * `completion_tokens_details.reasoning_tokens`; null when absent or carrying no counts.
 */
export function readOpenAIUsage(usage: unknown): TokenUsage | null {
  if (!usage || typeof usage !== 'object') return null;
  const u = usage as OpenAIUsage;
  if (u.prompt_tokens === undefined && u.completion_tokens === undefined) return null;
  return tokenUsage(
    u.prompt_tokens,
    u.completion_tokens,
    u.prompt_tokens_details?.cached_tokens,
    u.completion_tokens_details?.reasoning_tokens,
  );
}

/** The OpenAI `usage` object for a `TokenUsage` (for providers whose answers we rebuild). */
export function openAIUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}
