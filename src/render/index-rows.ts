/**
 * Adding rows to the workspace's index file without touching what is there:
 * every byte of the existing file stays as it is (header, rows, blank lines,
 * BOM, encoding); each new row is inserted after the existing row that
 * precedes it in (period, published_on) order, so a sorted file stays
 * sorted, and written in the file's own dialect: its delimiter, its column
 * order, its decimal separator, its date and month formats, its quoting and
 * its line endings.
 *
 * The work is done on the bytes seen as Latin-1 (one character per byte), so
 * that a UTF-8 or Windows-1252 file comes back byte for byte; new rows are
 * ASCII.
 */
import { toFrenchDate } from '../core/dates.js';
import type { NewIndexRow } from '../core/index-merge.js';
import type { IndexRow } from '../core/model.js';
import type { CsvTable } from '../read/csv.js';
import { stringifyCsv } from './table.js';

export interface IndexDialect {
  delimiter: ',' | ';';
  /** Normalised column names in file order (period, value, published_on, and maybe status). */
  columns: string[];
  decimalComma: boolean;
  frenchDates: boolean;
  frenchMonths: boolean;
  quoteAll: boolean;
  crlf: boolean;
}

/** The dialect of a new index file. */
export const NEW_FILE_DIALECT: IndexDialect = {
  delimiter: ',',
  columns: ['period', 'value', 'published_on', 'status'],
  decimalComma: false,
  frenchDates: false,
  frenchMonths: false,
  quoteAll: false,
  crlf: false,
};

function linesOf(bytes: Uint8Array): { bom: boolean; lines: string[]; finalNewline: boolean } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = Buffer.from(bom ? bytes.subarray(3) : bytes).toString('latin1');
  const finalNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (finalNewline) lines.pop();
  return { bom, lines, finalNewline };
}

const isBlank = (line: string) => /^[\s\u00a0]*$/.test(line);

/** How the existing rows are written: the majority wins, ties go to the plain CSV way. */
export function detectDialect(bytes: Uint8Array, table: CsvTable): IndexDialect {
  const { lines } = linesOf(bytes);
  const headerIndex = lines.findIndex((l) => !isBlank(l));
  let comma = 0, dot = 0, frDate = 0, isoDate = 0, frMonth = 0, isoMonth = 0, quoted = 0;
  for (const row of table.rows) {
    const v = row.cells.get('value')?.text ?? '';
    if (v.includes(',')) comma++;
    else if (v.includes('.')) dot++;
    const d = row.cells.get('published_on')?.text ?? '';
    if (/^\d{2}\/\d{2}\/\d{4}$/.test(d)) frDate++;
    else isoDate++;
    const p = row.cells.get('period')?.text ?? '';
    if (/^\d{2}\/\d{4}$/.test(p)) frMonth++;
    else isoMonth++;
    if ((lines[row.line - 1] ?? '').trimStart().startsWith('"')) quoted++;
  }
  return {
    delimiter: table.delimiter,
    columns: table.columns,
    decimalComma: comma > dot,
    frenchDates: frDate > isoDate,
    frenchMonths: frMonth > isoMonth,
    quoteAll: quoted * 2 > table.rows.length,
    crlf: headerIndex >= 0 && lines[headerIndex]!.endsWith('\r'),
  };
}

/** One row in the dialect, without its line ending. */
export function formatRow(row: NewIndexRow, d: IndexDialect): string {
  const fields = fieldsOf(row, d);
  return stringifyCsv([d.columns.map((c) => fields[c] ?? '')], { delimiter: d.delimiter, eol: '\n', quoteAll: d.quoteAll, eof: false });
}

/** The texts of a new row's fields in the dialect, by column name. */
function fieldsOf(row: NewIndexRow, d: IndexDialect): Record<string, string> {
  return {
    period: d.frenchMonths ? `${row.period.slice(5, 7)}/${row.period.slice(0, 4)}` : row.period,
    value: d.decimalComma ? row.value.replace('.', ',') : row.value,
    published_on: d.frenchDates ? toFrenchDate(row.publishedOn) : row.publishedOn,
    status: row.status,
    estimated: row.estimated === true ? 'yes' : '',
  };
}

/** A new index file holding `rows` (sorted), in the plain CSV dialect. */
export function newIndexFile(rows: readonly NewIndexRow[]): Uint8Array {
  const d = rows.some((r) => r.estimated === true) ? { ...NEW_FILE_DIALECT, columns: [...NEW_FILE_DIALECT.columns, 'estimated'] } : NEW_FILE_DIALECT;
  const sorted = [...rows].sort(compareRows);
  return Buffer.from(stringifyCsv([d.columns, ...sorted.map((r) => d.columns.map((c) => fieldsOf(r, d)[c] ?? ''))], { delimiter: d.delimiter, eol: '\n' }), 'latin1');
}

const keyOf = (r: { period: string; publishedOn: string }) => `${r.period} ${r.publishedOn}`;
function compareRows(a: NewIndexRow, b: NewIndexRow): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The file's bytes with `rows` inserted. `existing` are the rows the reader
 * found (with their start lines); a row spans from its start line to the
 * line before the next row, blank lines after it excepted.
 */
export function insertRows(bytes: Uint8Array, existing: readonly IndexRow[], rows: readonly NewIndexRow[], given: IndexDialect): Uint8Array {
  const { bom, lines, finalNewline } = linesOf(bytes);
  const headerIndex = lines.findIndex((l) => !isBlank(l));
  const records = [...existing].sort((a, b) => a.src.line - b.src.line);
  // Last line (0-based) of each record.
  const ends = new Map<IndexRow, number>();
  records.forEach((r, k) => {
    let end = (k + 1 < records.length ? records[k + 1]!.src.line - 1 : lines.length) - 1;
    while (end > r.src.line - 1 && isBlank(lines[end]!)) end--;
    ends.set(r, end);
  });
  let dialect = given;
  if (!dialect.columns.includes('estimated') && rows.some((r) => r.estimated === true) && headerIndex >= 0) {
    // Estimated dates need the `estimated` column: added at the end of the header, empty in every existing row.
    dialect = { ...dialect, columns: [...dialect.columns, 'estimated'] };
    const add = (i: number, text: string) => {
      const line = lines[i]!;
      const cr = line.endsWith('\r');
      lines[i] = `${cr ? line.slice(0, -1) : line}${dialect.delimiter}${text}${cr ? '\r' : ''}`;
    };
    add(headerIndex, dialect.quoteAll ? '"estimated"' : 'estimated');
    for (const r of existing) add(ends.get(r)!, '');
  }
  const byKey = [...records].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  // New rows to write after each line (0-based index).
  const after = new Map<number, NewIndexRow[]>();
  for (const row of [...rows].sort(compareRows)) {
    const k = keyOf(row);
    let anchor: number;
    const before = byKey.filter((r) => keyOf(r) < k).pop();
    if (before) anchor = ends.get(before)!;
    else if (byKey.length > 0) anchor = byKey[0]!.src.line - 2;
    else anchor = headerIndex;
    const list = after.get(anchor);
    if (list) list.push(row);
    else after.set(anchor, [row]);
  }
  const eol = dialect.crlf ? '\r\n' : '\n';
  // Each output line with its ending; the original last line keeps its lack of one if it stays last.
  const out: { text: string; ending: string }[] = [];
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    out.push({ text: line, ending: last && !finalNewline ? '' : '\n' });
    for (const r of after.get(i) ?? []) out.push({ text: formatRow(r, dialect), ending: eol });
  });
  if (out.length > 0 && !finalNewline) {
    const tail = out[out.length - 1]!;
    if (tail.ending !== '') tail.ending = '';
    for (let i = 0; i < out.length - 1; i++) {
      if (out[i]!.ending === '') out[i]!.ending = dialect.crlf && !out[i]!.text.endsWith('\r') ? '\r\n' : '\n';
    }
  }
  const text = out.map((l) => l.text + l.ending).join('');
  return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'latin1')]);
}
