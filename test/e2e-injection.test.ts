/**
 * End-to-end: formula injection (OWASP "CSV injection") in the bill outputs,
 * SPEC §4: "Text copied from inputs into any CSV is neutralised against
 * formula injection."
 *
 * Payloads go into every text that reaches a CSV output: invoice labels and
 * ids, member NAMES (ids are restricted by ^[a-z0-9][a-z0-9-]*$), subsidy ids
 * and grantors. The REAL binary bills 2025-S1 and 2024-S2 in both dialects;
 * the outputs are read back with csv-parse and checked:
 * - no cell of text starts with = + - @ tab CR or LF: such a text gets ONE
 *   leading `'` (OWASP), and is otherwise kept intact;
 * - amount cells stay plain numbers: a negative amount (the credit note
 *   AV2024-08, a subsidy deduction) keeps its minus sign, with no quote.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, describeRun, run, tempWorkspace, type RunResult } from './e2e-helpers.js';

// ------------------------------------------------------------------ helpers

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Shorthands over test/e2e-helpers.ts, the one place that spawns the binary and makes workspaces. */
type Run = RunResult;
const freshWorkspace = tempWorkspace;
const medcoop = (args: readonly string[], cwd: string): Run => run(args, { cwd });
const show = describeRun;






function replaceOnce(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`${path}: expected exactly one ${JSON.stringify(from)}, found ${n}`);
  writeFileSync(path, text.replace(from, () => to));
}

/** RFC 4180 quoting of one field, for writing payloads into the input files. */
function quoteField(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Sets fields of records of an input CSV file in one pass over its original
 * lines (so that a payload holding a line break does not shift the others),
 * keeping its BOM, delimiter and line endings. The records edited must not
 * already hold quoted fields. `edits[line][column]`, both 1-based.
 */
function setFields(path: string, edits: Record<number, Record<number, string>>): void {
  let text = readFileSync(path, 'utf8');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  text = text.slice(bom.length);
  const delimiter = text.slice(0, text.indexOf('\n')).includes(';') ? ';' : ',';
  const lines = text.split('\n');
  for (const [ln, cols] of Object.entries(edits)) {
    const i = Number(ln) - 1;
    const raw = lines[i]!;
    const cr = raw.endsWith('\r') ? '\r' : '';
    const body = cr ? raw.slice(0, -1) : raw;
    if (body.includes('"')) throw new Error(`${path}:${ln} already holds a quoted field`);
    const fields = body.split(delimiter);
    for (const [col, value] of Object.entries(cols)) {
      if (Number(col) > fields.length) throw new Error(`${path}:${ln} has no field ${col}`);
      fields[Number(col) - 1] = quoteField(value, delimiter);
    }
    lines[i] = fields.join(delimiter) + cr;
  }
  writeFileSync(path, bom + lines.join('\n'));
}

// ------------------------------------------------------------------ the payloads

const P = {
  hyperlink: '=HYPERLINK("http://x","y")',
  hyperlinkZ: '=HYPERLINK("http://x","z")',
  plus: '+1+1',
  minus: '-2+3',
  at: '@SUM(A1)',
  tab: '\tTAB',
  cr: '\r=1',
  lf: '\n-1',
  semicolon: '=1;2',
  plusSemicolon: '+1;1',
  negativeLooking: '-2207,18',
  atInvoice: '@INV5',
  atSubsidy: '@SUB',
  minusSubsidy: '-S1',
  plusGrantor: '+33 État',
} as const;

/** Member names (medcoop.json), by member id. */
const NAMES: Record<string, string> = {
  mons: P.hyperlink,
  partenord: P.plus,
  vilogia: P.minus,
  'logis-metropole': P.at,
};

/** Puts the payloads into a copy of the fixture. */
function poison(ws: string): void {
  const cfg = join(ws, 'medcoop.json');
  replaceOnce(cfg, '"name": "Ville de Mons en Barœul"', `"name": ${JSON.stringify(NAMES.mons)}`);
  replaceOnce(cfg, '"name": "Partenord Habitat"', `"name": ${JSON.stringify(NAMES.partenord)}`);
  replaceOnce(cfg, '"name": "Vilogia"', `"name": ${JSON.stringify(NAMES.vilogia)}`);
  replaceOnce(cfg, '"name": "Logis Métropole"', `"name": ${JSON.stringify(NAMES['logis-metropole'])}`);

  // invoices/2025.csv (",", LF): invoice_id=1 ... label=9
  setFields(join(ws, 'invoices', '2025.csv'), {
    2: { 9: P.hyperlink }, // F2025-01
    3: { 9: P.plus }, // F2025-02, FORFAIT line (its label is the invoice's description)
    4: { 9: P.at }, // F2025-02, HSUP line
    5: { 1: P.minus, 9: P.tab }, // F2025-03
    6: { 1: P.hyperlinkZ, 9: P.cr }, // F2025-04
    7: { 1: P.atInvoice, 9: P.lf }, // F2025-05, FORFAIT line
    8: { 1: P.atInvoice }, // F2025-05, HSUP line
  });
  // invoices/2024.csv (";", BOM, CRLF)
  setFields(join(ws, 'invoices', '2024.csv'), {
    14: { 9: P.negativeLooking }, // AV2024-08, the credit note
    20: { 1: P.plusSemicolon, 9: P.semicolon }, // F2024-12, paid in 2025-S1
  });
  // subsidies.csv (",", LF): subsidy_id=1, grantor=2
  setFields(join(ws, 'subsidies.csv'), {
    2: { 1: P.minusSubsidy, 2: P.plusGrantor }, // S-2024-ETAT, 2024-S2
    3: { 1: P.atSubsidy, 2: P.hyperlink }, // S-2025-FIPD, 2025-S1
  });
}

// ------------------------------------------------------------------ reading the outputs

type Dialect = 'csv' | 'excel-fr';

interface Table {
  header: string[];
  rows: string[][];
  /** The cell of `row` in the column named `en` (csv) or `fr` (excel-fr). */
  get(row: string[], en: string, fr: string): string;
}

function readOutput(path: string, dialect: Dialect): Table {
  const text = readFileSync(path, 'utf8');
  const records = parse(text, { delimiter: dialect === 'excel-fr' ? ';' : ',', bom: true }) as string[][];
  const [header, ...rows] = records;
  if (!header) throw new Error(`${path}: empty`);
  for (const r of rows) if (r.length !== header.length) throw new Error(`${path}: a row of ${r.length} fields under a header of ${header.length}: ${JSON.stringify(r)}`);
  return {
    header,
    rows,
    get(row, en, fr) {
      const name = dialect === 'excel-fr' ? fr : en;
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`${path}: no column ${name} in ${JSON.stringify(header)}`);
      return row[i]!;
    },
  };
}

/** Columns holding numbers (amounts, percentages, coefficients, years), in both dialects. */
function isNumericColumn(name: string): boolean {
  return /^(coefficient|contract_year|annee_du_marche|ht|vat|ttc|montant_ht|tva|montant_ttc|ttc_.*|key_pct|cle_pct|base_ht|base_ttc|share_ht|share_vat|share_ttc|part_ht|part_tva|part_ttc)$/.test(name);
}

/** Columns holding money, with exactly two decimals. */
function isAmountColumn(name: string): boolean {
  return isNumericColumn(name) && !/^(coefficient|contract_year|annee_du_marche|key_pct|cle_pct)$/.test(name);
}

const DANGEROUS_START = /^[=+\-@\t\r\n]/;

/** Every cell is safe: a text never starts with a formula character; numbers are plain numbers. */
function expectSafe(file: string, t: Table, dialect: Dialect): void {
  const dec = dialect === 'excel-fr' ? ',' : '.';
  const number = new RegExp(`^-?\\d+(\\${dec}\\d+)?$`);
  const money = new RegExp(`^-?\\d+\\${dec}\\d{2}$`);
  t.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      const col = t.header[c]!;
      const where = `${file} row ${r + 2} column ${col}: ${JSON.stringify(cell)}`;
      if (cell === '') return;
      if (isAmountColumn(col)) {
        expect(cell, `${where} should be a plain amount`).toMatch(money);
        expect(cell, `${where} is not -0.00`).not.toMatch(/^-0[.,]00$/);
      } else if (isNumericColumn(col)) {
        expect(cell, `${where} should be a plain number`).toMatch(number);
      } else {
        expect(DANGEROUS_START.test(cell), `${where} starts with a formula character: it must be prefixed with '`).toBe(false);
      }
    });
  });
}

/** `'` + the payload, exactly once: the rest of the text intact. */
const neutralised = (payload: string) => `'${payload}`;

function rowWhere(t: Table, en: string, fr: string, value: string): string[] {
  const row = t.rows.find((r) => t.get(r, en, fr) === value);
  if (!row) throw new Error(`no row with ${en} = ${JSON.stringify(value)}; rows:\n${t.rows.map((r) => JSON.stringify(r)).join('\n')}`);
  return row;
}

// ------------------------------------------------------------------ the tests

let ws = '';
let root = '';
const runs = new Map<string, Run>();
const outDir = (semester: string, dialect: Dialect) => join(root, `out-${dialect}`, semester);

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('build first: npm run build');
  ({ root, ws } = freshWorkspace());
  poison(ws);
  for (const semester of ['2025-S1', '2024-S2']) {
    for (const dialect of ['csv', 'excel-fr'] as const) {
      runs.set(`${semester} ${dialect}`, medcoop(['bill', '--semester', semester, '--issued-on', semester === '2025-S1' ? '2025-07-03' : '2025-01-06', '--dialect', dialect, '--out', join(root, `out-${dialect}`)], ws));
    }
  }
}, 120_000);

afterAll(cleanupTemp);

describe.each(['csv', 'excel-fr'] as const)('formula injection, --dialect %s', (dialect) => {
  const dec = (s: string) => (dialect === 'excel-fr' ? s.replace('.', ',') : s);

  it('the poisoned inputs are read back intact by check (they are valid input) and bill exits 0', () => {
    const c = medcoop(['check'], ws);
    expect(c.code, show(c)).toBe(0);
    for (const semester of ['2025-S1', '2024-S2']) {
      const r = runs.get(`${semester} ${dialect}`)!;
      expect(r.code, show(r)).toBe(0);
      expect(existsSync(join(outDir(semester, dialect), 'recap.csv'))).toBe(true);
    }
  });

  it('no text cell of any output CSV starts with = + - @ tab CR or LF; numbers stay plain', () => {
    for (const semester of ['2025-S1', '2024-S2']) {
      const dir = outDir(semester, dialect);
      const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
      expect(files).toEqual(['notice-logis-metropole.csv', 'notice-mons.csv', 'notice-partenord.csv', 'notice-vilogia.csv', 'recap.csv']);
      for (const f of files) expectSafe(`${semester}/${f}`, readOutput(join(dir, f), dialect), dialect);
    }
  });

  it("2025-S1 recap: invoice labels and ids carry one leading ' and are otherwise intact", () => {
    const t = readOutput(join(outDir('2025-S1', dialect), 'recap.csv'), dialect);
    const label = (id: string) => t.get(rowWhere(t, 'invoice_id', 'facture', id), 'label', 'libelle');
    expect(label('F2025-01')).toBe(neutralised(P.hyperlink));
    expect(label('F2025-02')).toBe(neutralised(P.plus));
    expect(label(neutralised(P.minus))).toBe(neutralised(P.tab));
    expect(label(neutralised(P.hyperlinkZ))).toBe(neutralised(P.cr));
    expect(label(neutralised(P.atInvoice))).toBe(neutralised(P.lf));
    expect(label(neutralised(P.plusSemicolon))).toBe(neutralised(P.semicolon));
  });

  it("2025-S1 notices: member names, invoice ids/labels, subsidy id/grantor carry one leading '; the deduction keeps its minus sign", () => {
    for (const [id, name] of Object.entries(NAMES)) {
      const t = readOutput(join(outDir('2025-S1', dialect), `notice-${id}.csv`), dialect);
      const member = rowWhere(t, 'type', 'nature', 'member');
      expect(t.get(member, 'reference', 'reference')).toBe(id);
      const description = t.get(member, 'description', 'libelle');
      expect(description.startsWith(`${neutralised(name)} — `), `${id}: ${JSON.stringify(description)}`).toBe(true);
      const desc = (ref: string) => t.get(rowWhere(t, 'reference', 'reference', ref), 'description', 'libelle');
      expect(desc('F2025-01')).toBe(neutralised(P.hyperlink));
      expect(desc(neutralised(P.minus))).toBe(neutralised(P.tab));
      expect(desc(neutralised(P.hyperlinkZ))).toBe(neutralised(P.cr));
      expect(desc(neutralised(P.atInvoice))).toBe(neutralised(P.lf));
      expect(desc(neutralised(P.plusSemicolon))).toBe(neutralised(P.semicolon));
      const subsidy = rowWhere(t, 'type', 'nature', 'subsidy');
      expect(t.get(subsidy, 'reference', 'reference')).toBe(neutralised(P.atSubsidy));
      expect(t.get(subsidy, 'description', 'libelle')).toBe(neutralised(P.hyperlink));
      expect(t.get(subsidy, 'base_ttc', 'base_ttc')).toBe(dec('12000.00'));
      const deduction = t.get(subsidy, 'share_ttc', 'part_ttc');
      expect(deduction, `${id}: the subsidy deduction is a plain negative amount`).toMatch(dialect === 'excel-fr' ? /^-\d+,\d{2}$/ : /^-\d+\.\d{2}$/);
    }
  });

  it("2024-S2: the credit note AV2024-08 keeps -2207.18 as a plain number while its look-alike label gets a '", () => {
    const recap = readOutput(join(outDir('2024-S2', dialect), 'recap.csv'), dialect);
    const av = rowWhere(recap, 'invoice_id', 'facture', 'AV2024-08');
    expect(recap.get(av, 'label', 'libelle')).toBe(neutralised(P.negativeLooking));
    expect(recap.get(av, 'ht', 'montant_ht')).toBe(dec('-2207.18'));
    expect(recap.get(av, 'vat', 'tva')).toBe(dec('-441.44'));
    expect(recap.get(av, 'ttc', 'montant_ttc')).toBe(dec('-2648.62'));
    for (const id of Object.keys(NAMES)) {
      expect(recap.get(av, `ttc_${id}`, `ttc_${id}`)).toMatch(dialect === 'excel-fr' ? /^-\d+,\d{2}$/ : /^-\d+\.\d{2}$/);
      const t = readOutput(join(outDir('2024-S2', dialect), `notice-${id}.csv`), dialect);
      const row = rowWhere(t, 'reference', 'reference', 'AV2024-08');
      expect(t.get(row, 'description', 'libelle')).toBe(neutralised(P.negativeLooking));
      expect(t.get(row, 'base_ht', 'base_ht')).toBe(dec('-2207.18'));
      for (const [en, fr] of [['share_ht', 'part_ht'], ['share_vat', 'part_tva'], ['share_ttc', 'part_ttc']] as const) {
        expect(t.get(row, en, fr)).toMatch(dialect === 'excel-fr' ? /^-\d+,\d{2}$/ : /^-\d+\.\d{2}$/);
      }
      const subsidy = rowWhere(t, 'type', 'nature', 'subsidy');
      expect(t.get(subsidy, 'reference', 'reference')).toBe(neutralised(P.minusSubsidy));
      expect(t.get(subsidy, 'description', 'libelle')).toBe(neutralised(P.plusGrantor));
      expect(t.get(subsidy, 'share_ttc', 'part_ttc')).toMatch(dialect === 'excel-fr' ? /^-\d+,\d{2}$/ : /^-\d+\.\d{2}$/);
    }
  });

  it('a field holding CR or LF (the "\\r=1" and "\\n-1" labels) is quoted: outside quotes, only the record delimiter ends a line', () => {
    // RFC 4180 §2.6: fields containing line breaks (CRLF), double quotes and commas should be
    // enclosed in double quotes. Excel and LibreOffice end a row at a bare CR or LF outside
    // quotes, so an unquoted one splits the row and shifts every cell after it.
    const bad: string[] = [];
    for (const semester of ['2025-S1', '2024-S2']) {
      const dir = outDir(semester, dialect);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv')).sort()) {
        const text = readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '');
        const at = `${semester}/${f}`;
        let quoted = false;
        let line = 1;
        for (let i = 0; i < text.length; i++) {
          const ch = text[i]!;
          if (ch === '"') {
            quoted = !quoted; // a doubled quote toggles twice
            continue;
          }
          if (quoted) {
            if (ch === '\n') line++;
            continue;
          }
          const context = JSON.stringify(text.slice(Math.max(0, i - 20), i + 10));
          // Both dialects end records with CRLF (RFC 4180 §2.1), and only there.
          if (ch === '\r' && text[i + 1] !== '\n') bad.push(`${at} line ${line}: a bare CR outside quotes near ${context}`);
          if (ch === '\n' && text[i - 1] !== '\r') bad.push(`${at} line ${line}: a bare LF outside quotes near ${context}`);
          if (ch === '\n') line++;
        }
        if (quoted) bad.push(`${at}: unbalanced quotes`);
      }
    }
    expect(bad, `${dialect}: every field holding CR or LF must be quoted`).toEqual([]);
  });

  it('the raw bytes hold no unquoted formula at the start of a field', () => {
    // Independent of csv-parse: after a delimiter or a line start (outside quotes), or just
    // after an opening quote, the next character is never = + @ (a leading - only for numbers).
    for (const semester of ['2025-S1', '2024-S2']) {
      const dir = outDir(semester, dialect);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
        const text = readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '');
        const d = dialect === 'excel-fr' ? ';' : ',';
        const starts = new RegExp(`(?:^|[${d}\\n])"?([=+@][^${d}\\n]*)`, 'g');
        const hits = [...text.matchAll(starts)].map((m) => m[1]);
        expect(hits, `${semester}/${f}`).toEqual([]);
      }
    }
  });
});
