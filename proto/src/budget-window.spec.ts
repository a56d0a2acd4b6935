import { budgetWindow, isValidTimeZone } from './budget-window';
import { parseBudgetState } from './budget-state';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const window = (...args: Parameters<typeof budgetWindow>) => {
  const w = budgetWindow(...args);
  return { start: iso(w.startMs), end: Number.isFinite(w.endMs) ? iso(w.endMs) : 'never' };
};

describe('budgetWindow', () => {
  it('daily in UTC runs midnight to midnight', () => {
    expect(window('daily', 'UTC', at('2026-03-10T23:59:59.999Z'))).toEqual({
      start: '2026-03-10T00:00:00.000Z',
      end: '2026-03-11T00:00:00.000Z',
    });
    expect(window('daily', 'UTC', at('2026-03-11T00:00:00.000Z')).start).toBe('2026-03-11T00:00:00.000Z');
  });

  it('daily follows local midnight in another zone', () => {
    // 02:00 UTC on the 10th is still the 9th in New York (EST, UTC-5).
    expect(window('daily', 'America/New_York', at('2026-01-10T02:00:00Z'))).toEqual({
      start: '2026-01-09T05:00:00.000Z',
      end: '2026-01-10T05:00:00.000Z',
    });
  });

  it('a day with the spring-forward change is 23 hours long', () => {
    // US DST starts 2026-03-08 at 02:00 local: midnight is EST (-5), the next midnight EDT (-4).
    expect(window('daily', 'America/New_York', at('2026-03-08T12:00:00Z'))).toEqual({
      start: '2026-03-08T05:00:00.000Z',
      end: '2026-03-09T04:00:00.000Z',
    });
  });

  it('a day with the fall-back change is 25 hours long', () => {
    // EU DST ends 2026-10-25 at 03:00 local (CEST -> CET).
    expect(window('daily', 'Europe/Berlin', at('2026-10-25T12:00:00Z'))).toEqual({
      start: '2026-10-24T22:00:00.000Z',
      end: '2026-10-25T23:00:00.000Z',
    });
  });

  it('a day whose midnight does not exist starts when the clocks jump past it', () => {
    // Chile springs forward at 24:00 local on 2026-09-05: 00:00 on the 6th is skipped, the day starts at 01:00 (-03).
    const w = budgetWindow('daily', 'America/Santiago', at('2026-09-06T12:00:00Z'));
    expect(iso(w.startMs)).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(budgetWindow('daily', 'America/Santiago', at('2026-09-05T12:00:00Z')).endMs)).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('weekly starts on Monday at local midnight', () => {
    // 2026-03-15 is a Sunday; its week started Monday 2026-03-09.
    expect(window('weekly', 'UTC', at('2026-03-15T23:00:00Z'))).toEqual({
      start: '2026-03-09T00:00:00.000Z',
      end: '2026-03-16T00:00:00.000Z',
    });
    // A Monday belongs to its own week.
    expect(window('weekly', 'UTC', at('2026-03-16T00:00:00Z')).start).toBe('2026-03-16T00:00:00.000Z');
    // Across a DST change the week is 167 hours.
    const w = budgetWindow('weekly', 'America/New_York', at('2026-03-10T12:00:00Z'));
    expect(iso(w.startMs)).toBe('2026-03-09T04:00:00.000Z');
    const before = budgetWindow('weekly', 'America/New_York', at('2026-03-05T12:00:00Z'));
    expect(iso(before.startMs)).toBe('2026-03-02T05:00:00.000Z');
    expect(before.endMs).toBe(w.startMs);
  });

  it('monthly starts on the 1st and handles month ends and leap years', () => {
    expect(window('monthly', 'UTC', at('2026-01-31T23:59:59Z'))).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-02-01T00:00:00.000Z',
    });
    expect(window('monthly', 'UTC', at('2028-02-29T12:00:00Z'))).toEqual({
      start: '2028-02-01T00:00:00.000Z',
      end: '2028-03-01T00:00:00.000Z',
    });
    expect(window('monthly', 'UTC', at('2026-12-31T23:00:00Z'))).toEqual({
      start: '2026-12-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
    // 2026-03-31 22:30 UTC is already April 1st in Tokyo (UTC+9).
    expect(window('monthly', 'Asia/Tokyo', at('2026-03-31T22:30:00Z'))).toEqual({
      start: '2026-03-31T15:00:00.000Z',
      end: '2026-04-30T15:00:00.000Z',
    });
  });

  it('total never resets', () => {
    expect(budgetWindow('total', 'UTC', at('2026-03-10T00:00:00Z'))).toEqual({ startMs: 0, endMs: Infinity });
  });

  it('consecutive windows tile time without gaps', () => {
    for (const tz of [
      'UTC',
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'America/Santiago',
    ]) {
      let w = budgetWindow('daily', tz, at('2026-01-01T00:00:00Z'));
      for (let i = 0; i < 400; i++) {
        const next = budgetWindow('daily', tz, w.endMs);
        expect(next.startMs).toBe(w.endMs);
        expect(budgetWindow('daily', tz, w.endMs - 1).startMs).toBe(w.startMs);
        w = next;
      }
    }
  });

  it('knows IANA zone names', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('parseBudgetState', () => {
  it('reads a valid state and refuses a malformed one', () => {
    const state = {
      budgetId: 'b',
      windowStartMs: 1,
      spentMicroUsd: 2,
      spentTokens: 3,
      counted: { n1: 4 },
      publishedAtMs: 5,
    };
    expect(parseBudgetState(JSON.stringify(state))).toEqual(state);
    expect(parseBudgetState('{')).toBeNull();
    expect(parseBudgetState(JSON.stringify({ ...state, spentMicroUsd: -1 }))).toBeNull();
    expect(parseBudgetState(JSON.stringify({ ...state, counted: { n1: 'x' } }))).toBeNull();
  });
});
