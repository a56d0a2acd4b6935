import { GatewayError } from '../../errors';
import { UpstreamProtocolError, type EmbeddingsBody, type TranslatedEmbeddings } from '../adapter-types';
import { isObject, tryParseObject, type JsonObject } from '../openai-shape';

/** The texts of an OpenAI embeddings `input` (a string or an array of strings). */
export function embeddingInputs(body: EmbeddingsBody): string[] {
  const input = body.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((i) => typeof i === 'string'))
    return input as string[];
  throw new GatewayError(
    'invalid_value',
    "'input' must be a string or a non-empty array of strings for Gemini.",
    'input',
  );
}

/** `dimensions`, checked. */
export function embeddingDimensions(body: EmbeddingsBody): number | undefined {
  const dimensions = body.dimensions;
  if (dimensions === undefined || dimensions === null) return undefined;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new GatewayError('invalid_value', "'dimensions' must be a positive integer.", 'dimensions');
  }
  return dimensions;
}

/** OpenAI embeddings body → Gemini `batchEmbedContents` body for `model`. */
export function toBatchEmbedRequest(body: EmbeddingsBody, model: string): JsonObject {
  const dimensions = embeddingDimensions(body);
  return {
    requests: embeddingInputs(body).map((text) => {
      const request: JsonObject = { model: `models/${model}`, content: { parts: [{ text }] } };
      if (dimensions !== undefined) request.outputDimensionality = dimensions;
      return request;
    }),
  };
}

/** An OpenAI embeddings list from vectors in input order. */
export function embeddingList(
  vectors: number[][],
  model: string,
  promptTokens: number | null,
): TranslatedEmbeddings {
  const tokens = promptTokens ?? 0;
  return {
    response: {
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
    usage:
      promptTokens === null
        ? null
        : { promptTokens, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 },
  };
}

function values(embedding: unknown, what: string): number[] {
  if (!isObject(embedding) || !Array.isArray(embedding.values)) {
    throw new UpstreamProtocolError(`${what}: an embedding has no values`);
  }
  return embedding.values as number[];
}

/**
 * Gemini `{"embeddings":[{"values":[…]}]}` → OpenAI's list. The Gemini API reports no
 * token counts for embeddings, so `usage` is null (the gateway estimates) and the
 * client's `usage` shows 0.
 */
export function fromBatchEmbedResponse(body: Buffer, model: string): TranslatedEmbeddings {
  const parsed = tryParseObject(body.toString('utf8'));
  if (!parsed || !Array.isArray(parsed.embeddings)) {
    throw new UpstreamProtocolError('Gemini embeddings answer: no embeddings');
  }
  return embeddingList(
    parsed.embeddings.map((e) => values(e, 'Gemini embeddings answer')),
    model,
    null,
  );
}
