import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamTranslator } from '../adapter-types';
import { isObject, tryParseObject } from './json';
import { SseTranslator } from './sse-translator';
import { readOpenAIUsage } from './usage';

const NEWLINE = /[\r\n]/;

function errorMessage(error: unknown): string {
  if (isObject(error) && typeof error.message === 'string') return error.message;
  if (typeof error === 'string') return error;
  return 'the upstream sent an error event';
}

/**
 * An OpenAI chat completions stream (`data: <chunk>` events, `data: [DONE]` last): chunks
 * pass on as they are, the usage chunk (`choices: []`, sent because `chatBody` asks for
 * `include_usage`) included, its usage kept. An `{"error":…}` event (or `event: error`),
 * data that is not a JSON object, or an end before `[DONE]` sets `error`. Made `verbatim`,
 * it also keeps each chunk's text (`texts`), so a pass-through can send it as it came.
 */
export class OpenAIChatStream extends SseTranslator {
  private done = false;
  readonly texts: (string | null)[] | null;

  constructor(
    private readonly model: string,
    verbatim = false,
  ) {
    super();
    this.texts = verbatim ? [] : null;
  }

  override feed(bytes: Buffer): Record<string, unknown>[] {
    if (this.texts) this.texts.length = 0;
    return super.feed(bytes);
  }

  override end(): Record<string, unknown>[] {
    if (this.texts) this.texts.length = 0;
    return super.end();
  }

  protected onEvent(event: EventSourceMessage): void {
    if (this.done) return;
    const data = event.data;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    const chunk = tryParseObject(data);
    if (!chunk)
      return this.fail(`the upstream sent a stream event that is not a JSON object: ${data.slice(0, 200)}`);
    if (chunk.error !== undefined && chunk.error !== null) return this.fail(errorMessage(chunk.error));
    if (event.event === 'error') return this.fail(errorMessage(chunk));
    const usage = readOpenAIUsage(chunk.usage);
    if (usage) this.usage = usage;
    const filled = typeof chunk.model !== 'string' || chunk.model === '';
    if (filled) chunk.model = this.model;
    // An SSE data line cannot hold a line break: such a text (pretty-printed JSON) is re-serialised.
    if (this.texts) this.texts.push(filled || NEWLINE.test(data) ? null : data);
    this.emit(chunk);
  }

  protected complete(): boolean {
    return this.done;
  }
}

/** A translator for an OpenAI-shaped chat stream. */
export function chatStream(model: string, verbatim = false): StreamTranslator {
  return new OpenAIChatStream(model, verbatim);
}
