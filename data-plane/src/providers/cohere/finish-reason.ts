/** Cohere's finish reasons in OpenAI's words; `ERROR` has none (the generation failed). */
const FINISH: Record<string, string> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
  ERROR_TOXIC: 'content_filter',
  ERROR_LIMIT: 'length',
};

/** OpenAI's finish reason for Cohere's, or null for `ERROR` (and unknown reasons). */
export function finishReason(reason: unknown): string | null {
  return typeof reason === 'string' ? (FINISH[reason] ?? null) : null;
}
