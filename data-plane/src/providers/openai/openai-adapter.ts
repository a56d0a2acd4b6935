import type { ProviderAdapter, ProviderSetup, UpstreamRequest } from '../adapter-types';
import { openAIShape } from '../openai-shape';

/** Precomputed per account: where to post and with which headers. */
export interface OpenAIState {
  chatPath: string;
  embeddingsPath: string;
  headers: Record<string, string>;
}

/** Headers for an OpenAI-shaped account: JSON, `Authorization: Bearer <apiKey>` when there is one, extra credential headers. */
export function openAIHeaders(setup: ProviderSetup): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(setup.credentials.headers ?? {}))
    headers[name.toLowerCase()] = value;
  if (setup.credentials.apiKey) headers.authorization = `Bearer ${setup.credentials.apiKey}`;
  return headers;
}

/**
 * OpenAI's wire format, spoken by OpenAI itself and by every OpenAI-compatible server
 * (the presets: Groq, Together, Fireworks, DeepSeek, xAI, … and any base URL). The request
 * goes up as the client sent it with the route's model (streams ask for usage); the
 * answer comes back as it is.
 */
export function openAIAdapter(kind: string): ProviderAdapter<OpenAIState> {
  return {
    kind,
    verbatim: true,
    prepare(setup) {
      const search = setup.baseUrl.search;
      return {
        chatPath: `${setup.basePath}/chat/completions${search}`,
        embeddingsPath: `${setup.basePath}/embeddings${search}`,
        headers: openAIHeaders(setup),
      };
    },
    chatRequest(state, body, stream): UpstreamRequest {
      return { path: state.chatPath, headers: state.headers, body: openAIShape.chatBody(body, stream) };
    },
    chatResponse: openAIShape.chatResponse,
    chatStream: openAIShape.chatStream,
    errorResponse: openAIShape.errorResponse,
    embeddingsRequest(state, body): UpstreamRequest {
      return { path: state.embeddingsPath, headers: state.headers, body: openAIShape.embeddingsBody(body) };
    },
    embeddingsResponse: openAIShape.embeddingsResponse,
  };
}
