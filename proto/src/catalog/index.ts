export type { CatalogModel, ModelCatalog, ModelMode } from './model';
export { MODEL_CATALOG } from './models';
export { findModel, listModels, normalizeModelId, isOpenAiCompatibleKind } from './lookup';
export { buildPriceTable, type ModelPrice, type PriceTable } from './price-table';
export { costMicroUsd, formatUsd, type Cost, type PriceLike, type TokenUsage } from './cost';
