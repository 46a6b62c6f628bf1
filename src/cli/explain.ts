/** `medcoop explain`: how each figure of a semester is obtained (same computation as `bill`). */
import { billSemester } from '../core/bill.js';
import { semesterName } from '../core/semester.js';
import { closest } from '../core/suggest.js';
import { renderExplain } from '../render/explain.js';
import type { Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { day, say, t } from './i18n.js';
import { loadOrFail } from './load.js';
import { dateOption, semesterOption } from './options.js';

export interface ExplainOptions {
  dir?: string;
  semester?: string;
  member?: string;
  invoice?: string;
  issuedOn?: string;
}

export function runExplain(opts: ExplainOptions, io: Io): number {
  const semester = semesterOption(opts.semester);
  const issuedOn = opts.issuedOn !== undefined ? dateOption('--issued-on', opts.issuedOn) : io.today();
  const { workspace } = loadOrFail(opts.dir);
  const ids = workspace.config.members.map((m) => m.id);
  if (opts.member !== undefined && !ids.includes(opts.member)) {
    const near = closest(opts.member, ids);
    throw usage(`${t('explain.notMember', { member: JSON.stringify(opts.member), ids: ids.join(', ') })}${near === null ? '' : t('explain.didYouMean', { near })}`);
  }
  const { bill, diagnostics } = billSemester(workspace, semester, issuedOn);
  if (!bill) throw new CliError(EXIT.invalid, t('explain.cannot', { semester: semesterName(semester) }), diagnostics);
  if (opts.invoice !== undefined && !bill.invoices.some((i) => i.priced.invoice.id === opts.invoice)) {
    const inv = workspace.invoices.find((i) => i.id === opts.invoice);
    const why = inv ? (inv.paidOn === null ? t('explain.unpaid') : t('explain.paidOn', { date: day(inv.paidOn) })) : t('explain.noSuchInvoice');
    throw new CliError(EXIT.invalid, t('explain.notBilled', { invoice: opts.invoice, semester: semesterName(semester), why }));
  }
  io.out(renderExplain(workspace.config, bill, { member: opts.member, invoice: opts.invoice, issuedToday: opts.issuedOn === undefined }, say));
  return EXIT.ok;
}
