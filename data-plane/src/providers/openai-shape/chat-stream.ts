import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamTranslator } from '../adapter-types';
import { isObject, tryParseObject } from './json';
import { SseTranslator } from './sse-translator';
import { readOpenAIUsage } from './usage';

function errorMessage(error: unknown): string {
  if (isObject(error) && typeof error.message === 'string') return error.message;
  if (typeof error === 'string') return error;
  return 'the upstream sent an error event';
}

/**
 * An OpenAI chat completions stream (`data: <chunk>` events, `data: [DONE]` last): chunks
 * pass on as they are, the usage chunk (`choices: []`, sent because `chatBody` asks for
 * `include_usage`) included, its usage kept. An `{"error":…}` event (or `event: error`),
 * data that is not a JSON object, or an end before `[DONE]` sets `error`.
 */
export class OpenAIChatStream extends SseTranslator {
  private done = false;

  constructor(private readonly model: string) {
    super();
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
    if (typeof chunk.model !== 'string' || chunk.model === '') chunk.model = this.model;
    this.emit(chunk);
  }

  protected complete(): boolean {
    return this.done;
  }
}

/** A translator for an OpenAI-shaped chat stream. */
export function chatStream(model: string): StreamTranslator {
  return new OpenAIChatStream(model);
}
