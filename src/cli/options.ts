/** Parsing flag values: a malformed value is wrong usage (exit 2), SPEC §4. */
import type { IsoDate } from '../core/dates.js';
import type { Dialect } from '../core/model.js';
import { parseSemester, type Semester } from '../core/semester.js';
import { parseDate, parseDecimal } from '../read/fields.js';
import { usage } from './errors.js';

export function semesterOption(value: string | undefined): Semester {
  if (value === undefined) throw usage('--semester is required (YYYY-S1 or YYYY-S2, e.g. 2025-S1)');
  const s = parseSemester(value);
  if (!s) throw usage(`--semester: expected YYYY-S1 or YYYY-S2 (e.g. 2025-S1), got ${JSON.stringify(value)}`);
  return s;
}

export function dateOption(flag: string, value: string): IsoDate {
  const r = parseDate(value);
  if (!r.ok) throw usage(`${flag}: expected ${r.expected}, got ${JSON.stringify(value)}`);
  return r.value;
}

export function dialectOption(value: string | undefined, fallback: Dialect | null): Dialect {
  if (value === undefined) return fallback ?? 'csv';
  if (value !== 'csv' && value !== 'excel-fr') throw usage(`--dialect: expected csv or excel-fr, got ${JSON.stringify(value)}`);
  return value;
}

export function amountOption(value: string | undefined): string {
  if (value === undefined) throw usage('--amount is required (e.g. --amount 15000.00)');
  const r = parseDecimal(value);
  if (!r.ok) throw usage(`--amount: expected ${r.expected}, got ${JSON.stringify(value)}`);
  const dot = r.value.indexOf('.');
  if (dot >= 0 && r.value.length - dot - 1 > 2) throw usage(`--amount: expected at most two decimals (cents), got ${JSON.stringify(value)}`);
  return r.value;
}

export function yearOption(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^[1-9]\d{0,2}$/.test(value)) throw usage(`--year: expected a contract year number (1, 2, ...), got ${JSON.stringify(value)}`);
  return Number(value);
}

