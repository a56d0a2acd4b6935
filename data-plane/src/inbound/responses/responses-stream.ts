import type { MappedError, TokenUsage } from '../../providers/adapter-types';
import type { ClientStreamEncoder } from '../client-format';
import { isObject } from '../checks';
import { deltaText, firstChoice } from '../openai-chunk';
import { readOpenAIUsage } from '../openai-usage';
import { sseEvent } from '../sse';
import {
  functionCallItem,
  messageItem,
  responseId,
  responseObject,
  responseStatus,
  responsesUsage,
} from './responses-response';

type Json = Record<string, unknown>;

interface OpenItem {
  outputIndex: number;
  id: string;
  kind: 'message' | 'function_call';
  text: string;
  callId: string;
  name: string;
}

/**
 * OpenAI chunks → Responses streaming events, each with its `sequence_number`:
 * `response.created`, `response.in_progress`, then per output item `output_item.added`,
 * (`content_part.added`, `output_text.delta`…, `output_text.done`, `content_part.done`) or
 * (`function_call_arguments.delta`…, `function_call_arguments.done`), `output_item.done`,
 * and finally `response.completed` (or `response.incomplete` when cut by the token limit).
 * Only the first choice is rendered; reasoning deltas are not.
 */
export class ResponsesStreamEncoder implements ClientStreamEncoder {
  private sequence = 0;
  private started = false;
  private finished = false;
  private id = '';
  private createdAt = 0;
  private model: unknown = '';
  private readonly done: Json[] = [];
  private open: OpenItem | null = null;
  private readonly calls = new Map<number, OpenItem>();
  private finish: unknown = null;
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
      const text = deltaText(delta);
      if (text !== null) out += this.text(text);
      if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) out += this.toolCall(call);
      if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
        this.finish = choice.finish_reason;
        out += this.closeItem();
      }
    }
    if (this.finish !== null && usage) out += this.complete();
    return out;
  }

  end(usage: TokenUsage | null): string {
    if (usage) this.usage = { ...this.usage, ...usage };
    let out = '';
    if (!this.started) out += this.start({});
    if (!this.finished) out += this.closeItem() + this.complete();
    return out;
  }

  /**
   * `response.failed` (the terminal lifecycle event), then an `error` event. The official
   * SDKs raise only on an event whose data has an `error` key; without it `finalResponse()`
   * resolves with the half-built response as if nothing went wrong. So the `error` event
   * carries its documented fields (`code`, `message`, `param`) and the error object too.
   */
  error(error: MappedError): string {
    let out = '';
    if (!this.started) out += this.start({});
    this.finished = true;
    out += this.event('response.failed', {
      response: this.snapshot('failed', null, { code: error.code, message: error.message }),
    });
    return (
      out +
      this.event('error', {
        code: error.code,
        message: error.message,
        param: null,
        error: { type: error.type, code: error.code, message: error.message, param: null },
      })
    );
  }

  private event(type: string, fields: Json): string {
    return sseEvent(type, { type, sequence_number: this.sequence++, ...fields });
  }

  private snapshot(status: string, incompleteDetails: Json | null = null, error: Json | null = null): Json {
    return responseObject({
      id: this.id,
      createdAt: this.createdAt,
      model: this.model,
      status,
      output: this.done,
      usage: status === 'in_progress' ? null : responsesUsage(this.usage),
      incompleteDetails,
      error,
    });
  }

  private start(chunk: Json): string {
    this.started = true;
    this.id = responseId(chunk.id);
    this.createdAt = typeof chunk.created === 'number' ? chunk.created : Math.floor(Date.now() / 1000);
    this.model = chunk.model ?? '';
    const response = this.snapshot('in_progress');
    response.output = [];
    return this.event('response.created', { response }) + this.event('response.in_progress', { response });
  }

  private openItem(kind: OpenItem['kind'], id: string, callId = '', name = ''): string {
    const item: OpenItem = { outputIndex: this.done.length, id, kind, text: '', callId, name };
    this.open = item;
    if (kind === 'message') {
      const added = messageItem(id, '', 'in_progress');
      added.content = [];
      return (
        this.event('response.output_item.added', { output_index: item.outputIndex, item: added }) +
        this.event('response.content_part.added', {
          item_id: id,
          output_index: item.outputIndex,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [] },
        })
      );
    }
    return this.event('response.output_item.added', {
      output_index: item.outputIndex,
      item: functionCallItem(id, callId, name, '', 'in_progress'),
    });
  }

  private text(text: string): string {
    let out = '';
    if (this.open?.kind !== 'message') {
      out += this.closeItem();
      out += this.openItem('message', `msg_${this.id.slice('resp_'.length)}_${this.done.length}`);
    }
    const item = this.open!;
    item.text += text;
    return (
      out +
      this.event('response.output_text.delta', {
        item_id: item.id,
        output_index: item.outputIndex,
        content_index: 0,
        delta: text,
        logprobs: [],
      })
    );
  }

  private toolCall(call: unknown): string {
    if (!isObject(call)) return '';
    const fn = isObject(call.function) ? call.function : {};
    const index = typeof call.index === 'number' ? call.index : 0;
    let out = '';
    let item = this.calls.get(index);
    if (item === undefined) {
      out += this.closeItem();
      const suffix = this.id.slice('resp_'.length);
      out += this.openItem(
        'function_call',
        `fc_${suffix}_${this.done.length}`,
        typeof call.id === 'string' ? call.id : `call_${suffix}_${index}`,
        typeof fn.name === 'string' ? fn.name : '',
      );
      item = this.open!;
      this.calls.set(index, item);
    }
    if (typeof fn.arguments === 'string' && fn.arguments.length > 0) {
      // A late fragment for a call already closed (not seen from OpenAI-style upstreams) is
      // still counted in the final arguments, which the done events and the response carry.
      item.text += fn.arguments;
      if (item === this.open) {
        out += this.event('response.function_call_arguments.delta', {
          item_id: item.id,
          output_index: item.outputIndex,
          delta: fn.arguments,
        });
      }
    }
    return out;
  }

  private closeItem(): string {
    const item = this.open;
    if (item === null) return '';
    this.open = null;
    let out = '';
    let done: Json;
    if (item.kind === 'message') {
      const part = { type: 'output_text', text: item.text, annotations: [] };
      const at = { item_id: item.id, output_index: item.outputIndex, content_index: 0 };
      out += this.event('response.output_text.done', { ...at, text: item.text, logprobs: [] });
      out += this.event('response.content_part.done', { ...at, part });
      done = messageItem(item.id, item.text, 'completed');
    } else {
      out += this.event('response.function_call_arguments.done', {
        item_id: item.id,
        output_index: item.outputIndex,
        name: item.name,
        arguments: item.text,
      });
      done = functionCallItem(item.id, item.callId, item.name, item.text, 'completed');
    }
    this.done.push(done);
    return out + this.event('response.output_item.done', { output_index: item.outputIndex, item: done });
  }

  private complete(): string {
    this.finished = true;
    const { status, incomplete_details } = responseStatus(this.finish);
    const response = this.snapshot(status, incomplete_details);
    // Late fragments of closed calls: the final item carries the whole arguments.
    for (const call of this.calls.values()) {
      const item = this.done[call.outputIndex];
      if (item) item.arguments = call.text;
    }
    return this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
  }
}
