import { numberOrNull } from '../common/textValues';
import type { CacheSettings } from './types';

/** The longest an answer may be cached (the API's MAX_CACHE_TTL_SECONDS: 7 days). */
export const MAX_CACHE_TTL_SECONDS = 604_800;

/** What the cache panel edits: the API's settings, `mode` '' or missing when caching is off. */
export type CacheForm = Partial<Omit<CacheSettings, 'mode'>> & { mode?: CacheSettings['mode'] | '' | null };

/**
 * The API's input: null (off) without a mode; an exact cache carries no semantic fields (the API
 * refuses them), a semantic one names its embedder only when it is a provider (else the local one).
 */
export function cacheInput(form: CacheForm | null | undefined) {
  if (!form?.mode) return null;
  const ttlSeconds = Number(form.ttlSeconds);
  if (form.mode === 'exact') return { mode: form.mode, ttlSeconds };
  const providerId = form.embedder?.providerId || null;
  return {
    mode: form.mode,
    ttlSeconds,
    threshold: numberOrNull(form.threshold) ?? undefined,
    embedder: providerId ? { providerId, model: form.embedder?.model?.trim() ?? '' } : undefined,
  };
}

/** One line, e.g. "semantic · 1 h · similarity ≥ 0.92". */
export function cacheSummary(cache: CacheForm | null | undefined): string {
  if (!cache?.mode) return 'off';
  const ttl = durationText(Number(cache.ttlSeconds));
  if (cache.mode === 'exact') return `exact · ${ttl}`;
  return `semantic · ${ttl} · similarity ≥ ${cache.threshold ?? '?'}`;
}

function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '?';
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
