/**
 * Jours francs and month shifts (src/core/deadlines.ts), on hand-worked dates.
 * Jours francs: neither the day of sending nor the day of the meeting counts,
 * so n jours francs before a meeting on M need sending on M − n − 1 at the latest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../src/core/dates.js';
import { joursFrancsBetween, lastDayBeforeJoursFrancs, shiftMonths } from '../src/core/deadlines.js';

describe('jours francs', () => {
  it('5 jours francs before a commission ad hoc on 12 March 2025: send by 6 March (7, 8, 9, 10, 11 are the 5 days)', () => {
    expect(lastDayBeforeJoursFrancs('2025-03-12', 5)).toBe('2025-03-06');
    expect(joursFrancsBetween('2025-03-06', '2025-03-12')).toBe(5);
    expect(joursFrancsBetween('2025-03-07', '2025-03-12')).toBe(4); // one day late
  });

  it('across a month boundary: 10 jours francs before 5 April 2025 → 25 March (26..31 March = 6 days, 1..4 April = 4)', () => {
    expect(lastDayBeforeJoursFrancs('2025-04-05', 10)).toBe('2025-03-25');
    expect(joursFrancsBetween('2025-03-25', '2025-04-05')).toBe(10);
  });

  it('across February of a leap year: 5 jours francs before 3 March 2024 → 26 February (27, 28, 29 Feb, 1, 2 March)', () => {
    expect(lastDayBeforeJoursFrancs('2024-03-03', 5)).toBe('2024-02-26');
    // in a common year: 26, 27, 28 February, 1, 2 March are the 5 days, so 25 February
    expect(lastDayBeforeJoursFrancs('2025-03-03', 5)).toBe('2025-02-25');
  });

  it('across a year boundary: 10 jours francs before 8 January 2026 → 28 December 2025 (29, 30, 31 Dec = 3, 1..7 Jan = 7)', () => {
    expect(lastDayBeforeJoursFrancs('2026-01-08', 10)).toBe('2025-12-28');
    expect(joursFrancsBetween('2025-12-28', '2026-01-08')).toBe(10);
  });

  it('property: sending on the last day leaves exactly n jours francs, one day later leaves n − 1', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2_900_000 }), fc.integer({ min: 0, max: 60 }), (day, n) => {
      const meeting = addDays('1970-01-01', day);
      const last = lastDayBeforeJoursFrancs(meeting, n);
      expect(joursFrancsBetween(last, meeting)).toBe(n);
      expect(joursFrancsBetween(addDays(last, 1), meeting)).toBe(Math.max(0, n - 1));
      expect(daysBetween(last, meeting)).toBe(n + 1);
    }));
  });
});

describe('shiftMonths', () => {
  it('three months before an anniversary, and month ends clamped', () => {
    expect(shiftMonths('2024-01-01', -3)).toBe('2023-10-01'); // year boundary
    expect(shiftMonths('2025-05-31', -3)).toBe('2025-02-28'); // 31 February does not exist
    expect(shiftMonths('2024-05-31', -3)).toBe('2024-02-29'); // leap year
    expect(shiftMonths('2025-12-17', -3)).toBe('2025-09-17');
    expect(shiftMonths('2025-11-30', 3)).toBe('2026-02-28');
  });
});
