import type { EventSourceMessage } from 'eventsource-parser';
import { ChunkBuilder, isObject, SseTranslator, tryParseObject, type JsonObject } from '../openai-shape';
import { finishReason } from './finish-reason';
import { cohereUsage } from './usage';

// `delta.message` of an event, the part of it that changes.
function deltaMessage(event: JsonObject): JsonObject {
  const delta = isObject(event.delta) ? event.delta : {};
  return isObject(delta.message) ? delta.message : {};
}

/**
 * Cohere v2's chat stream (`message-start`, `content-delta`, `tool-plan-delta`,
 * `tool-call-start` / `-delta`, `message-end` with the finish reason and usage) as OpenAI
 * chunks. Tool plans stream as content, as in `cohereChatResponse`. The stream is complete
 * at `message-end`; a finish reason of `ERROR` sets `error`.
 */
export class CohereChatStream extends SseTranslator {
  private readonly chunks: ChunkBuilder;
  private ended = false;
  private toolCalls = 0;

  constructor(model: string) {
    super();
    this.chunks = new ChunkBuilder('', model);
  }

  protected onEvent(event: EventSourceMessage): void {
    if (this.ended) return;
    const data = tryParseObject(event.data);
    if (!data)
      return this.fail(`Cohere sent a stream event that is not a JSON object: ${event.data.slice(0, 200)}`);
    const type = typeof data.type === 'string' ? data.type : event.event;
    const message = deltaMessage(data);
    switch (type) {
      case 'message-start':
        if (typeof data.id === 'string') this.chunks.id = data.id;
        return this.emit(this.chunks.role());
      case 'content-delta': {
        const content = isObject(message.content) ? message.content : {};
        if (typeof content.text === 'string') this.emit(this.chunks.text(content.text));
        else if (typeof content.thinking === 'string') {
          this.emit(this.chunks.delta({ reasoning_content: content.thinking }));
        }
        return;
      }
      case 'tool-plan-delta':
        if (typeof message.tool_plan === 'string') this.emit(this.chunks.text(message.tool_plan));
        return;
      case 'tool-call-start': {
        const call = isObject(message.tool_calls) ? message.tool_calls : {};
        const fn = isObject(call.function) ? call.function : {};
        const index = this.toolCalls++;
        this.emit(this.chunks.toolCallStart(index, String(call.id ?? ''), String(fn.name ?? '')));
        if (typeof fn.arguments === 'string' && fn.arguments) {
          this.emit(this.chunks.toolCallArguments(index, fn.arguments));
        }
        return;
      }
      case 'tool-call-delta': {
        const call = isObject(message.tool_calls) ? message.tool_calls : {};
        const fn = isObject(call.function) ? call.function : {};
        if (typeof fn.arguments === 'string' && this.toolCalls > 0) {
          this.emit(this.chunks.toolCallArguments(this.toolCalls - 1, fn.arguments));
        }
        return;
      }
      case 'message-end': {
        this.ended = true;
        const delta = isObject(data.delta) ? data.delta : {};
        const finish = finishReason(delta.finish_reason);
        if (finish === null) {
          const why = isObject(delta.error) ? delta.error.message : delta.error;
          return this.fail(
            `Cohere ended the generation with ${String(delta.finish_reason)}${why ? `: ${String(why)}` : ''}`,
          );
        }
        this.emit(this.chunks.finish(finish));
        this.usage = cohereUsage(delta.usage);
        if (this.usage) this.emit(this.chunks.usage(this.usage));
        return;
      }
      default:
        return; // content-start, content-end, tool-call-end, citation events: nothing to say
    }
  }

  protected complete(): boolean {
    return this.ended;
  }
}
