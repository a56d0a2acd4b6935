import type { TokenUsage } from '../adapter-types';
import { isObject, type JsonObject } from './gemini-wire';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

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
  const prompt = count(metadata.promptTokenCount) + count(metadata.toolUsePromptTokenCount);
  const thoughts = count(metadata.thoughtsTokenCount);
  const completion = count(metadata.candidatesTokenCount) + thoughts;
  const cached = count(metadata.cachedContentTokenCount);
  const total =
    typeof metadata.totalTokenCount === 'number' ? count(metadata.totalTokenCount) : prompt + completion;
  return {
    tokens: {
      promptTokens: prompt,
      completionTokens: completion,
      cachedTokens: cached,
      reasoningTokens: thoughts,
    },
    openai: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: total,
      prompt_tokens_details: { cached_tokens: cached },
      completion_tokens_details: { reasoning_tokens: thoughts },
    },
  };
}
