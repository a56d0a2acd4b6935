/** A workspace's price for a model. Prices are integer micro-USD per million tokens. */
export interface ModelPrice {
  id: string;
  workspaceId: string;
  providerKind: string;
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  contextWindow: number | null;
  createdAt: string;
  updatedAt: string;
}
