import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { StreamTranslator, TokenUsage } from '../adapter-types';
import { isObject, type JsonObject } from '../openai-shape';
import { blockedMessage, readCandidate } from './candidate';
import { completionId } from './chat-response';
import { toFinishReason } from './finish-reason';
import type { GeminiCandidate } from './gemini-wire';
import { readUsageMetadata } from './usage';

type Chunk = Record<string, unknown>;

interface ChoiceState {
  toolCalls: number;
  finished: boolean;
}

/**
 * Translates `:streamGenerateContent?alt=sse` (each `data:` event a whole
 * `GenerateContentResponse` holding the next piece of each candidate) into OpenAI chunks:
 * a role chunk per choice, a chunk per piece (text, reasoning, whole tool calls), a
 * `finish_reason` chunk when the candidate ends, and at the end a usage chunk
 * (`choices: []`) from the last event's cumulative `usageMetadata`. Bytes are decoded and
 * parsed incrementally; a stream that ends before every candidate finished, an error
 * event or data that is not JSON sets `error`.
 */
export class GeminiStreamTranslator implements StreamTranslator {
  usage: TokenUsage | null = null;
  error: string | null = null;
  private openaiUsage: JsonObject | null = null;
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser: EventSourceParser;
  private readonly choices = new Map<number, ChoiceState>();
  private out: Chunk[] = [];
  private id = '';
  private created = 0;
  private model: string;

  constructor(model: string) {
    this.model = model;
    this.parser = createParser({ onEvent: (event) => this.onData(event.data) });
  }

  feed(bytes: Buffer): Chunk[] {
    if (this.error === null) this.parser.feed(this.decoder.write(bytes));
    return this.take();
  }

  end(): Chunk[] {
    if (this.error === null) {
      const rest = this.decoder.end();
      if (rest) this.parser.feed(rest);
      this.parser.reset({ consume: true });
    }
    if (this.error === null) {
      const open = this.choices.size === 0 || [...this.choices.values()].some((c) => !c.finished);
      if (open) this.error = 'The Gemini stream ended before the answer was complete.';
      else if (this.openaiUsage) this.out.push(this.chunk([], this.openaiUsage));
    }
    return this.take();
  }

  private take(): Chunk[] {
    const out = this.out;
    if (out.length > 0) this.out = [];
    return out;
  }

  private chunk(choices: JsonObject[], usage?: JsonObject): Chunk {
    const chunk: Chunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices,
    };
    if (usage) chunk.usage = usage;
    return chunk;
  }

  private onData(data: string): void {
    if (this.error !== null) return;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      this.error = 'The Gemini stream sent data that is not JSON.';
      return;
    }
    // Vertex wraps some stream events in an array.
    if (Array.isArray(event) && event.length === 1) event = event[0];
    if (!isObject(event)) {
      this.error = 'The Gemini stream sent an event that is not an object.';
      return;
    }
    if (isObject(event.error)) {
      const message = event.error.message;
      this.error =
        typeof message === 'string' && message ? message : 'The Gemini stream sent an error event.';
      return;
    }
    if (this.id === '') {
      this.id = completionId(event.responseId);
      this.created = Math.floor(Date.now() / 1000);
      if (typeof event.modelVersion === 'string' && event.modelVersion) this.model = event.modelVersion;
    }
    const usage = readUsageMetadata(event.usageMetadata);
    if (usage) {
      this.usage = usage.tokens;
      this.openaiUsage = usage.openai;
    }
    const candidates = event.candidates;
    if (Array.isArray(candidates) && candidates.length > 0) {
      candidates.forEach((c, i) => {
        if (isObject(c)) this.onCandidate(c as GeminiCandidate, i);
      });
      return;
    }
    const blocked = blockedMessage(event.promptFeedback);
    if (blocked) {
      this.state(0);
      this.out.push(
        this.chunk([{ index: 0, delta: { refusal: blocked }, logprobs: null, finish_reason: null }]),
      );
      this.finish(0, 'content_filter');
    }
  }

  private state(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { toolCalls: 0, finished: false };
      this.choices.set(index, state);
      this.out.push(
        this.chunk([
          { index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
        ]),
      );
    }
    return state;
  }

  private onCandidate(candidate: GeminiCandidate, position: number): void {
    const index = typeof candidate.index === 'number' ? candidate.index : position;
    const state = this.state(index);
    if (state.finished) return;
    const { text, reasoning, toolCalls } = readCandidate(candidate);
    const delta: JsonObject = {};
    if (reasoning !== '') delta.reasoning_content = reasoning;
    if (text !== '') delta.content = text;
    if (toolCalls.length > 0) {
      delta.tool_calls = toolCalls.map((call) => ({ index: state.toolCalls++, ...call }));
    }
    if (Object.keys(delta).length > 0) {
      this.out.push(this.chunk([{ index, delta, logprobs: null, finish_reason: null }]));
    }
    if (candidate.finishReason !== undefined)
      this.finish(index, toFinishReason(candidate.finishReason, state.toolCalls > 0));
  }

  private finish(index: number, reason: string): void {
    const state = this.state(index);
    state.finished = true;
    this.out.push(this.chunk([{ index, delta: {}, logprobs: null, finish_reason: reason }]));
  }
}
