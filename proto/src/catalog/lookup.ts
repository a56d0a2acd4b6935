import { OPENAI_COMPATIBLE_PRESETS } from '../snapshot';
import type { CatalogModel } from './model';
import { MODEL_CATALOG } from './models';

/**
 * How a model id is reduced to the name its provider aliases it to, applied once, in this order:
 * - a Bedrock cross-region inference-profile prefix: `us.anthropic.claude-…` → `anthropic.claude-…`
 *   (the catalog holds the in-region price; some newer models cost ~10% more through a regional
 *   profile — override the price where that matters);
 * - a Vertex version: `claude-sonnet-4-5@20250929` → `claude-sonnet-4-5`;
 * - a trailing `-latest`;
 * - a trailing date or version stamp: `-2024-08-06`, `-20250929`, `-08-2024` (Cohere), `-2411` /
 *   `-0905` (four digits), `-001` (three digits, Gemini).
 *
 * `findModel(kind, model)` then tries, first hit wins:
 * 1. the exact `(kind, model)`;
 * 2. the exact `(kind, normalized)`: `gpt-4o-2024-08-06` → `gpt-4o` (never used when step 1 hits,
 *    so `gpt-4o-2024-05-13`, priced apart, keeps its own row);
 * 3. a catalog row of that kind whose own normalized id is `normalized` (the first in catalog order):
 *    `claude-sonnet-4-5` → `claude-sonnet-4-5-20250929`;
 * 4. for `openai-compatible` and the OpenAI-compatible presets only: steps 1–3 on the model id
 *    alone, across the whole catalog (first row in catalog order), so `gpt-4o` behind a generic
 *    OpenAI-compatible proxy is priced as OpenAI's.
 * Every step is one map read; normalization is a handful of anchored regex replaces.
 */
export function normalizeModelId(model: string): string {
  return model
    .replace(BEDROCK_GEO_PREFIX, '')
    .replace(VERTEX_VERSION, '')
    .replace(LATEST_SUFFIX, '')
    .replace(DATE_SUFFIX, '');
}

const BEDROCK_GEO_PREFIX = /^(?:us|eu|apac|ap|jp|au|ca|us-gov|global)\.(?=[a-z0-9-]+\.)/;
const VERTEX_VERSION = /@[\w.-]+$/;
const LATEST_SUFFIX = /-latest$/;
const DATE_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{2}-\d{4}|\d{4}|\d{3})$/;

const OPENAI_COMPATIBLE_KINDS: ReadonlySet<string> = new Set([
  'openai-compatible',
  ...Object.keys(OPENAI_COMPATIBLE_PRESETS),
]);

/** Kinds whose models may be looked up by id across the whole catalog. */
export function isOpenAiCompatibleKind(kind: string): boolean {
  return OPENAI_COMPATIBLE_KINDS.has(kind);
}

const key = (kind: string, model: string): string => `${kind}\u0000${model}`;

interface CatalogIndex {
  exact: Map<string, CatalogModel>;
  alias: Map<string, CatalogModel>;
  anyExact: Map<string, CatalogModel>;
  anyAlias: Map<string, CatalogModel>;
}

function indexCatalog(models: readonly CatalogModel[]): CatalogIndex {
  const index: CatalogIndex = {
    exact: new Map(),
    alias: new Map(),
    anyExact: new Map(),
    anyAlias: new Map(),
  };
  for (const entry of models) {
    index.exact.set(key(entry.kind, entry.model), entry);
    if (!index.anyExact.has(entry.model)) index.anyExact.set(entry.model, entry);
  }
  for (const entry of models) {
    const normalized = normalizeModelId(entry.model);
    if (normalized === entry.model) continue;
    if (!index.alias.has(key(entry.kind, normalized))) index.alias.set(key(entry.kind, normalized), entry);
    if (!index.anyAlias.has(normalized)) index.anyAlias.set(normalized, entry);
  }
  return index;
}

const INDEX = indexCatalog(MODEL_CATALOG.models);

/** The catalog entry for a provider kind's model id, or null; see `normalizeModelId` for aliases. */
export function findModel(kind: string, model: string): CatalogModel | null {
  const hit = INDEX.exact.get(key(kind, model));
  if (hit) return hit;
  const normalized = normalizeModelId(model);
  const resolved = INDEX.exact.get(key(kind, normalized)) ?? INDEX.alias.get(key(kind, normalized)) ?? null;
  if (resolved || !isOpenAiCompatibleKind(kind)) return resolved;
  return (
    INDEX.anyExact.get(model) ?? INDEX.anyExact.get(normalized) ?? INDEX.anyAlias.get(normalized) ?? null
  );
}

/** The catalog's models of one provider kind, in catalog order (for listings). */
export function listModels(kind?: string): readonly CatalogModel[] {
  return kind === undefined ? MODEL_CATALOG.models : MODEL_CATALOG.models.filter((m) => m.kind === kind);
}
