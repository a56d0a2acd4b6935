import type { CacheMode, SnapshotCache } from '@switchyard/proto';
// The same rules `validateSnapshot` applies, so bad settings are refused when written.
import { cacheProblems } from '@switchyard/proto/dist/validate';
import type { CacheSettingsDto, CacheSettingsInput } from './dtos/cache-settings.inputs';
import { RouteException, RouteExceptionCode } from './route.exception';

/**
 * Cache settings in the snapshot's shape: a semantic cache gets the local embedder when it
 * names none; an exact one must not carry semantic fields. Refused with ROUTE_INVALID_CACHE.
 */
export function buildCacheSpec(input: CacheSettingsInput): SnapshotCache {
  const cache: SnapshotCache = { mode: input.mode as CacheMode, ttlSeconds: input.ttlSeconds };
  if (input.mode === 'semantic' || input.embedder) {
    cache.embedder = { providerId: input.embedder?.providerId ?? null, model: input.embedder?.model ?? '' };
  }
  if (input.threshold != null) cache.threshold = input.threshold;
  const problems = cacheProblems(cache);
  if (problems.length) {
    throw new RouteException(`cache ${problems.join('; ')}`, RouteExceptionCode.INVALID_CACHE);
  }
  return cache;
}

export function toCacheDto(cache: SnapshotCache): CacheSettingsDto {
  return {
    mode: cache.mode,
    ttlSeconds: cache.ttlSeconds,
    embedder: cache.embedder ?? null,
    threshold: cache.threshold ?? null,
  };
}
