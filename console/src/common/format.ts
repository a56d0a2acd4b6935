/**
 * Formatting shared by lists, show pages and the dashboard. Money arrives as integer micro-USD in a
 * decimal string and is formatted with BigInt, never through floating point.
 */
export function formatMicroUsd(micro: string | number | null | undefined): string {
  if (micro === null || micro === undefined || micro === '') return '—';
  let value: bigint;
  try {
    value = BigInt(micro);
  } catch {
    return String(micro);
  }
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const dollars = (abs / 1_000_000n).toLocaleString('en-US');
  // Keep six decimals for tiny per-request costs, but trim to cents when that loses nothing.
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${negative ? '-' : ''}$${dollars}.${fraction}`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('en-US');
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${Math.floor(seconds % 60)}s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h`;
}

/** "12s ago", "5m ago"… for heartbeats, where recency matters more than the date. */
export function formatAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  return `${formatDuration(seconds)} ago`;
}

/** Short form of a content hash, enough to tell snapshots apart by eye. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : '—';
}
