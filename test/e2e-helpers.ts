/**
 * Helpers for the end-to-end tests: they spawn the REAL compiled binary
 * (`node bin/medcoop.js ...`) in a temporary copy of the example workspace,
 * and read back what it wrote. Money is always integer cents as BigInt.
 *
 * The "oracle" at the end recomputes the fixture's figures independently of
 * the tool (its own CSV parsing, its own rounding and largest-remainder
 * sharing), from the input files and hand-checked revised prices.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'medcoop.js');
/** What bin/medcoop.js runs: the bundle of tsc's output (src/build/bundle.ts). */
export const DIST_MAIN = join(ROOT, 'dist', 'medcoop.cjs');
export const FIXTURE = join(ROOT, 'fixtures', 'nouveau-mons');
export const MEMBERS = ['mons', 'partenord', 'vilogia', 'logis-metropole'] as const;
/** The key, in hundredths of a percent, in config order. */
export const KEY: Record<string, bigint> = { mons: 3161n, partenord: 2758n, vilogia: 2828n, 'logis-metropole': 1253n };

export function assertBuilt(): void {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${DIST_MAIN} is missing: build first with \`npm run build\` (npm test does it) before running the e2e tests`);
  }
}

// ---------------------------------------------------------------- workspaces

const created: string[] = [];

/** A fresh temporary folder; `ws` is a copy of the fixture workspace inside it. */
export function tempWorkspace(): { root: string; ws: string } {
  const root = mkdtempSync(join(tmpdir(), 'medcoop-e2e-'));
  created.push(root);
  const ws = join(root, 'ws');
  // Without out/: the README's first command bills the fixture in place, and a
  // test must start from the inputs alone, as a user's workspace would.
  const generated = join(FIXTURE, 'out');
  cpSync(FIXTURE, ws, { recursive: true, filter: (src) => src !== generated && !src.startsWith(generated + sep) });
  return { root, ws };
}

/** An empty temporary folder. */
export function tempDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'medcoop-e2e-'));
  created.push(root);
  return root;
}

export function cleanupTemp(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

// ---------------------------------------------------------------- running

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  tz?: string;
  /** LANG; C.UTF-8 (English) unless given. LC_ALL and LC_MESSAGES are unset unless given in `env`. */
  lang?: string;
  /** More variables (e.g. LC_ALL), set last. */
  env?: NodeJS.ProcessEnv;
}

function spawnEnv(opts: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('LC_') || k === 'FORCE_COLOR' || k === 'MEDCOOP_LARGE_BYTES') delete env[k];
  env.TZ = opts.tz ?? 'UTC';
  env.LANG = opts.lang ?? 'C.UTF-8';
  env.NO_COLOR = '1';
  // The locale decides the terminal's language (issue 15): the tests' English
  // assertions hold whatever the machine's locale, and French is asked for explicitly.
  return { ...env, ...opts.env };
}

/** Spawns `node bin/medcoop.js ...args`: no shell, explicit TZ/LANG (English unless asked), no LC_*, NO_COLOR=1. */
export function run(args: readonly string[], opts: RunOptions): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: spawnEnv(opts), encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking: for tests that run several spawns side by side (Promise.all). */
export function runAsync(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: spawnEnv(opts), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** describe() options: a spawn is ~100 ms, but a loaded machine may be 10× slower than that. */
export const E2E = { timeout: 30_000 };
/** A timeout for the tests that spawn many processes. */
export const MANY_SPAWNS = 60_000;

/** Shows the whole result when an exit code assertion fails. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

// ---------------------------------------------------------------- files

/** Every file under `dir`, as relative paths with `/`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Every entry (files AND folders, hidden ones included) under `dir`. */
export function listEntries(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out.push(relative(dir, p).split(sep).join('/') + (e.isDirectory() ? '/' : ''));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function readBytes(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

export function stats(dir: string): Map<string, { mtimeNs: bigint; ino: bigint }> {
  return new Map(
    listFiles(dir).map((f) => {
      const s = statSync(join(dir, f), { bigint: true });
      return [f, { mtimeNs: s.mtimeNs, ino: s.ino }];
    }),
  );
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

// ---------------------------------------------------------------- money

const AMOUNT_RE = /^-?\d+\.\d{2}$/;

/** "1234.56" → 123456n. Strict: exactly two decimals, `.` separator. */
export function cents(s: string): bigint {
  if (!AMOUNT_RE.test(s)) throw new Error(`not an amount with two decimals: ${JSON.stringify(s)}`);
  const neg = s.startsWith('-');
  const digits = BigInt(s.replace('-', '').replace('.', ''));
  return neg ? -digits : digits;
}

export function fmt(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  const s = `${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

export const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

/** round(num / den), half away from zero; den > 0. */
export function roundHalfAway(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const q = (2n * a + den) / (2n * den);
  return neg ? -q : q;
}

/**
 * Largest remainder to the cent (SPEC §2.5), written independently of the
 * tool: floor every share, give the leftover cents one each to the largest
 * remainders, ties in config order; a negative total is shared as its
 * absolute value, then negated.
 */
export function largestRemainder(total: bigint, key: Record<string, bigint> = KEY): Record<string, bigint> {
  const neg = total < 0n;
  const t = neg ? -total : total;
  const ids = Object.keys(key);
  const exact = ids.map((id, i) => ({ id, i, floor: (t * key[id]!) / 10000n, rem: (t * key[id]!) % 10000n }));
  let left = t - sum(exact.map((e) => e.floor));
  const order = [...exact].sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const res: Record<string, bigint> = {};
  for (const e of exact) res[e.id] = e.floor;
  for (const e of order) {
    if (left === 0n) break;
    res[e.id]! += 1n;
    left -= 1n;
  }
  if (neg) for (const id of ids) res[id] = -res[id]!;
  return res;
}

// ---------------------------------------------------------------- CSV

/** A small RFC 4180 reader (quotes, doubled quotes, LF or CRLF), written for the tests. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // handled by the \n
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface Table {
  header: string[];
  rows: Record<string, string>[];
}

export function toTable(rows: string[][]): Table {
  const [header, ...body] = rows;
  if (!header) throw new Error('empty CSV');
  for (const r of body) if (r.length !== header.length) throw new Error(`row with ${r.length} fields, header has ${header.length}: ${r.join('|')}`);
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}

/** Reads an output file of the `csv` dialect (no BOM, `,`, LF). */
export function readCsvTable(path: string): Table {
  const text = readFileSync(path, 'utf8');
  return toTable(parseCsv(text, ','));
}

// ---------------------------------------------------------------- the oracle

/**
 * Revised unit prices in cents, per contract year, hand-checked with
 *   python3 -c 'from fractions import Fraction as F; C=F("0.15")+F("0.85")*F(I)/F(I0); print(F(p0)*C)'
 * year 2: I = 134.36 (2023-09 published 2023-12-14), I0 = 129.84 (2022-10 published 2023-04-07)
 *         C = 66841/64920 = 1.029590264941466420209...; 21437.50 × C = 22071.8413046... → 22071.84
 * year 3: I = 138.96 (2024-09 published 2024-12-13), I0 = 129.84
 *         C = 1.059704251386321626617...; 21437.50 × C = 22717.41...
 * year 4: I = 143.30 (2025-09 published 2025-12-12), I0 = 129.96 (2022-10 revised 2025-03-14)
 *         C = 1.087249923053247152970...; 21437.50 × C = 23307.92...
 */
export const PRICES: Record<number, Record<string, bigint>> = {
  1: { FORFAIT: 2143750n, HSUP: 3850n, ANIM: 41200n },
  2: { FORFAIT: 2207184n, HSUP: 3964n, ANIM: 42419n },
  3: { FORFAIT: 2271741n, HSUP: 4080n, ANIM: 43660n },
  4: { FORFAIT: 2330792n, HSUP: 4186n, ANIM: 44795n },
};

function isoDate(s: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : s;
}

/** "19,5" / "-0.1" / "1" → [numerator, 10^decimals]. */
function decimalParts(s: string): [bigint, bigint] {
  const t = s.replace(',', '.').replace(/\s/g, '');
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) throw new Error(`bad decimal ${s}`);
  const frac = m[3] ?? '';
  const n = BigInt(m[2]! + frac);
  return [m[1] ? -n : n, 10n ** BigInt(frac.length)];
}

export interface OracleInvoice {
  id: string;
  serviceMonth: string;
  contractYear: number;
  receivedOn: string;
  paidOn: string | null;
  ht: bigint;
  vat: bigint;
  ttc: bigint;
  label: string;
}

/** Reads an input CSV of the workspace as the SPEC describes them (BOM, `,`/`;`, LF/CRLF). */
export function readInputTable(path: string): Table {
  let text = readFileSync(path, 'utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const firstLine = text.slice(0, text.indexOf('\n'));
  const delimiter = firstLine.includes(';') ? ';' : ',';
  return toTable(parseCsv(text, delimiter));
}

/** The fixture's invoices, computed independently: line HT, VAT per rate, TTC. */
export function oracleInvoices(ws: string = FIXTURE): OracleInvoice[] {
  const dir = join(ws, 'invoices');
  const lines = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((f) => readInputTable(join(dir, f)).rows);
  const byId = new Map<string, Record<string, string>[]>();
  for (const l of lines) {
    const id = l.invoice_id!;
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id)!.push(l);
  }
  const out: OracleInvoice[] = [];
  for (const [id, ls] of byId) {
    const first = ls[0]!;
    const serviceMonth = first.service_month!;
    const contractYear = Number(serviceMonth.slice(0, 4)) - 2022; // contract starts 2023-01-01
    const htByRate = new Map<string, bigint>();
    for (const l of ls) {
      const [qn, qd] = decimalParts(l.quantity!);
      const price = PRICES[contractYear]![l.price_code!]!;
      const lineHt = roundHalfAway(qn * price, qd);
      const rate = l.vat_pct === '' || l.vat_pct === undefined ? '20' : l.vat_pct;
      htByRate.set(rate, (htByRate.get(rate) ?? 0n) + lineHt);
    }
    let ht = 0n;
    let vat = 0n;
    for (const [rate, h] of htByRate) {
      const [rn, rd] = decimalParts(rate);
      ht += h;
      vat += roundHalfAway(h * rn, rd * 100n);
    }
    out.push({
      id,
      serviceMonth,
      contractYear,
      receivedOn: isoDate(first.received_on!),
      paidOn: first.paid_on ? isoDate(first.paid_on) : null,
      ht,
      vat,
      ttc: ht + vat,
      label: first.label ?? '',
    });
  }
  return out;
}

export function semesterRange(semester: string): [string, string] {
  const [y, h] = semester.split('-S');
  return h === '1' ? [`${y}-01-01`, `${y}-06-30`] : [`${y}-07-01`, `${y}-12-31`];
}

export interface OracleSemester {
  invoices: OracleInvoice[];
  pending: OracleInvoice[];
  subsidies: { id: string; amount: bigint; keyDate: string; shares: Record<string, bigint> }[];
}

/** What a semester should bill, from the fixture's inputs. */
export function oracleSemester(semester: string, ws: string = FIXTURE): OracleSemester {
  const [from, to] = semesterRange(semester);
  const all = oracleInvoices(ws);
  const invoices = all
    .filter((i) => i.paidOn !== null && i.paidOn >= from && i.paidOn <= to)
    .sort((a, b) => (a.paidOn! < b.paidOn! ? -1 : a.paidOn! > b.paidOn! ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Received by the semester's end and not paid by then (SPEC §2.7, §2.8 `pending`).
  const pending = all.filter((i) => i.receivedOn <= to && (i.paidOn === null || i.paidOn > to));
  const subsidies = readInputTable(join(ws, 'subsidies.csv'))
    .rows.filter((s) => {
      const sem = s.semester || `${s.received_on!.slice(0, 4)}-S${Number(s.received_on!.slice(5, 7)) <= 6 ? 1 : 2}`;
      return sem === semester;
    })
    .map((s) => {
      const [n, d] = decimalParts(s.amount!);
      const amount = (n * 100n) / d;
      return { id: s.subsidy_id!, amount, keyDate: s.key_date || s.received_on!, shares: largestRemainder(amount) };
    });
  return { invoices, pending, subsidies };
}

/** All the semesters the fixture's contract can bill. */
export const SEMESTERS = ['2023-S1', '2023-S2', '2024-S1', '2024-S2', '2025-S1', '2025-S2', '2026-S1', '2026-S2', '2027-S1'];
