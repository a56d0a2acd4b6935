import type { StreamTranslator, TokenUsage } from '../adapter-types';
import { ChunkBuilder, isObject, tryParseObject, type JsonObject } from '../openai-shape';
import { completionId } from './converse-response';
import { EventStreamFrames, type StreamMessage } from './event-stream';
import { finishReason } from './stop-reason';
import { converseUsage } from './usage';

/**
 * ConverseStream's binary event stream as OpenAI chunks: `messageStart` → the role chunk,
 * `contentBlockStart` (toolUse) → a tool call's id and name, `contentBlockDelta` → text,
 * tool input or reasoning, `messageStop` → the finish reason, `metadata` → the usage
 * chunk. Exception messages (`throttlingException`, `modelStreamErrorException`, …) and
 * frames that do not decode set `error`; the stream is complete once `messageStop` came.
 */
export class ConverseStream implements StreamTranslator {
  usage: TokenUsage | null = null;
  error: string | null = null;
  private readonly frames = new EventStreamFrames();
  private readonly chunks: ChunkBuilder;
  /** contentBlockIndex → OpenAI tool call index. */
  private readonly toolIndex = new Map<number, number>();
  private stopped = false;
  private out: Record<string, unknown>[] = [];

  constructor(model: string) {
    this.chunks = new ChunkBuilder(completionId(), model);
  }

  feed(bytes: Buffer): Record<string, unknown>[] {
    if (this.error !== null) return [];
    try {
      for (const message of this.frames.push(bytes)) {
        this.onMessage(message);
        if (this.error !== null) break;
      }
    } catch (err) {
      this.fail(`Bedrock sent an unreadable event stream: ${(err as Error).message}`);
    }
    return this.take();
  }

  end(): Record<string, unknown>[] {
    if (!this.stopped) this.fail('the Bedrock stream ended before messageStop');
    return this.take();
  }

  private onMessage(message: StreamMessage): void {
    const kind = message.headers[':message-type'];
    if (kind === 'exception') {
      const body = tryParseObject(message.body);
      const type = message.headers[':exception-type'] ?? 'exception';
      return this.fail(
        `${type}: ${typeof body?.message === 'string' ? body.message : message.body.slice(0, 300)}`,
      );
    }
    if (kind === 'error') {
      return this.fail(
        `${message.headers[':error-code'] ?? 'error'}: ${message.headers[':error-message'] ?? ''}`,
      );
    }
    const event = tryParseObject(message.body);
    if (!event) return this.fail('Bedrock sent an event whose payload is not a JSON object');
    this.onEvent(message.headers[':event-type'], event);
  }

  private onEvent(type: string | undefined, event: JsonObject): void {
    const block = typeof event.contentBlockIndex === 'number' ? event.contentBlockIndex : 0;
    switch (type) {
      case 'messageStart':
        return this.emit(this.chunks.role());
      case 'contentBlockStart': {
        const start = isObject(event.start) ? event.start : {};
        if (!isObject(start.toolUse)) return;
        const index = this.toolIndex.size;
        this.toolIndex.set(block, index);
        return this.emit(
          this.chunks.toolCallStart(
            index,
            String(start.toolUse.toolUseId ?? ''),
            String(start.toolUse.name ?? ''),
          ),
        );
      }
      case 'contentBlockDelta': {
        const delta = isObject(event.delta) ? event.delta : {};
        if (typeof delta.text === 'string') return this.emit(this.chunks.text(delta.text));
        if (isObject(delta.toolUse) && typeof delta.toolUse.input === 'string') {
          const index = this.toolIndex.get(block);
          if (index === undefined)
            return this.fail('Bedrock sent tool input for a block that is not a tool call');
          return this.emit(this.chunks.toolCallArguments(index, delta.toolUse.input));
        }
        if (isObject(delta.reasoningContent) && typeof delta.reasoningContent.text === 'string') {
          return this.emit(this.chunks.delta({ reasoning_content: delta.reasoningContent.text }));
        }
        return;
      }
      case 'messageStop':
        this.stopped = true;
        return this.emit(this.chunks.finish(finishReason(event.stopReason)));
      case 'metadata': {
        this.usage = converseUsage(event.usage);
        if (this.usage) this.emit(this.chunks.usage(this.usage));
        return;
      }
      default:
        return; // contentBlockStop and events added later
    }
  }

  private emit(chunk: Record<string, unknown>): void {
    this.out.push(chunk);
  }

  private fail(message: string): void {
    if (this.error === null) this.error = message;
  }

  // Chunks decoded before an error are still valid output, so they are returned too.
  private take(): Record<string, unknown>[] {
    if (this.out.length === 0) return [];
    const out = this.out;
    this.out = [];
    return out;
  }
}
