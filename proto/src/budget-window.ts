/** How often a budget's spend starts again from zero. `total` never resets. */
export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly', 'total'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/**
 * One budget window: spend from `startMs` (inclusive) to `endMs` (exclusive), epoch ms.
 * A `total` budget has one window from 0 to `Infinity`.
 */
export interface BudgetWindow {
  startMs: number;
  endMs: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `timeZone` at instant `ms`, written as if it were UTC epoch ms. */
function wallMs(timeZone: string, ms: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) +
    (ms - wholeSecond)
  );
}

/**
 * The first instant whose local wall time in `timeZone` is at or after `targetWall` (a
 * local date-time written as UTC ms): local midnight, or where midnight does not exist
 * (a DST gap at midnight), the moment the clocks jump past it.
 */
function firstInstantAt(timeZone: string, targetWall: number): number {
  // Exact matches: the target minus one of the zone's offsets around it; the earliest wins (DST overlaps).
  let best = Infinity;
  for (const probe of [targetWall - DAY_MS, targetWall, targetWall + DAY_MS]) {
    const offset = wallMs(timeZone, probe) - probe;
    const candidate = targetWall - offset;
    if (wallMs(timeZone, candidate) === targetWall && candidate < best) best = candidate;
  }
  if (best !== Infinity) return best;
  // A gap: search for the jump (wall time is monotonic across a gap).
  let lo = targetWall - 2 * DAY_MS;
  let hi = targetWall + 2 * DAY_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(timeZone, mid) >= targetWall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The window of a budget that contains instant `atMs`: days start at local midnight,
 * weeks on Monday at local midnight, months on the 1st at local midnight, all in the IANA
 * `timeZone` (so a day across a DST change is 23 or 25 hours long).
 */
export function budgetWindow(period: BudgetPeriod, timeZone: string, atMs: number): BudgetWindow {
  if (period === 'total') return { startMs: 0, endMs: Infinity };
  const wall = new Date(wallMs(timeZone, atMs));
  const y = wall.getUTCFullYear();
  const m = wall.getUTCMonth();
  const d = wall.getUTCDate();
  let start: number;
  let end: number;
  if (period === 'daily') {
    start = Date.UTC(y, m, d);
    end = Date.UTC(y, m, d + 1);
  } else if (period === 'weekly') {
    const sinceMonday = (wall.getUTCDay() + 6) % 7;
    start = Date.UTC(y, m, d - sinceMonday);
    end = Date.UTC(y, m, d - sinceMonday + 7);
  } else {
    start = Date.UTC(y, m, 1);
    end = Date.UTC(y, m + 1, 1);
  }
  return { startMs: firstInstantAt(timeZone, start), endMs: firstInstantAt(timeZone, end) };
}
