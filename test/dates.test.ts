/**
 * src/core/dates.ts (date-fns on UTCDateMini) against an independent
 * reference written here: H. Hinnant's days_from_civil / civil_from_days on
 * integers, the calendar the project used before date-fns. Run in several
 * time zones (process.env.TZ is read again by Node when it changes),
 * including Pacific/Apia, which skipped 30 December 2011, and zones whose
 * offset is not a whole hour.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addDays, addMonths, addYears, dayNumber, daysBetween, daysInMonth, fromDayNumber, isLeapYear, isValidDate, lastDayOf, makeDate, toFrenchDate,
} from '../src/core/dates.js';

function refDays(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}
function refCivil(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
}
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const refIso = (z: number) => {
  const [y, m, d] = refCivil(z);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
};
const refLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const FIRST = refDays(1, 1, 1);
const LAST = refDays(9999, 12, 31);
const day = fc.integer({ min: FIRST, max: LAST });
const ZONES = ['UTC', 'Pacific/Apia', 'Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu', 'Europe/Paris', 'America/Los_Angeles'];
const savedTz = process.env.TZ;
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe.each(ZONES)('dates.ts in TZ=%s', (zone) => {
  it('every day of 1970-2040 and of Apia\'s 2011 matches the reference (day numbers, +1 day, French form)', () => {
    process.env.TZ = zone;
    for (let z = refDays(1970, 1, 1); z <= refDays(2040, 12, 31); z++) {
      const date = refIso(z);
      if (dayNumber(date) !== z || addDays(date, 1) !== refIso(z + 1) || fromDayNumber(z) !== date) {
        expect({ date, dayNumber: dayNumber(date), next: addDays(date, 1), back: fromDayNumber(z) }).toEqual({ date, dayNumber: z, next: refIso(z + 1), back: date });
      }
    }
    expect(addDays('2011-12-29', 1)).toBe('2011-12-30');
    expect(daysBetween('2011-12-29', '2011-12-31')).toBe(2);
    expect(toFrenchDate('2011-12-30')).toBe('30/12/2011');
  });

  it('addDays, daysBetween, addYears, months and validity agree with the reference on random dates of years 1-9999', () => {
    process.env.TZ = zone;
    fc.assert(
      fc.property(day, fc.integer({ min: -800, max: 800 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -30, max: 30 }), (z, n, years, months) => {
        const date = refIso(z);
        const [y, m, d] = refCivil(z);
        if (z + n >= FIRST && z + n <= LAST) expect(addDays(date, n)).toBe(refIso(z + n));
        expect(daysBetween(date, refIso(Math.min(LAST, z + Math.abs(n))))).toBe(Math.min(LAST, z + Math.abs(n)) - z);
        const ny = y + years;
        if (ny >= 1 && ny <= 9999) {
          const last = [31, refLeap(ny) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
          expect(addYears(date, years)).toBe(`${pad(ny, 4)}-${pad(m, 2)}-${pad(Math.min(d, last), 2)}`);
        }
        const total = y * 12 + (m - 1) + months;
        if (total >= 12 && total < 12 * 10000) expect(addMonths(date.slice(0, 7), months)).toBe(`${pad(Math.floor(total / 12), 4)}-${pad((total % 12) + 1, 2)}`);
        const monthEnd = refCivil(refDays(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - 1);
        if (y < 9999 || m < 12) expect(lastDayOf(date.slice(0, 7))).toBe(refIso(refDays(...monthEnd)));
        expect(daysInMonth(y, m)).toBe(monthEnd[2]);
        expect(isLeapYear(y)).toBe(refLeap(y));
        expect(makeDate(y, m, d)).toBe(date);
        expect(isValidDate(y, m, d)).toBe(true);
        expect(isValidDate(y, m, monthEnd[2] + 1)).toBe(false);
        expect(toFrenchDate(date)).toBe(`${pad(d, 2)}/${pad(m, 2)}/${pad(y, 4)}`);
      }),
      { numRuns: 300 },
    );
  });
});

it('keeps the edges: 29 February a year later, the last date, years below 100', () => {
  expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  expect(lastDayOf('9999-12')).toBe('9999-12-31');
  expect(makeDate(99, 3, 1)).toBe('0099-03-01');
  expect(addDays('0099-02-28', 1)).toBe('0099-03-01');
  expect(isValidDate(2023, 2, 29)).toBe(false);
  expect(isValidDate(2.5, 1, 1)).toBe(false);
});
