import type { TokenUsage } from '../providers/adapter-types';

// Used only when an upstream reports no usage: roughly four characters per token, the
// usual rule of thumb for English text with OpenAI tokenizers. Records say it was estimated.
const CHARS_PER_TOKEN = 4;

/** Estimated tokens for a number of characters of text. */
export function tokensForChars(chars: number): number {
  return chars > 0 ? Math.ceil(chars / CHARS_PER_TOKEN) : 0;
}

/** Characters of text in a message `content`: a string, or an array of parts with `text`. */
export function contentChars(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  let chars = 0;
  for (const part of content) {
    if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
      chars += (part as { text: string }).text.length;
    }
  }
  return chars;
}

/** Estimated prompt tokens of a `messages` array (text only; images and tools are not counted). */
export function estimateInputTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let chars = 0;
  for (const m of messages)
    if (m && typeof m === 'object') chars += contentChars((m as { content?: unknown }).content);
  return tokensForChars(chars);
}

/** Characters of a whole answer's output: every choice's text and tool calls' arguments, as a stream's are counted. */
export function answerChars(completion: Record<string, unknown>): number {
  const choices = completion.choices;
  if (!Array.isArray(choices)) return 0;
  let chars = 0;
  for (const choice of choices) {
    const message = (choice as { message?: { content?: unknown; tool_calls?: unknown } } | null)?.message;
    if (!message) continue;
    chars += contentChars(message.content);
    if (!Array.isArray(message.tool_calls)) continue;
    for (const call of message.tool_calls as ({ function?: { arguments?: unknown } } | null)[]) {
      const args = call?.function?.arguments;
      if (typeof args === 'string') chars += args.length;
    }
  }
  return chars;
}

/**
 * Usage for an answer whose upstream reported none: the request's messages and the answer's
 * characters of text, estimated (and priced as reported usage would be).
 */
export function estimateUsage(messages: unknown, outputChars: number): TokenUsage {
  return {
    promptTokens: estimateInputTokens(messages),
    completionTokens: tokensForChars(outputChars),
    cachedTokens: 0,
    reasoningTokens: 0,
  };
}
