import { performance } from 'node:perf_hooks';
import type { RequestTrace } from '../../telemetry/request-trace';
import { callEmbeddings, type EmbeddingsResult, type EmbeddingsTarget } from '../../upstream/embeddings-call';
import { localEmbed, normalize } from './local-embedder';
import type { SubCallRecorder, SubCallUsage } from '../../usage/usage-sink';
import type { Embed } from './semantic-index';

/** Makes the `Embed` function a semantic route or the semantic cache uses. */
export interface EmbedderFactory {
  /** `target` null: the built-in local embedder. */
  embedderFor(target: EmbeddingsTarget | null): Embed;
}

// Examples are re-embedded only when they change: vectors are kept per provider, model and text.
const CACHE_LIMIT = 50_000;

/**
 * Embedders backed by providers' embeddings APIs (called as `/v1/embeddings` calls its
 * targets, `callEmbeddings`), with a node-wide cache so a new snapshot does not re-embed
 * examples it already has, and the built-in local embedder. A provider call made for a
 * request is billed to it as a sub-call (examples, embedded for the route, are not).
 */
export class Embedders implements EmbedderFactory {
  private readonly cache = new Map<string, Float32Array>();

  constructor(private readonly timeoutMs: number) {}

  embedderFor(target: EmbeddingsTarget | null): Embed {
    if (!target) return (texts) => Promise.resolve(texts.map(localEmbed));
    return (texts, billTo, trace) => this.embedWith(target, texts, billTo ?? null, trace ?? null);
  }

  private async embedWith(
    target: EmbeddingsTarget,
    texts: string[],
    billTo: SubCallRecorder | null,
    trace: RequestTrace | null,
  ): Promise<Float32Array[]> {
    const prefix = `${target.provider.id}\n${target.model}\n`;
    const missing = [...new Set(texts.filter((t) => !this.cache.has(prefix + t)))];
    if (missing.length > 0) {
      const started = performance.now();
      const result = await callEmbeddings(
        target,
        { model: target.model, input: missing },
        this.timeoutMs,
        trace,
      );
      billTo?.recordSubCall(subCallUsage(target, result, performance.now() - started));
      if (!result.ok) {
        const { upstreamStatus, error } = result;
        throw new Error(
          upstreamStatus > 0
            ? `embeddings upstream answered ${upstreamStatus}: ${error.message}`
            : error.message,
        );
      }
      const data = (result.response.data ?? []) as { index: number; embedding: number[] }[];
      if (data.length !== missing.length)
        throw new Error('the embeddings upstream returned the wrong number of vectors');
      if (this.cache.size + missing.length > CACHE_LIMIT) this.cache.clear();
      for (const item of data)
        this.cache.set(prefix + missing[item.index], normalize(Float32Array.from(item.embedding)));
    }
    return texts.map((t) => this.cache.get(prefix + t)!);
  }
}

/** The usage record fields of a request-time embedding call (the rest come from its request). */
function subCallUsage(target: EmbeddingsTarget, result: EmbeddingsResult, latencyMs: number): SubCallUsage {
  return {
    endpoint: 'embeddings',
    providerId: target.provider.id,
    model: target.model,
    inputTokens: result.ok ? result.inputTokens : 0,
    tokensEstimated: result.ok && result.tokensEstimated,
    costMicroUsd: result.ok ? result.costMicroUsd : 0,
    latencyMs: Math.round(latencyMs),
    status: result.ok ? 200 : result.error.status,
    errorCode: result.ok ? '' : result.error.code,
    errorMessage: result.ok ? '' : result.error.message.slice(0, 1000),
    attempts: 1,
  };
}
