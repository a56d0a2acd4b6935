import type { SnapshotSemantic } from '@switchyard/proto';
import type { SubCallRecorder } from '../../usage/usage-sink';
import type { RequestTrace } from '../../telemetry/request-trace';
import { dot } from './local-embedder';

/**
 * Turns texts into unit vectors (the local embedder, or a provider's embeddings model).
 * Embedding a request's text, a caller passes the request as `billTo` (a provider call is
 * then recorded as its sub-call) and its trace (the call gets a span under it).
 */
export type Embed = (
  texts: string[],
  billTo?: SubCallRecorder | null,
  trace?: RequestTrace | null,
) => Promise<Float32Array[]>;

/** The outcome of matching one utterance. */
export interface IntentMatch {
  /** The chosen intent's name, or null when none cleared its threshold. */
  intent: string | null;
  /** The target index to use, or null when no intent matched and there is no default. */
  target: number | null;
  /** The best score seen (of the chosen intent, or of the best one that missed). */
  score: number;
}

// How long a failed build of the examples' vectors is kept before a request tries again.
const REBUILD_AFTER_MS = 1000;

interface IndexedIntent {
  name: string;
  target: number;
  threshold: number;
  vectors: Float32Array[];
}

/**
 * A semantic route's intents with their examples embedded, built when a snapshot is
 * applied. The score of an intent is its best cosine similarity over its examples; the
 * highest-scoring intent that clears its threshold wins.
 */
export class SemanticIndex {
  private built: Promise<void>;
  private failedAt: number | null = null;
  private intents: IndexedIntent[] = [];

  constructor(
    private readonly settings: SnapshotSemantic,
    readonly embed: Embed,
  ) {
    this.built = this.build();
  }

  /** Settles when every example is embedded; rejects if the embedder failed. */
  get ready(): Promise<void> {
    return this.built;
  }

  /**
   * `ready`, after starting the build again if the last one failed at least `retryMs` ago:
   * an embedder that was down when the snapshot arrived must not leave the route on its
   * default until the next snapshot.
   */
  ensureReady(now = Date.now(), retryMs = REBUILD_AFTER_MS): Promise<void> {
    if (this.failedAt !== null && now - this.failedAt >= retryMs) this.built = this.build();
    return this.built;
  }

  private build(): Promise<void> {
    this.failedAt = null;
    const built = this.embedExamples().catch((err: unknown) => {
      this.failedAt = Date.now();
      throw err;
    });
    built.catch(() => undefined); // observed at request time
    return built;
  }

  private async embedExamples(): Promise<void> {
    const texts = this.settings.intents.flatMap((i) => i.examples);
    const vectors = await this.embed(texts);
    let at = 0;
    this.intents = this.settings.intents.map((intent) => {
      const own = vectors.slice(at, at + intent.examples.length);
      at += intent.examples.length;
      return {
        name: intent.name,
        target: intent.target,
        threshold: intent.threshold ?? this.settings.threshold,
        vectors: own,
      };
    });
  }

  /** Matches an utterance's vector against the intents (call after `ready`). */
  match(vector: Float32Array): IntentMatch {
    let best: IndexedIntent | null = null;
    let bestScore = -Infinity;
    let topScore = -Infinity;
    for (const intent of this.intents) {
      let score = -Infinity;
      for (const v of intent.vectors) score = Math.max(score, dot(vector, v));
      topScore = Math.max(topScore, score);
      if (score >= intent.threshold && score > bestScore) {
        best = intent;
        bestScore = score;
      }
    }
    if (best) return { intent: best.name, target: best.target, score: bestScore };
    return { intent: null, target: this.settings.defaultTarget, score: topScore };
  }
}
