import type { ProviderAdapter, ProviderSetup, StreamTranslator } from '../adapter-types';
import { cohereChatBody } from './chat-request';
import { cohereChatResponse } from './chat-response';
import { CohereChatStream } from './chat-stream';
import { cohereEmbedBody, cohereEmbedResponse } from './embeddings';
import { cohereErrorResponse } from './errors';

/** A Cohere account: its base path (`/v2`) and request headers. */
export interface CohereState {
  basePath: string;
  headers: Record<string, string>;
}

function prepare(setup: ProviderSetup): CohereState {
  const { apiKey, headers } = setup.credentials;
  if (!apiKey) throw new Error(`Cohere provider ${setup.name}: credentials need an apiKey`);
  return {
    basePath: setup.basePath,
    headers: {
      ...headers,
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${apiKey}`,
    },
  };
}

/** Cohere's v2 API: `/chat` (JSON or SSE stream) and `/embed`. */
export const cohereAdapter = {
  kind: 'cohere',
  prepare,
  chatRequest: (state, body, stream) => ({
    path: `${state.basePath}/chat`,
    headers: stream ? { ...state.headers, accept: 'text/event-stream' } : state.headers,
    body: cohereChatBody(body, stream),
  }),
  chatResponse: cohereChatResponse,
  chatStream: (model): StreamTranslator => new CohereChatStream(model),
  errorResponse: cohereErrorResponse,
  embeddingsRequest: (state, body) => ({
    path: `${state.basePath}/embed`,
    headers: state.headers,
    body: cohereEmbedBody(body),
  }),
  embeddingsResponse: cohereEmbedResponse,
} satisfies ProviderAdapter<CohereState>;
