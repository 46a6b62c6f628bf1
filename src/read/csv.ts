/**
 * Reads one input CSV file (SPEC.md §3.1) into records whose fields keep
 * their line and field number, so that every later error can point at them.
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
import { Buffer, isUtf8 } from 'node:buffer';
import { error, warning, type Diagnostic } from '../core/diagnostic.js';
import { closest } from '../core/suggest.js';
import { headerName } from './header-names.js';

export interface CsvCell {
  text: string;
  line: number;
  /** 1-based field number. */
  column: number;
}

/**
 * One record: its fields as strings in column order, with the line numbers
 * kept for error messages. The column names live once in the table (`columns`
 * and `columnIndex`), never in each row: on a million rows, one Map and nine
 * cell objects per row were most of the reading time (garbage collection).
 */
export class CsvRow {
  constructor(
    /** Column name → 0-based field index, shared by every row of the table. */
    readonly columnIndex: ReadonlyMap<string, number>,
    /** Line where the record starts. */
    readonly line: number,
    /** Field texts, trimmed (unquoted) or unquoted, in column order. */
    readonly fields: readonly string[],
    /** Line of each field when the record spans several lines, else null (all on `line`). */
    readonly fieldLines: readonly number[] | null,
  ) {}

  /** The text of a column (normalised name); undefined when the file has no such column. */
  text(name: string): string | undefined {
    const j = this.columnIndex.get(name);
    return j === undefined ? undefined : this.fields[j];
  }

  /** A cell with its place; undefined when the file has no such column. */
  cell(name: string): CsvCell | undefined {
    const j = this.columnIndex.get(name);
    if (j === undefined) return undefined;
    return { text: this.fields[j]!, line: this.fieldLines === null ? this.line : this.fieldLines[j]!, column: j + 1 };
  }

  /** Every cell keyed by column name, built on demand (for small files; the readers use `fields`). */
  get cells(): Map<string, CsvCell> {
    const out = new Map<string, CsvCell>();
    for (const name of this.columnIndex.keys()) out.set(name, this.cell(name)!);
    return out;
  }
}

export interface CsvTable {
  file: string;
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ',' | ';';
  /** Normalised column names, in file order. */
  columns: string[];
  /** Column name → 0-based field index. */
  columnIndex: ReadonlyMap<string, number>;
  rows: CsvRow[];
}

/** What `scanCsv` knows once the header is read. */
export interface CsvHeader {
  file: string;
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ',' | ';';
  columns: string[];
  columnIndex: ReadonlyMap<string, number>;
}

/**
 * Called once per good record (right field count, no syntax error, not
 * blank), with a fresh array of its fields.
 */
export type CsvVisitor = (fields: readonly string[], line: number, fieldLines: readonly number[] | null) => void;

export interface ColumnSpec {
  required: readonly string[];
  optional: readonly string[];
  /** French names read as the English ones (header-names.ts). */
  french?: Readonly<Record<string, string>>;
}

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

/**
 * Decodes the bytes: a UTF-8 BOM is dropped; invalid UTF-8 is read as
 * Windows-1252. Validation and decoding use Node's SIMD UTF-8 routines
 * (`isUtf8`, `toString`), several times faster than a fatal `TextDecoder` on
 * large files, with the same result (a later U+FEFF is kept, as with
 * `ignoreBOM`).
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (isUtf8(buffer)) return { text: buffer.toString('utf8'), encoding: 'utf-8' };
  return { text: decodeWindows1252(body), encoding: 'windows-1252' };
}

/** How the text is decoded; only tests change it (to cut windows everywhere). */
export interface ScanOptions {
  /** Bytes decoded per window (default 32 KiB). */
  windowBytes?: number;
}

/** Reads a whole file into a table of rows (see `scanCsv` for the streaming form). */
export function readCsv(file: string, bytes: Uint8Array, spec: ColumnSpec, options: ScanOptions = {}): { table: CsvTable | null; diagnostics: Diagnostic[] } {
  const rows: CsvRow[] = [];
  let index: ReadonlyMap<string, number> = new Map();
  const { header, diagnostics } = scanCsv(file, bytes, spec, (fields, line, fieldLines) => {
    rows.push(new CsvRow(index, line, fields, fieldLines));
  }, (h) => {
    index = h.columnIndex;
  }, options);
  if (header === null) return { table: null, diagnostics };
  return { table: { ...header, rows }, diagnostics };
}

/**
 * Reads a file record by record, calling `visit` for every good record, so
 * that a caller keeps only what it needs. Every problem is a diagnostic; the
 * header is null when the file cannot be read as a table (empty file, bad
 * header, unclosed quote).
 */
export function scanCsv(
  file: string,
  bytes: Uint8Array,
  spec: ColumnSpec,
  visit: CsvVisitor,
  onHeader?: (header: CsvHeader) => void,
  options: ScanOptions = {},
): { header: CsvHeader | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const window = Math.max(1, options.windowBytes ?? CHUNK);
  const source = new TextSource(bytes);
  if (source.encoding === 'windows-1252') {
    diagnostics.push(warning('windows-1252', 'read as Windows-1252 because the file is not valid UTF-8 (save it as "CSV UTF-8" to silence this warning)', { file }));
  }

  // The header is the first line holding something other than whitespace.
  let text = source.more(window) ?? '';
  let first = text.search(/\S/);
  for (let more: string | null; first < 0 && (more = source.more(text.length)) !== null; first = text.search(/\S/)) text += more;
  if (first < 0) {
    diagnostics.push(error('empty-file', 'the file is empty: expected a header line naming the columns', { file, line: 1 }));
    return { header: null, diagnostics };
  }
  // Lines ended by a carriage return alone (classic Mac OS, some exports):
  // read as one endless header line, they would give a page of misleading
  // "unknown column" errors. Said once instead.
  const cr = text.indexOf('\r', first);
  const lf = text.indexOf('\n', first);
  if (cr >= 0 && (lf < 0 || cr < lf) && cr + 1 < text.length && text[cr + 1] !== '\n') {
    diagnostics.push(error('cr-line-ends', 'lines end with a carriage return alone (the old Mac format): save the file again as CSV, with LF or CRLF line ends', { file, line: 1 }));
    return { header: null, diagnostics };
  }
  const start = text.lastIndexOf('\n', first) + 1;
  const headerLine = 1 + countNewlines(text, 0, start);
  let delimiter = detectDelimiter(text, start);
  for (let more: string | null; delimiter === null && (more = source.more(text.length)) !== null; delimiter = detectDelimiter(text, start)) text += more;
  const scanner = new Scanner(source, window, text, start, headerLine, delimiter ?? detectDelimiter(text, start, true)!, file, diagnostics);

  if (!scanner.next() || scanner.bad) return { header: null, diagnostics };
  const columns = checkHeader(file, scanner, spec, diagnostics);
  if (columns === null) return { header: null, diagnostics };
  const header: CsvHeader = { file, encoding: source.encoding, delimiter: scanner.delimiter, columns, columnIndex: new Map(columns.map((c, j) => [c, j])) };
  onHeader?.(header);

  const width = columns.length;
  while (scanner.next()) {
    const fields = scanner.fields;
    if (isBlank(fields) || scanner.bad) continue;
    const line = scanner.recordLine;
    if (fields.length !== width) {
      diagnostics.push(error('field-count', `expected ${width} fields, found ${fields.length}`, { file, line, column: Math.min(width, fields.length) + 1 }));
      continue;
    }
    visit(fields, line, scanner.fieldLines);
  }
  if (scanner.fatal) return { header: null, diagnostics };
  return { header, diagnostics };
}

/** Bytes decoded per window: small enough for the young generation, large enough to make the calls rare. */
const CHUNK = 32 * 1024;

/**
 * The text of a file, decoded window by window: each window ends just after
 * a line feed byte (never inside a UTF-8 sequence), so that a file of 100 MB
 * is never one string of 100 to 200 MB. A Windows-1252 file (written by
 * hand or by Excel, small) is decoded whole.
 */
class TextSource {
  readonly encoding: 'utf-8' | 'windows-1252';
  private readonly bytes: Buffer | null;
  private whole: string | null = null;
  private offset = 0;

  constructor(raw: Uint8Array) {
    const body = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
    const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (isUtf8(buffer)) {
      this.encoding = 'utf-8';
      this.bytes = buffer;
    } else {
      this.encoding = 'windows-1252';
      this.bytes = null;
      this.whole = decodeWindows1252(body);
    }
  }

  hasMore(): boolean {
    return this.bytes === null ? this.whole !== null : this.offset < this.bytes.length;
  }

  /** The next window, of at least `min` bytes unless the file ends first; null at the end. */
  more(min: number): string | null {
    if (this.bytes === null) {
      const text = this.whole;
      this.whole = null;
      return text;
    }
    const { bytes, offset } = this;
    if (offset >= bytes.length) return null;
    const lf = bytes.indexOf(LF, Math.min(offset + Math.max(1, min), bytes.length) - 1);
    const end = lf < 0 ? bytes.length : lf + 1;
    this.offset = end;
    return bytes.toString('utf8', offset, end);
  }
}

/** Normalised header names, or null after reporting why the header is unusable. */
function checkHeader(file: string, scanner: Scanner, spec: ColumnSpec, diagnostics: Diagnostic[]): string[] | null {
  const accepted = [...spec.required, ...spec.optional];
  const acceptedSet = new Set(accepted);
  const names = scanner.fields.map((f) => headerName(f, spec));
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

/**
 * `;` when the header line holds more `;` than `,` outside quotes, else `,`.
 * The header line ends at a line feed, or at the end of the text when
 * `atEnd` (the whole file is a header); otherwise null means more text is needed.
 */
function detectDelimiter(text: string, start: number, atEnd = false): ',' | ';' | null {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted) {
      if (c === LF) return semicolons > commas ? ';' : ',';
      if (c === 59) semicolons++;
      else if (c === 44) commas++;
    }
  }
  return atEnd ? (semicolons > commas ? ';' : ',') : null;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * `text.slice(a, b).trim()`, without calling `trim` when the field starts and
 * ends with printable ASCII (nothing to trim: the usual case).
 */
function trimmedSlice(text: string, a: number, b: number): string {
  if (a === b) return '';
  const first = text.charCodeAt(a);
  const last = text.charCodeAt(b - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return text.slice(a, b);
  return text.slice(a, b).trim();
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
    private readonly source: TextSource,
    private readonly window: number,
    /** The current window of the text: it ends just after a line feed, or at the end of the file. */
    private text: string,
    start: number,
    firstLine: number,
    readonly delimiter: ',' | ';',
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.pos = start;
    this.line = firstLine;
    this.code = delimiter.charCodeAt(0);
  }

  /**
   * Adds at least `min` bytes of text after the current record's start:
   * false at the end of the file. Positions restart at the record's start.
   */
  private extend(min: number): boolean {
    const more = this.source.more(min);
    if (more === null) return false;
    this.text = this.text.slice(this.pos) + more;
    this.pos = 0;
    this.nextQuote = -1;
    return true;
  }

  /** Reads the next record; false at the end of the text or after a fatal error. */
  next(): boolean {
    if (this.fatal) return false;
    if (this.pos >= this.text.length && !this.extend(this.window)) return false;
    const { text, pos } = this;
    this.recordLine = this.line;
    this.bad = false;
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (this.nextQuote < pos) {
      const q = text.indexOf('"', pos);
      this.nextQuote = q < 0 ? Infinity : q;
    }
    if (this.nextQuote >= end) {
      // Fast path: no quote on this line. Each field is cut once from the text.
      const fields: string[] = [];
      const delimiter = this.delimiter;
      let a = pos;
      for (;;) {
        let b = text.indexOf(delimiter, a);
        if (b < 0 || b > end) b = end;
        fields.push(trimmedSlice(text, a, b));
        if (b === end) break;
        a = b + 1;
      }
      this.fields = fields;
      this.fieldLines = null;
      this.pos = end + 1;
      this.line++;
      return true;
    }
    // A quoted field may end in a later window: read the record again with more text, the window doubling each time.
    const reported = this.diagnostics.length;
    for (let min = this.window; ; min *= 2) {
      const r = this.quotedRecord();
      if (r !== null) return r;
      if (!this.source.hasMore()) {
        this.fatal = true;
        this.diagnostics.push(this.unclosed!);
        return false;
      }
      this.diagnostics.length = reported;
      this.bad = false;
      this.extend(min);
    }
  }

  /** The error of an unclosed quote, reported only once the file has no more text. */
  private unclosed: Diagnostic | null = null;

  private syntax(message: string, line: number, column: number): void {
    if (this.bad) return; // one syntax error per record is enough
    this.bad = true;
    this.diagnostics.push(error('csv-syntax', message, { file: this.file, line, column }));
  }

  /**
   * Slow path: a record with at least one quote, possibly spanning lines;
   * null when a quoted field is still open at the end of the window.
   */
  private quotedRecord(): boolean | null {
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
            this.unclosed = error('unclosed-quote', 'a quoted field opens here but its closing quote is missing', { file: this.file, line: fieldLine, column });
            return null;
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
