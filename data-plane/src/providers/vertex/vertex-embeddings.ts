import { UpstreamProtocolError, type EmbeddingsBody, type TranslatedEmbeddings } from '../adapter-types';
import { embeddingDimensions, embeddingInputs, embeddingList } from '../gemini';

/** OpenAI embeddings body → Vertex AI `:predict` for a text embedding model. */
export function toPredictEmbeddings(body: EmbeddingsBody): Record<string, unknown> {
  const dimensions = embeddingDimensions(body);
  const out: Record<string, unknown> = { instances: embeddingInputs(body).map((content) => ({ content })) };
  if (dimensions !== undefined) out.parameters = { outputDimensionality: dimensions };
  return out;
}

type Prediction = { embeddings?: { values?: unknown; statistics?: { token_count?: unknown } } };

/** Vertex `{"predictions":[{"embeddings":{"values","statistics":{"token_count"}}}]}` → OpenAI's list with usage. */
export function fromPredictEmbeddings(body: Buffer, model: string): TranslatedEmbeddings {
  let parsed: { predictions?: unknown } | null;
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    throw new UpstreamProtocolError('Vertex embeddings answer: not JSON');
  }
  if (!parsed || !Array.isArray(parsed.predictions)) {
    throw new UpstreamProtocolError('Vertex embeddings answer: no predictions');
  }
  let tokens = 0;
  const vectors = (parsed.predictions as Prediction[]).map((p) => {
    const values = p?.embeddings?.values;
    if (!Array.isArray(values))
      throw new UpstreamProtocolError('Vertex embeddings answer: a prediction has no values');
    const count = p.embeddings?.statistics?.token_count;
    if (typeof count === 'number' && count >= 0) tokens += Math.round(count);
    return values as number[];
  });
  return embeddingList(vectors, model, tokens);
}
