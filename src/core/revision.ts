/**
 * Price revision (article 5.1, SPEC §2.2): P = P0 × C, C = fixed + variable × I / I0.
 *
 * Year 1 is not revised (C = 1 exactly). Year k ≥ 2 is revised on its start
 * date R_k; only index values published on or before the cut-off count. All
 * arithmetic is exact; the only roundings are the configured one of C (or of
 * I/I0) and the revised price's rounding to the cent, half away from zero.
 */
import { contractYears, type ContractYear } from './contract.js';
import { firstDayOf, lastDayOf, monthOf, type IsoDate } from './dates.js';
import { error, type Diagnostic } from './diagnostic.js';
import { Decimal, ONE, roundTo } from './exact.js';
import type { Config, IndexRow, Price } from './model.js';
import { sameRelease, withoutConfirmedEstimates } from './index-release.js';

export interface IndexPick {
  row: IndexRow;
  /** The date up to which publications counted for this pick. */
  knownOn: IsoDate;
}

export type PassedOverReason = 'published-after-cutoff' | 'older-vintage';

export interface PassedOver {
  row: IndexRow;
  reason: PassedOverReason;
}

export interface RevisedPrice {
  code: string;
  p0: string;
  /** Revised unit price, in cents. */
  price: bigint;
  /** P0 × C before rounding to the cent (decimal.js; inexact only when C is an unrounded I / I0 quotient). */
  exact: Decimal;
}

export interface YearRevision extends ContractYear {
  /** Null for year 1 (not revised). */
  cutoff: IsoDate | null;
  I: IndexPick | null;
  I0: IndexPick | null;
  /** Rows near the choice of I and I0 that were not taken, and why (for explanations). */
  passedOverI: PassedOver[];
  passedOverI0: PassedOver[];
  /**
   * Rows whose publication date is an estimate and decided the choice: I or
   * I0 itself, or a row published after the cut-off by an estimated date
   * close enough to it that the real date may have been before (issue 13).
   */
  decidedByEstimate: IndexRow[];
  /** I / I0, exact (null in year 1). */
  ratio: Decimal | null;
  coefficientExact: Decimal;
  /** C as applied, after the configured rounding. */
  coefficient: Decimal;
  prices: RevisedPrice[];
}

/** Among rows published on or before `knownOn`: the latest period, then its latest vintage. */
export function pickKnownAt(index: readonly IndexRow[], knownOn: IsoDate): IndexPick | null {
  let best: IndexRow | null = null;
  for (const r of index) {
    if (r.publishedOn > knownOn) continue;
    if (best === null || r.period > best.period || (r.period === best.period && r.publishedOn > best.publishedOn)) best = r;
  }
  return best ? { row: best, knownOn } : null;
}

/** The value of `period`: its latest vintage published on or before `knownOn`. */
export function pickMonth(index: readonly IndexRow[], period: string, knownOn: IsoDate): IndexPick | null {
  let best: IndexRow | null = null;
  for (const r of index) {
    if (r.period !== period || r.publishedOn > knownOn) continue;
    if (best === null || r.publishedOn > best.publishedOn) best = r;
  }
  return best ? { row: best, knownOn } : null;
}

/** Rows of the chosen period or later that were not chosen, with the reason. */
function passedOver(index: readonly IndexRow[], pick: IndexPick, onlyPeriod: boolean): PassedOver[] {
  const out: PassedOver[] = [];
  for (const r of index) {
    if (r === pick.row) continue;
    if (onlyPeriod ? r.period !== pick.row.period : r.period < pick.row.period) continue;
    out.push({ row: r, reason: r.publishedOn > pick.knownOn ? 'published-after-cutoff' : 'older-vintage' });
  }
  return out.sort((a, b) => (a.row.period < b.row.period ? -1 : a.row.period > b.row.period ? 1 : a.row.publishedOn < b.row.publishedOn ? -1 : 1));
}

/** The cut-off of a revision on R: R itself, or the last day of R's month. */
export function cutoffFor(revisionDate: IsoDate, knownOn: Config['revision']['knownOn']): IsoDate {
  return knownOn === 'month-end' ? lastDayOf(monthOf(revisionDate)) : revisionDate;
}

/** I and I0 of a revised year, as decimal strings. */
export interface IndexValues {
  I: string;
  I0: string;
}

/**
 * Applies the configured rounding (SPEC §2.2) to give C as applied. C exact
 * is (fixed × I0 + variable × I) / I0: one division, the last operation.
 */
export function applyCoefficientRounding(config: Config['revision'], values: IndexValues): { exact: Decimal; applied: Decimal } {
  const { I, I0 } = values;
  const exact = new Decimal(config.fixed).times(I0).plus(new Decimal(config.variable).times(I)).div(I0);
  const r = config.rounding;
  if (r.target === 'none') return { exact, applied: exact };
  if (r.target === 'ratio') {
    const rounded = new Decimal(roundTo(new Decimal(I).div(I0), r.decimals, r.mode).toString()).div(new Decimal(10).pow(r.decimals));
    return { exact, applied: new Decimal(config.fixed).plus(new Decimal(config.variable).times(rounded)) };
  }
  return { exact, applied: new Decimal(roundTo(exact, r.decimals, r.mode).toString()).div(new Decimal(10).pow(r.decimals)) };
}

/**
 * The revised prices P = P0 × C, rounded to the cent half away from zero.
 * When C is the unrounded quotient, P is computed with the division last,
 * P = (P0 × fixed × I0 + P0 × variable × I) / I0: computing C first and
 * then P0 × C rounds C, and is wrong for some inputs at any precision
 * (I = 138.96, I0 = 129.84, P0 = 81.15: P = 85.995 exactly, so 86.00, while
 * P0 × C gives 85.99...). A rounded C is a short decimal: P0 × C is exact.
 */
export function revisePrices(prices: readonly Price[], coefficient: Decimal, unrounded?: { config: Config['revision']; values: IndexValues }): RevisedPrice[] {
  return prices.map((p) => {
    const exact = unrounded
      ? new Decimal(p.p0).times(unrounded.config.fixed).times(unrounded.values.I0).plus(new Decimal(p.p0).times(unrounded.config.variable).times(unrounded.values.I)).div(unrounded.values.I0)
      : new Decimal(p.p0).times(coefficient);
    return { code: p.code, p0: p.p0, exact, price: roundTo(exact, 2, 'half-away-from-zero') };
  });
}

/**
 * How to give the index the dates it lacks, for a `no-index-value` error:
 * when every value (of `month`, or at all) is recorded as published after the
 * cut-off, the usual cause is INSEE's history imported at once with one date.
 */
/** How howToDate's advice is made (issue 15: the terminal says it in its language): its variant and values. */
function howToDateText(index: readonly IndexRow[], month: string | null): { how: string; values: Record<string, string> } {
  const rows = month === null ? index : index.filter((r) => r.period === month);
  const of = month === null ? '' : 'Of';
  if (rows.length === 0) return { how: `none${of}`, values: month === null ? {} : { howMonth: month } };
  const first = rows.reduce((a, b) => (b.publishedOn < a.publishedOn ? b : a));
  return { how: `earliest${of}`, values: { first: first.publishedOn, ...(month === null ? {} : { howMonth: month }) } };
}

function noIndexValue(message: string, at: { file: string }, which: string, values: Record<string, string | number>, index: readonly IndexRow[], month: string | null): Diagnostic {
  const how = howToDateText(index, month);
  return error('no-index-value', message, at, { values: { ...values, ...how.values }, variant: `${which}.${how.how}` });
}

function howToDate(index: readonly IndexRow[], month: string | null): string {
  const rows = month === null ? index : index.filter((r) => r.period === month);
  if (rows.length === 0) {
    return `; the index file has no value${month === null ? '' : ` of ${month}`}: import INSEE's history with \`medcoop index import FILE --estimated-dates\``;
  }
  const first = rows.reduce((a, b) => (b.publishedOn < a.publishedOn ? b : a));
  return `; the index file records ${month === null ? 'its values' : month} as published on ${first.publishedOn} at the earliest: if that is the date of one import of INSEE's history, import it again with \`medcoop index import FILE --estimated-dates\` (each quarter dated by INSEE's release calendar, marked estimated), or add the value with its real publication date`;
}

/**
 * Revises one contract year. Returns diagnostics (code `no-index-value`,
 * pointing at the index file) when I or I0 cannot be found under the rules.
 */
export function reviseYear(config: Config, index: readonly IndexRow[], year: ContractYear): { revision: YearRevision | null; diagnostics: Diagnostic[] } {
  if (year.year === 1) {
    return {
      revision: {
        ...year, cutoff: null, I: null, I0: null, passedOverI: [], passedOverI0: [], decidedByEstimate: [], ratio: null,
        coefficientExact: ONE, coefficient: ONE, prices: revisePrices(config.prices, ONE),
      },
      diagnostics: [],
    };
  }
  const rev = config.revision;
  const cutoff = cutoffFor(year.start, rev.knownOn);
  const at = { file: config.inputs.index };
  const diagnostics: Diagnostic[] = [];
  index = withoutConfirmedEstimates(index);
  const I = pickKnownAt(index, cutoff);
  if (!I) {
    diagnostics.push(noIndexValue(`contract year ${year.year} (revised on ${year.start}): no index value published on or before the cut-off ${cutoff}, so I is unknown${howToDate(index, null)}`, at, 'I', { year: year.year, start: year.start, cutoff }, index, null));
  }
  let I0: IndexPick | null;
  if (rev.base.rule === 'month') {
    I0 = pickMonth(index, rev.base.month, cutoff);
    if (!I0) diagnostics.push(noIndexValue(`contract year ${year.year} (revised on ${year.start}): no value of the base month ${rev.base.month} published on or before the cut-off ${cutoff}, so I0 is unknown${howToDate(index, rev.base.month)}`, at, 'I0', { year: year.year, start: year.start, month: rev.base.month, cutoff }, index, rev.base.month));
  } else {
    const knownOn = firstDayOf(rev.base.month) < cutoff ? firstDayOf(rev.base.month) : cutoff;
    I0 = pickKnownAt(index, knownOn);
    if (!I0) diagnostics.push(noIndexValue(`contract year ${year.year}: no index value published on or before ${knownOn} (the first day of the base month ${rev.base.month}), so I0 is unknown${howToDate(index, null)}`, at, 'I0known', { year: year.year, knownOn, month: rev.base.month }, index, null));
  }
  if (!I || !I0) return { revision: null, diagnostics };
  if (!new Decimal(I0.row.value).isPositive() || new Decimal(I0.row.value).isZero()) {
    return { revision: null, diagnostics: [error('bad-index-value', `I0 (${I0.row.period}) is ${I0.row.value}: an index must be positive`, { file: I0.row.src.file, line: I0.row.src.line }, { values: { period: I0.row.period, value: I0.row.value } })] };
  }
  const values = { I: I.row.value, I0: I0.row.value };
  const ratio = new Decimal(I.row.value).div(I0.row.value);
  const { exact, applied } = applyCoefficientRounding(rev, values);
  const passedOverI = passedOver(index, I, false);
  const passedOverI0 = passedOver(index, I0, rev.base.rule === 'month');
  const decidedByEstimate = [I.row, I0.row, ...[...passedOverI, ...passedOverI0].filter((p) => p.reason === 'published-after-cutoff' && sameRelease(p.row.publishedOn, cutoff)).map((p) => p.row)]
    .filter((r, k, all) => r.estimated === true && all.indexOf(r) === k);
  return {
    revision: {
      ...year, cutoff, I, I0,
      passedOverI,
      passedOverI0,
      decidedByEstimate,
      ratio, coefficientExact: exact, coefficient: applied,
      prices: revisePrices(config.prices, applied, rev.rounding.target === 'none' ? { config: rev, values } : undefined),
    },
    diagnostics,
  };
}

/**
 * Revises the given years (default: all). The map holds every year that could
 * be revised; the diagnostics say why the others could not.
 */
export function reviseYears(config: Config, index: readonly IndexRow[], only?: ReadonlySet<number>): { revisions: Map<number, YearRevision>; diagnostics: Diagnostic[] } {
  const revisions = new Map<number, YearRevision>();
  const diagnostics: Diagnostic[] = [];
  for (const y of contractYears(config.contract)) {
    if (only && !only.has(y.year)) continue;
    const r = reviseYear(config, index, y);
    diagnostics.push(...r.diagnostics);
    if (r.revision) revisions.set(y.year, r.revision);
  }
  return { revisions, diagnostics };
}
