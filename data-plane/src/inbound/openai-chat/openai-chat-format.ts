import { GatewayError } from '../../errors';
import type { ChatBody, MappedError } from '../../providers/adapter-types';
import type { ClientFormat, ClientStreamEncoder } from '../client-format';
import { absent, checkModel, checkStream, checkStreamOptions, missing, wrongType } from '../checks';
import { sseData } from '../sse';
import { openAIErrorBody } from './openai-error';

const DONE = 'data: [DONE]\n\n';

/**
 * Checks a chat completions body the way the gateway needs it (model, messages, stream,
 * stream_options), with OpenAI's wording and parameter names. Everything else (tools,
 * response_format, multimodal content, …) is left as the client sent it, for the upstream
 * to judge. Returns the body itself.
 */
export function checkChatBody(body: Record<string, unknown>): ChatBody {
  checkModel(body);
  const messages = body.messages;
  if (absent(messages)) throw missing('messages');
  if (!Array.isArray(messages)) throw wrongType('messages', 'an array', messages);
  if (messages.length === 0) {
    throw new GatewayError(
      'invalid_value',
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
    );
  }
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (m === null || typeof m !== 'object' || Array.isArray(m))
      throw wrongType(`messages[${i}]`, 'an object', m);
  }
  checkStream(body);
  checkStreamOptions(body);
  return body;
}

class OpenAIChatStream implements ClientStreamEncoder {
  chunk(chunk: Record<string, unknown>): string {
    return sseData(chunk);
  }

  end(): string {
    return DONE;
  }

  error(error: MappedError): string {
    return sseData(openAIErrorBody(error)) + DONE;
  }
}

/** `POST /v1/chat/completions`: the canonical format itself, so results pass through as they are. */
export const openAIChatFormat = {
  endpoint: 'chat.completions',
  toChat: checkChatBody,
  completion: (completion) => completion,
  errorBody: openAIErrorBody,
  stream: (): ClientStreamEncoder => new OpenAIChatStream(),
  openAIWire: true,
} satisfies ClientFormat;
