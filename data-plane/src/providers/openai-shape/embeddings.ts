import { UpstreamProtocolError, type EmbeddingsBody, type TranslatedEmbeddings } from '../adapter-types';
import { parseUpstreamObject } from './json';
import { tokenUsage } from './usage';

/** The upstream body of an OpenAI-shaped embeddings call: as it is, optionally without `model`. */
export function embeddingsBody(body: EmbeddingsBody, options: { omitModel?: boolean } = {}): string {
  if (!options.omitModel) return JSON.stringify(body);
  const out = { ...body };
  delete out.model;
  return JSON.stringify(out);
}

/** The inputs of an embeddings request as a list of strings; throws when `input` is neither. */
export function embeddingsInputs(body: EmbeddingsBody): string[] {
  const input = body.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input as string[];
  throw new Error('embeddings input must be a string or an array of strings for this provider');
}

/** An OpenAI embeddings list from vectors (index order kept) and the prompt tokens counted. */
export function embeddingsList(
  vectors: readonly unknown[],
  model: string,
  promptTokens: number,
): TranslatedEmbeddings {
  const usage = tokenUsage(promptTokens, 0);
  return {
    response: {
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      model,
      usage: { prompt_tokens: usage.promptTokens, total_tokens: usage.promptTokens },
    },
    usage,
  };
}

/** An OpenAI embeddings response: passed on, usage read (`prompt_tokens`). */
export function embeddingsResponse(body: Buffer, model: string): TranslatedEmbeddings {
  const response = parseUpstreamObject(body, 'embeddings');
  if (!Array.isArray(response.data)) {
    throw new UpstreamProtocolError('embeddings: the upstream answer has no data list');
  }
  if (typeof response.model !== 'string' || response.model === '') response.model = model;
  const u = response.usage as { prompt_tokens?: unknown; total_tokens?: unknown } | undefined;
  const usage = u && typeof u === 'object' ? tokenUsage(u.prompt_tokens ?? u.total_tokens, 0) : null;
  return { response, usage };
}
