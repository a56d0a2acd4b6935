import { contentBlocks } from './content-translation';
import type { AnthropicBlockParam, AnthropicMessageParam } from './wire-types';

type ChatMessage = {
  role?: unknown;
  content?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
};

/** OpenAI `messages` split the way Anthropic wants them. */
export interface TranslatedMessages {
  /** System and developer messages, in order: one string, or text blocks when they carry `cache_control` or are several. */
  system: string | AnthropicBlockParam[] | undefined;
  messages: AnthropicMessageParam[];
}

/** A tool call's `arguments` (a JSON string) as the object Anthropic's `input` must be. */
function toolInput(args: unknown): Record<string, unknown> {
  if (args && typeof args === 'object' && !Array.isArray(args)) return args as Record<string, unknown>;
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // a model's own malformed arguments, replayed: kept readable rather than dropped
  }
  return { arguments: args };
}

function toolUseBlocks(calls: unknown): AnthropicBlockParam[] {
  if (!Array.isArray(calls)) return [];
  const blocks: AnthropicBlockParam[] = [];
  for (const call of calls) {
    const c = call as { id?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
    if (!c || typeof c.function?.name !== 'string') continue;
    blocks.push({
      type: 'tool_use',
      id: c.id,
      name: c.function.name,
      input: toolInput(c.function.arguments),
    });
  }
  return blocks;
}

function toolResultBlock(message: ChatMessage): AnthropicBlockParam {
  const block: AnthropicBlockParam = { type: 'tool_result', tool_use_id: message.tool_call_id };
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') block.content = content;
  } else {
    const blocks = contentBlocks(content);
    if (blocks.length > 0) block.content = blocks;
  }
  return block;
}

/** Adds a turn, merging it into the previous one when the role repeats (Anthropic wants alternation). */
function append(
  out: AnthropicMessageParam[],
  role: 'user' | 'assistant',
  content: string | AnthropicBlockParam[],
) {
  if (content.length === 0) return; // Anthropic rejects empty turns; an empty one adds nothing anyway
  const last = out[out.length - 1];
  if (!last || last.role !== role) {
    out.push({ role, content });
    return;
  }
  const before = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
  const added = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  last.content = before.concat(added);
}

/**
 * OpenAI chat messages as Anthropic's `system` and alternating `messages`:
 * - `system` / `developer` messages (wherever they are) go to `system`;
 * - `tool` messages become `tool_result` blocks of a user turn;
 * - an assistant's `tool_calls` become `tool_use` blocks after its text;
 * - consecutive turns of one role are merged (tool results followed by a user message become
 *   one user turn, results first, as Anthropic requires).
 * Empty turns are dropped. Legacy `function` messages are not translated.
 */
export function translateMessages(messages: unknown): TranslatedMessages {
  const out: AnthropicMessageParam[] = [];
  const system: AnthropicBlockParam[] = [];
  if (!Array.isArray(messages)) return { system: undefined, messages: out };
  for (const item of messages) {
    const message = item as ChatMessage | null;
    switch (message?.role) {
      case 'system':
      case 'developer':
        for (const block of contentBlocks(message.content)) if (block.type === 'text') system.push(block);
        break;
      case 'user':
        append(
          out,
          'user',
          typeof message.content === 'string' ? message.content : contentBlocks(message.content),
        );
        break;
      case 'assistant': {
        const blocks = contentBlocks(message.content).concat(toolUseBlocks(message.tool_calls));
        append(out, 'assistant', blocks);
        break;
      }
      case 'tool':
        append(out, 'user', [toolResultBlock(message)]);
        break;
      default:
        break; // `function` (deprecated) and unknown roles
    }
  }
  const plain = system.length === 1 && system[0].cache_control === undefined;
  return {
    system: system.length === 0 ? undefined : plain ? (system[0].text as string) : system,
    messages: out,
  };
}
