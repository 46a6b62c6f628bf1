/**
 * The five controls of SPEC §2.8. They are warnings: they never stop a run,
 * but every output lists them.
 */
import { addMonths, daysBetween, makeDate, monthOf, type IsoDate, type Month } from './dates.js';
import { warning, type Diagnostic } from './diagnostic.js';
import { centsOf, formatCents } from './exact.js';
import type { Config, Invoice, InvoiceLine } from './model.js';
import type { PricedInvoice } from './invoice.js';
import type { LateInterest } from './interest.js';

/** Article 5.3: the contractor sends its invoice before the 10th of the month after the service. */
export const INVOICE_DAY_LIMIT = 10;
/** Article 5.3: the coordinator pays within 30 days of receipt. */
export const PAYMENT_DAYS_LIMIT = 30;

function at(inv: Invoice) {
  return { file: inv.src.file, line: inv.src.line };
}

export function lateInvoice(inv: Invoice): Diagnostic | null {
  const next = addMonths(inv.serviceMonth, 1);
  const limit = makeDate(Number(next.slice(0, 4)), Number(next.slice(5, 7)), INVOICE_DAY_LIMIT);
  if (inv.receivedOn <= limit) return null;
  return warning('late-invoice', `invoice ${inv.id} for ${inv.serviceMonth} was received on ${inv.receivedOn}, after the ${limit} limit (article 5.3)`, at(inv), {
    values: { invoice: inv.id, month: inv.serviceMonth, received: inv.receivedOn, limit },
  });
}

/**
 * `late-payment`. With `owed` (the workspace has a rate table, SPEC §7) the
 * message also gives the interest and the €40 indemnity; without it, it says
 * only that the contractor may claim them.
 */
export function latePayment(inv: Invoice, owed?: LateInterest | null): Diagnostic | null {
  if (inv.paidOn === null) return null;
  const days = daysBetween(inv.receivedOn, inv.paidOn);
  if (days <= PAYMENT_DAYS_LIMIT) return null;
  const head = `invoice ${inv.id} was paid on ${inv.paidOn}, ${days} days after its receipt on ${inv.receivedOn} (limit ${PAYMENT_DAYS_LIMIT})`;
  const values: Record<string, string | number> = { invoice: inv.id, paid: inv.paidOn, days, received: inv.receivedOn, limit: PAYMENT_DAYS_LIMIT };
  let variant = 'mayClaim';
  if (owed) {
    variant = owed.creditNote ? 'creditNote' : owed.interest === null ? 'unknownRate' : 'owed';
    Object.assign(values, { rateDate: owed.rateDate, indemnity: formatCents(owed.indemnity), count: owed.days });
    if (owed.interest !== null) Object.assign(values, { interest: formatCents(owed.interest), rate: owed.rate ?? '' });
  }
  return warning('late-payment', `${head}: ${owed ? owedText(owed) : 'the contractor may claim late-payment interest'}`, at(inv), { values, variant });
}

/** What a late payment costs, in words (the late-payment warning, `medcoop interest`). */
export function owedText(o: LateInterest): string {
  if (o.creditNote) return 'a credit note: no late-payment interest and no indemnity';
  if (o.interest === null) return `late-payment interest unknown: the rate table has no ECB rate in force on ${o.rateDate}; indemnity ${formatCents(o.indemnity)}`;
  return `late-payment interest ${formatCents(o.interest)} (${o.days} day${o.days === 1 ? '' : 's'} at ${o.rate} %, ECB rate of ${o.rateDate} + 8) and indemnity ${formatCents(o.indemnity)} owed to the contractor`;
}

export function invoicedMismatch(priced: PricedInvoice): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const l of priced.lines) {
    if (l.line.invoicedHt === null) continue;
    const claimed = centsOf(l.line.invoicedHt);
    if (claimed === l.ht) continue;
    out.push(mismatchWarning(priced.invoice, l.line, claimed, l.ht));
  }
  return out;
}

/** The `invoiced-mismatch` warning of one line: the contractor's HT `claimed` differs from the computed `ht`. */
export function mismatchWarning(invoice: Invoice, line: InvoiceLine, claimed: bigint, ht: bigint): Diagnostic {
  return warning('invoiced-mismatch', `invoice ${invoice.id}, ${line.priceCode} × ${line.quantity}: the contractor invoiced ${formatCents(claimed)} HT, the computed amount is ${formatCents(ht)} (difference ${formatCents(claimed - ht)})`, { file: line.src.file, line: line.src.line }, {
    values: { invoice: invoice.id, code: line.priceCode, quantity: line.quantity, claimed: formatCents(claimed), ht: formatCents(ht), difference: formatCents(claimed - ht) },
  });
}

/**
 * A negative quantity on an invoice that also has positive lines: a credit
 * note is an invoice whose lines are all negative (SPEC §2.3 allows credit
 * lines), but a minus sign among the lines of a normal invoice is most often
 * a typing mistake (issue 13). One warning per such line.
 */
export function negativeQuantity(inv: Invoice): Diagnostic[] {
  const positive = inv.lines.some((l) => !l.quantity.startsWith('-') && /[1-9]/.test(l.quantity));
  if (!positive) return [];
  return inv.lines
    .filter((l) => l.quantity.startsWith('-') && /[1-9]/.test(l.quantity))
    .map((l) => warning('negative-quantity', `invoice ${inv.id}: ${l.priceCode} has the negative quantity ${l.quantity} on an invoice whose other lines are positive; a credit note is a separate invoice with only negative lines; if this credit line is meant, ignore this warning`, { file: l.src.file, line: l.src.line }, { values: { invoice: inv.id, code: l.priceCode, quantity: l.quantity } }));
}

/**
 * Contract months from the start (or the config's `invoices_from`) up to
 * `until` (inclusive) that have no invoice: one warning per run of
 * consecutive months, so that a workspace adopted mid-contract says it once.
 */
export function missingMonths(config: Config, invoices: readonly Invoice[], until: Month): Diagnostic[] {
  const seen = new Set(invoices.map((i) => i.serviceMonth));
  const out: Diagnostic[] = [];
  const last = until < monthOf(config.contract.end) ? until : monthOf(config.contract.end);
  const start = monthOf(config.contract.start);
  const from = config.invoicesFrom && config.invoicesFrom > start ? config.invoicesFrom : start;
  let runStart: Month | null = null;
  let runLength = 0;
  const close = (end: Month) => {
    if (runStart === null) return;
    const what = runLength === 1
      ? `no invoice for the service month ${runStart}`
      : `no invoice for the ${runLength} service months ${runStart} to ${end}`;
    // Months before the workspace's first invoice: most likely invoices kept elsewhere before medcoop.
    const hint = runStart === from && !config.invoicesFrom ? `; if this workspace starts later, set "invoices_from": "${addMonths(end, 1)}" in medcoop.json` : '';
    const variant = `${runLength === 1 ? 'one' : 'run'}${hint === '' ? '' : 'Hint'}`;
    out.push(warning('missing-month', `${what}${hint}`, { file: config.inputs.invoices }, { values: { from: runStart, to: end, months: runLength, next: addMonths(end, 1) }, variant }));
    runStart = null;
    runLength = 0;
  };
  for (let m = from; m <= last; m = addMonths(m, 1)) {
    if (seen.has(m)) close(addMonths(m, -1));
    else {
      if (runStart === null) runStart = m;
      runLength++;
    }
  }
  close(last);
  return out;
}

/** The latest service month of any invoice, or null when there is none. */
export function lastServiceMonth(invoices: readonly Invoice[]): Month | null {
  let last: Month | null = null;
  for (const i of invoices) if (last === null || i.serviceMonth > last) last = i.serviceMonth;
  return last;
}

/** Received on or before `asOf` and not paid by then. */
export function isPending(inv: Invoice, asOf: IsoDate): boolean {
  return inv.receivedOn <= asOf && (inv.paidOn === null || inv.paidOn > asOf);
}

export function pending(inv: Invoice, asOf: IsoDate): Diagnostic {
  const state = inv.paidOn === null ? 'is unpaid' : `was paid only on ${inv.paidOn}`;
  const values = { invoice: inv.id, month: inv.serviceMonth, received: inv.receivedOn, asOf, ...(inv.paidOn === null ? {} : { paid: inv.paidOn }) };
  return warning('pending', `invoice ${inv.id} for ${inv.serviceMonth}, received on ${inv.receivedOn}, ${state}: not billed on ${asOf}`, at(inv), { values, variant: inv.paidOn === null ? 'unpaid' : 'paidLater' });
}
