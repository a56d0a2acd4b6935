import { isObject } from './checks';

type Json = Record<string, unknown>;

/**
 * The first choice (`index` 0) of an OpenAI chat completion chunk and its delta, which is all
 * the single-choice client formats render; null when the chunk has none (a usage chunk).
 */
export function firstChoice(chunk: Json): { choice: Json; delta: Json } | null {
  const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
  const choice = choices.find((c: unknown) => isObject(c) && (c.index ?? 0) === 0) as Json | undefined;
  if (!choice) return null;
  return { choice, delta: isObject(choice.delta) ? choice.delta : {} };
}

/** The text a delta adds: its content, else its refusal; null when it adds none. */
export function deltaText(delta: Json): string | null {
  if (typeof delta.content === 'string' && delta.content.length > 0) return delta.content;
  if (typeof delta.refusal === 'string' && delta.refusal.length > 0) return delta.refusal;
  return null;
}
