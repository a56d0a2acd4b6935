import type { ChatBody, MappedError, StreamTranslator, TranslatedCompletion } from '../adapter-types';
import {
  AnthropicStreamTranslator,
  DEFAULT_MAX_TOKENS,
  mapAnthropicError,
  parseMessage,
  translateChatRequest,
  translateMessage,
} from '../anthropic';

/** The Messages API version Vertex AI takes in the body (instead of a header). */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** Claude models on Vertex AI are Anthropic's publisher models; everything else is Gemini's. */
export function isAnthropicModel(model: unknown): boolean {
  return typeof model === 'string' && model.startsWith('claude');
}

/** An Anthropic Messages body for Vertex AI: no `model` (it is in the path), `anthropic_version` in the body. */
export function vertexAnthropicBody(
  body: ChatBody,
  stream: boolean,
  defaultMaxTokens = DEFAULT_MAX_TOKENS,
): string {
  return JSON.stringify(
    translateChatRequest(body, stream, {
      defaultMaxTokens,
      includeModel: false,
      anthropicVersion: VERTEX_ANTHROPIC_VERSION,
    }),
  );
}

export function vertexAnthropicResponse(body: Buffer, model: string): TranslatedCompletion {
  return translateMessage(parseMessage(body), model);
}

export function vertexAnthropicStream(model: string): StreamTranslator {
  return new AnthropicStreamTranslator(model);
}

/** Anthropic-shaped errors (`{"type":"error","error":{…}}`), which Claude on Vertex answers. */
export function isAnthropicError(body: Buffer): boolean {
  // Cheap check before parsing: Google's errors have no top-level "type".
  if (!body.includes('"type"')) return false;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { type?: unknown } | null;
    return parsed !== null && typeof parsed === 'object' && parsed.type === 'error';
  } catch {
    return false;
  }
}

export function vertexAnthropicError(status: number, body: Buffer): MappedError {
  return mapAnthropicError(status, body);
}
