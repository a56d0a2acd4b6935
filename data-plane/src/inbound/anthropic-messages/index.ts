export { anthropicMessagesFormat } from './anthropic-messages-format';
export { anthropicToChat } from './anthropic-request';
export { anthropicErrorBody, anthropicErrorType, anthropicMessage } from './anthropic-response';
export { AnthropicStreamEncoder } from './anthropic-stream';
export { countTokens } from './count-tokens';
