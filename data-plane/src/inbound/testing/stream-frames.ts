type Json = Record<string, unknown>;

/** OpenAI chat completion chunks for encoder tests: `head` (id, created, model) and a chunk maker. */
export function chatChunks(id: string): {
  head: Json;
  chunk: (delta: Json, finish?: string | null) => Json;
} {
  const head = { id, object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o' };
  const chunk = (delta: Json, finish: string | null = null) => ({
    ...head,
    choices: [{ index: 0, delta, finish_reason: finish }],
    usage: null,
  });
  return { head, chunk };
}

/** The `event:` name and parsed `data:` of each frame of an encoder's SSE output. */
export function sseEvents(text: string): { event: string; data: Json }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.length > 0)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      return {
        event: eventLine.slice('event: '.length),
        data: JSON.parse(dataLine.slice('data: '.length)) as Json,
      };
    });
}
