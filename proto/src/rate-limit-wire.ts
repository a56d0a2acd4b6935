/*
 * What data-plane nodes tell each other (and whoever else listens, e.g. the control plane)
 * about rate limits, on the core NATS subject `<prefix>.counts`. Fire and forget, JSON.
 */

/** The default subject prefix (`SWITCHYARD_RATE_LIMIT_SUBJECT`); one per data-plane cluster. */
export const DEFAULT_RATE_LIMIT_SUBJECT = 'switchyard.ratelimit';

/** The subject nodes publish their counts on, under `prefix`. */
export function rateLimitCountsSubject(prefix: string): string {
  return `${prefix}.counts`;
}

/** A valid subject prefix: tokens of letters, digits, `-` and `_`, separated by dots. */
export const RATE_LIMIT_SUBJECT_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * One node's counts of one limit: `[counter, window index, requests in it, requests in the
 * previous window, tokens in it, tokens in the previous window, requests in flight]`.
 * `counter` is `<rate limit id>/<window seconds>`; the window index is
 * `floor(epoch ms / (window seconds × 1000))`.
 */
export type RateLimitWireCounter = [string, number, number, number, number, number, number];

/** What a node publishes every exchange: who it is, the exchange round, its counts (only limits it has counted). */
export interface RateLimitReport {
  node: string;
  round: number;
  counters: RateLimitWireCounter[];
}

/** The name nodes count a limit under. */
export function rateLimitCounter(limitId: string, windowSeconds: number): string {
  return `${limitId}/${windowSeconds}`;
}

/** A report read from NATS, checked field by field (a bad number must not open the limits); null if malformed. */
export function parseRateLimitReport(text: string): RateLimitReport | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const r = value as Partial<RateLimitReport> | null;
  if (!r || typeof r.node !== 'string' || typeof r.round !== 'number' || !Array.isArray(r.counters))
    return null;
  for (const c of r.counters as unknown[]) {
    if (!Array.isArray(c) || c.length !== 7 || typeof c[0] !== 'string') return null;
    for (let i = 1; i < 7; i++) {
      const n: unknown = c[i];
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
    }
  }
  return r as RateLimitReport;
}
