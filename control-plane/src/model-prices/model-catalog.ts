import { listModels, type CatalogModel } from '@switchyard/proto';
import type { ModelInfoDto } from './dtos/model-info.dto';
import type { ModelPriceEntity } from './model-price.entity';

/**
 * The shipped catalog with a workspace's overrides applied: an override replaces the
 * catalog's prices (and context window, when it gives one) of the same kind and model;
 * an override of a model the catalog lacks is listed on its own.
 */
export function mergeCatalog(
  overrides: ModelPriceEntity[],
  kind: string | undefined,
  search: string | undefined,
): ModelInfoDto[] {
  const needle = search?.toLowerCase();
  const wanted = (k: string, model: string) =>
    (kind === undefined || k === kind) && (needle === undefined || model.toLowerCase().includes(needle));
  const byKey = new Map(overrides.map((o) => [`${o.providerKind}\u0000${o.model}`, o]));
  const out: ModelInfoDto[] = [];
  for (const m of listModels(kind)) {
    if (!wanted(m.kind, m.model)) continue;
    const key = `${m.kind}\u0000${m.model}`;
    const override = byKey.get(key);
    byKey.delete(key);
    out.push(override ? { ...fromCatalog(m), ...overridePrices(override) } : fromCatalog(m));
  }
  for (const o of byKey.values()) {
    if (!wanted(o.providerKind, o.model)) continue;
    out.push({
      kind: o.providerKind,
      model: o.model,
      mode: null,
      contextWindow: o.contextWindow,
      maxOutputTokens: null,
      tools: null,
      vision: null,
      jsonMode: null,
      reasoning: null,
      ...overridePrices(o),
    });
  }
  return out;
}

function fromCatalog(m: CatalogModel): ModelInfoDto {
  return {
    kind: m.kind,
    model: m.model,
    mode: m.mode,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens ?? null,
    inputPerMTok: m.inputPerMTok,
    outputPerMTok: m.outputPerMTok,
    cachedInputPerMTok: m.cachedInputPerMTok ?? null,
    tools: m.tools,
    vision: m.vision,
    jsonMode: m.jsonMode,
    reasoning: m.reasoning,
    priceSource: 'catalog',
  };
}

function overridePrices(o: ModelPriceEntity) {
  return {
    inputPerMTok: Number(o.inputPerMTok),
    outputPerMTok: Number(o.outputPerMTok),
    cachedInputPerMTok: o.cachedInputPerMTok === null ? null : Number(o.cachedInputPerMTok),
    ...(o.contextWindow === null ? {} : { contextWindow: o.contextWindow }),
    priceSource: 'override',
  };
}
