import type { TokenUsage } from '../providers/adapter-types';
import type { StreamSink } from '../upstream/attempt';

interface AssembledChoice {
  index: number;
  content: string;
  sawContent: boolean;
  refusal: string | null;
  toolCalls: { id?: unknown; type?: unknown; name: string; arguments: string }[];
  finishReason: unknown;
}

/**
 * Passes a stream's canonical chunks through to the client's sink while assembling them
 * into the `chat.completion` they add up to (text, tool calls, refusal, finish reasons and
 * the usage chunk), so a streamed answer can be cached and replayed later either way.
 */
export class ChunkAssembler {
  private id: unknown = undefined;
  private created: unknown = undefined;
  private model: unknown = undefined;
  private usage: unknown = undefined;
  private readonly choices = new Map<number, AssembledChoice>();

  /** `sink` with every written chunk also assembled here. */
  wrap(sink: StreamSink): StreamSink {
    return {
      open: (target) => sink.open(target),
      write: (chunks) => {
        for (const chunk of chunks) this.add(chunk);
        return sink.write(chunks);
      },
      onDrain: (resume) => sink.onDrain(resume),
      close: (usage: TokenUsage | null, error) => sink.close(usage, error),
    };
  }

  add(chunk: Record<string, unknown>): void {
    this.id ??= chunk.id;
    this.created ??= chunk.created;
    this.model ??= chunk.model;
    if (chunk.usage) this.usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) return;
    for (const c of chunk.choices as Record<string, unknown>[]) {
      const index = typeof c?.index === 'number' ? c.index : 0;
      let choice = this.choices.get(index);
      if (!choice) {
        choice = { index, content: '', sawContent: false, refusal: null, toolCalls: [], finishReason: null };
        this.choices.set(index, choice);
      }
      const delta = (c.delta ?? {}) as Record<string, unknown>;
      if (typeof delta.content === 'string') {
        choice.content += delta.content;
        choice.sawContent = true;
      }
      if (typeof delta.refusal === 'string') choice.refusal = (choice.refusal ?? '') + delta.refusal;
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls as Record<string, unknown>[]) {
          const at = typeof call.index === 'number' ? call.index : choice.toolCalls.length;
          const fn = (call.function ?? {}) as { name?: unknown; arguments?: unknown };
          const known = (choice.toolCalls[at] ??= { name: '', arguments: '' });
          if (call.id !== undefined) known.id = call.id;
          if (call.type !== undefined) known.type = call.type;
          if (typeof fn.name === 'string') known.name += fn.name;
          if (typeof fn.arguments === 'string') known.arguments += fn.arguments;
        }
      }
      if (c.finish_reason) choice.finishReason = c.finish_reason;
    }
  }

  /** The whole answer, as a non-streamed `chat.completion`. */
  completion(): Record<string, unknown> {
    const choices = [...this.choices.values()]
      .sort((a, b) => a.index - b.index)
      .map((c) => {
        const message: Record<string, unknown> = {
          role: 'assistant',
          content: c.sawContent || c.toolCalls.length === 0 ? c.content : null,
        };
        if (c.refusal !== null) message.refusal = c.refusal;
        if (c.toolCalls.length > 0) {
          message.tool_calls = c.toolCalls.map((t) => ({
            id: t.id,
            type: t.type ?? 'function',
            function: { name: t.name, arguments: t.arguments },
          }));
        }
        return { index: c.index, message, finish_reason: c.finishReason ?? 'stop' };
      });
    const completion: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion',
      created: this.created,
      model: this.model,
      choices,
    };
    if (this.usage) completion.usage = this.usage;
    return completion;
  }
}
