/**
 * Turns the CSV input files into the model (SPEC §3.1): one reader per file
 * kind, each reporting every bad field with its file, line and column.
 * Pure: it receives bytes, never opens a file.
 *
 * Built for a million lines: records are read one at a time (`scanCsv`), the
 * typed fields of repeated texts (an invoice's dates on each of its lines)
 * are parsed once per file, and the lines of an invoices file are kept by
 * column in typed arrays (`LineStore`), their texts interned, rather than as
 * one object per line; `Invoice.lines` builds light views of them on demand.
 */
import { Buffer } from 'node:buffer';
import { error, type Diagnostic } from '../core/diagnostic.js';
import { contractYearOfMonth } from '../core/contract.js';
import type { Config, IndexRow, Invoice, InvoiceLine, Payment, RateRow, Source, Subsidy } from '../core/model.js';
import { parseSemester } from '../core/semester.js';
import { decimal } from '../core/exact.js';
import { scanCsv, type ColumnSpec, type CsvCell } from './csv.js';
import { FRENCH_COLUMNS } from './header-names.js';
import { parseDate, parseDecimal, parseMonth, type FieldResult } from './fields.js';

export const INDEX_COLUMNS: ColumnSpec = { required: ['period', 'value', 'published_on'], optional: ['status', 'estimated'], french: FRENCH_COLUMNS.index };
export const INVOICE_COLUMNS: ColumnSpec = {
  required: ['invoice_id', 'received_on', 'paid_on', 'service_month', 'price_code', 'quantity'],
  optional: ['vat_pct', 'invoiced_ht', 'label'],
  french: FRENCH_COLUMNS.invoices,
};
export const PAYMENT_COLUMNS: ColumnSpec = { required: ['payment_id', 'member', 'received_on', 'amount'], optional: ['notice', 'reference'] };
export const SUBSIDY_COLUMNS: ColumnSpec = { required: ['subsidy_id', 'grantor', 'received_on', 'amount'], optional: ['key_date', 'semester'], french: FRENCH_COLUMNS.subsidies };

/**
 * A copy of `text` that shares no memory with the file it was cut from. V8
 * keeps a substring of 13 characters or more as a slice of its parent, so a
 * label kept from a 10 MB file would keep the whole file's text alive.
 */
function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Field parsers remembered per text: the lines of an invoice repeat its id, dates and month. */
class FieldCache {
  private readonly dates = new Map<string, FieldResult<string>>();
  private readonly months = new Map<string, FieldResult<string>>();
  private readonly decimals = new Map<string, FieldResult<string>>();

  private static get(cache: Map<string, FieldResult<string>>, text: string, parse: (t: string) => FieldResult<string>): FieldResult<string> {
    let r = cache.get(text);
    if (r === undefined) {
      if (cache.size >= 8192) cache.clear(); // bounded: quantities may all differ
      r = parse(text);
      cache.set(text, r);
    }
    return r;
  }
  date(text: string): FieldResult<string> {
    return FieldCache.get(this.dates, text, parseDate);
  }
  month(text: string): FieldResult<string> {
    return FieldCache.get(this.months, text, parseMonth);
  }
  decimal(text: string): FieldResult<string> {
    return FieldCache.get(this.decimals, text, parseDecimal);
  }
}

/**
 * A column as a reader uses it: its name (for messages), its field index
 * (-1 when the file does not have it), and its last text and parse, which
 * the next record often repeats.
 */
interface Column {
  readonly name: string;
  readonly j: number;
  last: string | null;
  parsed: FieldResult<string> | null;
}

/** Reads typed fields of the current record, collecting the problems; one per file, moved from record to record. */
class RowReader {
  fields: readonly string[] = [];
  line = 0;
  fieldLines: readonly number[] | null = null;

  constructor(
    readonly file: string,
    private readonly columns: ReadonlyMap<string, number>,
    readonly diagnostics: Diagnostic[],
    private readonly cache: FieldCache,
  ) {}

  column(name: string): Column {
    return { name, j: this.columns.get(name) ?? -1, last: null, parsed: null };
  }

  set(fields: readonly string[], line: number, fieldLines: readonly number[] | null): this {
    this.fields = fields;
    this.line = line;
    this.fieldLines = fieldLines;
    return this;
  }

  /** The raw text of a column; undefined when the file has no such column. */
  raw(c: Column): string | undefined {
    return c.j < 0 ? undefined : this.fields[c.j];
  }

  cell(c: Column): CsvCell | undefined {
    if (c.j < 0) return undefined;
    return { text: this.fields[c.j]!, line: this.fieldLines === null ? this.line : this.fieldLines[c.j]!, column: c.j + 1 };
  }

  private bad(c: Column, expected: string): null {
    const cell = this.cell(c)!;
    const got = JSON.stringify(cell.text);
    this.diagnostics.push(error(`bad-${kindOf(c.name)}`, `${c.name}: expected ${expected}, got ${got}`, { file: this.file, line: cell.line, column: cell.column }, { values: { column: c.name, expected, got } }));
    return null;
  }

  text(c: Column, required: boolean): string | null {
    if (c.j < 0) return null;
    const t = this.fields[c.j]!;
    if (t === '') {
      if (required) {
        const cell = this.cell(c)!;
        this.diagnostics.push(error('missing-value', `${c.name}: a value is required`, { file: this.file, line: cell.line, column: cell.column }, { values: { column: c.name } }));
      }
      return null;
    }
    return t;
  }

  private parse(c: Column, t: string, kind: 'date' | 'month' | 'decimal'): string | null {
    let r = c.parsed;
    if (t !== c.last || r === null) {
      r = kind === 'date' ? this.cache.date(t) : kind === 'month' ? this.cache.month(t) : this.cache.decimal(t);
      c.last = t;
      c.parsed = r;
    }
    return r.ok ? r.value : this.bad(c, r.expected);
  }

  date(c: Column, required: boolean): string | null {
    const t = this.text(c, required);
    return t === null ? null : this.parse(c, t, 'date');
  }

  month(c: Column): string | null {
    const t = this.text(c, true);
    return t === null ? null : this.parse(c, t, 'month');
  }

  decimal(c: Column, required: boolean): string | null {
    const t = this.text(c, required);
    return t === null ? null : this.parse(c, t, 'decimal');
  }

  at(c?: Column): { file: string; line: number; column?: number } {
    const cell = c ? this.cell(c) : undefined;
    return cell ? { file: this.file, line: cell.line, column: cell.column } : { file: this.file, line: this.line };
  }
}

const INDEX_FIELDS = ['period', 'value', 'published_on', 'status', 'estimated'] as const;
const INVOICE_FIELDS = ['invoice_id', 'received_on', 'paid_on', 'service_month', 'price_code', 'quantity', 'vat_pct', 'invoiced_ht', 'label'] as const;
const SUBSIDY_FIELDS = ['subsidy_id', 'grantor', 'received_on', 'amount', 'key_date', 'semester'] as const;
const PAYMENT_FIELDS = ['payment_id', 'member', 'received_on', 'amount', 'notice', 'reference'] as const;

function columnsOf<N extends string>(r: RowReader, names: readonly N[]): Record<N, Column> {
  const out = {} as Record<N, Column>;
  for (const n of names) out[n] = r.column(n);
  return out;
}

/**
 * Scans one input CSV row by row with a RowReader on its columns: `onRow`
 * reads the row's fields through `r` and `c` and reports into `found`, which
 * follows the file's own diagnostics (encoding, header). `header` is null when
 * the file has none that fits.
 */
function scanRows<N extends string>(
  file: string,
  bytes: Uint8Array,
  spec: ColumnSpec,
  names: readonly N[],
  onRow: (r: RowReader, c: Record<N, Column>, line: number, found: Diagnostic[]) => void,
): { header: unknown; diagnostics: Diagnostic[] } {
  const found: Diagnostic[] = [];
  const cache = new FieldCache();
  let r: RowReader | null = null;
  let c: Record<N, Column> | null = null;
  const { header, diagnostics } = scanCsv(file, bytes, spec, (fields, line, fieldLines) => {
    r!.set(fields, line, fieldLines);
    onRow(r!, c!, line, found);
  }, (h) => {
    r = new RowReader(file, h.columnIndex, found, cache);
    c = columnsOf(r, names);
  });
  pushAll(diagnostics, found);
  return { header, diagnostics };
}

function kindOf(column: string): string {
  if (column.endsWith('_on') || column === 'key_date' || column === 'from') return 'date';
  if (column === 'service_month' || column === 'period') return 'month';
  return 'number';
}

function isPercentage(text: string): boolean {
  const r = decimal(text);
  return r.greaterThanOrEqualTo(0) && r.lessThanOrEqualTo(100);
}

function decimalPlaces(text: string): number {
  const i = text.indexOf('.');
  return i < 0 ? 0 : text.length - i - 1;
}

function pushAll<T>(into: T[], from: readonly T[]): void {
  for (const x of from) into.push(x);
}

export function parseIndexFile(file: string, bytes: Uint8Array): { rows: IndexRow[]; diagnostics: Diagnostic[] } {
  const rows: IndexRow[] = [];
  const seen = new Map<string, number>();
  const { header, diagnostics } = scanRows(file, bytes, INDEX_COLUMNS, INDEX_FIELDS, (r, c, line, found) => {
    const period = r.month(c.period);
    const value = r.decimal(c.value, true);
    const publishedOn = r.date(c.published_on, true);
    const status = r.text(c.status, false) ?? '';
    // `estimated`: yes when published_on is an estimate (index import --estimated-dates), empty otherwise.
    const flag = (r.text(c.estimated, false) ?? '').trim().toLowerCase();
    if (!['', 'yes', 'no', 'oui', 'non'].includes(flag)) {
      found.push(error('bad-value', `estimated: expected yes or nothing (yes: published_on is an estimate), got ${JSON.stringify(flag)}`, r.at(c.estimated), { values: { got: JSON.stringify(flag) }, variant: 'estimated' }));
      return;
    }
    if (value !== null && !(value.startsWith('-') === false && /[1-9]/.test(value))) {
      found.push(error('bad-number', `value: an index value must be positive, got ${value}`, r.at(c.value), { values: { got: value! }, variant: 'index' }));
      return;
    }
    if (period === null || value === null || publishedOn === null) return;
    const k = `${period} ${publishedOn}`;
    const prev = seen.get(k);
    if (prev !== undefined) {
      found.push(error('duplicate-index', `period ${period} published on ${publishedOn} is already given on line ${prev}; a new vintage needs its own publication date`, r.at(c.published_on), { values: { period: period!, published: publishedOn!, line: prev } }));
      return;
    }
    seen.set(k, line);
    rows.push({ period, value, publishedOn, status, src: { file, line }, ...(flag === 'yes' || flag === 'oui' ? { estimated: true } : {}) });
  });
  if (header === null) return { rows: [], diagnostics };
  // An index with a header only is a new workspace's (medcoop init): the values
  // a year needs are reported (no-index-value) when an invoice needs them.
  return { rows, diagnostics };
}

/** Interned texts of one file: every distinct text is kept once, lines hold its number. */
class TextTable {
  readonly texts: string[] = [];
  private ids: Map<string, number> | null = new Map();
  id(text: string): number {
    let i = this.ids!.get(text);
    if (i === undefined) {
      const kept = detach(text);
      i = this.texts.length;
      this.texts.push(kept);
      this.ids!.set(kept, i);
    }
    return i;
  }
  /** No more texts will be added: the lookup table can go. */
  seal(): void {
    this.ids = null;
  }
}

const NONE = -1;

/**
 * The lines of one invoices file, by column (seven 32-bit numbers a line,
 * no object). After `pack`, `order` lists the lines invoice by invoice, each
 * invoice's lines in the canonical order (see `parseInvoiceFile`).
 */
class LineStore {
  length = 0;
  /** Index of the price code in the config's `prices` (its rank). */
  code: Int32Array | Uint16Array;
  quantity: Int32Array | Uint16Array;
  /** Text number, or `none` for an empty `vat_pct` (the config's rate applies). */
  vat: Int32Array | Uint16Array;
  /** Text number, or `none` when empty. */
  invoiced: Int32Array | Uint16Array;
  label: Int32Array | Uint16Array;
  line: Int32Array;
  /** The number standing for "no text": NONE, or 0xFFFF once the columns are 16-bit. */
  none = NONE;
  /** Which invoice (its number in the file) a line belongs to; dropped by `pack`. */
  owner: Int32Array | null;
  /** Line numbers (indexes in the columns above) grouped by invoice, set by `pack`. */
  order = new Int32Array(0);

  constructor(
    readonly file: string,
    readonly codes: readonly string[],
    readonly texts: TextTable,
    /** Room for this many lines before growing (the file's number of line feeds is enough). */
    capacity: number,
  ) {
    const n = Math.max(16, capacity);
    this.code = new Int32Array(n);
    this.quantity = new Int32Array(n);
    this.vat = new Int32Array(n);
    this.invoiced = new Int32Array(n);
    this.label = new Int32Array(n);
    this.line = new Int32Array(n);
    this.owner = new Int32Array(n);
  }

  push(owner: number, code: number, quantity: number, vat: number, invoiced: number, label: number, line: number): void {
    if (this.length === this.code.length) this.grow(this.length * 2);
    const i = this.length++;
    this.owner![i] = owner;
    this.code[i] = code;
    this.quantity[i] = quantity;
    this.vat[i] = vat;
    this.invoiced[i] = invoiced;
    this.label[i] = label;
    this.line[i] = line;
  }

  private grow(capacity: number): void {
    const resize = (a: Int32Array | Uint16Array) => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, Math.min(a.length, capacity)));
      return b;
    };
    this.code = resize(this.code);
    this.quantity = resize(this.quantity);
    this.vat = resize(this.vat);
    this.invoiced = resize(this.invoiced);
    this.label = resize(this.label);
    this.line = resize(this.line);
    if (this.owner) this.owner = resize(this.owner);
  }

  /**
   * Groups the lines by invoice (invoices in order of first appearance) and
   * sorts each invoice's lines canonically; returns where each invoice's
   * lines start in `order` (`starts[k]` to `starts[k + 1]`).
   */
  pack(invoices: number): Int32Array {
    const n = this.length;
    const owner = this.owner!;
    const starts = new Int32Array(invoices + 1);
    for (let i = 0; i < n; i++) starts[owner[i]! + 1]!++;
    for (let k = 0; k < invoices; k++) starts[k + 1]! += starts[k]!;
    const next = starts.slice(0, invoices);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[next[owner[i]!]!++] = i;
    const { code, quantity, vat, invoiced, label } = this;
    const t = this.texts.texts;
    const cmpText = (a: number, b: number) => {
      if (a === b) return 0;
      const x = a === NONE ? '' : t[a]!;
      const y = b === NONE ? '' : t[b]!;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    // Config price order, then label, quantity, rate and invoiced amount; then file order.
    const canonical = (a: number, b: number) =>
      code[a]! - code[b]! || cmpText(label[a]!, label[b]!) || cmpText(quantity[a]!, quantity[b]!) || cmpText(vat[a]!, vat[b]!) || cmpText(invoiced[a]!, invoiced[b]!) || a - b;
    for (let k = 0; k < invoices; k++) {
      const s = starts[k]!;
      const e = starts[k + 1]!;
      let sorted = true;
      for (let i = s + 1; i < e && sorted; i++) sorted = canonical(order[i - 1]!, order[i]!) < 0;
      if (!sorted) order.subarray(s, e).sort(canonical);
    }
    this.order = order;
    this.owner = null;
    this.texts.seal();
    // Kept at their exact size, in 16 bits when the numbers fit (the usual case: few distinct texts).
    const narrow = this.texts.texts.length < 0xffff && this.codes.length < 0xffff;
    const keep = (a: Int32Array | Uint16Array): Int32Array | Uint16Array => {
      if (!narrow) return a.length > n + (n >> 2) ? a.slice(0, n) : a;
      const b = new Uint16Array(n);
      for (let i = 0; i < n; i++) b[i] = a[i] === NONE ? 0xffff : a[i]!;
      return b;
    };
    this.code = keep(this.code);
    this.quantity = keep(this.quantity);
    this.vat = keep(this.vat);
    this.invoiced = keep(this.invoiced);
    this.label = keep(this.label);
    if (narrow) this.none = 0xffff;
    if (this.line.length > n + (n >> 2)) this.line = this.line.slice(0, n);
    return starts;
  }

  text(id: number): string | null {
    return id === this.none ? null : this.texts.texts[id]!;
  }
}

/** One stored line seen as an `InvoiceLine`: a light view, its fields read from the store. */
class StoredLine implements InvoiceLine {
  constructor(
    private readonly store: LineStore,
    private readonly i: number,
  ) {}
  get priceCode(): string {
    return this.store.codes[this.store.code[this.i]!]!;
  }
  get quantity(): string {
    return this.store.texts.texts[this.store.quantity[this.i]!]!;
  }
  get vatPct(): string | null {
    return this.store.text(this.store.vat[this.i]!);
  }
  get invoicedHt(): string | null {
    return this.store.text(this.store.invoiced[this.i]!);
  }
  get label(): string {
    return this.store.texts.texts[this.store.label[this.i]!]!;
  }
  get src(): Source {
    return { file: this.store.file, line: this.store.line[this.i]! };
  }
}

/** An invoice read from a file: its lines stay in the file's `LineStore`. */
class StoredInvoice implements Invoice {
  constructor(
    readonly id: string,
    readonly receivedOn: string,
    readonly paidOn: string | null,
    readonly serviceMonth: string,
    readonly src: Source,
    private readonly store: LineStore,
    private readonly start: number,
    private readonly end: number,
  ) {}
  /** The lines in canonical order, as views built on each access. */
  get lines(): InvoiceLine[] {
    const out: InvoiceLine[] = new Array(this.end - this.start);
    const order = this.store.order;
    for (let i = this.start; i < this.end; i++) out[i - this.start] = new StoredLine(this.store, order[i]!);
    return out;
  }
}

interface Draft {
  id: string;
  receivedOn: string;
  paidOn: string | null;
  serviceMonth: string;
  /** Line of its first line: where the invoice is said to be. */
  line: number;
  number: number;
}

function countLineFeeds(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) n++;
  return n + 1;
}

/** Reads one invoices file; cross-file checks are done by `checkInvoiceIds`. */
export function parseInvoiceFile(file: string, bytes: Uint8Array, config: Config): { invoices: Invoice[]; diagnostics: Diagnostic[] } {
  const found: Diagnostic[] = [];
  const byId = new Map<string, Draft>();
  const drafts: Draft[] = [];
  const codes = config.prices.map((p) => p.code);
  const rank = new Map(codes.map((c, i) => [c, i]));
  const store = new LineStore(file, codes, new TextTable(), countLineFeeds(bytes));
  const texts = store.texts;
  const cache = new FieldCache();
  const contractYears = new Map<string, boolean>();
  const percentages = new Map<string, boolean>();
  let r: RowReader | null = null;
  let c: Record<(typeof INVOICE_FIELDS)[number], Column> | null = null;
  const { header, diagnostics } = scanCsv(file, bytes, INVOICE_COLUMNS, (fields, line, fieldLines) => {
    r!.set(fields, line, fieldLines);
    const id = r!.text(c!.invoice_id, true);
    const receivedOn = r!.date(c!.received_on, true);
    const paidOn = r!.date(c!.paid_on, false);
    const serviceMonth = r!.month(c!.service_month);
    const priceCode = r!.text(c!.price_code, true);
    const quantity = r!.decimal(c!.quantity, true);
    const vatPct = r!.decimal(c!.vat_pct, false);
    const invoicedHt = r!.decimal(c!.invoiced_ht, false);
    const label = r!.text(c!.label, false) ?? '';
    let ok = id !== null && receivedOn !== null && serviceMonth !== null && priceCode !== null && quantity !== null;
    if (ok && r!.raw(c!.paid_on) !== '' && paidOn === null) ok = false;
    if (r!.raw(c!.vat_pct) && vatPct === null) ok = false;
    if (r!.raw(c!.invoiced_ht) && invoicedHt === null) ok = false;
    if (vatPct !== null) {
      let percentage = percentages.get(vatPct);
      if (percentage === undefined) percentages.set(vatPct, (percentage = isPercentage(vatPct)));
      if (!percentage) {
        found.push(error('bad-number', `vat_pct: expected a rate from 0 to 100, got ${vatPct}`, r!.at(c!.vat_pct), { values: { got: vatPct! }, variant: 'vat' }));
        ok = false;
      }
    }
    if (invoicedHt !== null && decimalPlaces(invoicedHt) > 2) {
      found.push(error('bad-number', `invoiced_ht: expected an amount with at most two decimals, got ${invoicedHt}`, r!.at(c!.invoiced_ht), { values: { column: 'invoiced_ht', got: invoicedHt! }, variant: 'cents' }));
      ok = false;
    }
    if (priceCode !== null && !rank.has(priceCode)) {
      found.push(error('unknown-price', `price_code: ${JSON.stringify(priceCode)} is not in the config's prices (${codes.join(', ')})`, r!.at(c!.price_code), { values: { code: JSON.stringify(priceCode), codes: codes.join(', ') } }));
      ok = false;
    }
    if (serviceMonth !== null) {
      let inside = contractYears.get(serviceMonth);
      if (inside === undefined) contractYears.set(serviceMonth, (inside = contractYearOfMonth(config.contract, serviceMonth) !== null));
      if (!inside) {
        found.push(error('outside-contract', `service_month: ${serviceMonth} is outside the contract (${config.contract.start} to ${config.contract.end})`, r!.at(c!.service_month), { values: { month: serviceMonth, start: config.contract.start, end: config.contract.end } }));
        ok = false;
      }
    }
    if (receivedOn !== null && paidOn !== null && paidOn < receivedOn) {
      found.push(error('bad-date', `paid_on: ${paidOn} is before received_on ${receivedOn}`, r!.at(c!.paid_on), { values: { paid: paidOn, received: receivedOn! }, variant: 'paidBeforeReceived' }));
      ok = false;
    }
    if (!ok) return;
    let draft = byId.get(id!);
    if (!draft) {
      draft = { id: detach(id!), receivedOn: receivedOn!, paidOn, serviceMonth: serviceMonth!, line, number: drafts.length };
      byId.set(draft.id, draft);
      drafts.push(draft);
    } else {
      const clash = [
        draft.receivedOn !== receivedOn ? ['received_on', draft.receivedOn, receivedOn] : null,
        draft.paidOn !== paidOn ? ['paid_on', draft.paidOn ?? '(empty)', paidOn ?? '(empty)'] : null,
        draft.serviceMonth !== serviceMonth ? ['service_month', draft.serviceMonth, serviceMonth] : null,
      ].find((x) => x !== null);
      if (clash) {
        found.push(error('invoice-mismatch', `${clash[0]}: line of invoice ${id} says ${clash[2]}, but its line ${draft.line} says ${clash[1]}; all lines of an invoice share its dates and service month`, r!.at(c![clash[0] as 'received_on' | 'paid_on' | 'service_month']), { values: { column: clash[0]!, invoice: id!, here: clash[2]!, line: draft.line, there: clash[1]! }, variant: clash[0] === 'service_month' ? 'month' : clash[2] === '(empty)' ? 'emptyHere' : clash[1] === '(empty)' ? 'emptyThere' : 'date' }));
        return;
      }
    }
    store.push(
      draft.number,
      rank.get(priceCode!)!,
      texts.id(quantity!),
      vatPct === null ? NONE : texts.id(vatPct),
      invoicedHt === null ? NONE : texts.id(invoicedHt),
      texts.id(label),
      line,
    );
  }, (h) => {
    r = new RowReader(file, h.columnIndex, found, cache);
    c = columnsOf(r, INVOICE_FIELDS);
  });
  if (header === null) return { invoices: [], diagnostics };
  // A header alone (next year's file prepared in advance) is no invoice yet, as an empty folder is (issue 13).
  pushAll(diagnostics, found);
  // The order of lines in the file must not change any output: lines are kept
  // in a canonical order (config price order, then label, then quantity).
  const starts = store.pack(drafts.length);
  const invoices: Invoice[] = drafts.map((d, k) => new StoredInvoice(d.id, d.receivedOn, d.paidOn, d.serviceMonth, { file, line: d.line }, store, starts[k]!, starts[k + 1]!));
  return { invoices, diagnostics };
}

/** One invoice id in two files is an error (SPEC §3.1). */
export function checkInvoiceIds(invoices: readonly Invoice[]): Diagnostic[] {
  const first = new Map<string, Invoice>();
  const out: Diagnostic[] = [];
  for (const inv of invoices) {
    const f = first.get(inv.id);
    if (f) out.push(error('duplicate-invoice', `invoice ${inv.id} is also in ${f.src.file} (line ${f.src.line})`, { file: inv.src.file, line: inv.src.line, column: 1 }, { values: { invoice: inv.id, file: f.src.file, line: f.src.line } }));
    else first.set(inv.id, inv);
  }
  return out;
}

export function parseSubsidyFile(file: string, bytes: Uint8Array): { subsidies: Subsidy[]; diagnostics: Diagnostic[] } {
  const subsidies: Subsidy[] = [];
  const ids = new Map<string, number>();
  const { header, diagnostics } = scanRows(file, bytes, SUBSIDY_COLUMNS, SUBSIDY_FIELDS, (r, c, line, found) => {
    const id = r.text(c.subsidy_id, true);
    const grantor = r.text(c.grantor, false) ?? '';
    const receivedOn = r.date(c.received_on, true);
    const amount = r.decimal(c.amount, true);
    const keyDate = r.date(c.key_date, false);
    const semText = r.text(c.semester, false);
    let ok = id !== null && receivedOn !== null && amount !== null;
    if (r.raw(c.key_date) && keyDate === null) ok = false;
    if (amount !== null && decimalPlaces(amount) > 2) {
      found.push(error('bad-number', `amount: expected an amount with at most two decimals, got ${amount}`, r.at(c.amount), { values: { column: 'amount', got: amount! }, variant: 'cents' }));
      ok = false;
    }
    if (semText !== null && parseSemester(semText) === null) {
      found.push(error('bad-semester', `semester: expected YYYY-S1 or YYYY-S2, got ${JSON.stringify(semText)}`, r.at(c.semester), { values: { got: JSON.stringify(semText) }, variant: 'field' }));
      ok = false;
    }
    if (id !== null) {
      const prev = ids.get(id);
      if (prev !== undefined) {
        found.push(error('duplicate-subsidy', `subsidy ${id} is already on line ${prev}`, r.at(c.subsidy_id), { values: { subsidy: id!, line: prev } }));
        ok = false;
      } else ids.set(id, line);
    }
    if (!ok) return;
    subsidies.push({ id: id!, grantor, receivedOn: receivedOn!, amount: amount!, keyDate, semester: semText, src: { file, line } });
  });
  if (header === null) return { subsidies: [], diagnostics };
  return { subsidies, diagnostics };
}

/** `inputs.rates` (SPEC §7): `from,rate[,source]`, the ECB main refinancing rate in percent from each date. */
export const RATE_COLUMNS: ColumnSpec = { required: ['from', 'rate'], optional: ['source'] };
const RATE_FIELDS = ['from', 'rate', 'source'] as const;

/** Reads the rate table; rows come back sorted by `from`. Two rows from one date → an error at the second. */
export function parseRatesFile(file: string, bytes: Uint8Array): { rates: RateRow[]; diagnostics: Diagnostic[] } {
  const rates: RateRow[] = [];
  const seen = new Map<string, number>();
  const { header, diagnostics } = scanRows(file, bytes, RATE_COLUMNS, RATE_FIELDS, (r, c, line, found) => {
    const from = r.date(c.from, true);
    const rate = r.decimal(c.rate, true);
    const source = r.text(c.source, false) ?? '';
    if (from === null || rate === null) return;
    const prev = seen.get(from);
    if (prev !== undefined) {
      found.push(error('duplicate-rate', `from: a rate from ${from} is already on line ${prev}`, r.at(c.from), { values: { from: from!, line: prev } }));
      return;
    }
    seen.set(from, line);
    rates.push({ from, rate, source: detach(source), src: { file, line } });
  });
  if (header === null) return { rates: [], diagnostics };
  rates.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return { rates, diagnostics };
}

/**
 * Reads the payments file (SPEC §6). Checks what the file alone can say: the
 * member is one of the config's, the id is not used twice, the amount is
 * positive with at most two decimals. Whether a named notice exists is checked
 * against the issued notices by `checkPaymentNotices`.
 */
export function parsePaymentFile(file: string, bytes: Uint8Array, config: Config): { payments: Payment[]; diagnostics: Diagnostic[] } {
  const payments: Payment[] = [];
  const ids = new Map<string, number>();
  const members = new Set(config.members.map((m) => m.id));
  const { header, diagnostics } = scanRows(file, bytes, PAYMENT_COLUMNS, PAYMENT_FIELDS, (r, c, line, found) => {
    const id = r.text(c.payment_id, true);
    const member = r.text(c.member, true);
    const receivedOn = r.date(c.received_on, true);
    const amount = r.decimal(c.amount, true);
    const notice = r.text(c.notice, false);
    const reference = r.text(c.reference, false) ?? '';
    let ok = id !== null && member !== null && receivedOn !== null && amount !== null;
    if (member !== null && !members.has(member)) {
      found.push(error('unknown-member', `member: ${JSON.stringify(member)} is not a member of the config (${[...members].join(', ')})`, r.at(c.member), { values: { member: JSON.stringify(member), ids: [...members].join(', ') }, variant: 'payment' }));
      ok = false;
    }
    if (amount !== null && (decimalPlaces(amount) > 2 || amount.startsWith('-') || !/[1-9]/.test(amount))) {
      found.push(error('bad-number', `amount: expected an amount received, above zero with at most two decimals, got ${amount}`, r.at(c.amount), { values: { got: amount! }, variant: 'payment' }));
      ok = false;
    }
    if (id !== null) {
      const prev = ids.get(id);
      if (prev !== undefined) {
        found.push(error('duplicate-payment', `payment ${id} is already on line ${prev}`, r.at(c.payment_id), { values: { payment: id!, line: prev } }));
        ok = false;
      } else ids.set(id, line);
    }
    if (!ok) return;
    const at = r.at(c.notice);
    payments.push({ id: id!, member: member!, receivedOn: receivedOn!, amount: amount!, notice: notice === null ? null : notice.trim(), reference, src: { file, line }, noticeColumn: at.column ?? 0 });
  });
  if (header === null) return { payments: [], diagnostics };
  return { payments, diagnostics };
}

/**
 * A payment naming a notice must name an issued one, of its own member
 * (SPEC §6): `member` of each known notice number.
 */
export function checkPaymentNotices(payments: readonly Payment[], noticeMembers: ReadonlyMap<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of payments) {
    if (p.notice === null) continue;
    const at = { file: p.src.file, line: p.src.line, column: p.noticeColumn };
    const owner = noticeMembers.get(p.notice);
    if (owner === undefined) out.push(error('unknown-notice', `notice: ${JSON.stringify(p.notice)} is not the number of an issued notice (none in the output root has it)`, at, { values: { notice: JSON.stringify(p.notice) }, variant: 'none' }));
    else if (owner !== p.member) out.push(error('unknown-notice', `notice: ${p.notice} is ${owner}'s notice, not ${p.member}'s`, at, { values: { notice: p.notice!, owner, member: p.member }, variant: 'other' }));
  }
  return out;
}
