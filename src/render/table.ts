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
import { stringify } from 'csv-stringify/sync';

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

export interface CsvWriteOptions {
  delimiter: ',' | ';';
  /** After every record, the last one included (unless `eof` is false). */
  eol: '\r\n' | '\n';
  /** A UTF-8 byte order mark first (excel-fr). */
  bom?: boolean;
  /** Quote every field, empty ones too (an index file written that way). */
  quoteAll?: boolean;
  /** End the last record with `eol` (default true). */
  eof?: boolean;
}

/**
 * The one CSV writer of every output (csv-stringify): a field holding the
 * delimiter, a quote, a line break (CR or LF) or white space at either edge
 * is quoted, its quotes doubled (RFC 4180). csv-stringify's `escape_formulas`
 * is not used: it would also prefix amounts such as `-12.30`; text cells are
 * neutralised by `formatCell` instead.
 */
export function stringifyCsv(records: Iterable<readonly string[]>, options: CsvWriteOptions): string {
  return [...stringifyCsvChunks(records, options)].join('');
}

/**
 * `stringifyCsv`, one piece of text at a time (a batch of rows each): a
 * writer hashes and writes each piece, and a table of a million rows is never
 * held whole, as cells or as text.
 */
export function* stringifyCsvChunks(records: Iterable<readonly string[]>, options: CsvWriteOptions): Generator<string> {
  // A field with a line break is quoted by `quoted_match` rather than by
  // `quote_record_delimiter`: the same fields (a CR or LF anywhere, or white
  // space at either edge), one regular expression per field instead of three
  // separator searches (measured: see docs/performance.md).
  const settings = {
    delimiter: options.delimiter,
    record_delimiter: options.eol,
    quote_record_delimiter: false,
    quoted_match: QUOTED,
    quoted: options.quoteAll === true,
    quoted_empty: options.quoteAll === true,
  };
  // Rows go to csv-stringify a batch at a time: a table of a million rows is
  // never held as cells, only the batch being written.
  let first = true;
  let batch: string[][] = [];
  for (const r of records) {
    if (batch.length === BATCH) {
      yield stringify(batch, { ...settings, bom: first && options.bom === true, eof: true });
      first = false;
      batch = [];
    }
    batch.push(r as string[]);
  }
  if (batch.length > 0 || first) yield stringify(batch, { ...settings, bom: first && options.bom === true, eof: options.eof !== false });
}

/**
 * Rows per call of csv-stringify. Small enough for a batch's cells and text
 * to die in V8's young generation: batches of 4 096 rows were promoted to the
 * old one, which then grew to several times what is alive (one million
 * invoice lines in 333 576 invoices: peak RSS 722 MiB at 4 096, 388 MiB at
 * 256, same time; docs/performance.md).
 */
const BATCH = 256;

/** Quoted besides the delimiter and quotes: white space at either edge, and a line break (CR or LF) anywhere. */
const QUOTED = /^\s|\s$|[\r\n]/;

/** One table as CSV text: the header (English or French names), then one record per row. */
export function renderTable(columns: readonly Column[], rows: Iterable<readonly Cell[]>, dialect: Dialect): string {
  return [...renderTableChunks(columns, rows, dialect)].join('');
}

/** `renderTable`, one piece of text at a time (see `stringifyCsvChunks`). */
export function renderTableChunks(columns: readonly Column[], rows: Iterable<readonly Cell[]>, dialect: Dialect): Generator<string> {
  const fr = dialect === 'excel-fr';
  function* records(): Generator<string[]> {
    yield columns.map((c) => (fr ? c.fr : c.en));
    for (const r of rows) yield r.map((cell) => formatCell(cell, dialect));
  }
  // RFC 4180 §2.1 ends records with CRLF; excel-fr does too, after a BOM (SPEC §4).
  return stringifyCsvChunks(records(), { delimiter: fr ? ';' : ',', eol: '\r\n', bom: fr });
}
