import { UpstreamProtocolError, type TranslatedCompletion } from '../adapter-types';
import { openAIUsage } from '../openai-shape';
import { finishReason, readUsage } from './usage';
import type { AnthropicMessage } from './wire-types';

/** Parses a 2xx Messages body, checking it is a message; throws `UpstreamProtocolError` otherwise. */
export function parseMessage(body: Buffer): AnthropicMessage {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new UpstreamProtocolError('Anthropic message: the upstream answer is not JSON');
  }
  const m = value as Partial<AnthropicMessage> | null;
  if (!m || typeof m !== 'object' || m.type !== 'message' || !Array.isArray(m.content)) {
    throw new UpstreamProtocolError('Anthropic message: the upstream answer is not a message');
  }
  for (const block of m.content) {
    if (!block || typeof block !== 'object' || typeof block.type !== 'string') {
      throw new UpstreamProtocolError('Anthropic message: a content block is malformed');
    }
    if (block.type === 'tool_use' && (typeof block.id !== 'string' || typeof block.name !== 'string')) {
      throw new UpstreamProtocolError('Anthropic message: a tool_use block has no id or name');
    }
  }
  return m as AnthropicMessage;
}

/**
 * An Anthropic message as an OpenAI `chat.completion`: text blocks joined into `content`
 * (null when there are none), `tool_use` blocks as `tool_calls` (input as a JSON string),
 * `thinking` blocks joined into `reasoning_content` (the field OpenAI-compatible servers use
 * for reasoning text). Other blocks (redacted thinking, server tool results) are left out.
 */
export function translateMessage(message: AnthropicMessage, model: string): TranslatedCompletion {
  let text: string | null = null;
  let reasoning: string | null = null;
  const toolCalls: Record<string, unknown>[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && typeof block.text === 'string') text = (text ?? '') + block.text;
    else if (block.type === 'thinking' && typeof block.thinking === 'string') {
      reasoning = (reasoning ?? '') + block.thinking;
    } else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const reply: Record<string, unknown> = { role: 'assistant', content: text, refusal: null };
  if (reasoning !== null) reply.reasoning_content = reasoning;
  if (toolCalls.length > 0) reply.tool_calls = toolCalls;
  const usage = readUsage(message.usage);
  const completion: Record<string, unknown> = {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof message.model === 'string' && message.model !== '' ? message.model : model,
    choices: [{ index: 0, message: reply, logprobs: null, finish_reason: finishReason(message.stop_reason) }],
  };
  if (usage) completion.usage = openAIUsage(usage);
  return { completion, usage };
}
