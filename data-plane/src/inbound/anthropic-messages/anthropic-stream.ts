import type { MappedError, TokenUsage } from '../../providers/adapter-types';
import type { ClientStreamEncoder } from '../client-format';
import { isObject } from '../checks';
import { deltaText, firstChoice } from '../openai-chunk';
import { readOpenAIUsage } from '../openai-usage';
import { sseEvent } from '../sse';
import { anthropicErrorType, anthropicUsage, messageId, stopReason } from './anthropic-response';

type Json = Record<string, unknown>;
type BlockKind = 'text' | 'thinking' | 'tool_use';

/**
 * OpenAI chunks → Anthropic Messages stream events: `message_start`, then for each content
 * block `content_block_start` / `content_block_delta`… / `content_block_stop`, then
 * `message_delta` (stop reason, output tokens) and `message_stop`. Only the first choice is
 * rendered. Blocks are sequential as Anthropic sends them: a new block closes the open one;
 * a late argument fragment for an earlier tool call (not seen from OpenAI-style upstreams)
 * is still sent as a delta at that tool's index.
 */
export class AnthropicStreamEncoder implements ClientStreamEncoder {
  private started = false;
  private finished = false;
  private id = '';
  private model: unknown = '';
  /** Index and kind of the open content block, if any. */
  private open: { index: number; kind: BlockKind } | null = null;
  private blocks = 0;
  /** Content block index of each OpenAI tool call index. */
  private readonly toolBlocks = new Map<number, number>();
  private stop: { stop_reason: string | null; stop_sequence: string | null } | null = null;
  private usage: (TokenUsage & { cost?: number }) | null = null;

  chunk(chunk: Json): string {
    let out = '';
    const usage = readOpenAIUsage(chunk.usage);
    if (usage) this.usage = usage;
    if (!this.started) out += this.start(chunk);
    if (this.finished) return out;
    const first = firstChoice(chunk);
    if (first) {
      const { choice, delta } = first;
      if (typeof delta.reasoning_content === 'string' && delta.reasoning_content.length > 0) {
        out += this.into('thinking', { type: 'thinking', thinking: '', signature: '' });
        out += this.delta(this.open!.index, { type: 'thinking_delta', thinking: delta.reasoning_content });
      }
      const text = deltaText(delta);
      if (text !== null) {
        out += this.into('text', { type: 'text', text: '' });
        out += this.delta(this.open!.index, { type: 'text_delta', text });
      }
      if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) out += this.toolCall(call);
      if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
        out += this.closeBlock();
        this.stop = stopReason(choice);
      }
    }
    // The usage chunk follows the finishing one: the message can end now.
    if (this.stop !== null && usage) out += this.finish();
    return out;
  }

  end(usage: TokenUsage | null): string {
    if (usage) this.usage = { ...this.usage, ...usage };
    let out = '';
    if (!this.started) out += this.start({});
    if (!this.finished) out += this.finish();
    return out;
  }

  error(error: MappedError): string {
    this.finished = true;
    return sseEvent('error', {
      type: 'error',
      error: { type: anthropicErrorType(error.status), message: error.message },
    });
  }

  private start(chunk: Json): string {
    this.started = true;
    this.id = messageId(chunk.id);
    this.model = chunk.model ?? '';
    const usage = anthropicUsage(this.usage);
    usage.output_tokens = 0;
    return sseEvent('message_start', {
      type: 'message_start',
      message: {
        id: this.id,
        type: 'message',
        role: 'assistant',
        model: this.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage,
      },
    });
  }

  private toolCall(call: unknown): string {
    if (!isObject(call)) return '';
    const fn = isObject(call.function) ? call.function : {};
    const callIndex = typeof call.index === 'number' ? call.index : 0;
    let out = '';
    let index = this.toolBlocks.get(callIndex);
    if (index === undefined) {
      out += this.closeBlock();
      out += this.openBlock('tool_use', {
        type: 'tool_use',
        id: typeof call.id === 'string' ? call.id : `toolu_${this.id}_${callIndex}`,
        name: typeof fn.name === 'string' ? fn.name : '',
        input: {},
      });
      index = this.open!.index;
      this.toolBlocks.set(callIndex, index);
    }
    if (typeof fn.arguments === 'string' && fn.arguments.length > 0) {
      out += this.delta(index, { type: 'input_json_delta', partial_json: fn.arguments });
    }
    return out;
  }

  /** Makes a block of `kind` the open one (closing another), returning the events to send. */
  private into(kind: 'text' | 'thinking', block: Json): string {
    if (this.open?.kind === kind) return '';
    return this.closeBlock() + this.openBlock(kind, block);
  }

  private openBlock(kind: BlockKind, block: Json): string {
    const index = this.blocks++;
    this.open = { index, kind };
    return sseEvent('content_block_start', { type: 'content_block_start', index, content_block: block });
  }

  private delta(index: number, delta: Json): string {
    return sseEvent('content_block_delta', { type: 'content_block_delta', index, delta });
  }

  private closeBlock(): string {
    if (this.open === null) return '';
    const index = this.open.index;
    this.open = null;
    return sseEvent('content_block_stop', { type: 'content_block_stop', index });
  }

  private finish(): string {
    this.finished = true;
    let out = this.closeBlock();
    const usage = anthropicUsage(this.usage);
    out += sseEvent('message_delta', {
      type: 'message_delta',
      delta: this.stop ?? { stop_reason: 'end_turn', stop_sequence: null },
      usage,
    });
    out += sseEvent('message_stop', { type: 'message_stop' });
    return out;
  }
}
