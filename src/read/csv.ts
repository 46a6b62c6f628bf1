/**
 * Reads one input CSV file (SPEC.md §3.1) into rows whose cells know their
 * line and field number, so that every later error can point at them.
 *
 * The scanner is hand-written rather than csv-parse: on a million lines it is
 * several times faster, and csv-parse's `info.lines` is the line where a record
 * *ends* and counts a CRLF inside a quoted field as two lines. The tests
 * compare this scanner with csv-parse on random files.
 *
 * Grammar: RFC 4180 records separated by LF or CRLF; a field is either
 * unquoted (any text without the delimiter, a line break or a quote; the
 * whitespace around it is trimmed) or quoted (`"..."` holding anything, `""`
 * for a quote; spaces and tabs around the quotes are ignored).
 */
import { error, warning, type Diagnostic } from '../core/diagnostic.js';
import { closest } from '../core/suggest.js';

export interface CsvCell {
  text: string;
  line: number;
  /** 1-based field number. */
  column: number;
}

export interface CsvRow {
  /** Line where the record starts. */
  line: number;
  /** Keyed by normalised (trimmed, lowercased) column name. */
  cells: Map<string, CsvCell>;
}

export interface CsvTable {
  file: string;
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ',' | ';';
  /** Normalised column names, in file order. */
  columns: string[];
  rows: CsvRow[];
}

export interface ColumnSpec {
  required: readonly string[];
  optional: readonly string[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Windows-1252 bytes 0x80-0x9F (WHATWG index; 0x81, 0x8D, 0x8F, 0x90, 0x9D
 * stay C1 controls). Node's `TextDecoder('windows-1252')` cannot be trusted:
 * since Node 20.18.3 / 22.13.0 it decodes as ISO-8859-1 (nodejs/node#56542),
 * giving U+0080 instead of €.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Decodes the bytes: a UTF-8 BOM is dropped; invalid UTF-8 is read as Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: UTF8.decode(body), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'windows-1252' };
  }
}

export function readCsv(file: string, bytes: Uint8Array, spec: ColumnSpec): { table: CsvTable | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { text, encoding } = decodeCsvBytes(bytes);
  if (encoding === 'windows-1252') {
    diagnostics.push(warning('windows-1252', 'read as Windows-1252 because the file is not valid UTF-8 (save it as "CSV UTF-8" to silence this warning)', { file }));
  }

  // The header is the first line holding something other than whitespace.
  const first = text.search(/\S/);
  if (first < 0) {
    diagnostics.push(error('empty-file', 'the file is empty: expected a header line naming the columns', { file, line: 1 }));
    return { table: null, diagnostics };
  }
  const start = text.lastIndexOf('\n', first) + 1;
  const headerLine = 1 + countNewlines(text, 0, start);
  const delimiter = detectDelimiter(text, start);
  const scanner = new Scanner(text, start, headerLine, delimiter, file, diagnostics);

  if (!scanner.next() || scanner.bad) return { table: null, diagnostics };
  const columns = checkHeader(file, scanner, spec, diagnostics);
  if (columns === null) return { table: null, diagnostics };

  const width = columns.length;
  const rows: CsvRow[] = [];
  while (scanner.next()) {
    const fields = scanner.fields;
    if (isBlank(fields) || scanner.bad) continue;
    const line = scanner.recordLine;
    if (fields.length !== width) {
      diagnostics.push(error('field-count', `expected ${width} fields, found ${fields.length}`, { file, line, column: Math.min(width, fields.length) + 1 }));
      continue;
    }
    const fieldLines = scanner.fieldLines;
    const cells = new Map<string, CsvCell>();
    for (let j = 0; j < width; j++) {
      cells.set(columns[j]!, { text: fields[j]!, line: fieldLines === null ? line : fieldLines[j]!, column: j + 1 });
    }
    rows.push({ line, cells });
  }
  if (scanner.fatal) return { table: null, diagnostics };
  return { table: { file, encoding, delimiter, columns, rows }, diagnostics };
}

/** Normalised header names, or null after reporting why the header is unusable. */
function checkHeader(file: string, scanner: Scanner, spec: ColumnSpec, diagnostics: Diagnostic[]): string[] | null {
  const accepted = [...spec.required, ...spec.optional];
  const acceptedSet = new Set(accepted);
  const names = scanner.fields.map((f) => f.trim().toLowerCase());
  const present = new Set(names);
  const unused = accepted.filter((c) => !present.has(c));
  const acceptedList =
    `(accepted columns: ${spec.required.join(', ')}` + (spec.optional.length > 0 ? `, and optionally ${spec.optional.join(', ')})` : ')');
  const seen = new Map<string, number>();
  let ok = true;
  names.forEach((name, j) => {
    const at = { file, line: scanner.fieldLines?.[j] ?? scanner.recordLine, column: j + 1 };
    const previous = seen.get(name);
    if (name === '') {
      ok = false;
      diagnostics.push(error('unknown-column', `column ${j + 1} has no name ${acceptedList}`, at));
    } else if (previous !== undefined) {
      ok = false;
      diagnostics.push(error('duplicate-column', `duplicate column "${name}" (already column ${previous})`, at));
    } else {
      seen.set(name, j + 1);
      if (!acceptedSet.has(name)) {
        ok = false;
        const suggestion = closest(name, unused, 2);
        const hint = suggestion === null ? '' : `; did you mean "${suggestion}"?`;
        diagnostics.push(error('unknown-column', `unknown column "${name}"${hint} ${acceptedList}`, at));
      }
    }
  });
  for (const column of spec.required) {
    if (!seen.has(column)) {
      ok = false;
      diagnostics.push(error('missing-column', `missing column "${column}"`, { file, line: scanner.recordLine }));
    }
  }
  return ok ? names : null;
}

/** `;` when the header line holds more `;` than `,` outside quotes, else `,`. */
function detectDelimiter(text: string, start: number): ',' | ';' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted) {
      if (c === LF) break;
      if (c === 59) semicolons++;
      else if (c === 44) commas++;
    }
  }
  return semicolons > commas ? ';' : ',';
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== '') return false;
  return true;
}

/** Yields one record per `next()`; `fields` etc. describe the last record read. */
class Scanner {
  /** Fields of the current record, trimmed (unquoted) or unquoted. */
  fields: string[] = [];
  /** Line of each field when the record spans several lines, else null (all on `recordLine`). */
  fieldLines: number[] | null = null;
  recordLine = 0;
  /** The current record had a syntax error (reported): ignore it. */
  bad = false;
  /** An unclosed quote ended the scan (reported). */
  fatal = false;

  private pos: number;
  private line: number;
  /** Index of the next `"` at or after `pos` when `>= pos`; -1 before the first search, Infinity when none. */
  private nextQuote = -1;
  private readonly code: number;

  constructor(
    private readonly text: string,
    start: number,
    firstLine: number,
    private readonly delimiter: ',' | ';',
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.pos = start;
    this.line = firstLine;
    this.code = delimiter.charCodeAt(0);
  }

  /** Reads the next record; false at the end of the text or after a fatal error. */
  next(): boolean {
    const { text, pos } = this;
    if (this.fatal || pos >= text.length) return false;
    this.recordLine = this.line;
    this.bad = false;
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (this.nextQuote < pos) {
      const q = text.indexOf('"', pos);
      this.nextQuote = q < 0 ? Infinity : q;
    }
    if (this.nextQuote >= end) {
      // Fast path: no quote on this line.
      const fields = text.slice(pos, end).split(this.delimiter);
      for (let j = 0; j < fields.length; j++) fields[j] = fields[j]!.trim();
      this.fields = fields;
      this.fieldLines = null;
      this.pos = end + 1;
      this.line++;
      return true;
    }
    return this.quotedRecord();
  }

  private syntax(message: string, line: number, column: number): void {
    if (this.bad) return; // one syntax error per record is enough
    this.bad = true;
    this.diagnostics.push(error('csv-syntax', message, { file: this.file, line, column }));
  }

  /** Slow path: a record with at least one quote, possibly spanning lines. */
  private quotedRecord(): boolean {
    const { text, code } = this;
    const n = text.length;
    const fields: string[] = [];
    const lines: number[] = [];
    let line = this.line;
    let i = this.pos;
    for (;;) {
      const column = fields.length + 1;
      const fieldLine = line;
      let j = i;
      let c = text.charCodeAt(j);
      while (c === SPACE || c === TAB) c = text.charCodeAt(++j);
      let value: string;
      if (c === QUOTE) {
        value = '';
        let segment = j + 1;
        let k = segment;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) {
            this.fatal = true;
            this.diagnostics.push(
              error('unclosed-quote', 'a quoted field opens here but its closing quote is missing', { file: this.file, line: fieldLine, column }),
            );
            return false;
          }
          line += countNewlines(text, k, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segment, q + 1);
            k = segment = q + 2;
          } else {
            value += text.slice(segment, q);
            k = q + 1;
            break;
          }
        }
        j = k;
        c = text.charCodeAt(j);
        while (c === SPACE || c === TAB || (c === CR && text.charCodeAt(j + 1) !== LF)) c = text.charCodeAt(++j);
        if (c === CR) c = text.charCodeAt(++j); // CRLF
        if (j < n && c !== code && c !== LF) {
          this.syntax('unexpected text after the closing quote of a quoted field (a quote inside a field must be doubled)', line, column);
          while (j < n && c !== code && c !== LF) c = text.charCodeAt(++j);
        }
      } else {
        while (j < n && c !== code && c !== LF) {
          if (c === QUOTE) this.syntax('a quote inside an unquoted field (quote the whole field and double the quotes inside it)', line, column);
          c = text.charCodeAt(++j);
        }
        value = text.slice(i, j).trim();
      }
      fields.push(value);
      lines.push(fieldLine);
      if (j < n && c === code) {
        i = j + 1;
        continue;
      }
      // End of record: j is at a line feed or at the end of the text.
      this.fields = fields;
      this.fieldLines = line === this.recordLine ? null : lines;
      this.pos = j + 1;
      this.line = line + 1;
      return true;
    }
  }
}
