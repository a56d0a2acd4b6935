import type { ProviderAdapter, ProviderSetup, StreamTranslator } from '../adapter-types';
import { OpenAIChatStream, openAIShape } from '../openai-shape';
import { mistralChatBody } from './chat-request';
import { flattenChoices } from './content';
import { mistralErrorResponse } from './errors';

/** A Mistral account: its base path and request headers. */
export interface MistralState {
  basePath: string;
  headers: Record<string, string>;
}

function prepare(setup: ProviderSetup): MistralState {
  const { apiKey, headers } = setup.credentials;
  if (!apiKey) throw new Error(`Mistral provider ${setup.name}: credentials need an apiKey`);
  return {
    basePath: setup.basePath,
    headers: { ...headers, 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
  };
}

/**
 * OpenAI's stream translator with Mistral's chunked content flattened. Mistral puts the
 * usage on its last content chunk (the one with `finish_reason`); OpenAI sends it alone in
 * a last chunk with no choices, which is what the gateway shows (or hides from) clients,
 * so such a chunk is split in two.
 */
class MistralChatStream extends OpenAIChatStream {
  protected override emit(chunk: Record<string, unknown>): void {
    flattenChoices(chunk, 'delta');
    const usage = chunk.usage;
    if (
      usage === undefined ||
      usage === null ||
      !Array.isArray(chunk.choices) ||
      chunk.choices.length === 0
    ) {
      super.emit(chunk);
      return;
    }
    const content = { ...chunk };
    delete content.usage;
    super.emit(content);
    super.emit({
      id: chunk.id,
      object: chunk.object,
      created: chunk.created,
      model: chunk.model,
      choices: [],
      usage,
    });
  }
}

/**
 * Mistral's chat completions (`/chat/completions`, OpenAI-like; see `mistralChatBody` for
 * the differences) and embeddings (`/embeddings`, `output_dimension` for `dimensions`).
 */
export const mistralAdapter = {
  kind: 'mistral',
  prepare,
  chatRequest: (state, body, stream) => ({
    path: `${state.basePath}/chat/completions`,
    headers: state.headers,
    body: mistralChatBody(body, stream),
  }),
  chatResponse: (body, model) => {
    const translated = openAIShape.chatResponse(body, model);
    flattenChoices(translated.completion, 'message');
    return translated;
  },
  chatStream: (model): StreamTranslator => new MistralChatStream(model),
  errorResponse: mistralErrorResponse,
  embeddingsRequest: (state, body) => {
    const out: Record<string, unknown> = { ...body };
    if (out.dimensions !== undefined) {
      out.output_dimension = out.dimensions;
      delete out.dimensions;
    }
    delete out.encoding_format; // floats only; the gateway answers floats
    delete out.user;
    return { path: `${state.basePath}/embeddings`, headers: state.headers, body: JSON.stringify(out) };
  },
  embeddingsResponse: openAIShape.embeddingsResponse,
} satisfies ProviderAdapter<MistralState>;
