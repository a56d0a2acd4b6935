/** A model of the shipped catalog (id `kind/model`), with the workspace's override applied. */
export interface ModelInfo {
  id: string;
  kind: string;
  model: string;
  mode: string | null;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  tools: boolean | null;
  vision: boolean | null;
  jsonMode: boolean | null;
  reasoning: boolean | null;
  /** catalog, or override when a workspace price applies. */
  priceSource: string;
}
