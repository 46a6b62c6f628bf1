/**
 * Reads what INSEE's BDM (Banque de données macro-économiques) really serves,
 * for `medcoop index import`:
 *
 * - the CSV download (`valeurs_mensuelles.csv` in the ZIP of
 *   https://www.insee.fr/fr/statistiques/serie/<idbank>): `;`-separated, every
 *   field quoted, header lines `Libellé`, `idBank`, `Dernière mise à jour`,
 *   `Période` (`Label`, `idBank`, `Last update`, `Period` in English), then one
 *   row per period, newest first: the period, then for each series its value
 *   and its status code (the `Codes` column). Several series sit side by side;
 * - the same download "transposed" (series in rows, periods in columns): the
 *   header line is `Libellé;idBank;Dernière mise à jour;Période;<periods>`,
 *   then one row per series and one `Codes` row per series. It is read by
 *   transposing it back;
 * - the SDMX-ML answer of the BDM web service (see insee-sdmx.ts);
 * - the ZIP itself, or a folder holding the unzipped files.
 *
 * Pure: bytes in, series out, every problem a Diagnostic with its line and
 * column. Which series to take and whether it is monthly is decided by
 * `selectSeries` and `monthlyValues`.
 */
import { error, type Diagnostic, type Text } from '../core/diagnostic.js';
import { isValidDate, makeDate, type IsoDate } from '../core/dates.js';
import type { ImportedValue, SkippedValue } from '../core/index-merge.js';
import { decodeCsvBytes, readCsvRecords, type CsvCell } from './csv.js';
import { parseDecimal } from './fields.js';
import { parseSdmx } from './insee-sdmx.js';
import { isZip, readZip } from './insee-zip.js';

export type InseeFormat = 'bdm-csv' | 'bdm-csv-transposed' | 'sdmx-ml';

export interface InseeObservation {
  /** The period as written in the file, trimmed (`2026-02`, `2025-T4`, `2024-Q2`, `2023`). */
  period: string;
  /** Canonical decimal (`parseDecimal`), or null when the file gives no value (or `NaN`). */
  value: string | null;
  /** The status code (`A`, `P`, `SD`, `R`, `O`...), '' when none. */
  status: string;
  /** Where the value is. */
  line: number;
  column: number;
}

export interface InseeSeries {
  idBank: string;
  label: string;
  /** INSEE's last update of the series, when the file says it. */
  lastUpdate: IsoDate | null;
  /** SDMX `FREQ` (`M`, `T`, `A`...), when the file says it. */
  frequency: string | null;
  observations: InseeObservation[];
  /** Where the series is declared (its idBank cell, its `<Series>` element). */
  line: number;
  column: number;
}

export interface InseeData {
  /** The file as the user named it (plus `!entry` inside a ZIP). */
  file: string;
  format: InseeFormat;
  series: InseeSeries[];
}

const STATUS_RE = /^[A-Z]{1,2}$/;
const IDBANK_RE = /^\d{1,12}$/;

/** Lowercase, no accents, no BOM, trimmed: `Libellé` → `libelle`. */
export function normName(text: string): string {
  return text
    .replace(/\uFEFF/g, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
}

const HEADER_NAMES: Record<string, 'label' | 'idbank' | 'updated' | 'period'> = {
  libelle: 'label',
  label: 'label',
  idbank: 'idbank',
  'derniere mise a jour': 'updated',
  'last update': 'updated',
  periode: 'period',
  period: 'period',
};

/**
 * Reads one file. A ZIP (what insee.fr serves) is opened and its values CSV
 * read; anything starting with `<` is SDMX-ML; the rest is a BDM CSV.
 */
export function readInseeFile(file: string, bytes: Uint8Array): { data: InseeData | null; diagnostics: Diagnostic[] } {
  if (isZip(bytes)) {
    const zip = readZip(file, bytes);
    if (!zip.entries) return { data: null, diagnostics: zip.diagnostics };
    const picked = pickValuesFile(zip.entries.map((e) => e.name));
    if (typeof picked !== 'string') return { data: null, diagnostics: [error('insee-zip', `${picked.problem} in the ZIP`, { file }, picked.text)] };
    const entry = zip.entries.find((e) => e.name === picked)!;
    return readInseeFile(`${file}!${entry.name}`, entry.data);
  }
  const { text } = decodeCsvBytes(bytes);
  if (text.trimStart().startsWith('<')) {
    const r = parseSdmx(file, text);
    return { data: r.series ? { file, format: 'sdmx-ml', series: r.series } : null, diagnostics: r.diagnostics };
  }
  return readBdmCsv(file, bytes);
}

/**
 * Of the names of a download (ZIP entries or files of a folder), the values
 * CSV: `valeurs_mensuelles.csv`, `valeurs_trimestrielles.csv`,
 * `monthly_values.csv`... — any `.csv` but the characteristics file.
 */
export function pickValuesFile(names: readonly string[]): string | { problem: string; text: Text } {
  const csv = names.filter((n) => n.toLowerCase().endsWith('.csv') && !n.endsWith('/'));
  const values = csv.filter((n) => !/^(caract|charact)/.test(normName(n.split('/').pop()!)));
  if (values.length === 1) return values[0]!;
  if (values.length === 0) {
    return {
      problem: `no values CSV (such as valeurs_mensuelles.csv)${names.length > 0 ? ` among ${names.join(', ')}` : ''}`,
      text: names.length > 0 ? { values: { names: names.join(', ') }, variant: 'noValuesAmong' } : { values: {}, variant: 'noValues' },
    };
  }
  return { problem: `several values CSV files (${values.join(', ')}): name the one to import`, text: { values: { names: values.join(', ') }, variant: 'severalValues' } };
}

// ---------------------------------------------------------------- the CSV

type Cell = CsvCell;

/** `03/04/2026 08:45` (or without the time, or ISO) → `2026-04-03`; null if it is not a date. */
function parseUpdate(text: string): IsoDate | null {
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+\d{2}:\d{2}(?::\d{2})?)?$/.exec(text.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?$/.exec(text.trim());
  const [y, m, d] = fr ? [fr[3], fr[2], fr[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (y === undefined || m === undefined || d === undefined) return null;
  return isValidDate(Number(y), Number(m), Number(d)) ? makeDate(Number(y), Number(m), Number(d)) : null;
}

/**
 * A BDM CSV download: `;` (or `,` when its first line holds more `,` than
 * `;`: a file saved again by a spreadsheet), read by csv-parse.
 */
export function readBdmCsv(file: string, bytes: Uint8Array): { data: InseeData | null; diagnostics: Diagnostic[] } {
  const { records: rows, diagnostics } = readCsvRecords(file, bytes, ';', 'insee-csv-syntax');
  if (rows === null) return { data: null, diagnostics };
  if (rows.length === 0) {
    diagnostics.push(error('empty-file', 'the file is empty: expected an INSEE download (BDM CSV or SDMX-ML)', { file, line: 1 }, { values: {}, variant: 'insee' }));
    return { data: null, diagnostics };
  }
  const first = rows[0]!;
  const name0 = normName(first[0]!.text);
  const name1 = first.length > 1 ? normName(first[1]!.text) : '';
  if (name0 === 'idbank' && first.some((c) => normName(c.text).includes('sdmx') || normName(c.text) === 'periodicite')) {
    diagnostics.push(error('insee-characteristics', "this is the series' characteristics file (caractéristiques.csv), not its values: import valeurs_mensuelles.csv, from the same download", { file, line: first[0]!.line, column: 1 }, { values: {} }));
    return { data: null, diagnostics };
  }
  let grid = rows;
  let format: InseeFormat = 'bdm-csv';
  if (HEADER_NAMES[name0] === 'label' && name1 === 'idbank') {
    // Series in rows: every row must have the header's width, then transpose.
    for (const row of rows) {
      if (row.length !== first.length) {
        diagnostics.push(error('field-count', `expected ${first.length} fields, as on the header line, found ${row.length}`, { file, line: row[0]!.line, column: Math.min(row.length, first.length) + 1 }, { values: { width: first.length, found: row.length }, variant: 'headerLine' }));
      }
    }
    if (diagnostics.length > 0) return { data: null, diagnostics };
    grid = first.map((_, j) => rows.map((row) => row[j]!));
    format = 'bdm-csv-transposed';
  }
  const series = readColumns(file, grid, format === 'bdm-csv-transposed', diagnostics);
  return { data: series ? { file, format, series } : null, diagnostics };
}

/**
 * The download as INSEE lays it out by default: header rows, then one row
 * per period. `grid` is that layout (transposed back if need be); the cells
 * keep their real line and column.
 */
function readColumns(file: string, grid: Cell[][], transposed: boolean, diagnostics: Diagnostic[]): InseeSeries[] | null {
  const at = (c: Cell) => ({ file, line: c.line, column: c.column });
  const width = grid[0]!.length;
  const header = new Map<string, Cell[]>();
  let r = 0;
  for (; r < grid.length; r++) {
    const row = grid[r]!;
    const kind = HEADER_NAMES[normName(row[0]!.text)];
    if (kind === undefined) {
      diagnostics.push(
        error('insee-header', `expected the header ${transposed ? 'columns' : 'lines'} of an INSEE BDM download (Libellé, idBank, Dernière mise à jour, Période), found ${JSON.stringify(row[0]!.text)}`, at(row[0]!), { values: { found: JSON.stringify(row[0]!.text) }, variant: transposed ? 'notBdmColumns' : 'notBdmLines' }),
      );
      return null;
    }
    if (header.has(kind)) {
      diagnostics.push(error('insee-header', `${JSON.stringify(row[0]!.text)} is given twice`, at(row[0]!), { values: { name: JSON.stringify(row[0]!.text) }, variant: 'twice' }));
      return null;
    }
    if (!transposed && row.length !== width) {
      diagnostics.push(error('field-count', `expected ${width} fields, as on the first line, found ${row.length}`, { file, line: row[0]!.line, column: Math.min(row.length, width) + 1 }, { values: { width, found: row.length }, variant: 'firstLine' }));
      return null;
    }
    header.set(kind, row);
    if (kind === 'period') break;
  }
  const ids = header.get('idbank');
  if (r >= grid.length || !ids) {
    const missing = !ids ? 'idBank' : 'Période';
    diagnostics.push(error('insee-header', `no "${missing}" header ${transposed ? 'column' : 'line'}: this is not an INSEE BDM download`, { file, line: grid[0]![0]!.line }, { values: { name: missing }, variant: transposed ? 'noColumn' : 'noLine' }));
    return null;
  }
  const labels = header.get('label');
  const updates = header.get('updated');

  // Columns: a series (its idBank given), each followed by its status codes (idBank empty).
  const series: InseeSeries[] = [];
  const columnOf: { series: InseeSeries; codes: number | null; value: number }[] = [];
  for (let j = 1; j < width; j++) {
    const id = ids[j]!;
    const label = labels?.[j]?.text ?? '';
    if (id.text !== '') {
      if (!IDBANK_RE.test(id.text)) {
        diagnostics.push(error('insee-idbank', `expected an idBank (digits, such as 010767832), got ${JSON.stringify(id.text)}`, at(id), { values: { got: JSON.stringify(id.text) }, variant: 'digits' }));
        return null;
      }
      const s: InseeSeries = { idBank: id.text, label, lastUpdate: updates?.[j] ? parseUpdate(updates[j]!.text) : null, frequency: null, observations: [], line: id.line, column: id.column };
      if (series.some((o) => o.idBank === s.idBank)) {
        diagnostics.push(error('insee-idbank', `series ${s.idBank} is given twice`, at(id), { values: { series: s.idBank }, variant: 'twice' }));
        return null;
      }
      series.push(s);
      columnOf.push({ series: s, codes: null, value: j });
      continue;
    }
    const last = columnOf[columnOf.length - 1];
    const isCodes = labels === undefined || normName(label) === 'codes';
    if (!last || last.codes !== null || last.value !== j - 1 || !isCodes) {
      diagnostics.push(error('insee-header', `${transposed ? 'row' : 'column'} ${j + 1} has no idBank and is not the "Codes" of the series before it`, at(id), { values: { index: j + 1 }, variant: transposed ? 'noIdBankRow' : 'noIdBankColumn' }));
      return null;
    }
    last.codes = j;
  }
  if (series.length === 0) {
    diagnostics.push(error('insee-header', 'the file holds no series (no idBank)', at(ids[0]!), { values: {}, variant: 'noSeries' }));
    return null;
  }

  const before = diagnostics.length;
  const periodsSeen = new Map<string, number>();
  for (r++; r < grid.length; r++) {
    const row = grid[r]!;
    if (!transposed && row.length !== width) {
      diagnostics.push(error('field-count', `expected ${width} fields, as on the header lines, found ${row.length}`, { file, line: row[0]!.line, column: Math.min(row.length, width) + 1 }, { values: { width, found: row.length }, variant: 'headerLines' }));
      continue;
    }
    const p = row[0]!;
    if (p.text === '') {
      if (row.every((c) => c.text === '')) continue;
      diagnostics.push(error('insee-period', 'a value without its period', at(p), { values: {}, variant: 'missing' }));
      continue;
    }
    const prev = periodsSeen.get(p.text);
    if (prev !== undefined) {
      diagnostics.push(error('insee-period', `period ${p.text} is already given on line ${prev}`, at(p), { values: { period: p.text, line: prev }, variant: 'twice' }));
      continue;
    }
    periodsSeen.set(p.text, p.line);
    for (const c of columnOf) {
      const v = row[c.value]!;
      const s = c.codes === null ? null : row[c.codes]!;
      const status = s?.text ?? '';
      if (status !== '' && !STATUS_RE.test(status)) {
        diagnostics.push(error('insee-status', `expected a status code (A, P, SD, R, O...), got ${JSON.stringify(status)}`, at(s!), { values: { got: JSON.stringify(status) }, variant: 'csv' }));
        continue;
      }
      let value: string | null = null;
      if (v.text !== '') {
        const d = parseDecimal(v.text);
        if (!d.ok) {
          diagnostics.push(error('bad-number', `${p.text}: expected ${d.expected}, got ${JSON.stringify(v.text)}`, at(v), { values: { column: p.text, expected: d.expected, got: JSON.stringify(v.text) } }));
          continue;
        }
        value = d.value;
      }
      c.series.observations.push({ period: p.text, value, status, line: v.line, column: v.column });
    }
  }
  return diagnostics.length > before ? null : series;
}

// ---------------------------------------------------------------- choosing

/** `010767832 "Indice CVS-CJO de la production industrielle…"`: the idBank and INSEE's title (Libellé), for messages. */
export function seriesName(s: Pick<InseeSeries, 'idBank' | 'label'>): string {
  return s.label.trim() === '' ? s.idBank : `${s.idBank} "${s.label.trim()}"`;
}

/**
 * Whether INSEE's title names the convention's index, ICHTrev-TS: "Indice du
 * coût horaire du travail révisé - Tous salariés". Null when the file gives
 * no title.
 */
export function isIchtrevTitle(label: string): boolean | null {
  if (label.trim() === '') return null;
  const plain = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return plain.includes('ichtrev') || /cout horaire du travail revise/.test(plain);
}

/**
 * The series to import: the one whose idBank is `revision.series`; or, when
 * the config names none, the file's only series (`assumed`).
 */
export function selectSeries(data: InseeData, wanted: string | null): { series: InseeSeries; assumed: boolean } | { diagnostic: Diagnostic } {
  const ids = data.series.map((s) => s.idBank);
  if (wanted === null) {
    if (data.series.length === 1) return { series: data.series[0]!, assumed: true };
    return {
      diagnostic: error('insee-series', `the file holds ${data.series.length} series (${ids.join(', ')}) and medcoop.json names none: add "series": "<idBank>" to "revision" to say which one is the index (${data.series.map(seriesName).join('; ')})`, { file: data.file }, { values: { n: data.series.length, ids: ids.join(', '), names: data.series.map(seriesName).join('; ') } }),
    };
  }
  const s = data.series.find((x) => x.idBank === wanted.trim());
  if (s) return { series: s, assumed: false };
  const which = data.series.length === 1 ? `series ${seriesName(data.series[0]!)}` : `series ${ids.join(', ')} (${data.series.map(seriesName).join('; ')})`;
  const first = data.series[0]!;
  return {
    diagnostic: error(
      'wrong-series',
      `the file holds ${which}, not the index series ${wanted} named by revision.series in medcoop.json: is it the right download?`,
      { file: data.file, line: first.line, column: first.column },
      data.series.length === 1
        ? { values: { name: seriesName(data.series[0]!), wanted }, variant: 'one' }
        : { values: { ids: ids.join(', '), names: data.series.map(seriesName).join('; '), wanted }, variant: 'several' },
    ),
  };
}

const FREQUENCIES: Record<string, string> = { A: 'annual', S: 'half-yearly', T: 'quarterly', Q: 'quarterly', B: 'bimonthly', M: 'monthly', D: 'daily', W: 'weekly' };

function frequencyOfPeriod(p: string): string | null {
  if (/^\d{4}$/.test(p)) return 'annual';
  if (/^\d{4}-[TQ][1-4]$/.test(p)) return 'quarterly';
  if (/^\d{4}-S[12]$/.test(p)) return 'half-yearly';
  if (/^\d{4}-B[1-6]$/.test(p)) return 'bimonthly';
  return null;
}

/**
 * The series' values as monthly index values. A series that is not monthly
 * is refused; values that are missing (empty, `NaN`) or of status O are
 * skipped, each reported; a value that is not positive is an error (the
 * index file would refuse it).
 */
export function monthlyValues(file: string, series: InseeSeries): { values: ImportedValue[]; skipped: SkippedValue[]; diagnostics: Diagnostic[] } {
  const values: ImportedValue[] = [];
  const skipped: SkippedValue[] = [];
  const diagnostics: Diagnostic[] = [];
  const notMonthly = (what: string, where: { line: number; column: number }, text: Text) =>
    error('not-monthly', `series ${series.idBank} is ${what}: the index must be a monthly series (periods YYYY-MM), as ICHTrev-TS is`, { file, line: where.line, column: where.column }, {
      values: { series: series.idBank, ...text.values },
      variant: text.variant!,
    });
  if (series.frequency !== null && series.frequency !== 'M') {
    const name = FREQUENCIES[series.frequency];
    diagnostics.push(
      notMonthly(
        name ? `${name} (FREQ="${series.frequency}")` : `of frequency FREQ="${series.frequency}"`,
        series,
        name ? { values: { freq: series.frequency }, variant: `freq.${name}` } : { values: { freq: series.frequency }, variant: 'freq' },
      ),
    );
    return { values, skipped, diagnostics };
  }
  for (const o of series.observations) {
    const m = /^(\d{4})-(\d{2})$/.exec(o.period);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
      const f = frequencyOfPeriod(o.period);
      diagnostics.push(
        f
          ? notMonthly(`${f} (period ${JSON.stringify(o.period)})`, o, { values: { period: JSON.stringify(o.period) }, variant: `period.${f}` })
          : error('insee-period', `expected a month as YYYY-MM, got ${JSON.stringify(o.period)}`, { file, line: o.line, column: o.column }, { values: { got: JSON.stringify(o.period) }, variant: 'month' }),
      );
      if (f) return { values: [], skipped: [], diagnostics };
      continue;
    }
    const src = { file, line: o.line };
    if (o.value === null || o.status === 'O') {
      skipped.push({ period: o.period, status: o.status, hadValue: o.value !== null, src });
      continue;
    }
    if (o.value.startsWith('-') || !/[1-9]/.test(o.value)) {
      diagnostics.push(error('bad-number', `${o.period}: an index value must be positive, got ${o.value}`, { file, line: o.line, column: o.column }, { values: { period: o.period, got: o.value }, variant: 'inseeIndex' }));
      continue;
    }
    values.push({ period: o.period, value: o.value, status: o.status, src });
  }
  return { values, skipped, diagnostics };
}
