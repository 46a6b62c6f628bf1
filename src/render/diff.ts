/**
 * Comparing a recomputed output with the file found on disk, and saying
 * where they differ in terms a person can check: file, row, field, both values.
 */
import { parse } from 'csv-parse/sync';
import type { Key, Say } from '../i18n/en.js';
import { decodeCsvBytes } from '../read/csv.js';

export interface Difference {
  file: string;
  /** 1-based line of the file, when the difference is inside a CSV. */
  row?: number;
  field?: string;
  expected: string;
  found: string;
}

/** The fields of one line (csv-parse); a line that is not valid CSV (a file edited by hand) is one field. */
function splitCsvLine(line: string, delimiter: string): string[] {
  if (line === '') return [''];
  try {
    const records = parse(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    return records[0] ?? [''];
  } catch {
    return [line];
  }
}

/** Up to `limit` differences between two CSV files, field by field (rows are lines: outputs never hold line breaks in fields). */
export function diffCsv(file: string, expected: Uint8Array, found: Uint8Array, limit = 20): Difference[] {
  const e = decodeCsvBytes(expected).text;
  const f = decodeCsvBytes(found).text;
  const delimiter = e.split('\n', 1)[0]!.includes(';') ? ';' : ',';
  const el = e.split(/\r?\n/);
  const fl = f.split(/\r?\n/);
  const header = splitCsvLine(el[0] ?? '', delimiter);
  const out: Difference[] = [];
  const rows = Math.max(el.length, fl.length);
  for (let i = 0; i < rows && out.length < limit; i++) {
    const a = el[i];
    const b = fl[i];
    if (a === b) continue;
    if (a === undefined || b === undefined) {
      out.push({ file, row: i + 1, expected: a ?? '(no line)', found: b ?? '(no line)' });
      continue;
    }
    const af = splitCsvLine(a, delimiter);
    const bf = splitCsvLine(b, delimiter);
    for (let j = 0; j < Math.max(af.length, bf.length) && out.length < limit; j++) {
      if (af[j] !== bf[j]) out.push({ file, row: i + 1, field: header[j] ?? `field ${j + 1}`, expected: af[j] ?? '(none)', found: bf[j] ?? '(none)' });
    }
  }
  if (out.length === 0 && Buffer.compare(Buffer.from(expected), Buffer.from(found)) !== 0) {
    out.push({ file, expected: `${expected.length} bytes`, found: `${found.length} bytes (same text, other bytes: BOM or line endings)` });
  }
  return out;
}

/** Differences between two JSON documents, by path. */
export function diffJson(file: string, expected: Uint8Array, found: Uint8Array, limit = 20): Difference[] {
  let a: unknown;
  let b: unknown;
  try {
    a = JSON.parse(Buffer.from(expected).toString('utf8'));
    b = JSON.parse(Buffer.from(found).toString('utf8'));
  } catch {
    return [{ file, expected: 'valid JSON', found: 'a file that is not valid JSON' }];
  }
  const out: Difference[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (out.length >= limit) return;
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && Array.isArray(x) === Array.isArray(y)) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ file, field: path, expected: JSON.stringify(x) ?? '(absent)', found: JSON.stringify(y) ?? '(absent)' });
  };
  walk(a, b, '');
  if (out.length === 0 && Buffer.compare(Buffer.from(expected), Buffer.from(found)) !== 0) {
    out.push({ file, expected: `${expected.length} bytes`, found: `${found.length} bytes (same content, other formatting)` });
  }
  return out;
}

/** The words this module writes in a difference (never a file's own value), each with its catalogue key. */
const WORDS: Record<string, Key> = {
  'the file': 'diff.theFile',
  'no such file': 'diff.noSuchFile',
  'a file the run did not write': 'diff.notWritten',
  '(no line)': 'diff.noLine',
  '(none)': 'diff.none',
  '(absent)': 'diff.absent',
  'valid JSON': 'diff.validJson',
  'a file that is not valid JSON': 'diff.notJson',
};

/** A difference's `expected` or `found` in the terminal's language: this module's own words translated, a file's value as it is. */
function inWords(text: string, say: Say): string {
  const key = WORDS[text];
  if (key !== undefined) return say.t(key);
  const bytes = /^(\d+) bytes(?: \((same text, other bytes: BOM or line endings|same content, other formatting)\))?$/.exec(text);
  if (bytes) return say.t(bytes[2] === undefined ? 'diff.bytes' : bytes[2].startsWith('same text') ? 'diff.bytesText' : 'diff.bytesJson', { count: Number(bytes[1]) });
  return text;
}

/** One difference for the terminal; with `say`, its words in the terminal's language (the values are the files' own). */
export function formatDifference(d: Difference, say?: Say): string {
  if (say) {
    const field = d.field === undefined ? '' : /^field \d+$/.test(d.field) ? ` ${say.t('diff.field', { n: d.field.slice('field '.length) })}` : ` ${d.field}`;
    const key = d.expected === '' ? 'verify.difference.expectedEmpty' : d.found === '' ? 'verify.difference.foundEmpty' : 'verify.difference';
    return say.t(key, { where: `${d.file}${d.row !== undefined ? `:${d.row}` : ''}${field}`, expected: inWords(d.expected, say), found: inWords(d.found, say) });
  }
  const where = `${d.file}${d.row !== undefined ? `:${d.row}` : ''}${d.field !== undefined ? ` ${d.field}` : ''}`;
  return `${where}: expected ${d.expected}, found ${d.found}`;
}
