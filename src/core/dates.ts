/**
 * Calendar dates as validated `YYYY-MM-DD` strings and months as `YYYY-MM`.
 *
 * The calendar arithmetic is date-fns on `UTCDateMini` (@date-fns/utc):
 * a `Date` whose getters and setters are the UTC ones, so that no time zone
 * ever moves a day (date-fns on local `Date`s gives wrong days in some zones,
 * e.g. Pacific/Apia's skipped 30 December 2011). `UTCDateMini` rather than
 * `UTCDate`: the same for date-fns, at about 3 ms of start-up instead of 24.
 * No clock is read here.
 */
import { UTCDateMini } from '@date-fns/utc/date/mini';
import {
  addDays as addDaysFns,
  addMonths as addMonthsFns,
  addYears as addYearsFns,
  differenceInCalendarDays,
  endOfMonth,
  format,
  getDaysInMonth,
  isLeapYear as isLeapYearFns,
  parseISO,
} from 'date-fns';

export type IsoDate = string;
export type Month = string;

/** date-fns builds every date it returns in this context: UTC, whatever TZ says. */
const inUtc = { in: (value: Date | number | string) => new UTCDateMini(+value) };

/** A `YYYY-MM-DD` (or `YYYY-MM-01` for a month) as a UTC date, parsed by date-fns. */
function toDate(date: IsoDate): Date {
  return parseISO(date, inUtc);
}

/** The first day of year `y`, month `m` (1-12). */
function dateOf(y: number, m: number, d: number): Date {
  const date = new UTCDateMini(0);
  date.setUTCFullYear(y, m - 1, d); // not Date.UTC: it reads years 0-99 as 1900-1999
  return date;
}

const iso = (date: Date): IsoDate => format(date, 'yyyy-MM-dd');

/**
 * Results of date-fns kept by argument: a million invoice lines hold a few
 * hundred distinct dates and months, and date-fns' `format` costs a few
 * microseconds a call. Bounded: cleared past 100 000 entries.
 */
function memo<A extends string | number, R>(compute: (...args: A[]) => R): (...args: A[]) => R {
  const known = new Map<string, R>();
  return (...args: A[]) => {
    const key = args.join('|');
    let r = known.get(key);
    if (r === undefined) {
      if (known.size >= 100_000) known.clear();
      known.set(key, (r = compute(...args)));
    }
    return r;
  };
}

export function isLeapYear(y: number): boolean {
  return isLeapYearFns(dateOf(y, 1, 1));
}

export function daysInMonth(y: number, m: number): number {
  return getDaysInMonth(dateOf(y, m, 1));
}

/** The last date a `YYYY-MM-DD` text can hold. */
export const LAST_DATE: IsoDate = '9999-12-31';

export const makeDate: (y: number, m: number, d: number) => IsoDate = memo((y: number, m: number, d: number) => iso(dateOf(y, m, d)));

export function splitDate(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const EPOCH = dateOf(1970, 1, 1);

/**
 * Day numbers (days since 1970-01-01), computed by date-fns. Dates repeat
 * (a semester has a few hundred distinct ones for a million lines): each
 * text is computed once.
 */
const dayNumbers = new Map<IsoDate, number>();

export function dayNumber(date: IsoDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = differenceInCalendarDays(toDate(date), EPOCH, inUtc);
    if (dayNumbers.size >= 100_000) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

export function fromDayNumber(n: number): IsoDate {
  return iso(addDaysFns(EPOCH, n, inUtc));
}

export const addDays: (date: IsoDate, days: number) => IsoDate = memo((date: string | number, days: string | number) => iso(addDaysFns(toDate(String(date)), Number(days), inUtc)));

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** The same day `years` later; 29 February becomes 28 February in a common year (date-fns' `addYears`). */
export function addYears(date: IsoDate, years: number): IsoDate {
  return iso(addYearsFns(toDate(date), years, inUtc));
}

export function monthOf(date: IsoDate): Month {
  return date.slice(0, 7);
}

export function firstDayOf(month: Month): IsoDate {
  return `${month}-01`;
}

export function lastDayOf(month: Month): IsoDate {
  return iso(endOfMonth(toDate(`${month}-01`), inUtc));
}

export const addMonths: (month: Month, n: number) => Month = memo((month: string | number, n: string | number) =>
  format(addMonthsFns(toDate(`${month}-01`), Number(n), inUtc), 'yyyy-MM'),
);

/** `YYYY-MM-DD` → `DD/MM/YYYY` (the Excel-FR dialect). */
export const toFrenchDate: (date: IsoDate) => string = memo((date: string) => format(toDate(date), 'dd/MM/yyyy'));
