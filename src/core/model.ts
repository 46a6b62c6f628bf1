/**
 * The validated workspace: what the readers hand to the computation. Decimals
 * are kept as canonical strings (`-1234.50`) exactly as read, so that outputs
 * and explanations can quote them; the computation turns them into exact
 * decimal.js numbers or cents.
 */
import type { IsoDate, Month } from './dates.js';

/** Where a value comes from, for messages and explanations. */
export interface Source {
  file: string;
  line: number;
}

export interface Member {
  id: string;
  name: string;
}

export interface KeyShare {
  member: string;
  /** Percentage as a canonical decimal string, e.g. "31.61". */
  pct: string;
}

export interface KeyDef {
  from: IsoDate;
  /** In the order of the config's `members` list (the tie-break order). */
  shares: KeyShare[];
}

export interface Price {
  code: string;
  label: string;
  p0: string;
}

export type CoefficientRoundingMode = 'up' | 'half-up' | 'down';

export type CoefficientRounding =
  | { target: 'none' }
  | { target: 'coefficient' | 'ratio'; decimals: number; mode: CoefficientRoundingMode };

export interface RevisionConfig {
  fixed: string;
  variable: string;
  base: { month: Month; rule: 'month' | 'known-at' };
  current: { rule: 'known-at' };
  knownOn: 'revision-date' | 'month-end';
  rounding: CoefficientRounding;
  /** INSEE idBank of the series, when given. */
  series: string | null;
}

export type Dialect = 'csv' | 'excel-fr';

export interface Config {
  name: string;
  contract: { start: IsoDate; end: IsoDate };
  coordinator: string;
  members: Member[];
  keys: KeyDef[];
  prices: Price[];
  revision: RevisionConfig;
  vatPct: string;
  paymentDays: number;
  inputs: {
    index: string;
    invoices: string;
    subsidies: string | null;
    /** `inputs.payments` as written, or null when the config leaves it out (then `payments.csv`, if present: SPEC §6). */
    payments?: string | null;
    /** `inputs.rates` (SPEC §7): the ECB rate table, or absent. */
    rates?: string | null;
  };
  output: { dialect: Dialect | null };
  /** Texts for the printable notice; free-form strings. */
  notice: Record<string, string>;
  /**
   * `invoices_from`: the first service month whose invoices this workspace
   * holds, when medcoop was adopted during the contract; no `missing-month`
   * before it. Null or absent: the contract's first month.
   */
  invoicesFrom?: Month | null;
  /**
   * `forecast.quantities` (SPEC §7): the quantities of one contract year, per
   * price code, for `medcoop forecast`; absent: those invoiced in the last
   * complete contract year.
   */
  forecast?: { quantities: Record<string, string> } | null;
  /** `renewal.deadline_days` (SPEC §7): the market's renewal deadline, that many days before each anniversary (default 0). */
  renewal?: { deadlineDays: number } | null;
}

/** One row of `inputs.rates` (SPEC §7): the ECB main refinancing rate, in percent, in force from `from`. */
export interface RateRow {
  from: IsoDate;
  rate: string;
  source: string;
  src: Source;
}

export interface IndexRow {
  period: Month;
  value: string;
  publishedOn: IsoDate;
  status: string;
  src: Source;
  /** The publication date is an estimate (`index import --estimated-dates`), not the date INSEE published the value. */
  estimated?: boolean;
}

export interface InvoiceLine {
  priceCode: string;
  quantity: string;
  /** Null when the column is absent or empty: the config's `vat_pct` applies. */
  vatPct: string | null;
  invoicedHt: string | null;
  label: string;
  src: Source;
}

export interface Invoice {
  id: string;
  receivedOn: IsoDate;
  paidOn: IsoDate | null;
  serviceMonth: Month;
  lines: InvoiceLine[];
  /** The invoice's first line. */
  src: Source;
}

export interface Subsidy {
  id: string;
  grantor: string;
  receivedOn: IsoDate;
  amount: string;
  keyDate: IsoDate | null;
  semester: string | null;
  src: Source;
}

export interface Workspace {
  config: Config;
  index: IndexRow[];
  invoices: Invoice[];
  subsidies: Subsidy[];
  /** The rate table of `inputs.rates`, sorted by `from`; null (or absent) when the config names none. */
  rates?: RateRow[] | null;
}

/** A member's payment received by the coordinator (SPEC §6, `payments.csv`). */
export interface Payment {
  id: string;
  member: string;
  receivedOn: IsoDate;
  /** Canonical decimal string with at most two decimals, positive. */
  amount: string;
  /** The notice number it settles, or null: the member's oldest open notices. */
  notice: string | null;
  reference: string;
  src: Source;
  /** Column of the `notice` field, for an unknown notice number. */
  noticeColumn: number;
}
