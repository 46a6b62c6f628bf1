/** `medcoop forecast --year K`: what contract year K will cost each member, for their budgets (SPEC §7). */
import { contractYears } from '../core/contract.js';
import { formatCents } from '../core/exact.js';
import { forecastYear } from '../core/forecast.js';
import type { Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { day, decimal, money, t } from './i18n.js';
import { loadOrFail } from './load.js';
import { yearOption } from './options.js';

export interface ForecastOptions {
  dir?: string;
  year?: string;
  json?: boolean;
}

export function runForecast(opts: ForecastOptions, io: Io): number {
  const k = yearOption(opts.year);
  if (k === null) throw usage(t('forecast.yearRequired'));
  const { workspace } = loadOrFail(opts.dir);
  const { config } = workspace;
  const years = contractYears(config.contract);
  if (!years.some((y) => y.year === k)) throw usage(t('revise.noYear', { count: years.length, year: k }));
  const today = io.today();
  const { forecast: f, diagnostics } = forecastYear(config, workspace.index, workspace.invoices, k, today);
  if (!f) throw new CliError(EXIT.invalid, t('forecast.cannot', { year: k }), diagnostics);
  const I = f.revision.I;
  if (opts.json) {
    io.out(`${JSON.stringify({
      year: f.year.year,
      provisional: f.provisional,
      I: I ? { period: I.row.period, value: I.row.value, published_on: I.row.publishedOn } : null,
      quantities_from: f.quantitiesFrom === 'config' ? 'config' : `year ${f.quantitiesFrom}`,
      prices: f.lines.map((l) => ({ code: l.code, price: formatCents(l.price), quantity: l.quantity, ht: formatCents(l.ht) })),
      totals: { ht: formatCents(f.ht), vat: formatCents(f.vat), ttc: formatCents(f.ttc) },
      members: f.members.map((m) => ({ id: m.id, pct: m.pct, ht: formatCents(m.ht), vat: formatCents(m.vat), ttc: formatCents(m.ttc) })),
    }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.out(`${t('forecast.head', { year: f.year.year, start: day(f.year.start), end: day(f.year.end), provisional: f.provisional ? t('forecast.provisional') : '' })}\n`);
  if (f.year.year === 1) io.out(`${t('forecast.year1')}\n`);
  else if (f.provisional) io.out(`${t('forecast.latest', { cutoff: day(f.cutoff ?? ''), today: day(today), value: decimal(I!.row.value), period: I!.row.period, date: day(I!.row.publishedOn) })}\n`);
  else io.out(`${t('forecast.revised', { value: decimal(I!.row.value), period: I!.row.period, date: day(I!.row.publishedOn), cutoff: day(f.cutoff ?? '') })}\n`);
  io.out(`${f.quantitiesFrom === 'config' ? t('forecast.quantitiesConfig') : t('forecast.quantitiesYear', { year: f.quantitiesFrom })}\n`);
  for (const l of f.lines) io.out(`${t('forecast.line', { code: l.code, quantity: decimal(l.quantity), price: money(l.price), ht: money(l.ht) })}\n`);
  io.out(`${t('forecast.total', { ht: money(f.ht), vat: money(f.vat), pct: decimal(config.vatPct), ttc: money(f.ttc) })}\n`);
  io.out(`${t('forecast.members')}\n`);
  const w = Math.max(...f.members.map((m) => m.id.length));
  const vat = t('forecast.vat');
  for (const m of f.members) io.out(`  ${m.id.padEnd(w)}  ${decimal(m.pct).padStart(6)} %  HT ${money(m.ht).padStart(12)}  ${vat} ${money(m.vat).padStart(11)}  TTC ${money(m.ttc).padStart(12)}\n`);
  return EXIT.ok;
}
