import { chatBody } from './chat-body';
import { chatResponse } from './chat-response';
import { chatStream } from './chat-stream';
import { embeddingsBody, embeddingsResponse } from './embeddings';
import { errorResponse } from './errors';

/**
 * OpenAI's chat completions and embeddings wire format, for every provider that speaks it
 * (OpenAI, Azure OpenAI, Mistral, OpenAI-compatible servers): request bodies, responses,
 * streams and error answers. Each function has the signature of its `ProviderAdapter`
 * counterpart, so an OpenAI-shaped adapter is a few lines on top.
 */
export const openAIShape = {
  chatBody,
  chatResponse,
  chatStream,
  errorResponse,
  embeddingsBody,
  embeddingsResponse,
} as const;

export { OpenAIChatStream } from './chat-stream';
export { ChunkBuilder, completionObject, type CompletionParts, type ToolCall } from './chunks';
export { embeddingsInputs, embeddingsList } from './embeddings';
export { fallbackMessage, mappedError, statusMapping } from './errors';
export { isObject, parseUpstreamObject, tryParseObject, type JsonObject } from './json';
export { SseTranslator } from './sse-translator';
export { openAIUsage, readOpenAIUsage, tokenCount, tokenUsage } from './usage';
