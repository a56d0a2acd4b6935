import type { ClientFormat, ClientStreamEncoder } from '../inbound/client-format';
import type { MappedError, TokenUsage } from '../providers/adapter-types';
import type { RequestContext } from '../http/request-context';
import type { ProviderTarget } from '../snapshot/compiled';
import type { StreamSink } from '../upstream/attempt';
import { readOpenAIUsage, tokenUsage } from '../providers/openai-shape';
import { usdFromMicros } from '../usage/pricing';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // Tells nginx-style proxies in front of the gateway not to buffer the stream.
  'x-accel-buffering': 'no',
};

function isUsageChunk(chunk: Record<string, unknown>): boolean {
  return Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage !== undefined;
}

function hasOutput(chunk: Record<string, unknown>): boolean {
  const choices = chunk.choices;
  if (!Array.isArray(choices)) return false;
  for (const c of choices) {
    const delta = (c as { delta?: Record<string, unknown> } | null)?.delta;
    if (delta && (delta.content || delta.tool_calls || delta.refusal || delta.reasoning_content)) return true;
  }
  return false;
}

function outputChars(chunk: Record<string, unknown>): number {
  let n = 0;
  for (const c of chunk.choices as { delta?: { content?: unknown; tool_calls?: unknown } }[]) {
    const delta = c?.delta;
    if (typeof delta?.content === 'string') n += delta.content.length;
    if (Array.isArray(delta?.tool_calls)) {
      for (const call of delta.tool_calls as { function?: { arguments?: unknown } }[]) {
        const args = call?.function?.arguments;
        if (typeof args === 'string') n += args.length;
      }
    }
  }
  return n;
}

/**
 * A streamed answer on its way to the client: commits the response (headers naming what
 * served it), encodes canonical chunks in the client's format, adds the cost to the usage
 * chunk, hides the usage chunk from OpenAI clients that did not ask for it, notes the
 * first token, and ends the stream cleanly or with an error event. For an OpenAI client,
 * chunks that come with their upstream text (a pass-through) are sent as that text.
 */
export class ClientStream implements StreamSink {
  private encoder: ClientStreamEncoder | null = null;
  private target: ProviderTarget | null = null;
  private readonly verbatim: boolean;
  /** Characters of generated output (to estimate tokens when the upstream reports no usage). */
  chars = 0;
  closed = false;

  constructor(
    private readonly ctx: RequestContext,
    private readonly format: ClientFormat,
    /** OpenAI clients see the usage chunk only when they asked for it (`stream_options.include_usage`). */
    private readonly passUsageChunk: boolean,
    /** Sets the response headers that say what served the request. */
    private readonly describe: (target: ProviderTarget) => void,
  ) {
    this.verbatim = format.openAIWire === true;
  }

  get opened(): boolean {
    return this.encoder !== null;
  }

  open(target: ProviderTarget): void {
    this.target = target;
    this.encoder = this.format.stream();
    this.describe(target);
    this.ctx.status = 200;
    this.ctx.res.writeHead(200, SSE_HEADERS);
  }

  write(chunks: Record<string, unknown>[], texts?: readonly (string | null)[]): boolean {
    let out = '';
    const verbatim = this.verbatim && texts !== undefined;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i];
      if (isUsageChunk(chunk)) {
        // Changed (its cost added): serialised again, whatever its text.
        this.addCost(chunk);
        if (!this.passUsageChunk) continue;
        if (Array.isArray(chunk.choices)) this.chars += outputChars(chunk);
        out += this.encoder!.chunk(chunk);
        continue;
      }
      if (this.ctx.ttftMs === 0 && hasOutput(chunk)) this.ctx.markFirstToken();
      if (Array.isArray(chunk.choices)) this.chars += outputChars(chunk);
      const text = verbatim ? texts[i] : null;
      out += text ? `data: ${text}\n\n` : this.encoder!.chunk(chunk);
    }
    if (out === '' || this.ctx.res.destroyed) return true;
    return this.ctx.res.write(out);
  }

  onDrain(resume: () => void): void {
    this.ctx.res.once('drain', resume);
  }

  close(usage: TokenUsage | null, error: MappedError | null): void {
    if (this.closed) return;
    this.closed = true;
    const res = this.ctx.res;
    if (res.destroyed || res.writableEnded) return;
    if (error) {
      this.ctx.errorCode = error.code;
      this.ctx.errorMessage = error.message.slice(0, 1000);
      res.end(this.encoder!.error(error));
    } else res.end(this.encoder!.end(usage));
  }

  private addCost(chunk: Record<string, unknown>): void {
    const usage = chunk.usage as Record<string, unknown> | null;
    if (!usage || typeof usage !== 'object' || !this.target) return;
    usage.cost = usdFromMicros(this.target.costOf(readOpenAIUsage(usage) ?? tokenUsage(0, 0)));
  }
}
