/** `medcoop forecast --year K`: what contract year K will cost each member, for their budgets (SPEC §7). */
import { contractYears } from '../core/contract.js';
import { formatCents } from '../core/exact.js';
import { forecastYear } from '../core/forecast.js';
import type { Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { loadOrFail } from './load.js';
import { yearOption } from './options.js';

export interface ForecastOptions {
  dir?: string;
  year?: string;
  json?: boolean;
}

export function runForecast(opts: ForecastOptions, io: Io): number {
  const k = yearOption(opts.year);
  if (k === null) throw usage('--year is required: the contract year to forecast (1 = the first year)');
  const { workspace } = loadOrFail(opts.dir);
  const { config } = workspace;
  const years = contractYears(config.contract);
  if (!years.some((y) => y.year === k)) throw usage(`--year: the contract has years 1 to ${years.length}, not ${k}`);
  const today = io.today();
  const { forecast: f, diagnostics } = forecastYear(config, workspace.index, workspace.invoices, k, today);
  if (!f) throw new CliError(EXIT.invalid, `cannot forecast contract year ${k}`, diagnostics);
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
  io.out(`Forecast of contract year ${f.year.year} (${f.year.start} to ${f.year.end})${f.provisional ? ': PROVISIONAL' : ''}\n`);
  if (f.year.year === 1) io.out('  prices: not revised (year 1)\n');
  else if (f.provisional) io.out(`  prices: I is not published yet for the cut-off ${f.cutoff}; using the latest value known on ${today}: ${I!.row.value} (${I!.row.period}, published ${I!.row.publishedOn})\n`);
  else io.out(`  prices: revised with I = ${I!.row.value} (${I!.row.period}, published ${I!.row.publishedOn}), known on the cut-off ${f.cutoff}\n`);
  io.out(`  quantities: ${f.quantitiesFrom === 'config' ? 'forecast.quantities in medcoop.json' : `those invoiced for contract year ${f.quantitiesFrom}`}\n`);
  for (const l of f.lines) io.out(`  ${l.code}: ${l.quantity} × ${formatCents(l.price)} = ${formatCents(l.ht)} HT\n`);
  io.out(`  total: ${formatCents(f.ht)} HT + ${formatCents(f.vat)} VAT (${config.vatPct} %) = ${formatCents(f.ttc)} TTC\n`);
  io.out('Each member, by the key of the year (largest remainder to the cent):\n');
  const w = Math.max(...f.members.map((m) => m.id.length));
  for (const m of f.members) io.out(`  ${m.id.padEnd(w)}  ${m.pct.padStart(6)} %  HT ${formatCents(m.ht).padStart(12)}  VAT ${formatCents(m.vat).padStart(11)}  TTC ${formatCents(m.ttc).padStart(12)}\n`);
  return EXIT.ok;
}
