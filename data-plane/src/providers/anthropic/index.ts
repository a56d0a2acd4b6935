/**
 * Anthropic's Messages API. The adapter is the HTTP side (path, `x-api-key`, version header);
 * the translation functions are pure so other deployments of Anthropic's models (Vertex AI,
 * with its own path, auth and `anthropic_version: "vertex-2023-10-16"` in the body) reuse them.
 */
export {
  AnthropicAdapter,
  anthropicAdapter,
  DEFAULT_ANTHROPIC_VERSION,
  type AnthropicState,
} from './anthropic-adapter';
export { mapAnthropicError } from './error-mapping';
export {
  translateChatRequest,
  DEFAULT_MAX_TOKENS,
  type RequestTranslationOptions,
} from './request-translation';
export { parseMessage, translateMessage } from './response-translation';
export { AnthropicStreamTranslator } from './stream-translator';
export { finishReason, readUsage } from './usage';
