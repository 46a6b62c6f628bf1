/**
 * `medcoop index import FILE [--published-on DATE] [--dir DIR] [--dry-run]`:
 * merges an INSEE download (BDM CSV, transposed or not, its ZIP, or the
 * SDMX-ML answer of the web service) into the workspace's index file, as
 * dated rows (see core/index-merge.ts for the rules). The index file is
 * written all at once (temporary file, then rename), and not at all when
 * anything is wrong.
 */
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readRegularFile, whyUnreadable } from '../read/files.js';
import { basename, dirname, join } from 'node:path';
import { error, hasErrors, warning, type Diagnostic } from '../core/diagnostic.js';
import type { IsoDate } from '../core/dates.js';
import { mergeIndex, type MergeResult, type SkippedValue } from '../core/index-merge.js';
import { RELEASE_DAYS } from '../core/index-release.js';
import type { Config, IndexRow } from '../core/model.js';
import { detectDialect, insertRows, newIndexFile } from '../render/index-rows.js';
import { readCsv } from '../read/csv.js';
import { INDEX_COLUMNS, parseIndexFile } from '../read/inputs.js';
import { isIchtrevTitle, monthlyValues, pickValuesFile, readInseeFile, selectSeries, seriesName } from '../read/insee.js';
import { CONFIG_FILE, loadConfigFile } from '../read/workspace.js';
import { printDiagnostics, type Io } from './context.js';
import { makeDirs } from './write.js';
import { CliError, EXIT, usage } from './errors.js';
import { day, decimal, errorText, t, why } from './i18n.js';
import { dateOption } from './options.js';
import { workspaceDir } from './load.js';

export interface IndexImportOptions {
  dir?: string;
  publishedOn?: string;
  dryRun?: boolean;
  /** Date each value by INSEE's release rule (about 75 days after its quarter, 100 before Q3 2023), marked estimated. */
  estimatedDates?: boolean;
  /** The idBank to import when medcoop.json names none (revision.series); must agree with it otherwise. */
  series?: string;
}

function invalid(message: string, diagnostics: readonly Diagnostic[] = []): CliError {
  return new CliError(EXIT.invalid, message, diagnostics);
}

function errorsIn(what: string, diagnostics: readonly Diagnostic[]): CliError {
  const n = diagnostics.filter((d) => d.severity === 'error').length;
  return invalid(t('import.errors', { count: n, what }), diagnostics);
}

/** medcoop.json alone: the import needs the config, not valid invoices. */
function loadConfig(dir: string): Config {
  const { config, diagnostics } = loadConfigFile(dir);
  if (!config) throw errorsIn(t('import.in.config', { file: CONFIG_FILE }), diagnostics);
  return config;
}

/** The INSEE file: a file, or a folder holding an unzipped download. */
function readImportFile(path: string): { name: string; bytes: Uint8Array } {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw invalid(t('import.cannotRead', { path, why: why(whyUnreadable(e)) }));
  }
  if (isDir) {
    const picked = pickValuesFile(readdirSync(path));
    if (typeof picked !== 'string') throw invalid(t(`import.folder.${picked.text.variant as 'noValues' | 'noValuesAmong' | 'severalValues'}`, { path, ...picked.text.values }));
    path = join(path, picked);
  }
  try {
    return { name: path, bytes: readRegularFile(path) };
  } catch (e) {
    throw invalid(t('import.cannotRead', { path, why: why(whyUnreadable(e)) }));
  }
}

/** Writes `bytes` to `path` all at once: a temporary file beside it, then a rename. */
function writeAtomically(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    makeDirs(dirname(path));
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw invalid(t('import.cannotWrite', { path, why: errorText((e as Error).message) }));
  }
}

function describeSkipped(s: SkippedValue): string {
  if (s.hadValue) return t('import.skipped.ignored', { period: s.period });
  if (s.status === '') return t('import.skipped.noValue', { period: s.period });
  return s.status === 'O' ? t('import.skipped.missing', { period: s.period }) : t('import.skipped.status', { period: s.period, status: s.status });
}

export function runIndexImport(file: string, opts: IndexImportOptions, io: Io): number {
  const today = io.today();
  if (opts.estimatedDates === true && opts.publishedOn !== undefined) {
    throw usage(t('import.exclusive'));
  }
  const publishedOn: IsoDate = opts.publishedOn === undefined ? today : dateOption('--published-on', opts.publishedOn);
  const dir = workspaceDir(opts.dir);
  const config = loadConfig(dir);
  if (opts.series !== undefined && config.revision.series !== null && opts.series.trim() !== config.revision.series.trim()) {
    throw usage(t('import.otherSeries', { given: opts.series, series: config.revision.series }));
  }
  const indexPath = config.inputs.index;
  const warnings: Diagnostic[] = [];

  // The INSEE file.
  const input = readImportFile(file);
  const read = readInseeFile(input.name, input.bytes);
  if (!read.data || hasErrors(read.diagnostics)) throw errorsIn(input.name, read.diagnostics);
  const data = read.data;
  // The series: revision.series, or --series; with neither, nothing is imported (issue 13: the wrong download was).
  const wanted = opts.series ?? config.revision.series;
  if (wanted === null) {
    throw new CliError(
      EXIT.usage,
      t('import.noSeries', { names: data.series.map(seriesName).join(t('list.semicolon')) }),
    );
  }
  const chosen = selectSeries(data, wanted);
  if ('diagnostic' in chosen) throw invalid(chosen.diagnostic.code === 'wrong-series' ? t('import.wrongSeries', { file: data.file }) : t('import.whichSeries'), [chosen.diagnostic]);
  const series = chosen.series;
  const named = seriesName(series);
  if (config.revision.series === null) {
    warnings.push(
      warning('no-series', `medcoop.json names no revision.series: importing ${named} as --series says; add "series": "${series.idBank}" to "revision" so that a download of another series is refused`, { file: CONFIG_FILE }, { values: { named, series: series.idBank } }),
    );
  }
  if (isIchtrevTitle(series.label) === false) {
    warnings.push(
      warning('not-ichtrev', `series ${named} is not an ICHTrev-TS series (indice du coût horaire du travail révisé, the index of article 5.1): check that this is the right download`, { file: data.file }, { values: { named } }),
    );
  }
  const monthly = monthlyValues(data.file, series);
  if (hasErrors(monthly.diagnostics)) throw errorsIn(data.file, monthly.diagnostics);

  // The index file, as it is.
  let bytes: Uint8Array | null = null;
  try {
    bytes = readRegularFile(join(dir, indexPath));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw invalid(t('import.cannotReadIndex', { path: indexPath, why: (e as Error).message }));
  }
  let existing: IndexRow[] = [];
  const blank = bytes === null || Buffer.from(bytes).toString('latin1').replace(/^\xEF\xBB\xBF/, '').trim() === '';
  if (!blank) {
    const r = parseIndexFile(indexPath, bytes!);
    const problems = r.diagnostics.filter((d) => d.code !== 'no-rows');
    if (hasErrors(problems)) throw errorsIn(t('import.in.index', { file: indexPath }), problems);
    warnings.push(...problems);
    existing = r.rows;
  }

  // The merge.
  const estimated = opts.estimatedDates === true;
  const merge: MergeResult = mergeIndex(existing, monthly.values, estimated ? { estimatedUpTo: series.lastUpdate !== null && series.lastUpdate < today ? series.lastUpdate : today } : publishedOn);
  if (hasErrors(merge.diagnostics)) throw errorsIn(t('import.in.against', { file: data.file, index: indexPath }), merge.diagnostics);
  const added = [...merge.newPeriods, ...merge.newVintages.map((v) => v.row), ...merge.dated];
  if (added.length > 0 && !estimated) {
    if (publishedOn > today) warnings.push(warning('future-date', `--published-on ${publishedOn} is after today (${today})`, {}, { values: { date: publishedOn, today } }));
    if (opts.publishedOn !== undefined && series.lastUpdate !== null && series.lastUpdate > publishedOn) {
      warnings.push(
        warning('published-before-update', `INSEE last updated series ${named} on ${series.lastUpdate}, after --published-on ${publishedOn}: values it published then would be dated too early`, { file: data.file }, {
          values: { series: named, updated: series.lastUpdate, date: publishedOn },
        }),
      );
    }
  }
  printDiagnostics(io, warnings);

  // The report.
  const periods = monthly.values.map((v) => v.period).sort();
  const range = periods.length > 0 ? t('import.range', { from: periods[0]!, to: periods[periods.length - 1]! }) : '';
  io.out(`${t('import.file', { file: data.file, format: t(`import.format.${data.format}`), series: named, values: t('import.values', { count: monthly.values.length }), range })}\n`);
  if (estimated && added.length > 0) {
    io.out(`${t('import.estimated', { since: RELEASE_DAYS.since2023Q3, before: RELEASE_DAYS.before })}\n`);
  } else if (added.length > 0 && opts.publishedOn === undefined) {
    const update = series.lastUpdate !== null ? t('import.lastUpdate', { date: day(series.lastUpdate) }) : '';
    io.out(`${t('import.publishedToday', { date: day(publishedOn), update })}\n`);
  }
  for (const v of merge.newVintages) {
    const older = v.sameAsOlder ? t('import.older', { date: day(v.sameAsOlder.publishedOn) }) : '';
    io.out(`${t('import.vintage', { period: v.row.period, previous: decimal(v.previous.value), previousDate: day(v.previous.publishedOn), value: decimal(v.row.value), date: day(v.row.publishedOn), older })}\n`);
  }
  for (const s of monthly.skipped) io.out(`${describeSkipped(s)}\n`);
  const dated = merge.dated.length === 0 ? '' : estimated ? t('import.datedEarlier', { count: merge.dated.length }) : t('import.realDate', { count: merge.dated.length, date: day(publishedOn) });
  const summary = t('import.summary', { periods: t('import.newPeriods', { count: merge.newPeriods.length }), vintages: t('import.newVintages', { count: merge.newVintages.length }), dated, unchanged: t('import.unchanged', { count: merge.unchanged }), skipped: t('import.skipped', { count: monthly.skipped.length }) });

  if (added.length === 0) {
    io.out(`${t('import.nothing', { file: indexPath, summary })}\n`);
    return EXIT.ok;
  }
  const out = blank
    ? newIndexFile(added)
    : insertRows(bytes!, existing, added, detectDialect(bytes!, readCsv(indexPath, bytes!, INDEX_COLUMNS).table!));
  // What is written must read back as the same rows plus the new ones.
  const check = parseIndexFile(indexPath, out);
  if (hasErrors(check.diagnostics) || check.rows.length !== existing.length + added.length) {
    throw invalid(t('import.readBack', { file: indexPath }), check.diagnostics.length > 0 ? check.diagnostics : [error('internal', 'row count mismatch', { file: indexPath }, { values: {}, variant: 'rowCount' })]);
  }
  if (opts.dryRun) {
    io.out(`${t('import.dryRun', { file: indexPath, summary })}\n`);
    return EXIT.ok;
  }
  writeAtomically(join(dir, indexPath), out);
  io.out(`${t(bytes === null ? 'import.created' : 'import.written', { file: indexPath, summary })}\n`);
  return EXIT.ok;
}

