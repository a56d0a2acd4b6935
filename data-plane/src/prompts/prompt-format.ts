import type { ClientFormat } from '../inbound/client-format';
import { checkChatBody, openAIChatFormat } from '../inbound/openai-chat';
import { renderPromptBody, resolvePrompt } from './prompt-request';

/**
 * `POST /v1/prompts/{id or slug}/completions`: OpenAI's chat completions, whose request is
 * rendered from a prompt template of the caller's workspace. Everything after the
 * translation (routing, guardrails, cache, usage, streaming) is the chat path's own.
 */
export const promptCompletionsFormat = {
  ...openAIChatFormat,
  endpoint: 'prompts.completions',
  toChat(body, { ctx, config, key }) {
    const { version } = resolvePrompt(ctx, config, key);
    return checkChatBody(renderPromptBody(version, body));
  },
} satisfies ClientFormat;
