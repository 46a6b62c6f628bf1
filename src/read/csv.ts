/**
 * Reads one input CSV file (SPEC.md §3.1) into records whose fields keep
 * their line and field number, so that every later error can point at them.
 *
 * The tokenizer is csv-parse (RFC 4180 records separated by LF or CRLF; a
 * field is unquoted, its surrounding white space trimmed, or quoted, `""`
 * for a quote, spaces and tabs around the quotes ignored). What stays here is
 * what csv-parse does not give:
 * - the encoding (UTF-8, else Windows-1252, decoded by hand: see below);
 * - the delimiter, `;` or `,`, chosen on the header line (csv-parse's
 *   `delimiter` array would make both live in every record);
 * - positions. csv-parse's `info.lines` is the line where a record *ends* and
 *   counts a CRLF inside quotes twice, and per-record `info` doubles its
 *   cost; so no `info` is asked for. Blank lines are kept as records
 *   (`skip_empty_lines: false`), and a record starts one line after the
 *   previous one plus the line feeds inside the previous one's fields: the
 *   line of every record and of every field follows from the field texts. An
 *   error stops csv-parse; its place is then found by parsing the failing
 *   record again one line at a time (see `locate`), and reading resumes on the
 *   line after it, so that every bad record is reported, not only the first.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { Parser } from 'csv-parse';
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


const LF = 10;
const CR = 13;

/**
 * Decodes the bytes: a UTF-8 BOM is dropped; invalid UTF-8 is read as
 * Windows-1252. Validation and decoding use Node's SIMD UTF-8 routines
 * (`isUtf8`, `toString`), several times faster than a fatal `TextDecoder` on
 * large files, with the same result (a later U+FEFF is kept, as with
 * `ignoreBOM`).
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const { buffer, encoding } = utf8Bytes(bytes);
  return { text: buffer.toString('utf8'), encoding };
}

/** Bytes handed to csv-parse at a time (tests make it tiny to cut fields and characters anywhere). */
const CHUNK = 64 * 1024;

/** How the text is handed to csv-parse; only tests change it. */
export interface ScanOptions {
  /** Bytes per chunk (default 64 KiB). */
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
  const chunk = Math.max(1, options.windowBytes ?? CHUNK);
  const { buffer, encoding } = utf8Bytes(bytes);
  if (encoding === 'windows-1252') {
    diagnostics.push(warning('windows-1252', 'read as Windows-1252 because the file is not valid UTF-8 (save it as "CSV UTF-8" to silence this warning)', { file }, { values: {} }));
  }

  // The header is the first line holding something other than white space.
  let start = 0;
  let headerLine = 1;
  for (;;) {
    if (start >= buffer.length) {
      diagnostics.push(error('empty-file', 'the file is empty: expected a header line naming the columns', { file, line: 1 }, { values: {}, variant: 'csv' }));
      return { header: null, diagnostics };
    }
    const lf = buffer.indexOf(LF, start);
    const end = lf < 0 ? buffer.length : lf;
    if (/\S/.test(buffer.toString('utf8', start, end))) break;
    start = end + 1;
    headerLine++;
  }
  // Lines ended by a carriage return alone (classic Mac OS, some exports):
  // read as one endless header line, they would give a page of misleading
  // "unknown column" errors. Said once instead.
  const cr = buffer.indexOf(CR, start);
  const lf = buffer.indexOf(LF, start);
  if (cr >= 0 && (lf < 0 || cr < lf) && cr + 1 < buffer.length && buffer[cr + 1] !== LF) {
    diagnostics.push(error('cr-line-ends', 'lines end with a carriage return alone (the old Mac format): save the file again as CSV, with LF or CRLF line ends', { file, line: 1 }, { values: {} }));
    return { header: null, diagnostics };
  }

  const delimiter = detectDelimiter(buffer, start, chunk);
  let header: CsvHeader | null = null;
  let width = 0;
  let headerBad = false;
  const ending = parseRecords(buffer, start, headerLine, delimiter, chunk, {
    record(fields, line, fieldLines) {
      if (header === null) {
        const columns = checkHeader(file, fields, line, fieldLines, spec, diagnostics);
        if (columns === null) {
          headerBad = true;
          return false;
        }
        header = { file, encoding, delimiter, columns, columnIndex: new Map(columns.map((c, j) => [c, j])) };
        width = columns.length;
        onHeader?.(header);
        return true;
      }
      if (isBlank(fields)) return true;
      if (fields.length !== width) {
        diagnostics.push(fieldCountError(file, fields, width, line, fieldLines, delimiter));
        return true;
      }
      visit(fields, line, fieldLines);
      return true;
    },
    syntax(d) {
      diagnostics.push({ ...d, file });
      if (header === null) headerBad = true;
      return header !== null;
    },
  });
  if (ending === 'unclosed' || headerBad || header === null) return { header: null, diagnostics };
  return { header, diagnostics };
}

/**
 * Every non-blank record of a CSV text that has no fixed header (an INSEE
 * download): cells with their line and field number. The delimiter is
 * chosen on the first non-blank line (`tie` when it holds as many `,` as
 * `;`). Syntax errors are reported with `code`; `records` is null after one.
 */
export function readCsvRecords(file: string, bytes: Uint8Array, tie: ',' | ';', code: string): { records: CsvCell[][] | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { buffer } = utf8Bytes(bytes);
  let start = 0;
  let line = 1;
  for (;;) {
    if (start >= buffer.length) return { records: [], diagnostics };
    const lf = buffer.indexOf(LF, start);
    const end = lf < 0 ? buffer.length : lf;
    if (/\S/.test(buffer.toString('utf8', start, end))) break;
    start = end + 1;
    line++;
  }
  const semicolons = delimiterWidth(buffer, start, ';', CHUNK);
  const commas = delimiterWidth(buffer, start, ',', CHUNK);
  const delimiter = semicolons > commas ? ';' : commas > semicolons ? ',' : tie;
  const records: CsvCell[][] = [];
  parseRecords(buffer, start, line, delimiter, CHUNK, {
    record(fields, at, fieldLines) {
      if (!isBlank(fields)) records.push(fields.map((text, j) => ({ text, line: fieldLines?.[j] ?? at, column: j + 1 })));
      return true;
    },
    syntax(d) {
      // The INSEE reader's code: its catalogue texts are diag.insee-csv-syntax.<variant>, the same words.
      diagnostics.push({ ...d, code, file, ...(d.code === 'unclosed-quote' ? { variant: 'unclosedQuote' } : {}) });
      return diagnostics.length < 20;
    },
  });
  return { records: diagnostics.length > 0 ? null : records, diagnostics };
}

/**
 * `expected N fields, found M` at the first field too many or missing; when
 * a record has too few fields and one of them holds the other delimiter (a
 * `,` typed for a `;`), at that field, saying so.
 */
function fieldCountError(file: string, fields: readonly string[], width: number, line: number, fieldLines: readonly number[] | null, delimiter: ',' | ';'): Diagnostic {
  const message = `expected ${width} fields, found ${fields.length}`;
  if (fields.length < width) {
    const other = delimiter === ';' ? ',' : ';';
    const j = fields.findIndex((f) => f.includes(other));
    if (j >= 0) {
      return error('field-count', `${message}: field ${j + 1} holds a "${other}" where a "${delimiter}" may be meant (this file's fields are separated by "${delimiter}", as on its header line)`, {
        file,
        line: fieldLines?.[j] ?? line,
        column: j + 1,
      }, { values: { width, found: fields.length, field: j + 1, other, delimiter }, variant: 'delimiter' });
    }
  }
  return error('field-count', message, { file, line, column: Math.min(width, fields.length) + 1 }, { values: { width, found: fields.length } });
}

/** The bytes as UTF-8 without a leading BOM: as they are when valid UTF-8, else decoded as Windows-1252. */
function utf8Bytes(raw: Uint8Array): { buffer: Buffer; encoding: 'utf-8' | 'windows-1252' } {
  const body = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (isUtf8(buffer)) return { buffer, encoding: 'utf-8' };
  return { buffer: Buffer.from(decodeWindows1252(body), 'utf8'), encoding: 'windows-1252' };
}

/** What csv-parse is asked for: arrays of strings, no `info`, no `raw`, blank lines kept (they count). */
function parserOptions(delimiter: ',' | ';') {
  return { delimiter, record_delimiter: ['\r\n', '\n'], trim: true, relax_column_count: true, skip_empty_lines: false };
}

interface CsvParseError {
  code: string;
  /** 0-based field of the record where csv-parse stopped. */
  index: number;
  /** The field was (or had been) quoted. */
  quoting: boolean;
}

/**
 * csv-parse's push interface (the one its stream and sync forms are built on):
 * `parse(chunk, end, push, close)` returns the error that stopped it, if any.
 * Reached through `Parser#api`, since the package exports it no other way;
 * checked at each use so that a change in a later csv-parse is a clear bug
 * report, not wrong results.
 */
interface PushParser {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): (Error & Partial<CsvParseError>) | undefined;
}

function pushParser(delimiter: ',' | ';'): PushParser {
  const api = (new Parser(parserOptions(delimiter)) as unknown as { api?: PushParser }).api;
  if (typeof api?.parse !== 'function') throw new Error('csv-parse: Parser#api.parse is missing (csv-parse changed its internals)');
  return api;
}

/** `;` when the header line holds more fields with `;` than with `,` (both read by csv-parse), else `,`. */
function detectDelimiter(buffer: Buffer, start: number, chunk: number): ',' | ';' {
  const lf = buffer.indexOf(LF, start);
  // No `;` on the header's first line: `,` without parsing it twice (start-up time).
  if (buffer.indexOf(59, start) < 0 || (lf >= 0 && buffer.indexOf(59, start) > lf && buffer.lastIndexOf(34, lf) < start)) return ',';
  return delimiterWidth(buffer, start, ';', chunk) > delimiterWidth(buffer, start, ',', chunk) ? ';' : ',';
}

/** The number of fields of the record at `start` read with `delimiter` (-1 if it is not valid CSV that way). */
function delimiterWidth(buffer: Buffer, start: number, delimiter: ',' | ';', chunk: number): number {
  let n = -1;
  // Fed a line at a time (at most): csv-parse reads a whole chunk before the sink can stop it.
  const lf = buffer.indexOf(LF, start);
  const line = (lf < 0 ? buffer.length : lf + 1) - start;
  parseRecords(buffer, start, 1, delimiter, Math.max(1, Math.min(chunk, line)), {
    record(fields) {
      n = fields.length;
      return false;
    },
    syntax: () => false,
  });
  return n;
}

interface RecordSink {
  /** A record (blank ones too: `['']`); false stops the reading. */
  record(fields: string[], line: number, fieldLines: number[] | null): boolean;
  /** A syntax error (its place found); false stops the reading. */
  syntax(d: Diagnostic): boolean;
}

/**
 * Reads records with csv-parse from `start` (the first byte of line `line`)
 * to the end or until the sink says stop. After a syntax error (reported),
 * reading resumes at the line after it; an unclosed quote ends the reading.
 */
function parseRecords(buffer: Buffer, start: number, line: number, delimiter: ',' | ';', chunk: number, sink: RecordSink): 'end' | 'stopped' | 'unclosed' {
  let offset = start;
  while (offset < buffer.length) {
    const parser = pushParser(delimiter);
    const from = { offset, line };
    let stopped = false;
    const push = (fields: string[]) => {
      if (stopped) return;
      // The line feeds inside fields (only in quoted ones) move the next field and the next record down.
      let lines: number[] | null = null;
      let at = line;
      for (let j = 0; j < fields.length; j++) {
        const f = fields[j]!;
        if (lines !== null) lines.push(at);
        for (let k = f.indexOf('\n'); k >= 0; k = f.indexOf('\n', k + 1)) {
          if (lines === null) lines = new Array<number>(j + 1).fill(line);
          at++;
        }
      }
      const recordLine = line;
      line = at + 1;
      if (!sink.record(fields, recordLine, lines)) stopped = true;
    };
    let failure: (Error & Partial<CsvParseError>) | undefined;
    for (let p = offset; failure === undefined && !stopped; p += chunk) {
      const end = p + chunk >= buffer.length;
      failure = parser.parse(buffer.subarray(p, Math.min(p + chunk, buffer.length)), end, push, () => {});
      if (end) break;
    }
    if (stopped) return 'stopped';
    if (failure === undefined) return 'end';
    // The failing record starts at `line`; its byte offset is that many line feeds after where this parser started.
    let recordStart = from.offset;
    for (let l = from.line; l < line; l++) recordStart = buffer.indexOf(LF, recordStart) + 1;
    const place = locate(buffer, recordStart, line, delimiter, failure);
    if (place === null) throw failure; // not a syntax error: a bug
    if (place.code === 'unclosed-quote') {
      sink.syntax(error('unclosed-quote', 'a quoted field opens here but its closing quote is missing', { file: '', line: place.line, column: place.column }, { values: {} }));
      return 'unclosed';
    }
    const variant = place.closedOn !== undefined ? 'runsOver' : place.code === 'INVALID_OPENING_QUOTE' && !place.quoting ? 'quoteInside' : 'afterClosing';
    const message =
      place.closedOn !== undefined
        ? `a quoted field opens here and runs over the next lines to a quote on line ${place.closedOn} followed by other text: is its closing quote missing? (a quote inside a field must be doubled)`
        : place.code === 'INVALID_OPENING_QUOTE' && !place.quoting
          ? 'a quote inside an unquoted field (quote the whole field and double the quotes inside it)'
          : 'unexpected text after the closing quote of a quoted field (a quote inside a field must be doubled)';
    const values: Record<string, number> = place.closedOn !== undefined ? { line: place.closedOn } : {};
    if (!sink.syntax(error('csv-syntax', message, { file: '', line: place.line, column: place.column }, { values, variant }))) return 'stopped';
    // Resume on the line after the error.
    offset = place.lineEnd;
    line = place.line + 1;
  }
  return 'end';
}

const SYNTAX_CODES = new Set(['INVALID_OPENING_QUOTE', 'CSV_INVALID_CLOSING_QUOTE', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED']);

interface Place {
  code: string;
  /** The failing field was (or had been) quoted. */
  quoting: boolean;
  line: number;
  column: number;
  /** When a quoted field opened on `line` ends with text after its closing quote on a later line: that line. */
  closedOn?: number;
  /** Line where the failing quoted field opened, when it is not the line of the error. */
  openedOn: number | null;
  /** The byte after the line where reading resumes. */
  lineEnd: number;
}

/**
 * Where csv-parse's error is, found with csv-parse itself on the failing
 * record (starting at byte `start`, line `line`) cut after one line, two
 * lines...: a syntax error is on the first line whose cut raises it; a quoted
 * field opens on the first line whose cut, read to its end, leaves that field
 * open. An unclosed quote, or a closing quote followed by text lines after
 * its field opened (a quote forgotten: the field swallowed the next lines),
 * is reported where the field opened, and reading resumes on the next line.
 */
function locate(buffer: Buffer, start: number, line: number, delimiter: ',' | ';', failure: Partial<CsvParseError>): Place | null {
  if (failure.code === undefined || !SYNTAX_CODES.has(failure.code)) return null;
  const ignore = () => {};
  /** First line l (and the byte after it) whose cut of the record makes `test` true. */
  const firstLine = (end: boolean, test: (e: Partial<CsvParseError> | undefined) => boolean): { l: number; after: number; e: Partial<CsvParseError> | undefined } => {
    for (let after = start, l = line; ; l++) {
      const lf = buffer.indexOf(LF, after);
      after = lf < 0 ? buffer.length : lf + 1;
      const e = pushParser(delimiter).parse(buffer.subarray(start, after), end || after >= buffer.length, ignore, ignore);
      if (test(e) || after >= buffer.length) return { l, after, e };
    }
  };
  const openedAt = (index: number) => firstLine(true, (e) => e?.code === 'CSV_QUOTE_NOT_CLOSED' && e.index === index);
  const column = (failure.index ?? 0) + 1;
  if (failure.code === 'CSV_QUOTE_NOT_CLOSED') {
    const o = openedAt(failure.index ?? 0);
    return { code: 'unclosed-quote', quoting: true, line: o.l, column, openedOn: o.l, lineEnd: o.after };
  }
  const hit = firstLine(false, (e) => e !== undefined);
  const e = hit.e ?? failure;
  const place: Place = { code: e.code ?? failure.code, quoting: e.quoting === true, line: hit.l, column: (e.index ?? 0) + 1, openedOn: null, lineEnd: hit.after };
  // Text after a closing quote (not a quote inside an unquoted field), lines after the record started.
  const afterClosingQuote = place.code !== 'INVALID_OPENING_QUOTE' || place.quoting;
  if (afterClosingQuote && hit.l > line) {
    const o = openedAt(e.index ?? 0);
    if (o.l < hit.l) return { ...place, line: o.l, column: (e.index ?? 0) + 1, openedOn: o.l, closedOn: hit.l, lineEnd: o.after };
  }
  return place;
}

/** Normalised header names, or null after reporting why the header is unusable. */
function checkHeader(file: string, fields: readonly string[], line: number, fieldLines: readonly number[] | null, spec: ColumnSpec, diagnostics: Diagnostic[]): string[] | null {
  const accepted = [...spec.required, ...spec.optional];
  const acceptedSet = new Set(accepted);
  const names = fields.map((f) => headerName(f, spec));
  const present = new Set(names);
  const unused = accepted.filter((c) => !present.has(c));
  const acceptedList =
    `(accepted columns: ${spec.required.join(', ')}` + (spec.optional.length > 0 ? `, and optionally ${spec.optional.join(', ')})` : ')');
  const listed: Record<string, string> = spec.optional.length > 0 ? { required: spec.required.join(', '), optional: spec.optional.join(', ') } : { required: spec.required.join(', ') };
  const also = spec.optional.length > 0 ? 'Optional' : '';
  const seen = new Map<string, number>();
  let ok = true;
  names.forEach((name, j) => {
    const at = { file, line: fieldLines?.[j] ?? line, column: j + 1 };
    const previous = seen.get(name);
    if (name === '') {
      ok = false;
      diagnostics.push(error('unknown-column', `column ${j + 1} has no name ${acceptedList}`, at, { values: { column: j + 1, ...listed }, variant: `noName${also}` }));
    } else if (previous !== undefined) {
      ok = false;
      diagnostics.push(error('duplicate-column', `duplicate column "${name}" (already column ${previous})`, at, { values: { name, previous } }));
    } else {
      seen.set(name, j + 1);
      if (!acceptedSet.has(name)) {
        ok = false;
        const suggestion = closest(name, unused, 2);
        const hint = suggestion === null ? '' : `; did you mean "${suggestion}"?`;
        diagnostics.push(error('unknown-column', `unknown column "${name}"${hint} ${acceptedList}`, at, { values: { name, ...listed, ...(suggestion === null ? {} : { near: suggestion }) }, variant: `${suggestion === null ? 'plain' : 'near'}${also}` }));
      }
    }
  });
  for (const column of spec.required) {
    if (!seen.has(column)) {
      ok = false;
      diagnostics.push(error('missing-column', `missing column "${column}"`, { file, line }, { values: { column } }));
    }
  }
  return ok ? names : null;
}


function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== '') return false;
  return true;
}
