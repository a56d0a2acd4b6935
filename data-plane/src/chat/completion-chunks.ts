/**
 * A finished `chat.completion` as the chunks a stream of it would have carried: the role
 * and content (and tool calls) of each choice, its finish reason, then the usage chunk.
 * Used when the answer was assembled whole (an ensemble) but the client asked for a stream.
 */
export function completionToChunks(completion: Record<string, unknown>): Record<string, unknown>[] {
  const base = {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
  };
  const chunks: Record<string, unknown>[] = [];
  const finishes: Record<string, unknown>[] = [];
  const choices = Array.isArray(completion.choices) ? (completion.choices as Record<string, unknown>[]) : [];
  for (const choice of choices) {
    const message = (choice.message ?? {}) as Record<string, unknown>;
    const delta: Record<string, unknown> = { role: 'assistant', content: message.content ?? null };
    if (Array.isArray(message.tool_calls)) {
      delta.tool_calls = (message.tool_calls as Record<string, unknown>[]).map((call, index) => ({
        index,
        ...call,
      }));
    }
    if (typeof message.refusal === 'string') delta.refusal = message.refusal;
    chunks.push({ ...base, choices: [{ index: choice.index ?? 0, delta, finish_reason: null }] });
    finishes.push({
      ...base,
      choices: [{ index: choice.index ?? 0, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }],
    });
  }
  chunks.push(...finishes);
  if (completion.usage) chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks;
}
