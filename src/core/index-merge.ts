/**
 * Merging imported INSEE values into the index (SPEC §2.2, §3.1): the index
 * file is a record of publications, so nothing recorded is ever changed.
 *
 * For each imported (period, value):
 * - no row for the period → a new row, published on the given date;
 * - the period's latest vintage has the same value (exact decimals: 129.8 =
 *   129.80) → nothing to do, whatever the status;
 * - it has another value → a new vintage published on the given date, which
 *   must come after the latest one recorded: a vintage dated on or before
 *   it would rewrite history (same date: the reader would refuse the file)
 *   and is an error.
 * Pure: no I/O, no clock.
 */
import type { IsoDate, Month } from './dates.js';
import { error, type Diagnostic } from './diagnostic.js';
import { decimal } from './exact.js';
import { estimatedRelease, sameRelease } from './index-release.js';
import type { IndexRow, Source } from './model.js';

/** One value read from an INSEE file. */
export interface ImportedValue {
  period: Month;
  /** Canonical decimal, positive. */
  value: string;
  status: string;
  src: Source;
}

/** A period of the INSEE file without a value (empty, NaN) or of status O. */
export interface SkippedValue {
  period: string;
  status: string;
  /** The file gave a value, but with status O (missing). */
  hadValue: boolean;
  src: Source;
}

export interface NewIndexRow {
  period: Month;
  value: string;
  publishedOn: IsoDate;
  status: string;
  /** Dated by INSEE's release rule (index-release.ts), not by a known publication. */
  estimated?: boolean;
}

export interface NewVintage {
  row: NewIndexRow;
  /** The latest vintage recorded before. */
  previous: IndexRow;
  /** An older vintage that already had this value (the file may be older than the index). */
  sameAsOlder: IndexRow | null;
}

export interface MergeResult {
  newPeriods: NewIndexRow[];
  newVintages: NewVintage[];
  unchanged: number;
  /**
   * With estimated dates: a period whose recorded rows are all dated after
   * its estimated release (imported at once with one date) gets its value
   * dated as estimated, before them. With a real date: an estimated latest
   * row of the same value and the same release gets that real date.
   */
  dated: NewIndexRow[];
  /** Errors: a new value dated on or before the period's latest vintage. Nothing may be written then. */
  diagnostics: Diagnostic[];
}

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const sameValue = (a: string, b: string) => decimal(a).eq(decimal(b));

/**
 * `publishedOn`: the date INSEE published the values, or `{ estimatedUpTo }`:
 * each value dated by INSEE's release rule (estimatedRelease), marked
 * estimated, and never after `estimatedUpTo` (the download's date: a value in
 * the file was published by then).
 */
export function mergeIndex(existing: readonly IndexRow[], imported: readonly ImportedValue[], publishedOn: IsoDate | { estimatedUpTo: IsoDate }): MergeResult {
  const byPeriod = new Map<string, IndexRow[]>();
  for (const r of existing) {
    const list = byPeriod.get(r.period);
    if (list) list.push(r);
    else byPeriod.set(r.period, [r]);
  }
  const result: MergeResult = { newPeriods: [], newVintages: [], unchanged: 0, dated: [], diagnostics: [] };
  const sorted = [...imported].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  for (const v of sorted) {
    const estimated = typeof publishedOn !== 'string';
    const date = typeof publishedOn === 'string' ? publishedOn : minDate(estimatedRelease(v.period), publishedOn.estimatedUpTo);
    const row: NewIndexRow = { period: v.period, value: v.value, publishedOn: date, status: v.status, ...(estimated ? { estimated: true } : {}) };
    const all = byPeriod.get(v.period);
    // With estimated dates, only the rows recorded by the estimated release count; later ones stay as they are.
    const rows = estimated ? all?.filter((r) => r.publishedOn <= date) : all;
    if (!rows || rows.length === 0) {
      if (all && all.length > 0) result.dated.push(row);
      else result.newPeriods.push(row);
      continue;
    }
    // A real date for an estimated row of the same value and the same release: recorded beside it, it overrides the estimate.
    if (!estimated && rows.some((r) => r.estimated === true && sameValue(r.value, v.value) && sameRelease(r.publishedOn, date)) && !rows.some((r) => r.publishedOn === date)) {
      result.dated.push(row);
      continue;
    }
    const latest = rows.reduce((a, b) => (b.publishedOn > a.publishedOn ? b : a));
    if (sameValue(latest.value, v.value)) {
      result.unchanged++;
      continue;
    }
    if (estimated && all!.length > rows.length) {
      result.diagnostics.push(
        error('vintage-conflict', `${v.period}: the file gives ${v.value}, but ${latest.src.file} line ${latest.src.line} records ${latest.value} published on ${latest.publishedOn} and later rows follow; an estimated date (${date}) cannot be put between them: add this value with its real date (--published-on)`, { file: v.src.file, line: v.src.line }, { values: { period: v.period, value: v.value, file: latest.src.file, line: latest.src.line, recorded: latest.value, published: latest.publishedOn, date }, variant: 'estimated' }),
      );
      continue;
    }
    const at = { file: v.src.file, line: v.src.line };
    if (latest.publishedOn === publishedOn) {
      result.diagnostics.push(
        error('vintage-conflict', `${v.period}: the file gives ${v.value}, but ${latest.src.file} line ${latest.src.line} already records ${latest.value} published on ${publishedOn}; a new vintage needs its own publication date (--published-on)`, at, { values: { period: v.period, value: v.value, file: latest.src.file, line: latest.src.line, recorded: latest.value, published: publishedOn }, variant: 'same' }),
      );
      continue;
    }
    if (latest.publishedOn > publishedOn) {
      result.diagnostics.push(
        error('vintage-conflict', `${v.period}: the file gives ${v.value}, but ${latest.src.file} line ${latest.src.line} records ${latest.value} published on ${latest.publishedOn}, after ${publishedOn}; a new vintage must be published after the latest one recorded (is --published-on right? is the file an old download?)`, at, { values: { period: v.period, value: v.value, file: latest.src.file, line: latest.src.line, recorded: latest.value, published: latest.publishedOn, asked: String(publishedOn) }, variant: 'earlier' }),
      );
      continue;
    }
    const sameAsOlder = rows.filter((r) => r !== latest && sameValue(r.value, v.value)).reduce<IndexRow | null>((a, b) => (a === null || b.publishedOn > a.publishedOn ? b : a), null);
    result.newVintages.push({ row, previous: latest, sameAsOlder });
  }
  return result;
}
