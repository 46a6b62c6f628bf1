/**
 * Turns the CSV input files into the model (SPEC §3.1): one reader per file
 * kind, each reporting every bad field with its file, line and column.
 * Pure: it receives bytes, never opens a file.
 */
import { error, type Diagnostic } from '../core/diagnostic.js';
import { contractYearOfMonth } from '../core/contract.js';
import type { Config, IndexRow, Invoice, InvoiceLine, Subsidy } from '../core/model.js';
import { parseSemester } from '../core/semester.js';
import { parseRational } from '../core/exact.js';
import { readCsv, type CsvCell, type CsvRow, type ColumnSpec } from './csv.js';
import { parseDate, parseDecimal, parseMonth } from './fields.js';

export const INDEX_COLUMNS: ColumnSpec = { required: ['period', 'value', 'published_on'], optional: ['status'] };
export const INVOICE_COLUMNS: ColumnSpec = {
  required: ['invoice_id', 'received_on', 'paid_on', 'service_month', 'price_code', 'quantity'],
  optional: ['vat_pct', 'invoiced_ht', 'label'],
};
export const SUBSIDY_COLUMNS: ColumnSpec = { required: ['subsidy_id', 'grantor', 'received_on', 'amount'], optional: ['key_date', 'semester'] };

/** Reads typed fields of one row, collecting the problems. */
class RowReader {
  constructor(readonly file: string, readonly row: CsvRow, readonly diagnostics: Diagnostic[]) {}

  cell(name: string): CsvCell | undefined {
    return this.row.cells.get(name);
  }

  private bad(cell: CsvCell, name: string, expected: string): null {
    this.diagnostics.push(error(`bad-${kindOf(name)}`, `${name}: expected ${expected}, got ${JSON.stringify(cell.text)}`, { file: this.file, line: cell.line, column: cell.column }));
    return null;
  }

  text(name: string, required: boolean): string | null {
    const c = this.cell(name);
    if (!c) return null;
    if (c.text === '') {
      if (required) this.diagnostics.push(error('missing-value', `${name}: a value is required`, { file: this.file, line: c.line, column: c.column }));
      return null;
    }
    return c.text;
  }

  date(name: string, required: boolean): string | null {
    const c = this.cell(name);
    const t = this.text(name, required);
    if (t === null || !c) return null;
    const r = parseDate(t);
    return r.ok ? r.value : this.bad(c, name, r.expected);
  }

  month(name: string): string | null {
    const c = this.cell(name);
    const t = this.text(name, true);
    if (t === null || !c) return null;
    const r = parseMonth(t);
    return r.ok ? r.value : this.bad(c, name, r.expected);
  }

  decimal(name: string, required: boolean): string | null {
    const c = this.cell(name);
    const t = this.text(name, required);
    if (t === null || !c) return null;
    const r = parseDecimal(t);
    return r.ok ? r.value : this.bad(c, name, r.expected);
  }

  at(name?: string): { file: string; line: number; column?: number } {
    const c = name ? this.cell(name) : undefined;
    return c ? { file: this.file, line: c.line, column: c.column } : { file: this.file, line: this.row.line };
  }
}

function kindOf(column: string): string {
  if (column.endsWith('_on') || column === 'key_date') return 'date';
  if (column === 'service_month' || column === 'period') return 'month';
  return 'number';
}

function isPercentage(text: string): boolean {
  const r = parseRational(text);
  return r.num >= 0n && r.num <= 100n * r.den;
}

function decimalPlaces(text: string): number {
  const i = text.indexOf('.');
  return i < 0 ? 0 : text.length - i - 1;
}

export function parseIndexFile(file: string, bytes: Uint8Array): { rows: IndexRow[]; diagnostics: Diagnostic[] } {
  const { table, diagnostics } = readCsv(file, bytes, INDEX_COLUMNS);
  const rows: IndexRow[] = [];
  if (!table) return { rows, diagnostics };
  // An index with a header only is a new workspace's: the values a year needs
  // are reported (no-index-value) when an invoice needs them.
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const r = new RowReader(file, row, diagnostics);
    const period = r.month('period');
    const value = r.decimal('value', true);
    const publishedOn = r.date('published_on', true);
    const status = r.text('status', false) ?? '';
    if (value !== null && !(value.startsWith('-') === false && /[1-9]/.test(value))) {
      diagnostics.push(error('bad-number', `value: an index value must be positive, got ${value}`, r.at('value')));
      continue;
    }
    if (period === null || value === null || publishedOn === null) continue;
    const k = `${period} ${publishedOn}`;
    const prev = seen.get(k);
    if (prev !== undefined) {
      diagnostics.push(error('duplicate-index', `period ${period} published on ${publishedOn} is already given on line ${prev}; a new vintage needs its own publication date`, r.at('published_on')));
      continue;
    }
    seen.set(k, row.line);
    rows.push({ period, value, publishedOn, status, src: { file, line: row.line } });
  }
  return { rows, diagnostics };
}

/** Reads one invoices file; cross-file checks are done by `checkInvoices`. */
export function parseInvoiceFile(file: string, bytes: Uint8Array, config: Config): { invoices: Invoice[]; diagnostics: Diagnostic[] } {
  const { table, diagnostics } = readCsv(file, bytes, INVOICE_COLUMNS);
  const byId = new Map<string, Invoice>();
  if (!table) return { invoices: [], diagnostics };
  if (table.rows.length === 0) diagnostics.push(error('no-rows', 'the invoices file has a header but no invoice lines', { file, line: 1 }));
  const codes = new Set(config.prices.map((p) => p.code));
  for (const row of table.rows) {
    const r = new RowReader(file, row, diagnostics);
    const id = r.text('invoice_id', true);
    const receivedOn = r.date('received_on', true);
    const paidOn = r.date('paid_on', false);
    const serviceMonth = r.month('service_month');
    const priceCode = r.text('price_code', true);
    const quantity = r.decimal('quantity', true);
    const vatPct = r.decimal('vat_pct', false);
    const invoicedHt = r.decimal('invoiced_ht', false);
    const label = r.text('label', false) ?? '';
    let ok = id !== null && receivedOn !== null && serviceMonth !== null && priceCode !== null && quantity !== null;
    if (ok && r.cell('paid_on')!.text !== '' && paidOn === null) ok = false;
    if (r.cell('vat_pct')?.text && vatPct === null) ok = false;
    if (r.cell('invoiced_ht')?.text && invoicedHt === null) ok = false;
    if (vatPct !== null && !isPercentage(vatPct)) {
      diagnostics.push(error('bad-number', `vat_pct: expected a rate from 0 to 100, got ${vatPct}`, r.at('vat_pct')));
      ok = false;
    }
    if (invoicedHt !== null && decimalPlaces(invoicedHt) > 2) {
      diagnostics.push(error('bad-number', `invoiced_ht: expected an amount with at most two decimals, got ${invoicedHt}`, r.at('invoiced_ht')));
      ok = false;
    }
    if (priceCode !== null && !codes.has(priceCode)) {
      diagnostics.push(error('unknown-price', `price_code: ${JSON.stringify(priceCode)} is not in the config's prices (${[...codes].join(', ')})`, r.at('price_code')));
      ok = false;
    }
    if (serviceMonth !== null && contractYearOfMonth(config.contract, serviceMonth) === null) {
      diagnostics.push(error('outside-contract', `service_month: ${serviceMonth} is outside the contract (${config.contract.start} to ${config.contract.end})`, r.at('service_month')));
      ok = false;
    }
    if (receivedOn !== null && paidOn !== null && paidOn < receivedOn) {
      diagnostics.push(error('bad-date', `paid_on: ${paidOn} is before received_on ${receivedOn}`, r.at('paid_on')));
      ok = false;
    }
    if (!ok) continue;
    const line: InvoiceLine = { priceCode: priceCode!, quantity: quantity!, vatPct, invoicedHt, label, src: { file, line: row.line } };
    const existing = byId.get(id!);
    if (!existing) {
      byId.set(id!, { id: id!, receivedOn: receivedOn!, paidOn, serviceMonth: serviceMonth!, lines: [line], src: { file, line: row.line } });
      continue;
    }
    const clash = [
      existing.receivedOn !== receivedOn ? ['received_on', existing.receivedOn, receivedOn] : null,
      existing.paidOn !== paidOn ? ['paid_on', existing.paidOn ?? '(empty)', paidOn ?? '(empty)'] : null,
      existing.serviceMonth !== serviceMonth ? ['service_month', existing.serviceMonth, serviceMonth] : null,
    ].find((x) => x !== null);
    if (clash) {
      diagnostics.push(error('invoice-mismatch', `${clash[0]}: line of invoice ${id} says ${clash[2]}, but its line ${existing.src.line} says ${clash[1]}; all lines of an invoice share its dates and service month`, r.at(clash[0]!)));
      continue;
    }
    existing.lines.push(line);
  }
  // The order of lines in the file must not change any output: lines are kept
  // in a canonical order (config price order, then label, then quantity).
  const rank = new Map(config.prices.map((p, i) => [p.code, i]));
  const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const inv of byId.values()) {
    inv.lines.sort((a, b) => (rank.get(a.priceCode)! - rank.get(b.priceCode)!) || cmpText(a.label, b.label) || cmpText(a.quantity, b.quantity) || cmpText(a.vatPct ?? '', b.vatPct ?? '') || cmpText(a.invoicedHt ?? '', b.invoicedHt ?? ''));
    inv.src = inv.lines.reduce((first, l) => (l.src.line < first.line ? l.src : first), inv.src);
  }
  return { invoices: [...byId.values()], diagnostics };
}

/** One invoice id in two files is an error (SPEC §3.1). */
export function checkInvoiceIds(invoices: readonly Invoice[]): Diagnostic[] {
  const first = new Map<string, Invoice>();
  const out: Diagnostic[] = [];
  for (const inv of invoices) {
    const f = first.get(inv.id);
    if (f) out.push(error('duplicate-invoice', `invoice ${inv.id} is also in ${f.src.file} (line ${f.src.line})`, { file: inv.src.file, line: inv.src.line, column: 1 }));
    else first.set(inv.id, inv);
  }
  return out;
}

export function parseSubsidyFile(file: string, bytes: Uint8Array): { subsidies: Subsidy[]; diagnostics: Diagnostic[] } {
  const { table, diagnostics } = readCsv(file, bytes, SUBSIDY_COLUMNS);
  const subsidies: Subsidy[] = [];
  if (!table) return { subsidies, diagnostics };
  const ids = new Map<string, number>();
  for (const row of table.rows) {
    const r = new RowReader(file, row, diagnostics);
    const id = r.text('subsidy_id', true);
    const grantor = r.text('grantor', false) ?? '';
    const receivedOn = r.date('received_on', true);
    const amount = r.decimal('amount', true);
    const keyDate = r.date('key_date', false);
    const semText = r.text('semester', false);
    let ok = id !== null && receivedOn !== null && amount !== null;
    if (r.cell('key_date')?.text && keyDate === null) ok = false;
    if (amount !== null && decimalPlaces(amount) > 2) {
      diagnostics.push(error('bad-number', `amount: expected an amount with at most two decimals, got ${amount}`, r.at('amount')));
      ok = false;
    }
    if (semText !== null && parseSemester(semText) === null) {
      diagnostics.push(error('bad-semester', `semester: expected YYYY-S1 or YYYY-S2, got ${JSON.stringify(semText)}`, r.at('semester')));
      ok = false;
    }
    if (id !== null) {
      const prev = ids.get(id);
      if (prev !== undefined) {
        diagnostics.push(error('duplicate-subsidy', `subsidy ${id} is already on line ${prev}`, r.at('subsidy_id')));
        ok = false;
      } else ids.set(id, row.line);
    }
    if (!ok) continue;
    subsidies.push({ id: id!, grantor, receivedOn: receivedOn!, amount: amount!, keyDate, semester: semText, src: { file, line: row.line } });
  }
  return { subsidies, diagnostics };
}

