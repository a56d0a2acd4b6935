/** Google's Gemini API: OpenAI ↔ GenerateContent translation, shared with Vertex AI. */
export { geminiAdapter, geminiPath, type GeminiState } from './gemini-adapter';
export { toGeminiRequest } from './chat-request';
export { toChatCompletion } from './chat-response';
export { GeminiStreamTranslator } from './stream-translator';
export { toMappedError as googleErrorResponse } from './errors';
export { embeddingDimensions, embeddingInputs, embeddingList } from './embeddings';
export { modelId } from './model-path';
export { readUsageMetadata } from './usage';
