import type { TokenUsage } from '../adapter-types';
import { isObject, tokenCount } from '../openai-shape';

/**
 * Converse `usage`. Bedrock counts cache reads and writes apart from `inputTokens`;
 * OpenAI's prompt tokens include them, so they are added back, and the reads become
 * `cachedTokens`.
 */
export function converseUsage(usage: unknown): TokenUsage | null {
  if (!isObject(usage)) return null;
  const cacheRead = tokenCount(usage.cacheReadInputTokens);
  const cacheWrite = tokenCount(usage.cacheWriteInputTokens);
  return {
    promptTokens: tokenCount(usage.inputTokens) + cacheRead + cacheWrite,
    completionTokens: tokenCount(usage.outputTokens),
    cachedTokens: cacheRead,
    reasoningTokens: 0,
  };
}
