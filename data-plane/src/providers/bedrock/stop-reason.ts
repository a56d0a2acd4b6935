const FINISH: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
};

/** OpenAI's finish reason for a Converse `stopReason` (`stop` for ones not known here). */
export function finishReason(stopReason: unknown): string {
  return (typeof stopReason === 'string' && FINISH[stopReason]) || 'stop';
}
