/**
 * Synthetic workspaces for the benchmark (`npm run bench`) and for the test
 * that compares the fast and the plain computation paths.
 *
 * `generateWorkspace(dir, { lines, seed })` is a pure function of the number
 * of invoice lines and the seed: the same arguments write the same bytes. The
 * workspace follows the rules of the example workspace (fixtures/nouveau-mons):
 * - the convention's four members and key, and a new key from the second
 *   anniversary (2025-01-01), so year 2 and year 3 invoices use different keys;
 * - five price codes, two VAT rates (20 %, the config's, and 10 % on meals,
 *   some lines writing "20.0" for the default rate), credit lines (negative
 *   quantities), quantities with up to two decimals (so line HT is rounded);
 * - service months from 2024-11 to 2025-05 (contract years 2 and 3: two
 *   revisions, and I0 with a later vintage that the cut-offs must ignore);
 * - every invoice paid in 2025-S1; a few late invoices, late payments and
 *   contractor amounts that differ from the computed HT (warnings);
 * - subsidies received in 2025-S1, one with a key date in 2024 (the old key),
 *   one received in 2024 but deducted in 2025-S1 (its `semester` column);
 * - the lines split in several invoice files, an invoice never spanning two.
 *
 * Labels repeat per price code and month, as a contractor's export does.
 * With the default 50 lines per invoice on average, N lines make about N / 50
 * invoices.
 */
import { CONVENTION } from '../core/convention.js';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { dayNumber, fromDayNumber, type IsoDate } from '../core/dates.js';
import { formatCents } from '../core/exact.js';

export interface GenerateOptions {
  /** Number of invoice lines (N). */
  lines: number;
  seed: number;
  /** Number of invoice files; default max(3, ⌈N / 100 000⌉). */
  files?: number;
  /**
   * Average number of lines per invoice (default 50: a large programme's
   * monthly invoice lists hours, trips and meals line by line). The outputs
   * (recap, notices, --json) have one row per invoice, so this sets their size.
   */
  linesPerInvoice?: number;
}

export interface GeneratedWorkspace {
  dir: string;
  lines: number;
  invoices: number;
  /** Paths of every CSV file written, relative to `dir`. */
  csvFiles: string[];
  /** Total bytes of the CSV files. */
  csvBytes: number;
  semester: string;
  issuedOn: IsoDate;
}

export const BENCH_SEMESTER = '2025-S1';
export const BENCH_ISSUED_ON = '2025-07-03';

/** Small deterministic PRNG (mulberry32); its numbers are draws, never amounts. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** True with probability 1/n. */
  oneIn(n: number): boolean {
    return this.next() * n < 1;
  }
}

const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** Service months billed in 2025-S1: contract years 2 (2024) and 3 (2025). */
const SERVICE_MONTHS = ['2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];

const CONFIG = {
  name: 'Médiation sociale — banc d’essai synthétique',
  contract: CONVENTION.contract,
  coordinator: CONVENTION.coordinator,
  members: CONVENTION.members,
  keys: [
    CONVENTION.key,
    { from: '2025-01-01', shares: { mons: '31.00', partenord: '27.50', vilogia: '28.75', 'logis-metropole': '12.75' } },
  ],
  prices: [
    { code: 'FORFAIT', label: 'Forfait mensuel de médiation', p0: '21437.50' },
    { code: 'HSUP', label: 'Heure de médiation supplémentaire', p0: '38.50' },
    { code: 'ANIM', label: 'Animation de quartier (demi-journée)', p0: '412.00' },
    { code: 'KM', label: 'Indemnité kilométrique', p0: '0.61' },
    { code: 'REPAS', label: 'Repas de quartier (par convive)', p0: '14.20' },
  ],
  revision: CONVENTION.revision,
  vat_pct: '20',
  payment_days: 30,
  inputs: { index: 'index.csv', invoices: 'invoices', subsidies: 'subsidies.csv' },
};

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${pad(y + 1, 4)}-01` : `${pad(y, 4)}-${pad(m + 1, 2)}`;
}

function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** Hundredths as a decimal string: 350 → "3.5", 1200 → "12", -200 → "-2". */
function hundredths(h: number): string {
  const neg = h < 0;
  const a = Math.abs(h);
  const int = Math.floor(a / 100);
  const frac = a % 100;
  const body = frac === 0 ? String(int) : frac % 10 === 0 ? `${int}.${frac / 10}` : `${int}.${pad(frac, 2)}`;
  return neg ? `-${body}` : body;
}

/**
 * A monthly index from 2019-01 to 2025-06, published quarterly about 75 days
 * after the quarter's end, with a later vintage of the base month 2022-10.
 */
function indexCsv(rng: Rng): string {
  const rows = ['period,value,published_on,status'];
  let value = 11400; // hundredths
  const publication: Record<number, string> = { 1: '06-13', 2: '09-12', 3: '12-13', 4: '03-14' };
  for (let y = 2019; y <= 2025; y++) {
    for (let m = 1; m <= 12; m++) {
      if (y === 2025 && m > 6) break;
      value += rng.int(5, 45);
      const q = Math.ceil(m / 3);
      const published = `${q === 4 ? y + 1 : y}-${publication[q]}`;
      const period = `${y}-${pad(m, 2)}`;
      rows.push(`${period},${hundredths(value)},${published},A`);
      if (period === '2022-10') rows.push(`${period},${hundredths(value + 12)},2025-03-14,R`);
    }
  }
  return `${rows.join('\n')}\n`;
}

function subsidiesCsv(rng: Rng, count: number): string {
  const rows = ['subsidy_id,grantor,received_on,amount,key_date,semester'];
  const grantors = ['Préfecture du Nord — FIPD', 'État — Politique de la ville (adultes-relais)', 'Métropole Européenne de Lille', 'Département du Nord', 'CAF du Nord'];
  const start = dayNumber('2025-01-02');
  for (let i = 0; i < count; i++) {
    const cents = BigInt(rng.int(1000, 2500000)) * 100n + BigInt(rng.int(0, 99));
    let receivedOn = fromDayNumber(start + rng.int(0, 175));
    let keyDate = '';
    let semester = '';
    if (i === 1) keyDate = '2024-12-15'; // the old key
    if (i === 2) {
      receivedOn = '2024-12-20'; // received in 2024-S2, deducted in 2025-S1
      semester = BENCH_SEMESTER;
    }
    rows.push(`S-${pad(i + 1, 4)},${grantors[i % grantors.length]},${receivedOn},${formatCents(cents)},${keyDate},${semester}`);
  }
  return `${rows.join('\n')}\n`;
}

/** Buffered writer: the invoice files are written in 1 MiB chunks, never held whole. */
class FileWriter {
  private readonly fd: number;
  private chunk = '';
  bytes = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(text: string): void {
    this.chunk += text;
    if (this.chunk.length >= 1 << 20) this.flush();
  }
  private flush(): void {
    const buf = Buffer.from(this.chunk, 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.chunk = '';
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Writes the workspace into `dir` (created if needed; existing files of the same names are replaced). */
export function generateWorkspace(dir: string, options: GenerateOptions): GeneratedWorkspace {
  const total = Math.max(1, Math.floor(options.lines));
  const fileCount = Math.max(1, options.files ?? Math.max(3, Math.ceil(total / 100_000)));
  const perInvoice = Math.max(1, options.linesPerInvoice ?? 50);
  const rng = new Rng(options.seed);
  mkdirSync(join(dir, 'invoices'), { recursive: true });
  writeFileSync(join(dir, 'medcoop.json'), `${JSON.stringify(CONFIG, null, 2)}\n`);
  const index = indexCsv(rng);
  writeFileSync(join(dir, 'index.csv'), index);
  const subsidies = subsidiesCsv(rng, 5 + Math.floor(total / 100_000));
  writeFileSync(join(dir, 'subsidies.csv'), subsidies);
  const csvFiles = ['index.csv', 'subsidies.csv'];
  let csvBytes = Buffer.byteLength(index) + Buffer.byteLength(subsidies);

  const header = 'invoice_id,received_on,paid_on,service_month,price_code,quantity,vat_pct,invoiced_ht,label\n';
  const semesterStart = dayNumber('2025-01-02');
  const semesterEnd = dayNumber('2025-06-30');
  let written = 0;
  let invoices = 0;
  for (let f = 0; f < fileCount; f++) {
    const name = `invoices/part-${pad(f + 1, 3)}.csv`;
    csvFiles.push(name);
    const out = new FileWriter(join(dir, name));
    out.write(header);
    const quota = Math.floor((total * (f + 1)) / fileCount) - Math.floor((total * f) / fileCount);
    let inFile = 0;
    let seq = 0;
    while (inFile < quota) {
      seq++;
      invoices++;
      const month = SERVICE_MONTHS[rng.int(0, SERVICE_MONTHS.length - 1)]!;
      const id = `F${month}-${pad(f + 1, 3)}-${pad(seq, 6)}`;
      const after = nextMonth(month);
      // On time: received by the 10th of the next month (1 in 200 later), paid within 30 days, in 2025-S1.
      const receivedDay = rng.oneIn(200) ? rng.int(11, 20) : month === '2024-11' ? rng.int(4, 10) : rng.int(1, 10);
      const received = dayNumber(`${after}-${pad(receivedDay, 2)}`);
      const earliest = Math.max(received + 1, semesterStart);
      const latest = Math.max(earliest, Math.min(received + (rng.oneIn(300) ? 45 : 30), semesterEnd));
      const paid = rng.int(earliest, latest);
      const prefix = `${id},${fromDayNumber(received)},${fromDayNumber(paid)},${month},`;
      const ml = monthLabel(month);
      const count = Math.min(quota - inFile, 1 + rng.int(0, 2 * (perInvoice - 1)));
      for (let l = 0; l < count; l++) {
        let code: string;
        let qty: string;
        let vat = '';
        let label: string;
        if (l === 0) {
          code = 'FORFAIT';
          qty = rng.oneIn(40) ? '0.5' : '1';
          label = `Forfait mensuel de médiation — ${ml}`;
        } else {
          const kind = rng.int(0, 99);
          if (kind < 50) {
            code = 'HSUP';
            qty = hundredths(rng.int(1, 16) * 50);
            label = `Heures de médiation supplémentaires — ${ml}`;
          } else if (kind < 65) {
            code = 'KM';
            qty = hundredths(rng.int(100, 9999));
            label = `Déplacements — ${ml}`;
          } else if (kind < 80) {
            code = 'REPAS';
            qty = String(rng.int(5, 60));
            vat = '10';
            label = `Repas de quartier — ${ml}`;
          } else if (kind < 97) {
            code = 'ANIM';
            qty = String(rng.int(1, 3));
            if (rng.oneIn(10)) vat = '20.0';
            label = `Animation de quartier — ${ml}`;
          } else {
            // A credit line: hours invoiced earlier and not performed.
            code = 'HSUP';
            qty = hundredths(-rng.int(1, 8) * 50);
            label = `Avoir — heures non réalisées — ${ml}`;
          }
        }
        if (rng.oneIn(30)) label = '';
        const invoiced = rng.oneIn(1000) ? formatCents(BigInt(rng.int(0, 5000000))) : '';
        out.write(`${prefix}${code},${qty},${vat},${invoiced},${label}\n`);
        written++;
        inFile++;
      }
    }
    out.close();
    csvBytes += out.bytes;
  }
  return { dir, lines: written, invoices, csvFiles, csvBytes, semester: BENCH_SEMESTER, issuedOn: BENCH_ISSUED_ON };
}
