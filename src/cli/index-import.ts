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
import { FORMAT_NAMES, isIchtrevTitle, monthlyValues, pickValuesFile, readInseeFile, selectSeries, seriesName } from '../read/insee.js';
import { CONFIG_FILE, loadConfigFile } from '../read/workspace.js';
import { printDiagnostics, type Io } from './context.js';
import { makeDirs } from './write.js';
import { CliError, EXIT, usage } from './errors.js';
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function invalid(message: string, diagnostics: readonly Diagnostic[] = []): CliError {
  return new CliError(EXIT.invalid, message, diagnostics);
}

function errorsIn(what: string, diagnostics: readonly Diagnostic[]): CliError {
  const n = diagnostics.filter((d) => d.severity === 'error').length;
  return invalid(`${plural(n, 'error')} in ${what}; nothing was written`, diagnostics);
}

/** medcoop.json alone: the import needs the config, not valid invoices. */
function loadConfig(dir: string): Config {
  const { config, diagnostics } = loadConfigFile(dir);
  if (!config) throw errorsIn(`the workspace's ${CONFIG_FILE}`, diagnostics);
  return config;
}

/** The INSEE file: a file, or a folder holding an unzipped download. */
function readImportFile(path: string): { name: string; bytes: Uint8Array } {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw invalid(`cannot read ${path}: ${whyUnreadable(e)}`);
  }
  if (isDir) {
    const picked = pickValuesFile(readdirSync(path));
    if (typeof picked !== 'string') throw invalid(`${path} is a folder with ${picked.problem}`);
    path = join(path, picked);
  }
  try {
    return { name: path, bytes: readRegularFile(path) };
  } catch (e) {
    throw invalid(`cannot read ${path}: ${whyUnreadable(e)}`);
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
    throw invalid(`cannot write ${path}: ${(e as Error).message}; the index file is unchanged`);
  }
}

function describeSkipped(s: SkippedValue): string {
  if (s.hadValue) return `${s.period}: status O (missing), its value is ignored`;
  return `${s.period}: no value${s.status === '' ? '' : s.status === 'O' ? ' (status O, missing)' : ` (status ${s.status})`}`;
}

export function runIndexImport(file: string, opts: IndexImportOptions, io: Io): number {
  const today = io.today();
  if (opts.estimatedDates === true && opts.publishedOn !== undefined) {
    throw usage('--estimated-dates and --published-on exclude each other: --estimated-dates dates each value by INSEE\'s release calendar, --published-on gives one real date to all');
  }
  const publishedOn: IsoDate = opts.publishedOn === undefined ? today : dateOption('--published-on', opts.publishedOn);
  const dir = workspaceDir(opts.dir);
  const config = loadConfig(dir);
  if (opts.series !== undefined && config.revision.series !== null && opts.series.trim() !== config.revision.series.trim()) {
    throw usage(`--series ${opts.series} is not the index series ${config.revision.series} named by revision.series in medcoop.json; leave --series out, or change revision.series`);
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
      `medcoop.json names no revision.series: say which series is the index with --series <idBank> (the file holds ${data.series.map(seriesName).join('; ')}), and add "series": "<idBank>" to "revision" in medcoop.json; nothing was written`,
    );
  }
  const chosen = selectSeries(data, wanted);
  if ('diagnostic' in chosen) throw invalid(chosen.diagnostic.code === 'wrong-series' ? `${data.file}: not the index series; nothing was written` : `cannot tell which series to import; nothing was written`, [chosen.diagnostic]);
  const series = chosen.series;
  const named = seriesName(series);
  if (config.revision.series === null) {
    warnings.push(
      warning('no-series', `medcoop.json names no revision.series: importing ${named} as --series says; add "series": "${series.idBank}" to "revision" so that a download of another series is refused`, { file: CONFIG_FILE }),
    );
  }
  if (isIchtrevTitle(series.label) === false) {
    warnings.push(
      warning('not-ichtrev', `series ${named} is not an ICHTrev-TS series (indice du coût horaire du travail révisé, the index of article 5.1): check that this is the right download`, { file: data.file }),
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
    if (code !== 'ENOENT') throw invalid(`cannot read the index file ${indexPath}: ${(e as Error).message}`);
  }
  let existing: IndexRow[] = [];
  const blank = bytes === null || Buffer.from(bytes).toString('latin1').replace(/^\xEF\xBB\xBF/, '').trim() === '';
  if (!blank) {
    const r = parseIndexFile(indexPath, bytes!);
    const problems = r.diagnostics.filter((d) => d.code !== 'no-rows');
    if (hasErrors(problems)) throw errorsIn(`the index file ${indexPath} (fix it first)`, problems);
    warnings.push(...problems);
    existing = r.rows;
  }

  // The merge.
  const estimated = opts.estimatedDates === true;
  const merge: MergeResult = mergeIndex(existing, monthly.values, estimated ? { estimatedUpTo: series.lastUpdate !== null && series.lastUpdate < today ? series.lastUpdate : today } : publishedOn);
  if (hasErrors(merge.diagnostics)) throw errorsIn(`${data.file}, against ${indexPath}`, merge.diagnostics);
  const added = [...merge.newPeriods, ...merge.newVintages.map((v) => v.row), ...merge.dated];
  if (added.length > 0 && !estimated) {
    if (publishedOn > today) warnings.push(warning('future-date', `--published-on ${publishedOn} is after today (${today})`));
    if (opts.publishedOn !== undefined && series.lastUpdate !== null && series.lastUpdate > publishedOn) {
      warnings.push(
        warning('published-before-update', `INSEE last updated series ${named} on ${series.lastUpdate}, after --published-on ${publishedOn}: values it published then would be dated too early`, { file: data.file }),
      );
    }
  }
  printDiagnostics(io, warnings);

  // The report.
  const periods = monthly.values.map((v) => v.period).sort();
  const range = periods.length > 0 ? `, ${periods[0]} to ${periods[periods.length - 1]}` : '';
  io.out(`${data.file}: ${FORMAT_NAMES[data.format]}, series ${named}: ${plural(monthly.values.length, 'value')}${range}\n`);
  if (estimated && added.length > 0) {
    io.out(`publication dates estimated by INSEE's release calendar (the end of each quarter + ${RELEASE_DAYS.since2023Q3} days from Q3 2023, + ${RELEASE_DAYS.before} before), marked "estimated"; importing a release with --published-on gives its real date\n`);
  } else if (added.length > 0 && opts.publishedOn === undefined) {
    const update = series.lastUpdate !== null ? `; INSEE last updated this series on ${series.lastUpdate}` : '';
    io.out(`published on ${publishedOn} (today; use --published-on to set the date INSEE published it${update})\n`);
  }
  for (const v of merge.newVintages) {
    const older = v.sameAsOlder ? ` (the value already published on ${v.sameAsOlder.publishedOn}: is the file older than the index?)` : '';
    io.out(`${v.row.period}: ${v.previous.value} (published ${v.previous.publishedOn}) → ${v.row.value}, a new vintage published ${v.row.publishedOn}${older}\n`);
  }
  for (const s of monthly.skipped) io.out(`skipped ${describeSkipped(s)}\n`);
  const dated = merge.dated.length === 0 ? '' : estimated ? `, ${plural(merge.dated.length, 'period')} dated earlier by estimate` : `, ${plural(merge.dated.length, 'estimated date')} given the real date ${publishedOn}`;
  const summary = `${plural(merge.newPeriods.length, 'new period')}, ${plural(merge.newVintages.length, 'new vintage')}${dated}, ${merge.unchanged} unchanged, ${monthly.skipped.length} skipped`;

  if (added.length === 0) {
    io.out(`${indexPath}: ${summary}; nothing to write\n`);
    return EXIT.ok;
  }
  const out = blank
    ? newIndexFile(added)
    : insertRows(bytes!, existing, added, detectDialect(bytes!, readCsv(indexPath, bytes!, INDEX_COLUMNS).table!));
  // What is written must read back as the same rows plus the new ones.
  const check = parseIndexFile(indexPath, out);
  if (hasErrors(check.diagnostics) || check.rows.length !== existing.length + added.length) {
    throw invalid(`internal error: the updated ${indexPath} would not read back correctly; nothing was written`, check.diagnostics.length > 0 ? check.diagnostics : [error('internal', 'row count mismatch', { file: indexPath })]);
  }
  if (opts.dryRun) {
    io.out(`${indexPath}: ${summary}; dry run, nothing written\n`);
    return EXIT.ok;
  }
  writeAtomically(join(dir, indexPath), out);
  io.out(`${indexPath}: ${summary}; ${bytes === null ? 'created' : 'written'}\n`);
  return EXIT.ok;
}

