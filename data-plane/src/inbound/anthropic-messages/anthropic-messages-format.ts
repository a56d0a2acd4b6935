import type { ClientFormat, ClientStreamEncoder } from '../client-format';
import { anthropicToChat } from './anthropic-request';
import { anthropicErrorBody, anthropicMessage } from './anthropic-response';
import { AnthropicStreamEncoder } from './anthropic-stream';

/**
 * `POST /v1/messages`: Anthropic Messages clients (the Anthropic SDKs, Claude Code) served
 * by any provider through the canonical chat body.
 */
export const anthropicMessagesFormat = {
  endpoint: 'messages',
  toChat: (body) => anthropicToChat(body),
  completion: anthropicMessage,
  errorBody: anthropicErrorBody,
  stream: (): ClientStreamEncoder => new AnthropicStreamEncoder(),
} satisfies ClientFormat;
