/** `medcoop revise`: each contract year's cut-off, I, I0, coefficient and revised prices (SPEC §4). */
import { contractYears } from '../core/contract.js';
import { formatCents, showDecimal } from '../core/exact.js';
import type { IndexPick, YearRevision } from '../core/revision.js';
import { reviseYear } from '../core/revision.js';
import { cutoffFor } from '../core/revision.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { day, decimal, price, say, t } from './i18n.js';
import { loadOrFail } from './load.js';
import { yearOption } from './options.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { IndexRow } from '../core/model.js';
import { estimateNote } from '../render/explain.js';

export interface ReviseOptions {
  dir?: string;
  year?: string;
  json?: boolean;
}

function pickJson(p: IndexPick | null) {
  return p ? { period: p.row.period, value: p.row.value, published_on: p.row.publishedOn, ...(p.row.estimated === true ? { estimated: true } : {}) } : null;
}

export function runRevise(opts: ReviseOptions, io: Io): number {
  const only = yearOption(opts.year);
  const { workspace, warnings } = loadOrFail(opts.dir);
  const { config } = workspace;
  const years = contractYears(config.contract);
  if (only !== null && !years.some((y) => y.year === only)) throw usage(t('revise.noYear', { count: years.length, year: only }));
  const rows: { year: (typeof years)[number]; revision: YearRevision | null; problems: Diagnostic[] }[] = [];
  for (const y of years) {
    if (only !== null && y.year !== only) continue;
    const r = reviseYear(config, workspace.index, y);
    rows.push({ year: y, revision: r.revision, problems: r.diagnostics });
  }
  const problems = rows.flatMap((r) => r.problems);
  // A year asked for by --year must be computable; without --year, years whose
  // index is not published yet are shown as such (a warning, not an error).
  if (only !== null && problems.length > 0) throw new CliError(EXIT.invalid, t('revise.cannot', { year: only }), problems);
  if (opts.json) {
    io.out(`${JSON.stringify({
      years: rows.map(({ year, revision }) => ({
        year: year.year,
        start: year.start,
        end: year.end,
        cutoff: revision ? revision.cutoff : cutoffFor(year.start, config.revision.knownOn),
        I: pickJson(revision?.I ?? null),
        I0: pickJson(revision?.I0 ?? null),
        coefficient_exact: revision ? showDecimal(revision.coefficientExact) : null,
        coefficient: revision ? showDecimal(revision.coefficient) : null,
        prices: revision ? revision.prices.map((p) => ({ code: p.code, p0: p.p0, price: formatCents(p.price) })) : [],
        ...(revision && revision.decidedByEstimate.length > 0 ? { decided_by_estimate: revision.decidedByEstimate.map((r) => ({ period: r.period, published_on: r.publishedOn })) } : {}),
      })),
    }, null, 2)}\n`);
  } else {
    for (const { year, revision } of rows) {
      io.out(`${t('revise.year', { year: year.year, start: day(year.start), end: day(year.end) })}\n`);
      if (!revision) {
        io.out(`${t('revise.notComputable')}\n`);
        continue;
      }
      if (revision.cutoff === null) {
        io.out(`${t('revise.year1')}\n`);
      } else {
        io.out(`${t('revise.cutoff', { date: day(revision.cutoff) })}\n`);
        const value = (r: IndexRow) => t('revise.value', { value: decimal(r.value), period: r.period, date: day(r.publishedOn), estimated: r.estimated === true ? t('revise.estimated') : '' });
        io.out(`  I  = ${value(revision.I!.row)}\n`);
        io.out(`  I0 = ${value(revision.I0!.row)}\n`);
        if (revision.decidedByEstimate.length > 0) io.out(`  ${estimateNote(say, revision.decidedByEstimate)}\n`);
        io.out(`  C  = ${decimal(config.revision.fixed)} + ${decimal(config.revision.variable)} × I / I0 = ${decimal(showDecimal(revision.coefficientExact))}`);
        io.out(`${config.revision.rounding.target === 'none' ? t('revise.notRounded') : t('revise.rounded', { applied: decimal(showDecimal(revision.coefficient)), target: t(`rounding.target.${config.revision.rounding.target}`), mode: t(`rounding.mode.${config.revision.rounding.mode}`), decimals: config.revision.rounding.decimals, count: config.revision.rounding.decimals })}\n`);
      }
      // Prices as amounts are written on the terminal: thousands grouped, in the terminal's language (issue 15).
      for (const p of revision.prices) io.out(`${t('revise.price', { code: p.code, p0: price(p.p0), price: price(formatCents(p.price)) })}\n`);
    }
  }
  printDiagnostics(io, [...warnings, ...problems.map((d) => ({ ...d, severity: 'warning' as const }))]);
  return EXIT.ok;
}
