import type { ClientFormat, ClientStreamEncoder } from '../client-format';
import { openAIErrorBody } from '../openai-chat/openai-error';
import { responsesToChat } from './responses-request';
import { responseFromCompletion } from './responses-response';
import { ResponsesStreamEncoder } from './responses-stream';

/** `POST /v1/responses`: OpenAI Responses clients, served statelessly by any provider. */
export const responsesFormat = {
  endpoint: 'responses',
  toChat: responsesToChat,
  completion: responseFromCompletion,
  errorBody: openAIErrorBody,
  stream: (): ClientStreamEncoder => new ResponsesStreamEncoder(),
} satisfies ClientFormat;
