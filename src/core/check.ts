/**
 * `medcoop check` beyond the readers: what the rules need from the whole
 * workspace (an index value for every contract year that has invoices, a key
 * for every subsidy) and the five controls over all invoices.
 */
import { contractYearOfMonth, keyInForce } from './contract.js';
import { type Diagnostic, error, warning } from './diagnostic.js';
import { lastServiceMonth, lateInvoice, latePayment, missingMonths, negativeQuantity } from './controls.js';
import { InvoicePricer } from './invoice.js';
import { lateInterest } from './interest.js';
import type { Workspace } from './model.js';
import { reviseYears } from './revision.js';
import { unbillableSubsidies } from './bill.js';

export function checkWorkspace(ws: Workspace): Diagnostic[] {
  const { config } = ws;
  const out: Diagnostic[] = [];
  const years = new Set<number>();
  for (const inv of ws.invoices) years.add(contractYearOfMonth(config.contract, inv.serviceMonth)!);
  const { revisions, diagnostics } = reviseYears(config, ws.index, years);
  out.push(...diagnostics);
  for (const s of ws.subsidies) {
    const keyDate = s.keyDate ?? s.receivedOn;
    if (!keyInForce(config.keys, keyDate)) {
      out.push(error('no-key', `subsidy ${s.id}: no key is in force on ${keyDate} (the first key starts on ${config.keys[0]?.from})`, { file: s.src.file, line: s.src.line }, { values: { subsidy: s.id, date: keyDate, first: config.keys[0]?.from ?? '' } }));
    }
  }
  out.push(...unbillableSubsidies(ws));
  // The integer pricer gives the same invoiced-mismatch warnings as invoicedMismatch(priceInvoice(...)), without decimal.js per line.
  const pricer = new InvoicePricer(config, revisions, ws.invoices.length);
  for (const inv of ws.invoices) {
    const year = contractYearOfMonth(config.contract, inv.serviceMonth)!;
    const mismatches: Diagnostic[] = [];
    const priced = revisions.has(year) ? pricer.price(inv, mismatches) : null;
    const owed = ws.rates && priced ? lateInterest(inv, priced.ttc, ws.rates) : null;
    for (const d of [lateInvoice(inv), latePayment(inv, owed)]) if (d) out.push(d);
    out.push(...negativeQuantity(inv));
    if (inv.paidOn === null) out.push(warning('pending', `invoice ${inv.id} for ${inv.serviceMonth}, received on ${inv.receivedOn}, is unpaid`, { file: inv.src.file, line: inv.src.line }, { values: { invoice: inv.id, month: inv.serviceMonth, received: inv.receivedOn }, variant: 'unpaidNow' }));
    out.push(...mismatches);
  }
  const lastSeen = lastServiceMonth(ws.invoices);
  if (lastSeen !== null) out.push(...missingMonths(config, ws.invoices, lastSeen));
  return out;
}

