import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import type { StreamTranslator, TokenUsage } from '../adapter-types';
import { openAIUsage } from '../openai-shape';
import { finishReason, readUsage } from './usage';
import type { AnthropicUsage } from './wire-types';

/** A content block opened by `content_block_start`: what its deltas become. */
type Block =
  | { kind: 'text' }
  | { kind: 'thinking' }
  | { kind: 'tool'; toolIndex: number }
  | { kind: 'other' };

type Event = {
  type?: unknown;
  index?: unknown;
  message?: { id?: unknown; model?: unknown; usage?: unknown };
  content_block?: { type?: unknown; text?: unknown; thinking?: unknown; id?: unknown; name?: unknown };
  delta?: {
    type?: unknown;
    text?: unknown;
    partial_json?: unknown;
    thinking?: unknown;
    stop_reason?: unknown;
  };
  usage?: unknown;
  error?: { type?: unknown; message?: unknown };
};

/**
 * Anthropic's Messages stream (SSE: `message_start`, then per content block
 * `content_block_start` / `content_block_delta`… / `content_block_stop`, then `message_delta`
 * with the stop reason and cumulative usage, then `message_stop`; `ping` anywhere) as OpenAI
 * `chat.completion.chunk` objects: a role chunk, text / tool call / reasoning deltas (tool
 * calls numbered in order of their `tool_use` blocks, id and name in their first delta), then
 * at `message_stop` a chunk with the finish reason and a usage chunk (`choices: []`).
 *
 * Bytes go through a `StringDecoder` (characters split across chunks wait for the rest) into
 * one incremental SSE parser. An `error` event, data that is not a JSON event, a delta for a
 * block never started, output before `message_start`, or an end before `message_stop` set
 * `error`, after which input is ignored. Event types it does not know are skipped: Anthropic's
 * versioning policy says new ones may appear and clients should let them pass. Delta types it
 * does not know (`signature_delta`, `citations_delta`, …) are skipped for the same reason.
 */
export class AnthropicStreamTranslator implements StreamTranslator {
  usage: TokenUsage | null = null;
  error: string | null = null;
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser: EventSourceParser;
  private out: Record<string, unknown>[] = [];
  private id = '';
  private created = 0;
  private started = false;
  private stopped = false;
  private readonly blocks: (Block | undefined)[] = [];
  private tools = 0;
  private stopReason: unknown = null;
  private rawUsage: AnthropicUsage = {};

  constructor(private model: string) {
    this.parser = createParser({ onEvent: (event) => this.onEvent(event) });
  }

  feed(bytes: Buffer): Record<string, unknown>[] {
    if (this.error !== null || this.stopped) return [];
    this.parser.feed(this.decoder.write(bytes));
    return this.take();
  }

  end(): Record<string, unknown>[] {
    if (this.error === null && !this.stopped) {
      // A last event without its closing blank line still counts (the SSE spec would drop
      // it); one cut inside its data line fails as invalid JSON.
      this.parser.feed(`${this.decoder.end()}\n\n`);
    }
    if (this.error === null && !this.stopped) this.error = 'The upstream stream ended before message_stop.';
    return this.take();
  }

  private take(): Record<string, unknown>[] {
    const out = this.out;
    if (out.length > 0) this.out = [];
    return out;
  }

  private fail(message: string): void {
    if (this.error === null) this.error = message;
  }

  private onEvent(message: EventSourceMessage): void {
    if (this.error !== null || this.stopped) return;
    let event: Event;
    try {
      event = JSON.parse(message.data) as Event;
    } catch {
      return this.fail(`The upstream sent invalid JSON in a "${message.event ?? 'message'}" event.`);
    }
    if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
      return this.fail('The upstream sent an event without a type.');
    }
    switch (event.type) {
      case 'message_start':
        return this.onMessageStart(event);
      case 'content_block_start':
        return this.onBlockStart(event);
      case 'content_block_delta':
        return this.onBlockDelta(event);
      case 'message_delta':
        return this.onMessageDelta(event);
      case 'message_stop':
        return this.onMessageStop();
      case 'error': {
        const type = typeof event.error?.type === 'string' ? event.error.type : 'error';
        const text = typeof event.error?.message === 'string' ? event.error.message : 'no message';
        return this.fail(`The upstream stream failed (${type}): ${text}`);
      }
      default:
        return; // ping, content_block_stop, and event types added after this was written
    }
  }

  private onMessageStart(event: Event): void {
    const message = event.message;
    if (this.started || !message || typeof message !== 'object') {
      return this.fail('The upstream sent a malformed or repeated message_start event.');
    }
    this.started = true;
    this.id = typeof message.id === 'string' ? message.id : '';
    if (typeof message.model === 'string' && message.model !== '') this.model = message.model;
    this.created = Math.floor(Date.now() / 1000);
    this.mergeUsage(message.usage);
    this.chunk({ role: 'assistant', content: '' });
  }

  private onBlockStart(event: Event): void {
    const block = event.content_block;
    if (!this.started || typeof event.index !== 'number' || !block || typeof block !== 'object') {
      return this.fail('The upstream sent a malformed content_block_start event.');
    }
    switch (block.type) {
      case 'text':
        this.blocks[event.index] = { kind: 'text' };
        if (typeof block.text === 'string' && block.text !== '') this.chunk({ content: block.text });
        return;
      case 'thinking':
        this.blocks[event.index] = { kind: 'thinking' };
        if (typeof block.thinking === 'string' && block.thinking !== '') {
          this.chunk({ reasoning_content: block.thinking });
        }
        return;
      case 'tool_use': {
        if (typeof block.id !== 'string' || typeof block.name !== 'string') {
          return this.fail('The upstream sent a tool_use block without id or name.');
        }
        const toolIndex = this.tools++;
        this.blocks[event.index] = { kind: 'tool', toolIndex };
        const call = {
          index: toolIndex,
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: '' },
        };
        this.chunk({ tool_calls: [call] });
        return;
      }
      default:
        this.blocks[event.index] = { kind: 'other' }; // redacted thinking, server tool blocks
    }
  }

  private onBlockDelta(event: Event): void {
    const block = typeof event.index === 'number' ? this.blocks[event.index] : undefined;
    const delta = event.delta;
    if (!block || !delta || typeof delta !== 'object') {
      return this.fail('The upstream sent a content_block_delta for a block it never started.');
    }
    if (delta.type === 'text_delta' && block.kind === 'text') {
      if (typeof delta.text !== 'string') return this.fail('The upstream sent a text_delta without text.');
      if (delta.text !== '') this.chunk({ content: delta.text });
    } else if (delta.type === 'input_json_delta' && block.kind === 'tool') {
      if (typeof delta.partial_json !== 'string')
        return this.fail('The upstream sent an input_json_delta without JSON.');
      if (delta.partial_json !== '') {
        this.chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }] });
      }
    } else if (delta.type === 'thinking_delta' && block.kind === 'thinking') {
      if (typeof delta.thinking === 'string' && delta.thinking !== '')
        this.chunk({ reasoning_content: delta.thinking });
    }
  }

  private onMessageDelta(event: Event): void {
    if (!this.started) return this.fail('The upstream sent message_delta before message_start.');
    if (event.delta && typeof event.delta === 'object' && event.delta.stop_reason != null) {
      this.stopReason = event.delta.stop_reason;
    }
    this.mergeUsage(event.usage);
    this.usage = readUsage(this.rawUsage);
  }

  private onMessageStop(): void {
    if (!this.started) return this.fail('The upstream sent message_stop before message_start.');
    this.stopped = true;
    this.chunk({}, finishReason(this.stopReason));
    const usage = this.usage ?? readUsage(this.rawUsage);
    this.usage = usage;
    if (usage) {
      const base = { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
      this.out.push({ ...base, choices: [], usage: openAIUsage(usage) });
    }
  }

  /** `message_delta` usage is cumulative; fields it leaves null keep their `message_start` values. */
  private mergeUsage(usage: unknown): void {
    if (!usage || typeof usage !== 'object') return;
    const raw = this.rawUsage as Record<string, unknown>;
    for (const [key, value] of Object.entries(usage as Record<string, unknown>)) {
      if (value !== null && value !== undefined) raw[key] = value;
    }
  }

  private chunk(delta: Record<string, unknown>, finish: string | null = null): void {
    this.out.push({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  }
}
