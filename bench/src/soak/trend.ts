import { MB } from '../proc-stats';
import type { RssSample } from './process-usage';

/** |slope| of RSS over the second half, MB per minute, under which it counts as flat. */
export const TREND_LIMIT_MB_PER_MIN = 1;

/** Least-squares slope of y over t, in y's unit per t's unit (NaN with fewer than 2 distinct t). */
export function slope(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const tMean = points.reduce((s, p) => s + p.t, 0) / n;
  const yMean = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - tMean) * (p.y - yMean);
    den += (p.t - tMean) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/**
 * Each process's RSS trend over the second half of a run of `seconds`, MB per minute (NaN
 * with too few samples): a leak shows as a slope, not as one number past a threshold.
 */
export function rssTrends(samples: RssSample[], seconds: number, processes: number): number[] {
  const secondHalf = samples.filter((s) => s.t >= seconds / 2);
  return Array.from({ length: processes }, (_, i) =>
    slope(secondHalf.map((s) => ({ t: s.t / 60, y: s.rss[i] / MB }))),
  );
}

/** Whether every trend is known and within the limit. */
export function allFlat(trends: number[]): boolean {
  return trends.every((s) => Number.isFinite(s) && Math.abs(s) <= TREND_LIMIT_MB_PER_MIN);
}
