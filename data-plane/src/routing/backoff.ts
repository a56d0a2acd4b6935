import type { SnapshotRetry } from '@switchyard/proto';
import type { AttemptFailure } from '../upstream/attempt';

// A `Retry-After` longer than this is not waited for: the next target is tried instead.
export const MAX_RETRY_AFTER_MS = 60_000;

/** Whether a failed attempt is worth another try at the same target. */
export function retryable(retry: SnapshotRetry, f: AttemptFailure): boolean {
  if (f.kind === 'timeout' || f.kind === 'connection' || f.kind === 'protocol') return true;
  return f.kind === 'status' && retry.onStatuses.includes(f.upstreamStatus);
}

/**
 * How long to wait before retry number `n` (0-based): exponential backoff with full
 * jitter, capped, and never shorter than the upstream's `Retry-After`. Null when the
 * upstream asks for a longer wait than is worth holding the client for.
 */
export function backoffMs(
  retry: SnapshotRetry,
  n: number,
  f: AttemptFailure,
  random: () => number = Math.random,
): number | null {
  const ceiling = Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** n);
  const jittered = Math.round(random() * ceiling);
  if (f.retryAfterMs === null) return jittered;
  if (f.retryAfterMs > MAX_RETRY_AFTER_MS) return null;
  return Math.max(jittered, f.retryAfterMs);
}
