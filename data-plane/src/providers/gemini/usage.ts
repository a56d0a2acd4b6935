import type { TokenUsage } from '../adapter-types';
import { isObject, openAIUsage, tokenCount, type JsonObject } from '../openai-shape';

/** Gemini's `usageMetadata` in both the gateway's and OpenAI's terms. */
export interface GeminiUsage {
  tokens: TokenUsage;
  /** The OpenAI `usage` object for the client. */
  openai: JsonObject;
}

/**
 * Reads `usageMetadata`; null when absent. The prompt includes cached content and tool-use
 * prompt tokens (both billed as input); completion tokens include thoughts, which Gemini
 * counts apart from `candidatesTokenCount` but bills as output, as OpenAI's
 * `reasoning_tokens` are part of `completion_tokens`.
 */
export function readUsageMetadata(metadata: unknown): GeminiUsage | null {
  if (!isObject(metadata)) return null;
  const prompt = tokenCount(metadata.promptTokenCount) + tokenCount(metadata.toolUsePromptTokenCount);
  const thoughts = tokenCount(metadata.thoughtsTokenCount);
  const completion = tokenCount(metadata.candidatesTokenCount) + thoughts;
  const cached = tokenCount(metadata.cachedContentTokenCount);
  const total =
    typeof metadata.totalTokenCount === 'number' ? tokenCount(metadata.totalTokenCount) : prompt + completion;
  const tokens = {
    promptTokens: prompt,
    completionTokens: completion,
    cachedTokens: cached,
    reasoningTokens: thoughts,
  };
  // Google's own total when it gives one (it may count more than prompt + completion).
  return { tokens, openai: { ...openAIUsage(tokens), total_tokens: total } };
}
