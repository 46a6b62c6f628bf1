/**
 * Builders of in-memory `Workspace` objects for unit tests of the pure core.
 *
 * The default config mirrors fixtures/nouveau-mons/medcoop.json (contract
 * 2023-01-01 → 2026-12-31, four members, the convention's key, 20 % VAT,
 * 30 payment days) but with a single price FORFAIT whose p0 is "1000.00", so
 * that hand computations stay readable.
 *
 * The default index gives round coefficients (fixed 0.15, variable 0.85,
 * I0 = October 2022 = 120):
 *   year 1 (2023): not revised, C = 1            → price 1000.00
 *   year 2 (2024): I = 2023-09 = 132, 132/120 = 1.1,  C = 0.15 + 0.935  = 1.085  → 1085.00
 *   year 3 (2025): I = 2024-09 = 144, 144/120 = 1.2,  C = 0.15 + 1.02   = 1.17   → 1170.00
 *   year 4 (2026): I = 2025-09 = 150, 150/120 = 1.25, C = 0.15 + 1.0625 = 1.2125 → 1212.50
 * It also holds values published before the contract's start (2022-09 = 130,
 * which would give year 1 a C ≠ 1 if year 1 were ever revised).
 *
 * Every row gets a `src: {file, line}` as a reader would give it: one line
 * counter per file, the header being line 1.
 */
import type { Config, IndexRow, Invoice, InvoiceLine, KeyDef, Subsidy, Workspace } from '../../src/core/model.js';

export const INDEX_FILE = 'index.csv';
export const INVOICE_FILE = 'invoices/test.csv';
export const SUBSIDY_FILE = 'subsidies.csv';

export const MEMBERS = [
  { id: 'mons', name: 'Ville de Mons en Barœul' },
  { id: 'partenord', name: 'Partenord Habitat' },
  { id: 'vilogia', name: 'Vilogia' },
  { id: 'logis-metropole', name: 'Logis Métropole' },
] as const;

export const MEMBER_IDS = MEMBERS.map((m) => m.id);

/** The convention's key (article 5.2). */
export const CONVENTION_SHARES: Record<string, string> = {
  mons: '31.61',
  partenord: '27.58',
  vilogia: '28.28',
  'logis-metropole': '12.53',
};

/** A key from `from`, its shares put in the config's members order (the tie-break order). */
export function key(from: string, shares: Record<string, string>): KeyDef {
  const ids = Object.keys(shares);
  for (const id of ids) if (!MEMBER_IDS.includes(id as (typeof MEMBER_IDS)[number])) throw new Error(`unknown member ${id}`);
  return {
    from,
    shares: MEMBER_IDS.filter((id) => id in shares).map((id) => ({ member: id, pct: shares[id]! })),
  };
}

export function makeConfig(overrides: Partial<Config> = {}): Config {
  return {
    name: 'Médiation sociale — test',
    contract: { start: '2023-01-01', end: '2026-12-31' },
    coordinator: 'mons',
    members: MEMBERS.map((m) => ({ ...m })),
    keys: [key('2023-01-01', CONVENTION_SHARES)],
    prices: [{ code: 'FORFAIT', label: 'Forfait mensuel de médiation', p0: '1000.00' }],
    revision: {
      fixed: '0.15',
      variable: '0.85',
      base: { month: '2022-10', rule: 'month' },
      current: { rule: 'known-at' },
      knownOn: 'revision-date',
      rounding: { target: 'none' },
      series: null,
    },
    vatPct: '20',
    paymentDays: 30,
    inputs: { index: INDEX_FILE, invoices: 'invoices', subsidies: SUBSIDY_FILE },
    output: { dialect: null },
    notice: {},
    ...overrides,
  };
}

/** Index rows from `[period, value, published_on]` triples, with their file lines. */
export function indexRows(rows: ReadonlyArray<readonly [string, string, string]>): IndexRow[] {
  return rows.map(([period, value, publishedOn], i) => ({
    period,
    value,
    publishedOn,
    status: 'A',
    src: { file: INDEX_FILE, line: i + 2 },
  }));
}

export const DEFAULT_INDEX: ReadonlyArray<readonly [string, string, string]> = [
  ['2022-09', '130', '2022-12-15'],
  ['2022-10', '120', '2022-12-15'],
  ['2022-11', '125', '2022-12-20'],
  ['2023-09', '132', '2023-12-10'],
  ['2024-09', '144', '2024-12-10'],
  ['2025-09', '150', '2025-12-10'],
];

export interface LineSpec {
  priceCode?: string;
  quantity: string;
  vatPct?: string | null;
  invoicedHt?: string | null;
  label?: string;
}

export interface InvoiceSpec {
  id: string;
  serviceMonth: string;
  receivedOn: string;
  paidOn?: string | null;
  /** Shorthand for one FORFAIT line of this quantity (default "1"). */
  quantity?: string;
  invoicedHt?: string | null;
  lines?: LineSpec[];
}

export interface SubsidySpec {
  id: string;
  receivedOn: string;
  amount: string;
  grantor?: string;
  keyDate?: string | null;
  semester?: string | null;
}

/**
 * Builds a workspace; lines are numbered in the order given (one CSV file of
 * invoices, one of subsidies), as the readers would.
 */
export function makeWorkspace(
  opts: {
    config?: Config;
    configOverrides?: Partial<Config>;
    index?: IndexRow[];
    invoices?: InvoiceSpec[];
    subsidies?: SubsidySpec[];
  } = {},
): Workspace {
  const config = opts.config ?? makeConfig(opts.configOverrides);
  let line = 1;
  const invoices: Invoice[] = (opts.invoices ?? []).map((spec) => {
    const specs: LineSpec[] = spec.lines ?? [{ quantity: spec.quantity ?? '1', invoicedHt: spec.invoicedHt ?? null }];
    const lines: InvoiceLine[] = specs.map((l) => ({
      priceCode: l.priceCode ?? 'FORFAIT',
      quantity: l.quantity,
      vatPct: l.vatPct ?? null,
      invoicedHt: l.invoicedHt ?? null,
      label: l.label ?? `${spec.id} ${spec.serviceMonth}`,
      src: { file: INVOICE_FILE, line: ++line },
    }));
    return {
      id: spec.id,
      receivedOn: spec.receivedOn,
      paidOn: spec.paidOn ?? null,
      serviceMonth: spec.serviceMonth,
      lines,
      src: lines[0]!.src,
    };
  });
  const subsidies: Subsidy[] = (opts.subsidies ?? []).map((s, i) => ({
    id: s.id,
    grantor: s.grantor ?? 'État',
    receivedOn: s.receivedOn,
    amount: s.amount,
    keyDate: s.keyDate ?? null,
    semester: s.semester ?? null,
    src: { file: SUBSIDY_FILE, line: i + 2 },
  }));
  return { config, index: opts.index ?? indexRows(DEFAULT_INDEX), invoices, subsidies };
}
