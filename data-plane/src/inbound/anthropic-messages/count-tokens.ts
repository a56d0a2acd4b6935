import { estimateInputTokens, tokensForChars } from '../../chat/token-estimate';
import { anthropicToChat } from './anthropic-request';

/**
 * `POST /v1/messages/count_tokens`: an estimate, not a tokenizer count. The request is
 * translated as for `messages` (so it is checked the same way, except that `max_tokens` is
 * not needed) and counted at about four characters per token over message text, tool
 * call arguments and tool definitions; images and documents are not counted.
 */
export function countTokens(body: Record<string, unknown>): { input_tokens: number } {
  const chat = anthropicToChat(body, false);
  let extraChars = 0;
  for (const message of chat.messages as Record<string, unknown>[]) {
    const calls = message.tool_calls as { function: { name: string; arguments: string } }[] | undefined;
    if (calls)
      for (const call of calls) extraChars += call.function.name.length + call.function.arguments.length;
  }
  if (chat.tools !== undefined) extraChars += JSON.stringify(chat.tools).length;
  return { input_tokens: estimateInputTokens(chat.messages) + tokensForChars(extraChars) };
}
