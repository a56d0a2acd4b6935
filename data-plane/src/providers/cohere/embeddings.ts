import { UpstreamProtocolError, type EmbeddingsBody, type TranslatedEmbeddings } from '../adapter-types';
import { embeddingsInputs, embeddingsList, isObject, parseUpstreamObject } from '../openai-shape';

/**
 * Cohere's `/embed` body: `texts`, `input_type` (the request's own, else
 * `search_document`), float embeddings, `output_dimension` for `dimensions`.
 */
export function cohereEmbedBody(body: EmbeddingsBody): string {
  const out: Record<string, unknown> = {
    model: body.model,
    texts: embeddingsInputs(body),
    input_type: typeof body.input_type === 'string' ? body.input_type : 'search_document',
    embedding_types: ['float'],
  };
  if (typeof body.dimensions === 'number') out.output_dimension = body.dimensions;
  return JSON.stringify(out);
}

/** Cohere's `embeddings_by_type` answer as OpenAI's list; usage from `meta.billed_units`. */
export function cohereEmbedResponse(body: Buffer, model: string): TranslatedEmbeddings {
  const answer = parseUpstreamObject(body, 'Cohere embed');
  const embeddings = answer.embeddings;
  const vectors = isObject(embeddings) ? embeddings.float : embeddings;
  if (!Array.isArray(vectors))
    throw new UpstreamProtocolError('Cohere embed: the answer has no float embeddings');
  const meta = isObject(answer.meta) ? answer.meta : {};
  const billed = isObject(meta.billed_units) ? meta.billed_units : {};
  return embeddingsList(vectors, model, typeof billed.input_tokens === 'number' ? billed.input_tokens : 0);
}
