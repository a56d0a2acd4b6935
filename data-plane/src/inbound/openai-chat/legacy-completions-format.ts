import type { ChatBody, MappedError } from '../../providers/adapter-types';
import type { ClientFormat, ClientStreamEncoder } from '../client-format';
import {
  absent,
  checkModel,
  checkStream,
  checkStreamOptions,
  isObject,
  missing,
  unsupported,
  wrongType,
} from '../checks';
import { sseData } from '../sse';
import { openAIErrorBody } from './openai-error';

const DONE = 'data: [DONE]\n\n';

// Sampling parameters that mean the same in both APIs and pass through unchanged.
const PASSED = [
  'max_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'seed',
  'user',
  'stream',
  'stream_options',
] as const;

function promptText(prompt: unknown): string {
  if (absent(prompt)) throw missing('prompt');
  if (typeof prompt === 'string') return prompt;
  if (!Array.isArray(prompt)) throw wrongType('prompt', 'a string or an array of strings', prompt);
  // A list of prompts asks for one completion each (batching); a chat model answers one
  // conversation per call, so only a single prompt can be served faithfully.
  if (prompt.length !== 1) {
    throw unsupported(
      'prompt',
      `Invalid 'prompt': this gateway serves one prompt per request, but got ${prompt.length}. Send one request per prompt.`,
    );
  }
  const only: unknown = prompt[0];
  if (typeof only !== 'string') {
    throw unsupported('prompt', "Invalid 'prompt': token arrays are not supported; send the prompt as text.");
  }
  return only;
}

/** Translates a `POST /v1/completions` body to a chat body with the prompt as one user message. */
function completionsToChat(body: Record<string, unknown>): ChatBody {
  const model = checkModel(body);
  const text = promptText(body.prompt);
  checkStream(body);
  checkStreamOptions(body);
  // These change what the answer contains in ways a chat completion cannot reproduce.
  if (body.echo === true) throw unsupported('echo', "'echo' is not supported by this gateway.");
  if (!absent(body.suffix) && body.suffix !== '')
    throw unsupported('suffix', "'suffix' is not supported by this gateway.");
  if (!absent(body.logprobs)) throw unsupported('logprobs', "'logprobs' is not supported by this gateway.");
  if (!absent(body.best_of) && body.best_of !== 1)
    throw unsupported('best_of', "'best_of' is not supported by this gateway.");

  const chat: ChatBody = { model, messages: [{ role: 'user', content: text }] };
  for (const key of PASSED) if (!absent(body[key])) chat[key] = body[key];
  return chat;
}

function completionId(id: unknown): string {
  const s = typeof id === 'string' ? id : '';
  return `cmpl-${s.startsWith('chatcmpl-') ? s.slice('chatcmpl-'.length) : s}`;
}

// The legacy API knows stop, length and content_filter; a tool call cannot happen (no tools).
function finishReason(reason: unknown): string | null {
  if (reason === null || reason === undefined) return null;
  return reason === 'length' || reason === 'content_filter' ? reason : 'stop';
}

function textChoice(choice: unknown, text: string): Record<string, unknown> {
  const c = isObject(choice) ? choice : {};
  return {
    text,
    index: typeof c.index === 'number' ? c.index : 0,
    logprobs: null,
    finish_reason: finishReason(c.finish_reason),
  };
}

function header(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: completionId(source.id),
    object: 'text_completion',
    created: source.created,
    model: source.model,
  };
  if (source.system_fingerprint !== undefined) out.system_fingerprint = source.system_fingerprint;
  return out;
}

/** A `chat.completion` as a `text_completion`. */
function textCompletion(completion: Record<string, unknown>): Record<string, unknown> {
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const out = header(completion);
  out.choices = choices.map((choice: unknown) => {
    const message = isObject(choice) && isObject(choice.message) ? choice.message : {};
    return textChoice(choice, typeof message.content === 'string' ? message.content : '');
  });
  if (completion.usage !== undefined) out.usage = completion.usage;
  return out;
}

class LegacyCompletionsStream implements ClientStreamEncoder {
  chunk(chunk: Record<string, unknown>): string {
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const out = header(chunk);
    const rendered: Record<string, unknown>[] = [];
    for (const choice of choices) {
      const delta = isObject(choice) && isObject(choice.delta) ? choice.delta : {};
      const text = typeof delta.content === 'string' ? delta.content : '';
      const rendering = textChoice(choice, text);
      // The role-only opening chunk and empty deltas carry nothing for this API.
      if (text !== '' || rendering.finish_reason !== null) rendered.push(rendering);
    }
    const usage = chunk.usage;
    if (rendered.length === 0 && !isObject(usage)) return '';
    out.choices = rendered;
    if (usage !== undefined) out.usage = usage;
    return sseData(out);
  }

  end(): string {
    return DONE;
  }

  error(error: MappedError): string {
    return sseData(openAIErrorBody(error)) + DONE;
  }
}

/**
 * `POST /v1/completions` (legacy text completions) served by chat models: the prompt
 * becomes one user message; answers come back as `text_completion` objects and chunks.
 * `echo`, `suffix`, `logprobs`, `best_of` and several prompts per request are refused.
 */
export const openAILegacyCompletionsFormat = {
  endpoint: 'completions',
  toChat: completionsToChat,
  completion: textCompletion,
  errorBody: openAIErrorBody,
  stream: (): ClientStreamEncoder => new LegacyCompletionsStream(),
} satisfies ClientFormat;
