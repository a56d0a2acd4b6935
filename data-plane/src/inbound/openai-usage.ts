import type { TokenUsage } from '../providers/adapter-types';
import { isObject } from './checks';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

/** Token counts (and the gateway's `cost`, when set) read from an OpenAI `usage` object; null when absent. */
export function readOpenAIUsage(usage: unknown): (TokenUsage & { cost?: number }) | null {
  if (!isObject(usage)) return null;
  const prompt = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const completion = isObject(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const read: TokenUsage & { cost?: number } = {
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    cachedTokens: count(prompt.cached_tokens),
    reasoningTokens: count(completion.reasoning_tokens),
  };
  if (typeof usage.cost === 'number') read.cost = usage.cost;
  return read;
}
