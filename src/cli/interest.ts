/** `medcoop interest`: the late-payment interest and indemnities owed to the contractor (SPEC §7). */
import { contractYearOfMonth } from '../core/contract.js';
import { owedText } from '../core/controls.js';
import { hasErrors } from '../core/diagnostic.js';
import { formatCents } from '../core/exact.js';
import { isPaidLate, lateInterest, type LateInterest } from '../core/interest.js';
import { priceInvoice } from '../core/invoice.js';
import { reviseYears } from '../core/revision.js';
import type { Io } from './context.js';
import { CliError, EXIT } from './errors.js';
import { loadOrFail } from './load.js';

export interface InterestOptions {
  dir?: string;
  json?: boolean;
}

export function runInterest(opts: InterestOptions, io: Io): number {
  const { workspace } = loadOrFail(opts.dir);
  const { config } = workspace;
  if (!workspace.rates) {
    throw new CliError(EXIT.invalid, 'no rate table is configured: add "rates": "rates.csv" to inputs in medcoop.json, with the ECB main refinancing rates as from,rate rows (medcoop init writes one; see the README)');
  }
  const late = workspace.invoices.filter(isPaidLate).sort((a, b) => (a.paidOn! < b.paidOn! ? -1 : a.paidOn! > b.paidOn! ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const years = new Set(late.map((i) => contractYearOfMonth(config.contract, i.serviceMonth)!));
  const { revisions, diagnostics } = reviseYears(config, workspace.index, years);
  const owed: LateInterest[] = [];
  for (const inv of late) {
    const year = contractYearOfMonth(config.contract, inv.serviceMonth)!;
    if (!revisions.has(year)) throw new CliError(EXIT.invalid, `cannot price invoice ${inv.id}, paid late`, diagnostics.filter((d) => hasErrors([d])));
    owed.push(lateInterest(inv, priceInvoice(inv, config, revisions).ttc, workspace.rates)!);
  }
  const unknown = owed.filter((o) => o.interest === null);
  if (unknown.length > 0) {
    const file = config.inputs.rates!;
    throw new CliError(EXIT.invalid, `${file} has no ECB rate in force on ${unknown[0]!.rateDate} (invoice ${unknown[0]!.invoice.id}): add the rate decided by the ECB for that date (https://www.ecb.europa.eu, key ECB interest rates)`);
  }
  const total = owed.reduce((s, o) => s + o.interest! + o.indemnity, 0n);
  if (opts.json) {
    io.out(`${JSON.stringify({
      invoices: owed.map((o) => ({
        id: o.invoice.id, deadline: o.deadline, paid_on: o.paidOn, days: o.days, rate: o.rate,
        interest: formatCents(o.interest!), indemnity: formatCents(o.indemnity),
      })),
      total: formatCents(total),
    }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (owed.length === 0) {
    io.out('No invoice was paid after its 30-day deadline: no late-payment interest is owed.\n');
    return EXIT.ok;
  }
  io.out('Late-payment interest owed to the contractor (TTC × (ECB rate + 8) × days / 36500, rounded to the cent; €40 indemnity per invoice):\n');
  for (const o of owed) io.out(`  ${o.invoice.id}: due ${o.deadline}, paid ${o.paidOn}: ${owedText(o)}\n`);
  io.out(`Total: ${formatCents(total)} (the coordinator's cost, never billed to the members)\n`);
  return EXIT.ok;
}
