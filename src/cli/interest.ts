/** `medcoop interest`: the late-payment interest and indemnities owed to the contractor (SPEC §7). */
import { contractYearOfMonth } from '../core/contract.js';
import { hasErrors } from '../core/diagnostic.js';
import { formatCents } from '../core/exact.js';
import { isPaidLate, lateInterest, type LateInterest } from '../core/interest.js';
import { priceInvoice } from '../core/invoice.js';
import { reviseYears } from '../core/revision.js';
import type { Io } from './context.js';
import { CliError, EXIT } from './errors.js';
import { day, decimal, money, t } from './i18n.js';
import { loadOrFail } from './load.js';

export interface InterestOptions {
  dir?: string;
  json?: boolean;
}

export function runInterest(opts: InterestOptions, io: Io): number {
  const { workspace } = loadOrFail(opts.dir);
  const { config } = workspace;
  if (!workspace.rates) {
    throw new CliError(EXIT.invalid, t('interest.noRates'));
  }
  const late = workspace.invoices.filter(isPaidLate).sort((a, b) => (a.paidOn! < b.paidOn! ? -1 : a.paidOn! > b.paidOn! ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const years = new Set(late.map((i) => contractYearOfMonth(config.contract, i.serviceMonth)!));
  const { revisions, diagnostics } = reviseYears(config, workspace.index, years);
  const owed: LateInterest[] = [];
  for (const inv of late) {
    const year = contractYearOfMonth(config.contract, inv.serviceMonth)!;
    if (!revisions.has(year)) throw new CliError(EXIT.invalid, t('interest.cannotPrice', { invoice: inv.id }), diagnostics.filter((d) => hasErrors([d])));
    owed.push(lateInterest(inv, priceInvoice(inv, config, revisions).ttc, workspace.rates)!);
  }
  const unknown = owed.filter((o) => o.interest === null);
  if (unknown.length > 0) {
    const file = config.inputs.rates!;
    throw new CliError(EXIT.invalid, t('interest.noRate', { file, date: day(unknown[0]!.rateDate), invoice: unknown[0]!.invoice.id }));
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
    io.out(`${t('interest.none')}\n`);
    return EXIT.ok;
  }
  io.out(`${t('interest.head')}\n`);
  for (const o of owed) io.out(`${t('interest.line', { invoice: o.invoice.id, due: day(o.deadline), paid: day(o.paidOn), owed: owedWords(o) })}\n`);
  io.out(`${t('interest.total', { total: money(total) })}\n`);
  return EXIT.ok;
}

/** What a late payment costs, in the terminal's language (core/controls.ts's owedText says it in English for --json and files). */
export function owedWords(o: LateInterest): string {
  if (o.creditNote) return t('owed.creditNote');
  if (o.interest === null) return t('owed.unknown', { date: day(o.rateDate), indemnity: money(o.indemnity) });
  return t('owed.owed', { interest: money(o.interest), count: o.days, rate: decimal(o.rate ?? ''), date: day(o.rateDate), indemnity: money(o.indemnity) });
}
