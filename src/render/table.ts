/**
 * Writing CSV tables in the two dialects (SPEC §4):
 * - `csv`: RFC 4180 (so CRLF after every record, §2.1), `,`, `.` decimals, ISO dates, UTF-8
 *   without BOM, English headers;
 * - `excel-fr`: `;`, decimal comma, DD/MM/YYYY, UTF-8 BOM, CRLF, French headers.
 *
 * Cells are typed: text copied from inputs is neutralised against formula
 * injection (OWASP: a leading = + - @, tab, CR or LF gets a leading `'`),
 * while amounts stay plain numbers and keep their minus sign.
 */
import { toFrenchDate, type IsoDate } from '../core/dates.js';
import { formatCents } from '../core/exact.js';
import type { Dialect } from '../core/model.js';

export type Cell =
  | { kind: 'text'; value: string }
  | { kind: 'amount'; value: bigint }
  | { kind: 'decimal'; value: string }
  | { kind: 'date'; value: IsoDate }
  | { kind: 'integer'; value: number }
  | { kind: 'empty' };

export const text = (value: string): Cell => ({ kind: 'text', value });
export const amount = (value: bigint): Cell => ({ kind: 'amount', value });
export const decimal = (value: string): Cell => ({ kind: 'decimal', value });
export const date = (value: IsoDate | null): Cell => (value === null ? EMPTY : { kind: 'date', value });
export const integer = (value: number): Cell => ({ kind: 'integer', value });
export const EMPTY: Cell = { kind: 'empty' };

export interface Column {
  en: string;
  fr: string;
}

const FORMULA_START = /^[=+\-@\t\r\n]/;

/** OWASP CSV-injection defence: a text starting with = + - @, tab, CR or LF is prefixed with `'`. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function formatCell(cell: Cell, dialect: Dialect): string {
  switch (cell.kind) {
    case 'text':
      return neutralise(cell.value);
    case 'amount': {
      const s = formatCents(cell.value);
      return dialect === 'excel-fr' ? s.replace('.', ',') : s;
    }
    case 'decimal':
      return dialect === 'excel-fr' ? cell.value.replace('.', ',') : cell.value;
    case 'date':
      return dialect === 'excel-fr' ? toFrenchDate(cell.value) : cell.value;
    case 'integer':
      return String(cell.value);
    case 'empty':
      return '';
  }
}

/** RFC 4180 quoting: a field holding the delimiter, a quote, a line break (CR or LF) or edge spaces is quoted, its quotes doubled. */
function quoteField(field: string, delimiter: string): string {
  if (field === '') return field;
  const needs = field.includes(delimiter) || field.includes('"') || field.includes('\n') || field.includes('\r') || /^\s|\s$/.test(field);
  return needs ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * One table as CSV text. Written by hand rather than with csv-stringify: the
 * rules are the five lines of `quoteField`, and on a million-line ledger the
 * library's per-record machinery cost about 40 MB of garbage per output file.
 */
export function renderTable(columns: readonly Column[], rows: Iterable<readonly Cell[]>, dialect: Dialect): string {
  const delimiter = dialect === 'excel-fr' ? ';' : ',';
  // RFC 4180 §2.1 ends records with CRLF; excel-fr does too (SPEC §4).
  const eol = '\r\n';
  const lines: string[] = [columns.map((c) => quoteField(dialect === 'excel-fr' ? c.fr : c.en, delimiter)).join(delimiter)];
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i++) line += (i > 0 ? delimiter : '') + quoteField(formatCell(r[i]!, dialect), delimiter);
    lines.push(line);
  }
  const csv = lines.join(eol) + eol;
  return dialect === 'excel-fr' ? `\uFEFF${csv}` : csv;
}
