import type {
  ChatBody,
  EmbeddingsBody,
  ProviderAdapter,
  ProviderSetup,
  UpstreamRequest,
} from '../adapter-types';
import { toGeminiRequest } from './chat-request';
import { toChatCompletion } from './chat-response';
import { fromBatchEmbedResponse, toBatchEmbedRequest } from './embeddings';
import { toMappedError } from './errors';
import { modelId } from './model-path';
import { GeminiStreamTranslator } from './stream-translator';

/** A Gemini API account ready for requests: its path prefix and fixed headers. */
export interface GeminiState {
  basePath: string;
  headers: Record<string, string>;
}

/** The Gemini API path for `model` and `method` under `basePath` (e.g. `/v1beta`). */
export function geminiPath(basePath: string, model: unknown, stream: boolean): string {
  const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return `${basePath}/models/${modelId(model)}:${method}`;
}

/**
 * Google's Gemini API (`https://generativelanguage.googleapis.com/v1beta`): OpenAI chat
 * bodies translated to `generateContent` / `streamGenerateContent?alt=sse`, authenticated
 * with `x-goog-api-key`; embeddings via `batchEmbedContents`.
 */
export const geminiAdapter = {
  kind: 'gemini',

  prepare(setup: ProviderSetup): GeminiState {
    const apiKey = setup.credentials.apiKey;
    if (typeof apiKey !== 'string' || apiKey === '') {
      throw new Error(`Gemini provider ${setup.name} needs credentials.apiKey`);
    }
    return {
      basePath: setup.basePath,
      headers: { ...setup.credentials.headers, 'content-type': 'application/json', 'x-goog-api-key': apiKey },
    };
  },

  chatRequest(state: GeminiState, body: ChatBody, stream: boolean): UpstreamRequest {
    return {
      path: geminiPath(state.basePath, body.model, stream),
      headers: state.headers,
      body: JSON.stringify(toGeminiRequest(body)),
    };
  },

  chatResponse: toChatCompletion,
  chatStream: (model: string) => new GeminiStreamTranslator(model),
  errorResponse: toMappedError,

  embeddingsRequest(state: GeminiState, body: EmbeddingsBody): UpstreamRequest {
    const model = modelId(body.model);
    return {
      path: `${state.basePath}/models/${model}:batchEmbedContents`,
      headers: state.headers,
      body: JSON.stringify(toBatchEmbedRequest(body, model)),
    };
  },

  embeddingsResponse: fromBatchEmbedResponse,
} satisfies ProviderAdapter<GeminiState>;
