const CONTENT_FILTER = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

/**
 * A Gemini `finishReason` → OpenAI `finish_reason`: a candidate that called a function
 * ends with `tool_calls` (Gemini says `STOP`), `MAX_TOKENS` → `length`, safety and
 * recitation blocks → `content_filter`, anything else → `stop`.
 */
export function toFinishReason(reason: string | undefined, calledFunction: boolean): string {
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && CONTENT_FILTER.has(reason)) return 'content_filter';
  return calledFunction ? 'tool_calls' : 'stop';
}
