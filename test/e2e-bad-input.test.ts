/**
 * End-to-end: "bad input never costs money" (SPEC §3.1, §4).
 *
 * Every case copies the example workspace into a fresh temporary folder,
 * breaks ONE thing with a minimal edit, runs the REAL compiled binary
 * (`node bin/medcoop.js`) and asserts:
 * - the exit code (1 for invalid input, 2 for wrong usage);
 * - stderr names the file, the line and (when the case has one) the column,
 *   the error code, and says what was expected;
 * - `check` prints every problem as `file:line:column: code: message` lines,
 *   sorted by file then line;
 * - nothing is written: no `out` folder in the workspace, nothing in a given
 *   `--out`, no other entry appears in the temporary folder.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, describeRun, listEntries, run, tempWorkspace, type RunResult } from './e2e-helpers.js';

// ------------------------------------------------------------------ helpers

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Shorthands over test/e2e-helpers.ts, the one place that spawns the binary and makes workspaces. */
type Run = RunResult;
const freshWorkspace = tempWorkspace;
const medcoop = (args: readonly string[], cwd: string): Run => run(args, { cwd });
const show = describeRun;
const entries = listEntries;
const BILL = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];
const IS_ROOT = process.getuid?.() === 0;








const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the one occurrence of `from` in a text file (fails if there is not exactly one). */
function replaceOnce(path: string, from: string, to: string): string {
  const text = readFileSync(path, 'utf8');
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`${path}: expected exactly one ${JSON.stringify(from)}, found ${n}`);
  const out = text.replace(from, () => to);
  writeFileSync(path, out);
  return out;
}

/** 1-based line and column of the first character of the `occurrence`-th `needle` in `text`. */
function locate(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k < occurrence; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  const column = i - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/**
 * Edits one record of an input CSV file of the fixture (no quoted delimiter
 * in the fields touched), keeping its BOM, delimiter and line endings.
 * `line` is 1-based, the header being line 1.
 */
function editCsvLine(path: string, line: number, edit: (fields: string[]) => string[]): void {
  let text = readFileSync(path, 'utf8');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  text = text.slice(bom.length);
  const delimiter = text.slice(0, text.indexOf('\n')).includes(';') ? ';' : ',';
  const lines = text.split('\n');
  const raw = lines[line - 1];
  if (raw === undefined) throw new Error(`${path} has no line ${line}`);
  const cr = raw.endsWith('\r') ? '\r' : '';
  const fields = (cr ? raw.slice(0, -1) : raw).split(delimiter);
  lines[line - 1] = edit(fields).join(delimiter) + cr;
  writeFileSync(path, bom + lines.join('\n'));
}

/** Sets field `column` (1-based) of record `line`, checking the value it replaces. */
function setField(path: string, line: number, column: number, was: string, value: string): void {
  editCsvLine(path, line, (f) => {
    if (f[column - 1] !== was) throw new Error(`${path}:${line}:${column} holds ${JSON.stringify(f[column - 1])}, not ${JSON.stringify(was)}`);
    f[column - 1] = value;
    return f;
  });
}

/** Removes the lines of a text file for which `drop` is true (keeps BOM and line endings). */
function dropLines(path: string, drop: (line: string, n: number) => boolean): number {
  const lines = readFileSync(path, 'utf8').split('\n');
  const kept = lines.filter((l, i) => !drop(l.replace(/\r$/, ''), i + 1));
  writeFileSync(path, kept.join('\n'));
  return lines.length - kept.length;
}

/** Inserts `text` as a new line after line `after` (1-based) of a LF file. */
function insertLine(path: string, after: number, text: string): void {
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.splice(after, 0, text);
  writeFileSync(path, lines.join('\n'));
}

/** One expected problem: where, which code, and what the message must say. */
interface Expected {
  file: string;
  /** Omitted: the problem has no line (e.g. a missing file). */
  line?: number | [number, number];
  /** true: some column must be given; a number: that column; an array: one of these columns. */
  column?: number | number[] | true;
  code: string | string[];
  says: RegExp[];
}

/** `file:line:column: code: message` (line/column optional), as printed by `check`. */
const DIAGNOSTIC_LINE = /^([^\s:][^:]*?)(?::(\d+))?(?::(\d+))?: (warning: )?([a-z0-9]+(?:-[a-z0-9]+)*): (\S.*)$/;

interface ParsedDiagnostic {
  text: string;
  file: string;
  line: number | null;
  column: number | null;
  warning: boolean;
  code: string;
  message: string;
}

/** The diagnostic lines of stderr; the final `medcoop: ...` summary line is set aside. */
function diagnostics(stderr: string): { parsed: ParsedDiagnostic[]; other: string[] } {
  const parsed: ParsedDiagnostic[] = [];
  const other: string[] = [];
  for (const text of stderr.split('\n')) {
    if (text === '') continue;
    if (text.startsWith('medcoop: ')) {
      other.push(text);
      continue;
    }
    const m = DIAGNOSTIC_LINE.exec(text);
    if (!m) {
      other.push(text);
      continue;
    }
    parsed.push({
      text,
      file: m[1]!,
      line: m[2] ? Number(m[2]) : null,
      column: m[3] ? Number(m[3]) : null,
      warning: m[4] !== undefined,
      code: m[5]!,
      message: m[6]!,
    });
  }
  return { parsed, other };
}

function matches(d: ParsedDiagnostic, e: Expected): boolean {
  if (d.warning || d.file !== e.file) return false;
  const codes = Array.isArray(e.code) ? e.code : [e.code];
  if (!codes.includes(d.code)) return false;
  if (e.line === undefined) {
    if (d.line !== null) return false;
  } else if (Array.isArray(e.line)) {
    if (d.line === null || d.line < e.line[0] || d.line > e.line[1]) return false;
  } else if (d.line !== e.line) return false;
  if (e.column === true) {
    if (d.column === null) return false;
  } else if (Array.isArray(e.column)) {
    if (d.column === null || !e.column.includes(d.column)) return false;
  } else if (typeof e.column === 'number') {
    if (d.column !== e.column) return false;
  }
  return e.says.every((re) => re.test(d.message));
}

function describeExpected(e: Expected): string {
  const line = e.line === undefined ? '' : Array.isArray(e.line) ? `:${e.line[0]}..${e.line[1]}` : `:${e.line}`;
  const col = e.column === undefined ? '' : e.column === true ? ':<col>' : Array.isArray(e.column) ? `:${e.column.join('|')}` : `:${e.column}`;
  return `${e.file}${line}${col}: ${Array.isArray(e.code) ? e.code.join('|') : e.code}: …${e.says.map(String).join(' … ')}`;
}

/** stderr holds, for every expected problem, one diagnostic line with its place, its code and the expected words. */
function expectReported(r: Run, expected: readonly Expected[]): void {
  const { parsed } = diagnostics(r.stderr);
  for (const e of expected) {
    expect(parsed.some((d) => matches(d, e)), `expected a line like\n  ${describeExpected(e)}\n${show(r)}`).toBe(true);
  }
}

/** `check`: every stderr line is a diagnostic (but the final summary), sorted by file, then line. */
function expectCheckFormat(r: Run): void {
  const { parsed, other } = diagnostics(r.stderr);
  expect(other.filter((l) => !l.startsWith('medcoop: ')), `lines that are not "file:line:column: code: message"\n${show(r)}`).toEqual([]);
  expect(other.length, `at most one summary line\n${show(r)}`).toBeLessThanOrEqual(1);
  const keys = parsed.map((d) => ({ file: d.file, line: d.line ?? 0 }));
  const sorted = [...keys].sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
  expect(keys, `diagnostics sorted by file, then line\n${show(r)}`).toEqual(sorted);
}

/** Runs `check` and `bill` (twice: default out/, and a given --out), asserting exit 1, the problems, and that nothing is written. */
function expectRejected(t: Tmp, expected: readonly Expected[], opts: { check?: boolean; bill?: boolean; billExpected?: readonly Expected[] } = {}): void {
  const before = entries(t.root);
  if (opts.check !== false) {
    const c = medcoop(['check'], t.ws);
    expect(c.code, `check should exit 1\n${show(c)}`).toBe(1);
    expect(c.stdout, 'check prints problems on stderr only').toBe('');
    expectReported(c, expected);
    expectCheckFormat(c);
  }
  if (opts.bill !== false) {
    const b = medcoop(BILL, t.ws);
    expect(b.code, `bill should exit 1\n${show(b)}`).toBe(1);
    expect(b.stdout).toBe('');
    expectReported(b, opts.billExpected ?? expected);
    expect(existsSync(join(t.ws, 'out')), 'no out/ folder in the workspace').toBe(false);
    const given = join(t.root, 'given-out');
    const g = medcoop([...BILL, '--out', given], t.ws);
    expect(g.code, `bill --out should exit 1\n${show(g)}`).toBe(1);
    expect(existsSync(given), `nothing in the given --out ${given}`).toBe(false);
  }
  expect(entries(t.root), 'nothing written anywhere in the temporary folder').toEqual(before);
}

const config = (t: Tmp) => join(t.ws, 'medcoop.json');
const inv = (t: Tmp, year: number) => join(t.ws, 'invoices', `${year}.csv`);
const index = (t: Tmp) => join(t.ws, 'index.csv');
const subsidies = (t: Tmp) => join(t.ws, 'subsidies.csv');

/** The line after the first key of the fixture config: inserts a second key there (it becomes line 36). */
function addSecondKey(t: Tmp, key: string): number {
  const text = replaceOnce(config(t), '    }\n  ],\n  "prices"', `    },\n    ${key}\n  ],\n  "prices"`);
  return locate(text, key).line;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('build first: npm run build');
});
afterAll(cleanupTemp);

// ------------------------------------------------------------------ the config

describe('medcoop.json', { timeout: 60_000 }, () => {
  it('missing config (no medcoop.json) → exit 1, names medcoop.json', () => {
    const t = freshWorkspace();
    unlinkSync(config(t));
    expectRejected(t, [{ file: 'medcoop.json', code: ['missing-config', 'missing-file'], says: [/medcoop\.json|not found|no such/i, /--dir|workspace/i] }]);
  });

  it('unreadable config (chmod 000, or a folder named medcoop.json when running as root) → exit 1', () => {
    const t = freshWorkspace();
    if (IS_ROOT) {
      // chmod does not stop root from reading: a folder in its place is just as unreadable.
      unlinkSync(config(t));
      mkdirSync(config(t));
    } else {
      chmodSync(config(t), 0o000);
    }
    try {
      expectRejected(t, [{ file: 'medcoop.json', code: 'unreadable-file', says: [/cannot read|permission|folder|directory/i] }]);
    } finally {
      if (!IS_ROOT) chmodSync(config(t), 0o644);
    }
  });

  it('invalid JSON: a missing comma → medcoop.json:5:5: invalid-json, saying a "," was expected', () => {
    const t = freshWorkspace();
    const text = replaceOnce(config(t), '"start": "2023-01-01",\n', '"start": "2023-01-01"\n');
    const at = locate(text, '"end"');
    expect(at).toEqual({ line: 5, column: 5 });
    expectRejected(t, [{ file: 'medcoop.json', line: 5, column: 5, code: 'invalid-json', says: [/expected/i, /","|','|`,`|comma/i] }]);
  });

  it('unknown config key "payment_dayz" → unknown-key at its line and column, suggesting payment_days', () => {
    const t = freshWorkspace();
    const text = replaceOnce(config(t), '"payment_days": 30', '"payment_dayz": 30');
    const at = locate(text, '"payment_dayz"');
    expectRejected(t, [{ file: 'medcoop.json', line: at.line, column: [at.column, at.column + 1], code: 'unknown-key', says: [/payment_dayz/, /did you mean "payment_days"/i] }]);
  });

  it('a key not summing to 100 → key-sum inside that key, saying 99.99 is not 100', () => {
    const t = freshWorkspace();
    const text = replaceOnce(config(t), '"partenord": "27.58"', '"partenord": "27.57"');
    const from = locate(text, '"from": "2023-01-01"').line - 1; // the key's "{"
    const end = locate(text, '"logis-metropole": "12.53"').line + 2; // its "}"
    expectRejected(t, [{ file: 'medcoop.json', line: [from, end], column: true, code: 'key-sum', says: [/99\.99/, /100/] }]);
  });

  it('a key naming an undeclared member → unknown-member at that share', () => {
    const t = freshWorkspace();
    const text = replaceOnce(config(t), '"vilogia": "28.28"', '"vilogya": "28.28"');
    const at = locate(text, '"vilogya"');
    expectRejected(t, [{ file: 'medcoop.json', line: at.line, column: [at.column, at.column + 1], code: 'unknown-member', says: [/vilogya/, /declared|member/i] }]);
  });

  it('the coordinator missing from a key → coordinator-missing at that key', () => {
    const t = freshWorkspace();
    const line = addSecondKey(t, '{ "from": "2025-01-01", "shares": { "partenord": "50", "vilogia": "37.47", "logis-metropole": "12.53" } }');
    expectRejected(t, [{ file: 'medcoop.json', line, column: true, code: 'coordinator-missing', says: [/"?mons"?/, /coordinator/i] }]);
  });

  it('a key starting off an anniversary (2024-03-01) → key-date at that key, naming the anniversaries', () => {
    const t = freshWorkspace();
    const line = addSecondKey(t, '{ "from": "2024-03-01", "shares": { "mons": "31.61", "partenord": "27.58", "vilogia": "28.28", "logis-metropole": "12.53" } }');
    expectRejected(t, [{ file: 'medcoop.json', line, column: true, code: 'key-date', says: [/2024-03-01/, /anniversar/i, /2024-01-01/] }]);
  });

  it('a member dropped during year 1 (first key without logis-metropole, summing to 100) → member-dropped', () => {
    const t = freshWorkspace();
    replaceOnce(config(t), '"mons": "31.61"', '"mons": "44.14"');
    const text = replaceOnce(config(t), '"vilogia": "28.28",\n        "logis-metropole": "12.53"', '"vilogia": "28.28"');
    const from = locate(text, '"from": "2023-01-01"').line - 1;
    const end = locate(text, '"vilogia": "28.28"').line + 2;
    expectRejected(t, [{ file: 'medcoop.json', line: [from, end], column: true, code: 'member-dropped', says: [/logis-metropole/, /year 1/i] }]);
  });

  it('a duplicate member id → duplicate-member at the second declaration', () => {
    const t = freshWorkspace();
    const text = replaceOnce(config(t), '    }\n  ],\n  "keys"', '    },\n    { "id": "partenord", "name": "Partenord Habitat (bis)" }\n  ],\n  "keys"');
    const at = locate(text, '"partenord", "name": "Partenord Habitat (bis)"');
    expectRejected(t, [{ file: 'medcoop.json', line: at.line, column: [at.column, at.column + 1], code: 'duplicate-member', says: [/partenord/, /twice|duplicate|already/i] }]);
  });

  it.each([['Vilogia'], ['../x']])('a member id %j not matching ^[a-z0-9][a-z0-9-]*$ → bad-member-id at the id', (bad) => {
    const t = freshWorkspace();
    const text = replaceOnce(config(t), '"id": "vilogia"', `"id": ${JSON.stringify(bad)}`);
    const at = locate(text, JSON.stringify(bad));
    expectRejected(t, [{ file: 'medcoop.json', line: at.line, column: [at.column, at.column + 1], code: 'bad-member-id', says: [new RegExp(escapeRe(bad)), /lowercase|\[a-z0-9\]/i] }]);
  });
});

// ------------------------------------------------------------------ CSV structure

describe('CSV structure', { timeout: 60_000 }, () => {
  it('a missing CSV column (paid_on removed from invoices/2025.csv) → missing-column on the header line', () => {
    const t = freshWorkspace();
    const path = inv(t, 2025);
    const n = readFileSync(path, 'utf8').split('\n').length;
    for (let l = 1; l <= n; l++) {
      editCsvLine(path, l, (f) => {
        if (f.length > 1) f.splice(2, 1);
        return f;
      });
    }
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('invoice_id,received_on,service_month,price_code,quantity,vat_pct,invoiced_ht,label');
    expectRejected(t, [{ file: 'invoices/2025.csv', line: 1, code: 'missing-column', says: [/paid_on/] }]);
  });

  it('an unknown CSV column ("quantty" in the ;-file 2024.csv) → unknown-column at 1:6 with a did-you-mean', () => {
    const t = freshWorkspace();
    setField(inv(t, 2024), 1, 6, 'quantity', 'quantty');
    expectRejected(t, [{ file: 'invoices/2024.csv', line: 1, column: 6, code: 'unknown-column', says: [/quantty/, /did you mean "quantity"/i] }]);
  });

  it('a duplicate CSV column ("label" renamed "quantity" in 2023.csv) → duplicate-column at 1:9', () => {
    const t = freshWorkspace();
    setField(inv(t, 2023), 1, 9, 'label', 'quantity');
    expectRejected(t, [{ file: 'invoices/2023.csv', line: 1, column: 9, code: 'duplicate-column', says: [/quantity/, /duplicate|twice|already/i] }]);
  });

  it('a wrong field count (8 fields instead of 9 on 2026.csv line 4) → field-count with a column', () => {
    const t = freshWorkspace();
    editCsvLine(inv(t, 2026), 4, (f) => {
      expect(f.slice(0, 2)).toEqual(['F2026-02', '04/03/2026']);
      f.splice(7, 1); // one of the two empty fields (vat_pct;invoiced_ht)
      return f;
    });
    expectRejected(t, [{ file: 'invoices/2026.csv', line: 4, column: true, code: 'field-count', says: [/expected 9 fields|9 fields/i, /8/] }]);
  });

  it('an unclosed quote (2025.csv line 10, the quoted label) → unclosed-quote at 10:9', () => {
    const t = freshWorkspace();
    replaceOnce(inv(t, 2025), `place de l'Europe"\n`, `place de l'Europe\n`);
    expectRejected(t, [{ file: 'invoices/2025.csv', line: 10, column: 9, code: 'unclosed-quote', says: [/quote/i, /clos|missing|unclosed|unterminated/i] }]);
  });

  it('a stray "," for a ";" in the excel-fr 2026.csv (line 4, between fields 2 and 3) → field-count at 4:2, the field holding the ","', () => {
    const t = freshWorkspace();
    editCsvLine(inv(t, 2026), 4, (f) => {
      expect(f.slice(0, 2)).toEqual(['F2026-02', '04/03/2026']);
      return [f[0]!, `${f[1]},${f[2]}`, ...f.slice(3)];
    });
    expectRejected(t, [{ file: 'invoices/2026.csv', line: 4, column: 2, code: 'field-count', says: [/expected 9 fields, found 8/, /field 2 holds a ","/, /separated by ";"/] }]);
  });

  it('a forgotten closing quote (2025.csv line 3) that runs to the quoted label of line 10 → csv-syntax at 3:9, where it opens', () => {
    const t = freshWorkspace();
    editCsvLine(inv(t, 2025), 3, (f) => {
      expect(f[0]).toBe('F2025-02');
      return [...f.slice(0, 8), `"${f[8]}`];
    });
    expectRejected(t, [{ file: 'invoices/2025.csv', line: 3, column: 9, code: 'csv-syntax', says: [/quoted field opens here/, /quote on line 10/, /closing quote missing/] }]);
  });

  it('an empty invoices file (0 bytes) → empty-file on line 1, expecting a header', () => {
    const t = freshWorkspace();
    writeFileSync(inv(t, 2025), '');
    expectRejected(t, [{ file: 'invoices/2025.csv', line: 1, code: 'empty-file', says: [/empty/i, /header/i] }]);
  });
});

// ------------------------------------------------------------------ fields

describe('bad fields', { timeout: 60_000 }, () => {
  it.each([
    ['2024-02-30 (ISO, no 30 February), 2025.csv received_on', 2025, 2, 2, '2025-02-06', '2024-02-30'],
    ['30/02/2024 (French, no 30 February), 2024.csv received_on', 2024, 4, 2, '08/03/2024', '30/02/2024'],
    ['2024-2-3 (month and day not on two digits), 2023.csv paid_on', 2023, 2, 3, '2023-02-28', '2024-2-3'],
  ])('bad date %s → bad-date at its line and column', (_name, year, line, column, was, bad) => {
    const t = freshWorkspace();
    setField(inv(t, year), line, column, was, bad);
    expectRejected(t, [{ file: `invoices/${year}.csv`, line, column, code: 'bad-date', says: [new RegExp(escapeRe(bad)), /expected a date/i, /YYYY-MM-DD/] }]);
  });

  it.each([
    ['12x', 2025, 4, '40'],
    ['1.234,56', 2024, 3, '6'], // in the ;-file, where a French user would type it
    ['1e3', 2025, 4, '40'],
    ['NaN', 2025, 4, '40'],
  ])('bad quantity %j → bad-number at its line, column 6', (bad, year, line, was) => {
    const t = freshWorkspace();
    setField(inv(t, year), line, 6, was, bad);
    expectRejected(t, [{ file: `invoices/${year}.csv`, line, column: 6, code: 'bad-number', says: [new RegExp(escapeRe(bad)), /quantity/, /expected a (decimal )?number/i] }]);
  });

  it('an empty quantity (2026.csv line 3) → an error at 3:6 saying a value is required', () => {
    const t = freshWorkspace();
    setField(inv(t, 2026), 3, 6, '7', '');
    expectRejected(t, [{ file: 'invoices/2026.csv', line: 3, column: 6, code: ['missing-value', 'bad-number'], says: [/quantity/, /required|expected/i] }]);
  });

  it('a service month outside the contract (2022-12) → outside-contract at 2:4, naming the contract dates', () => {
    const t = freshWorkspace();
    setField(inv(t, 2023), 2, 4, '2023-01', '2022-12');
    expectRejected(t, [{ file: 'invoices/2023.csv', line: 2, column: 4, code: 'outside-contract', says: [/2022-12/, /2023-01-01/, /2026-12-31/] }]);
  });

  it('an unknown price code (FORFAT) → unknown-price at 2:5, naming the known codes', () => {
    const t = freshWorkspace();
    setField(inv(t, 2025), 2, 5, 'FORFAIT', 'FORFAT');
    expectRejected(t, [{ file: 'invoices/2025.csv', line: 2, column: 5, code: 'unknown-price', says: [/FORFAT/, /FORFAIT/] }]);
  });

  it.each([
    ['received_on', 2, '2025-03-04', '2025-03-05'],
    ['paid_on', 3, '2025-03-25', '2025-03-26'],
    ['service_month', 4, '2025-02', '2025-03'],
  ])('the lines of one invoice (F2025-02) disagreeing on %s → invoice-mismatch at 4:<that column>', (name, column, was, other) => {
    const t = freshWorkspace();
    setField(inv(t, 2025), 4, column, was, other);
    expectRejected(t, [{ file: 'invoices/2025.csv', line: 4, column, code: 'invoice-mismatch', says: [/F2025-02/, new RegExp(name), new RegExp(escapeRe(was)), new RegExp(escapeRe(other))] }]);
  });

  it('one invoice id in two files (F2025-01 also in 2026.csv) → duplicate-invoice naming the other file', () => {
    const t = freshWorkspace();
    setField(inv(t, 2026), 4, 1, 'F2026-02', 'F2025-01');
    expectRejected(t, [{ file: 'invoices/2026.csv', line: 4, column: 1, code: 'duplicate-invoice', says: [/F2025-01/, /invoices\/2025\.csv/] }]);
  });

  it('a bad subsidy semester (2025-S3) → bad-semester at subsidies.csv:3:6, expecting YYYY-S1 or YYYY-S2', () => {
    const t = freshWorkspace();
    setField(subsidies(t), 3, 6, '', '2025-S3');
    expectRejected(t, [{ file: 'subsidies.csv', line: 3, column: 6, code: 'bad-semester', says: [/2025-S3/, /YYYY-S1 or YYYY-S2/] }]);
  });
});

// ------------------------------------------------------------------ the index

describe('the index', { timeout: 60_000 }, () => {
  it('the same period and publication date twice → duplicate-index on the second row, naming the first', () => {
    const t = freshWorkspace();
    const lines = readFileSync(index(t), 'utf8').split('\n');
    expect(lines[61]).toBe('2023-09,134.36,2023-12-14,A');
    insertLine(index(t), 62, '2023-09,134.50,2023-12-14,R');
    expectRejected(t, [{ file: 'index.csv', line: 63, column: true, code: 'duplicate-index', says: [/2023-09/, /2023-12-14/, /line 62/] }]);
  });

  it("no index value for year 3's cut-off 2025-01-01 → no-index-value naming year 3 and the cut-off; semesters that do not need it still bill", () => {
    const t = freshWorkspace();
    // Every value published on or before 2025-01-01 is gone. (With the "known-at"
    // rule, a value known at year 2's cut-off is also known at year 3's, so year 3
    // cannot lack a value unless year 2 does too: year 2 fails as well.)
    const dropped = dropLines(index(t), (l, n) => n > 1 && l !== '' && l.split(',')[2]! <= '2025-01-01');
    expect(dropped).toBeGreaterThan(70);
    expectRejected(t, [
      { file: 'index.csv', code: 'no-index-value', says: [/year 3\b/, /2025-01-01/] },
      { file: 'index.csv', code: 'no-index-value', says: [/year 2\b/, /2024-01-01/] },
    ]);
    // 2023-S2 only needs year 1 (not revised); 2026-S2 only year 4 (cut-off 2026-01-01, I0 = the 2025-03-14 vintage of 2022-10).
    for (const semester of ['2023-S2', '2026-S2']) {
      const r = medcoop(['bill', '--semester', semester, '--issued-on', '2027-01-05'], t.ws);
      expect(r.code, `${semester} does not need years 2 and 3\n${show(r)}`).toBe(0);
      expect(existsSync(join(t.ws, 'out', semester, 'recap.csv'))).toBe(true);
    }
  });

  it('the base month 2022-10 absent from the index → no-index-value naming the base month (I0)', () => {
    const t = freshWorkspace();
    expect(dropLines(index(t), (l) => l.startsWith('2022-10,'))).toBe(2);
    expectRejected(t, [{ file: 'index.csv', code: 'no-index-value', says: [/2022-10/, /I0|base/] }]);
  });
});

// ------------------------------------------------------------------ usage

describe('wrong usage → exit 2, nothing written', { timeout: 60_000 }, () => {
  it.each([
    [['bill', '--semester', '2025-S3', '--issued-on', '2025-07-03'], '--semester', /YYYY-S1 or YYYY-S2|YYYY-Sn|S1|S2/],
    [['bill', '--semester', '2025-S1', '--issued-on', '2025-13-01'], '--issued-on', /expected a date|YYYY-MM-DD/i],
    [['split', '--amount', 'abc', '--on', '2025-01-01'], '--amount', /expected .*(number|amount)/i],
  ])('%j → exit 2', (args, flag, says) => {
    const t = freshWorkspace();
    const before = entries(t.root);
    const r = medcoop(args, t.ws);
    expect(r.code, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).toContain(args[args.indexOf(flag) + 1]!);
    expect(existsSync(join(t.ws, 'out'))).toBe(false);
    expect(entries(t.root)).toEqual(before);
  });
});

// ------------------------------------------------------------------ several problems; warnings only

describe('check as a whole', { timeout: 60_000 }, () => {
  it('two problems in two files are both reported in one check run, sorted by file, then exit 1', () => {
    const t = freshWorkspace();
    setField(inv(t, 2025), 2, 2, '2025-02-06', '2025-02-30');
    setField(subsidies(t), 1, 5, 'key_date', 'keydate');
    const before = entries(t.root);
    const r = medcoop(['check'], t.ws);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toBe('');
    const bad: Expected = { file: 'invoices/2025.csv', line: 2, column: 2, code: 'bad-date', says: [/2025-02-30/, /expected a date/i] };
    const unknown: Expected = { file: 'subsidies.csv', line: 1, column: 5, code: 'unknown-column', says: [/keydate/, /did you mean "key_date"/i] };
    expectReported(r, [bad, unknown]);
    expectCheckFormat(r);
    const { parsed } = diagnostics(r.stderr);
    const i = parsed.findIndex((d) => matches(d, bad));
    const j = parsed.findIndex((d) => matches(d, unknown));
    expect(i, show(r)).toBeLessThan(j);
    // bill refuses the same workspace
    const b = medcoop(BILL, t.ws);
    expect(b.code, show(b)).toBe(1);
    expectReported(b, [bad, unknown]);
    expect(entries(t.root)).toEqual(before);
  });

  it('warnings alone (the fixture as is) → check exits 0, stdout empty, warnings only, nothing written', () => {
    const t = freshWorkspace();
    const before = entries(t.root);
    const r = medcoop(['check'], t.ws);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toBe('');
    const { parsed, other } = diagnostics(r.stderr);
    expect(other, show(r)).toEqual([]);
    expect(parsed.length).toBeGreaterThan(0);
    for (const d of parsed) expect(d.warning, d.text).toBe(true);
    expectCheckFormat(r);
    expect(entries(t.root)).toEqual(before);
  });
});
