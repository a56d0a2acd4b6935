import { UpstreamProtocolError, type TranslatedCompletion } from '../adapter-types';
import { completionObject, isObject, parseUpstreamObject, type ToolCall } from '../openai-shape';
import { finishReason } from './finish-reason';
import { cohereUsage } from './usage';

/** Tool calls of a Cohere message, in OpenAI's shape. */
export function toolCalls(calls: unknown): ToolCall[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObject).map((call) => {
    const fn = isObject(call.function) ? call.function : {};
    return {
      id: String(call.id ?? ''),
      name: String(fn.name ?? ''),
      arguments: typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
    };
  });
}

/** A Cohere v2 `/chat` answer as an OpenAI `chat.completion`; the tool plan becomes the content. */
export function cohereChatResponse(body: Buffer, model: string): TranslatedCompletion {
  const answer = parseUpstreamObject(body, 'Cohere chat');
  const message = answer.message;
  if (!isObject(message)) throw new UpstreamProtocolError('Cohere chat: the answer has no message');
  const finish = finishReason(answer.finish_reason);
  if (finish === null) {
    throw new UpstreamProtocolError(`Cohere chat: the generation ended with ${String(answer.finish_reason)}`);
  }
  let text = '';
  let thinking = '';
  if (Array.isArray(message.content)) {
    for (const part of message.content) {
      if (!isObject(part)) continue;
      if (part.type === 'thinking' && typeof part.thinking === 'string') thinking += part.thinking;
      else if (typeof part.text === 'string') text += part.text;
    }
  }
  const calls = toolCalls(message.tool_calls);
  if (!text && calls.length > 0 && typeof message.tool_plan === 'string') text = message.tool_plan;
  const usage = cohereUsage(answer.usage);
  const completion = completionObject({
    id: String(answer.id ?? ''),
    model,
    content: text || (calls.length > 0 ? null : ''),
    toolCalls: calls,
    finishReason: finish,
    usage,
    messageExtras: thinking ? { reasoning_content: thinking } : undefined,
  });
  return { completion, usage };
}
