import type { TokenUsage } from '../adapter-types';
import { isObject, tokenUsage } from '../openai-shape';

/** Cohere's `usage`: `tokens` (what the model processed), else `billed_units`. */
export function cohereUsage(usage: unknown): TokenUsage | null {
  if (!isObject(usage)) return null;
  const counts = isObject(usage.tokens)
    ? usage.tokens
    : isObject(usage.billed_units)
      ? usage.billed_units
      : null;
  if (!counts) return null;
  const cached = typeof usage.cached_tokens === 'number' ? usage.cached_tokens : 0;
  return tokenUsage(counts.input_tokens, counts.output_tokens, cached);
}
