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
  inputs: { index: string; invoices: string; subsidies: string | null };
  output: { dialect: Dialect | null };
  /** Texts for the printable notice; free-form strings. */
  notice: Record<string, string>;
}

export interface IndexRow {
  period: Month;
  value: string;
  publishedOn: IsoDate;
  status: string;
  src: Source;
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
}
