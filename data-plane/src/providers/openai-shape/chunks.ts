import type { TokenUsage } from '../adapter-types';
import { openAIUsage } from './usage';

/** One tool call of an assistant message, in OpenAI's shape. */
export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as a JSON text. */
  arguments: string;
}

/** Everything a rebuilt `chat.completion` needs. */
export interface CompletionParts {
  id: string;
  model: string;
  created?: number;
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: TokenUsage | null;
  /** Provider extras kept on the choice's message (e.g. `reasoning_content`). */
  messageExtras?: Record<string, unknown>;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An OpenAI `chat.completion` object from a provider's translated answer. */
export function completionObject(parts: CompletionParts): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: parts.content,
    refusal: null,
    ...parts.messageExtras,
  };
  if (parts.toolCalls.length > 0) {
    message.tool_calls = parts.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const completion: Record<string, unknown> = {
    id: parts.id,
    object: 'chat.completion',
    created: parts.created ?? nowSeconds(),
    model: parts.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: parts.finishReason }],
  };
  if (parts.usage) completion.usage = openAIUsage(parts.usage);
  return completion;
}

/**
 * Builds the `chat.completion.chunk` objects of one stream (same id, model and created on
 * every chunk), for providers whose stream events are translated rather than passed on.
 */
export class ChunkBuilder {
  readonly created = nowSeconds();

  constructor(
    public id: string,
    readonly model: string,
  ) {}

  /** A chunk with one choice carrying `delta`. */
  delta(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
  }

  role(): Record<string, unknown> {
    return this.delta({ role: 'assistant', content: '' });
  }

  text(text: string): Record<string, unknown> {
    return this.delta({ content: text });
  }

  /** The first chunk of tool call `index`: its id and name, no arguments yet. */
  toolCallStart(index: number, id: string, name: string): Record<string, unknown> {
    return this.delta({
      tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }],
    });
  }

  toolCallArguments(index: number, args: string): Record<string, unknown> {
    return this.delta({ tool_calls: [{ index, function: { arguments: args } }] });
  }

  finish(finishReason: string): Record<string, unknown> {
    return this.delta({}, finishReason);
  }

  /** The usage-only chunk OpenAI sends last with `include_usage`. */
  usage(usage: TokenUsage): Record<string, unknown> {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [],
      usage: openAIUsage(usage),
    };
  }
}
