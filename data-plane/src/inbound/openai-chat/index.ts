export { checkChatBody, openAIChatFormat } from './openai-chat-format';
export { openAILegacyCompletionsFormat } from './legacy-completions-format';
export { openAIErrorBody } from './openai-error';
