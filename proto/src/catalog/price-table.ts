import type { SnapshotModelPrice } from '../snapshot';
import { findModel, normalizeModelId } from './lookup';
import type { CatalogModel } from './model';

/**
 * A price as cost arithmetic needs it: integer micro-USD per million tokens. `cachedInputPerMTok`
 * is null where there is no separate cached-input price (cached tokens then bill at the input price).
 */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  /** Tokens, when known. */
  contextWindow: number | null;
  /** Whether a workspace override or the shipped catalog supplied the price. */
  source: 'override' | 'catalog';
}

/**
 * Prices for every workspace of one snapshot. Built once when the snapshot is applied; each
 * `price` call is a few map reads and allocates nothing.
 *
 * Resolution, first hit wins (the most specific name first; at equal specificity the override):
 * 1. the workspace's override for `(kind, model)`;
 * 2. the catalog's exact `(kind, model)`;
 * 3. the workspace's override for `(kind, normalizeModelId(model))`, e.g. an override of `gpt-4o`
 *    also prices `gpt-4o-2024-08-06`;
 * 4. the catalog's alias resolution (`findModel`), null when unknown.
 */
export interface PriceTable {
  price(workspaceId: string, kind: string, model: string): ModelPrice | null;
}

const key = (workspaceId: string, kind: string, model: string): string =>
  `${workspaceId}\u0000${kind}\u0000${model}`;

function catalogPrice(entry: CatalogModel): ModelPrice {
  return Object.freeze({
    inputPerMTok: entry.inputPerMTok,
    outputPerMTok: entry.outputPerMTok,
    cachedInputPerMTok: entry.cachedInputPerMTok ?? null,
    contextWindow: entry.contextWindow,
    source: 'catalog' as const,
  });
}

function overridePrice(override: SnapshotModelPrice): ModelPrice {
  return Object.freeze({
    inputPerMTok: override.inputPerMTok,
    outputPerMTok: override.outputPerMTok,
    cachedInputPerMTok: override.cachedInputPerMTok ?? null,
    contextWindow: override.contextWindow ?? null,
    source: 'override' as const,
  });
}

/** Catalog prices are frozen once per entry and shared by every table. */
const catalogPrices = new WeakMap<CatalogModel, ModelPrice>();

function priceOf(entry: CatalogModel | null): ModelPrice | null {
  if (!entry) return null;
  let price = catalogPrices.get(entry);
  if (!price) {
    price = catalogPrice(entry);
    catalogPrices.set(entry, price);
  }
  return price;
}

/** Builds the price table of a snapshot from its `modelPrices` (the last override of a key wins). */
export function buildPriceTable(overrides: readonly SnapshotModelPrice[] = []): PriceTable {
  const byKey = new Map<string, ModelPrice>();
  for (const override of overrides) {
    byKey.set(key(override.workspaceId, override.providerKind, override.model), overridePrice(override));
  }
  const table: PriceTable = {
    price(workspaceId, kind, model) {
      const exactOverride = byKey.get(key(workspaceId, kind, model));
      if (exactOverride) return exactOverride;
      const entry = findModel(kind, model);
      if (entry && entry.model === model && entry.kind === kind) return priceOf(entry);
      if (byKey.size > 0) {
        const aliasOverride = byKey.get(key(workspaceId, kind, normalizeModelId(model)));
        if (aliasOverride) return aliasOverride;
      }
      return priceOf(entry);
    },
  };
  return table;
}
