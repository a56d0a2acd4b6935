import { randomUUID } from 'node:crypto';
import { UpstreamProtocolError, type TranslatedCompletion } from '../adapter-types';
import { completionObject, isObject, parseUpstreamObject, type ToolCall } from '../openai-shape';
import { finishReason } from './stop-reason';
import { converseUsage } from './usage';

/** An id for answers Bedrock gives none of its own (the request id is only in a header). */
export const completionId = () => `chatcmpl-${randomUUID().replace(/-/g, '')}`;

/** A Converse answer (`output.message.content` blocks, `stopReason`, `usage`) as a `chat.completion`. */
export function converseResponse(body: Buffer, model: string): TranslatedCompletion {
  const answer = parseUpstreamObject(body, 'Bedrock Converse');
  const message = isObject(answer.output) ? answer.output.message : undefined;
  if (!isObject(message) || !Array.isArray(message.content)) {
    throw new UpstreamProtocolError('Bedrock Converse: the answer has no output message');
  }
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (!isObject(block)) continue;
    if (typeof block.text === 'string') text += block.text;
    else if (isObject(block.toolUse)) {
      const use = block.toolUse;
      toolCalls.push({
        id: String(use.toolUseId ?? ''),
        name: String(use.name ?? ''),
        arguments: JSON.stringify(use.input ?? {}),
      });
    } else if (isObject(block.reasoningContent) && isObject(block.reasoningContent.reasoningText)) {
      const r = block.reasoningContent.reasoningText.text;
      if (typeof r === 'string') reasoning += r;
    }
  }
  const usage = converseUsage(answer.usage);
  const completion = completionObject({
    id: completionId(),
    model,
    content: text || (toolCalls.length > 0 ? null : ''),
    toolCalls,
    finishReason: finishReason(answer.stopReason),
    usage,
    messageExtras: reasoning ? { reasoning_content: reasoning } : undefined,
  });
  return { completion, usage };
}
