import { UpstreamProtocolError, type TranslatedCompletion } from '../adapter-types';
import { parseUpstreamObject } from './json';
import { readOpenAIUsage } from './usage';

/**
 * A non-streaming OpenAI `chat.completion` body: passed on as it is (Azure's
 * `prompt_filter_results` and `content_filter_results` included), usage read from it.
 * `model` fills in the model only when the upstream left it out; otherwise the answer is
 * `verbatim`.
 */
export function chatResponse(body: Buffer, model: string): TranslatedCompletion {
  const completion = parseUpstreamObject(body, 'chat completion');
  if (!Array.isArray(completion.choices)) {
    throw new UpstreamProtocolError('chat completion: the upstream answer has no choices');
  }
  const verbatim = typeof completion.model === 'string' && completion.model !== '';
  if (!verbatim) completion.model = model;
  return { completion, usage: readOpenAIUsage(completion.usage), verbatim };
}
