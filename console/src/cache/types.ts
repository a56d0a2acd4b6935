/** Response caching of a route or key (README "Caching"). */
export interface CacheSettings {
  mode: 'exact' | 'semantic';
  ttlSeconds: number;
  /** semantic only; providerId null: the built-in local embedder. */
  embedder: { providerId: string | null; model: string } | null;
  /** semantic only: the cosine similarity a hit needs. */
  threshold: number | null;
}
