/** One SSE frame carrying `value` as JSON on a `data:` line (JSON has no raw newlines). */
export function sseData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** One named SSE frame (`event:` then `data:`), as Anthropic and the Responses API send them. */
export function sseEvent(name: string, value: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;
}
