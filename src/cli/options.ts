/** Parsing flag values: a malformed value is wrong usage (exit 2), SPEC §4. */
import type { IsoDate } from '../core/dates.js';
import type { Dialect } from '../core/model.js';
import { parseSemester, type Semester } from '../core/semester.js';
import { parseDate, parseDecimal } from '../read/fields.js';
import { usage } from './errors.js';
import { expected, t } from './i18n.js';

export function semesterOption(value: string | undefined): Semester {
  if (value === undefined) throw usage(t('usage.semesterRequired'));
  const s = parseSemester(value);
  if (!s) throw usage(t('usage.semester', { value: JSON.stringify(value) }));
  return s;
}

export function dateOption(flag: string, value: string): IsoDate {
  const r = parseDate(value);
  if (!r.ok) throw usage(t('usage.date', { flag, expected: expected(r.expected), value: JSON.stringify(value) }));
  return r.value;
}

export function dialectOption(value: string | undefined, fallback: Dialect | null): Dialect {
  if (value === undefined) return fallback ?? 'csv';
  if (value !== 'csv' && value !== 'excel-fr') throw usage(t('usage.dialect', { value: JSON.stringify(value) }));
  return value;
}

export function amountOption(value: string | undefined): string {
  if (value === undefined) throw usage(t('usage.amountRequired'));
  const r = parseDecimal(value);
  if (!r.ok) throw usage(t('usage.amount', { expected: expected(r.expected), value: JSON.stringify(value) }));
  const dot = r.value.indexOf('.');
  if (dot >= 0 && r.value.length - dot - 1 > 2) throw usage(t('usage.amountCents', { value: JSON.stringify(value) }));
  return r.value;
}

export function yearOption(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^[1-9]\d{0,2}$/.test(value)) throw usage(t('usage.year', { value: JSON.stringify(value) }));
  return Number(value);
}

