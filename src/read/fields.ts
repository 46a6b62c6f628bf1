/**
 * Strict parsers for the fields of the input CSV files (SPEC.md §3.1).
 *
 * Pure functions, no I/O, no `Date`: a failure returns `expected`, a short
 * phrase that completes "expected ..." in an error message.
 */

import { daysInMonth } from '../core/dates.js';

/** Kept for callers of this module: the calendar is src/core/dates.ts (date-fns). */
export { daysInMonth, isLeapYear } from '../core/dates.js';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; expected: string };

const DATE_EXPECTED = 'a date as YYYY-MM-DD or DD/MM/YYYY';
const MONTH_EXPECTED = 'a month as YYYY-MM or MM/YYYY';
const DECIMAL_EXPECTED = 'a decimal number such as 1234.56, 1234,56 or 1 234,56';
const INTEGER_EXPECTED = 'a whole number such as 12 or -3';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FR_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const FR_MONTH = /^(\d{2})\/(\d{4})$/;
/**
 * Sign, integer part (plain digits, or thousands grouped by a space, U+00A0
 * or U+202F with a first group of 1-3 digits), then an optional `.` or `,`
 * followed by at least one digit. `\d` without the `u` flag is ASCII only.
 */
const DECIMAL = /^([+-]?)(\d+|\d{1,3}(?:[ \u00A0\u202F]\d{3})+)(?:[.,](\d+))?$/;
const GROUP_SEPARATORS = /[ \u00A0\u202F]/g;
const INTEGER = /^([+-]?)(\d+)$/;

/** `YYYY-MM-DD` or `DD/MM/YYYY` (exactly 2-2-4 digits), an existing day; returns `YYYY-MM-DD`. */
export function parseDate(text: string): FieldResult<string> {
  const t = text.trim();
  let y: string;
  let m: string;
  let d: string;
  const iso = ISO_DATE.exec(t);
  if (iso !== null) {
    [, y, m, d] = iso as unknown as [string, string, string, string];
  } else {
    const fr = FR_DATE.exec(t);
    if (fr === null) return { ok: false, expected: DATE_EXPECTED };
    [, d, m, y] = fr as unknown as [string, string, string, string];
  }
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12) return { ok: false, expected: `${DATE_EXPECTED} with a month from 01 to 12` };
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return { ok: false, expected: `${DATE_EXPECTED} that exists (${y}-${m} has ${last} days)` };
  return { ok: true, value: `${y}-${m}-${d}` };
}

/** `YYYY-MM` or `MM/YYYY`, month 01..12; returns `YYYY-MM`. */
export function parseMonth(text: string): FieldResult<string> {
  const t = text.trim();
  let y: string;
  let m: string;
  const iso = ISO_MONTH.exec(t);
  if (iso !== null) {
    [, y, m] = iso as unknown as [string, string, string];
  } else {
    const fr = FR_MONTH.exec(t);
    if (fr === null) return { ok: false, expected: MONTH_EXPECTED };
    [, m, y] = fr as unknown as [string, string, string];
  }
  const month = Number(m);
  if (month < 1 || month > 12) return { ok: false, expected: `${MONTH_EXPECTED} with a month from 01 to 12` };
  return { ok: true, value: `${y}-${m}` };
}

/**
 * A decimal as typed in a spreadsheet (`1234`, `-1 234,50`, `+0.5`), returned
 * canonical: `-` only for a non-zero value, no leading zeros in the integer
 * part (a lone `0` is kept), then `.` and the fraction digits exactly as typed.
 */
export function parseDecimal(text: string): FieldResult<string> {
  const match = DECIMAL.exec(text.trim());
  if (match === null) return { ok: false, expected: DECIMAL_EXPECTED };
  const sign = match[1] ?? '';
  const digits = (match[2] ?? '').replace(GROUP_SEPARATORS, '');
  const fraction = match[3];
  const integer = stripLeadingZeros(digits);
  const isZero = integer === '0' && (fraction === undefined || /^0+$/.test(fraction));
  const minus = sign === '-' && !isZero ? '-' : '';
  return { ok: true, value: fraction === undefined ? `${minus}${integer}` : `${minus}${integer}.${fraction}` };
}

/** Optional sign and ASCII digits only, at most 15 significant digits (always exact). `-0` gives 0. */
export function parseInteger(text: string): FieldResult<number> {
  const match = INTEGER.exec(text.trim());
  if (match === null) return { ok: false, expected: INTEGER_EXPECTED };
  const digits = stripLeadingZeros(match[2] ?? '');
  if (digits.length > 15) return { ok: false, expected: 'a whole number of at most 15 digits' };
  const magnitude = Number(digits);
  return { ok: true, value: match[1] === '-' && magnitude !== 0 ? -magnitude : magnitude };
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return i === 0 ? digits : digits.slice(i);
}
