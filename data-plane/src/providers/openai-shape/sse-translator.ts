import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import type { StreamTranslator, TokenUsage } from '../adapter-types';

/**
 * The shared half of every SSE stream translator: bytes are decoded with a `StringDecoder`
 * (a character split across chunks waits for the rest) and fed to one incremental SSE
 * parser; subclasses turn each event into OpenAI chunks with `emit`. The first `fail`
 * wins and stops all further output; a stream that ends before the subclass saw its
 * terminal event is an error.
 */
export abstract class SseTranslator implements StreamTranslator {
  usage: TokenUsage | null = null;
  error: string | null = null;
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser: EventSourceParser;
  private out: Record<string, unknown>[] = [];

  constructor() {
    this.parser = createParser({ onEvent: (event) => this.error === null && this.onEvent(event) });
  }

  feed(bytes: Buffer): Record<string, unknown>[] {
    if (this.error === null) this.parser.feed(this.decoder.write(bytes));
    return this.take();
  }

  end(): Record<string, unknown>[] {
    if (this.error === null) {
      const rest = this.decoder.end();
      if (rest) this.parser.feed(rest);
      this.parser.reset({ consume: true });
    }
    if (this.error === null) {
      if (this.complete()) this.onEnd();
      else this.fail('the upstream stream ended before its final event');
    }
    return this.take();
  }

  /** Handles one SSE event (only called while there is no error). */
  protected abstract onEvent(event: EventSourceMessage): void;
  /** True once the provider's terminal event has been seen. */
  protected abstract complete(): boolean;
  /** Called by `end()` on a complete stream, for chunks held back until the end. */
  protected onEnd(): void {}

  protected emit(chunk: Record<string, unknown>): void {
    if (this.error === null) this.out.push(chunk);
  }

  protected fail(message: string): void {
    if (this.error === null) this.error = message;
  }

  private take(): Record<string, unknown>[] {
    if (this.out.length === 0) return [];
    const out = this.out;
    this.out = [];
    return out;
  }
}
