import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { readUsage, type ChatUsage } from './usage';

/**
 * Watches an OpenAI chat completions SSE stream on its way to the client: notes the first
 * token, counts text (for estimates when the upstream reports no usage) and takes the
 * usage from the final chunk.
 *
 * When the gateway itself asked for `include_usage` (the client did not), the usage-only
 * chunk (`choices: []`) is taken out so the client sees what OpenAI would have sent it; in
 * that mode complete events are re-framed as `data:` lines. Otherwise bytes pass through
 * untouched. Input is parsed incrementally: bytes are decoded with a `StringDecoder` (a
 * character split across chunks is kept for the next one) and fed to one SSE parser.
 */
export class ChatStreamRelay {
  usage: ChatUsage | null = null;
  /** Characters of generated text, tool call arguments and refusals seen so far. */
  outputChars = 0;
  /** True once an event carrying generated output has been seen. */
  sawToken = false;
  sawDone = false;
  /** The message of an `{"error":…}` event the upstream sent in the stream, if any. */
  upstreamError: string | null = null;
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser: EventSourceParser;
  private out = '';

  constructor(private readonly dropUsageChunk: boolean) {
    this.parser = createParser({
      onEvent: (event) => this.onEvent(event),
      onComment: dropUsageChunk ? (comment) => void (this.out += `: ${comment}\n\n`) : undefined,
    });
  }

  /** Feeds one chunk from upstream; returns what to send to the client now (may be empty). */
  feed(chunk: Buffer): Buffer | string {
    this.parser.feed(this.decoder.write(chunk));
    if (!this.dropUsageChunk) return chunk;
    const out = this.out;
    this.out = '';
    return out;
  }

  /** Call when the upstream stream has ended; returns anything still to send. */
  end(): string {
    const rest = this.decoder.end();
    if (rest) this.parser.feed(rest);
    this.parser.reset({ consume: true });
    const out = this.out;
    this.out = '';
    return this.dropUsageChunk ? out : '';
  }

  private onEvent(event: EventSourceMessage): void {
    const data = event.data;
    if (data === '[DONE]') {
      this.sawDone = true;
      this.forward(event);
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.forward(event);
      return;
    }
    if (chunk === null || typeof chunk !== 'object') {
      this.forward(event);
      return;
    }
    const fields = chunk as { choices?: unknown; usage?: unknown; error?: { message?: unknown } };
    if (fields.error && typeof fields.error === 'object') {
      this.upstreamError = typeof fields.error.message === 'string' ? fields.error.message : 'upstream error';
    }
    const usage = readUsage(fields.usage);
    if (usage) this.usage = usage;
    const choices = fields.choices;
    if (Array.isArray(choices) && choices.length > 0) {
      for (const choice of choices) this.countDelta((choice as { delta?: unknown } | null)?.delta);
    } else if (usage && this.dropUsageChunk) {
      return; // the usage-only chunk the client did not ask for
    }
    this.forward(event);
  }

  private countDelta(delta: unknown): void {
    if (!delta || typeof delta !== 'object') return;
    const d = delta as {
      content?: unknown;
      refusal?: unknown;
      reasoning_content?: unknown;
      tool_calls?: unknown;
    };
    let chars = 0;
    if (typeof d.content === 'string') chars += d.content.length;
    if (typeof d.refusal === 'string') chars += d.refusal.length;
    if (typeof d.reasoning_content === 'string') chars += d.reasoning_content.length;
    let toolCall = false;
    if (Array.isArray(d.tool_calls)) {
      for (const call of d.tool_calls) {
        toolCall = true;
        const args = (call as { function?: { arguments?: unknown } } | null)?.function?.arguments;
        if (typeof args === 'string') chars += args.length;
      }
    }
    if (chars > 0 || toolCall) this.sawToken = true;
    this.outputChars += chars;
  }

  private forward(event: EventSourceMessage): void {
    if (!this.dropUsageChunk) return;
    let frame = '';
    if (event.event) frame += `event: ${event.event}\n`;
    if (event.id) frame += `id: ${event.id}\n`;
    const data = event.data;
    frame += data.includes('\n') ? `data: ${data.split('\n').join('\ndata: ')}\n\n` : `data: ${data}\n\n`;
    this.out += frame;
  }
}
