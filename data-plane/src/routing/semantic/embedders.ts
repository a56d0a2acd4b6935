import type { CompiledProvider } from '../../snapshot/compiled';
import { bufferedCall } from '../../upstream/buffered-call';
import { localEmbed, normalize } from './local-embedder';
import type { Embed } from './semantic-index';

/** Makes the `Embed` function a semantic route uses. */
export interface EmbedderFactory {
  /** `provider` null: the built-in local embedder. */
  embedderFor(provider: CompiledProvider | null, model: string): Embed;
}

// Examples are re-embedded only when they change: vectors are kept per provider, model and text.
const CACHE_LIMIT = 50_000;

/**
 * Embedders backed by providers' embeddings APIs (through the same adapters as
 * `/v1/embeddings`), with a node-wide cache so a new snapshot does not re-embed examples
 * it already has, and the built-in local embedder.
 */
export class Embedders implements EmbedderFactory {
  private readonly cache = new Map<string, Float32Array>();

  constructor(private readonly timeoutMs: number) {}

  embedderFor(provider: CompiledProvider | null, model: string): Embed {
    if (!provider) return (texts) => Promise.resolve(texts.map(localEmbed));
    return (texts) => this.embedWith(provider, model, texts);
  }

  private async embedWith(
    provider: CompiledProvider,
    model: string,
    texts: string[],
  ): Promise<Float32Array[]> {
    const adapter = provider.adapter;
    if (!adapter?.embeddingsRequest || !adapter.embeddingsResponse) {
      throw new Error(`provider kind ${provider.kind} has no embeddings API in this gateway`);
    }
    const prefix = `${provider.id}\n${model}\n`;
    const missing = [...new Set(texts.filter((t) => !this.cache.has(prefix + t)))];
    if (missing.length > 0) {
      const request = await adapter.embeddingsRequest(provider.state, { model, input: missing });
      const answer = await bufferedCall(provider, request, this.timeoutMs);
      if (answer.status < 200 || answer.status >= 300) {
        const mapped = adapter.errorResponse(answer.status, answer.headers, answer.body);
        throw new Error(`embeddings upstream answered ${answer.status}: ${mapped.message}`);
      }
      const { response } = adapter.embeddingsResponse(answer.body, model);
      const data = (response.data ?? []) as { index: number; embedding: number[] }[];
      if (data.length !== missing.length)
        throw new Error('the embeddings upstream returned the wrong number of vectors');
      if (this.cache.size + missing.length > CACHE_LIMIT) this.cache.clear();
      for (const item of data)
        this.cache.set(prefix + missing[item.index], normalize(Float32Array.from(item.embedding)));
    }
    return texts.map((t) => this.cache.get(prefix + t)!);
  }
}
