/**
 * When INSEE published a month's ICHTrev-TS value, when the date is not
 * known: an INSEE download carries no publication date per value. The index
 * is published quarterly, about 75 days after the quarter ends (about 100
 * days before Q3 2023, SPEC §2.2). Recording a history with these estimated
 * dates, marked as such, lets past revisions be computed as they were; a
 * known real date replaces an estimate (index-merge.ts). Pure.
 */
import { addDays, addMonths, daysBetween, lastDayOf, type IsoDate, type Month } from './dates.js';
import type { IndexRow } from './model.js';

/** Days from a quarter's end to its publication: 75 from Q3 2023 on, 100 before. */
export const RELEASE_DAYS = { since2023Q3: 75, before: 100 } as const;
/** The first quarter end published about 75 days later. */
const SHORTER_FROM: IsoDate = '2023-09-30';

/** The last month of `period`'s quarter: 2024-08 → 2024-09. */
export function quarterEndMonth(period: Month): Month {
  const m = Number(period.slice(5, 7));
  return addMonths(period, (3 - (m % 3)) % 3);
}

/**
 * The estimated publication date of a month's value: the end of its quarter
 * plus 75 days (quarters ending on or after 2023-09-30) or 100 days.
 * 2024-08 → quarter end 2024-09-30 → 2024-12-14; 2022-10 → 2022-12-31 + 100 → 2023-04-10.
 */
export function estimatedRelease(period: Month): IsoDate {
  const end = lastDayOf(quarterEndMonth(period));
  return addDays(end, end >= SHORTER_FROM ? RELEASE_DAYS.since2023Q3 : RELEASE_DAYS.before);
}

/** A real date is taken for the release an estimate stands for when it is within this many days of it. */
export const SAME_RELEASE_DAYS = 45;

/** Whether a real publication date `real` is the release that `estimated` (a row's estimated date) stands for. */
export function sameRelease(estimated: IsoDate, real: IsoDate): boolean {
  return Math.abs(daysBetween(estimated, real)) <= SAME_RELEASE_DAYS;
}

/**
 * The index as the revision reads it: an estimated row is dropped when a row
 * of the same period and value has a real date of the same release (within
 * SAME_RELEASE_DAYS): the real date overrides the estimate, and both rows
 * stay in the file as the record of the imports. A real row far from the
 * estimate (the whole history imported on one day) overrides nothing.
 */
export function withoutConfirmedEstimates(index: readonly IndexRow[]): readonly IndexRow[] {
  if (!index.some((r) => r.estimated === true)) return index;
  const key = (r: IndexRow) => `${r.period} ${r.value.includes('.') ? r.value.replace(/\.?0+$/, '') : r.value}`;
  const real = new Map<string, IsoDate[]>();
  for (const r of index) {
    if (r.estimated === true) continue;
    const dates = real.get(key(r));
    if (dates) dates.push(r.publishedOn);
    else real.set(key(r), [r.publishedOn]);
  }
  return index.filter((r) => r.estimated !== true || !(real.get(key(r)) ?? []).some((d) => sameRelease(r.publishedOn, d)));
}
