import type { ProviderKind } from '../snapshot';

/** What a catalog model is called for. */
export type ModelMode = 'chat' | 'embedding';

/**
 * One model of the shipped catalog, as one provider kind names it.
 *
 * Invariants (checked by `catalog.spec.ts`):
 * - `(kind, model)` is unique across the catalog.
 * - Prices are non-negative integers in micro-USD per million tokens (`2_500_000` = $2.50 / MTok).
 *   `cachedInputPerMTok` is present only where the provider publishes a cached-input (cache read)
 *   price; embeddings have `outputPerMTok: 0`.
 * - Where a provider prices long prompts in tiers (e.g. above 200k tokens), the price is the base tier.
 * - `contextWindow` is a positive integer (tokens); `maxOutputTokens` is absent when unknown.
 */
export interface CatalogModel {
  kind: ProviderKind;
  /** The upstream model id exactly as the provider's API takes it. */
  model: string;
  mode: ModelMode;
  contextWindow: number;
  maxOutputTokens?: number;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number;
  /** Function / tool calling. */
  tools: boolean;
  /** Image input. */
  vision: boolean;
  /** A JSON output mode (`response_format`, `responseMimeType`, or the provider's equivalent). */
  jsonMode: boolean;
  /** Emits reasoning ("thinking") tokens, billed as output. */
  reasoning: boolean;
}

/** The catalog as shipped: the models plus where and when their facts were taken. */
export interface ModelCatalog {
  /** ISO date (YYYY-MM-DD) of the prices. */
  asOf: string;
  /** Public pages and files the facts come from. */
  sources: readonly string[];
  models: readonly CatalogModel[];
}
