/**
 * What contract year K will cost each member (SPEC §7), for their budgets.
 *
 * - Prices: year K's revision (src/core/revision.ts). When year K's cut-off
 *   is after `today`, or no index value was published by it, I is not known
 *   yet: the revision is made with the values known on `today` instead (the
 *   latest period published by then), and the forecast is `provisional`.
 * - Quantities: `forecast.quantities` when the config has it, else the sum of
 *   the quantities invoiced (credit lines included) for the service months of
 *   the last complete contract year before K (complete: every one of its
 *   months has an invoice).
 * - Amounts as an invoice's (SPEC §2.3): line HT = quantity × price rounded to
 *   the cent half away from zero; VAT = Σ HT × the config's vat_pct / 100,
 *   rounded the same way; TTC = HT + VAT.
 * - Each member's HT and TTC shares by year K's key, largest remainder to the
 *   cent (SPEC §2.5, src/core/allocate.ts); its VAT = TTC − HT. So the members'
 *   figures add up exactly to the totals.
 */
import { allocateLargestRemainder } from './allocate.js';
import { contractYearOfMonth, contractYears, keyInForce, type ContractYear } from './contract.js';
import { addMonths, monthOf, type IsoDate } from './dates.js';
import { error, type Diagnostic } from './diagnostic.js';
import { Decimal, decimal, roundTo, showDecimal, ZERO } from './exact.js';
import type { Config, IndexRow, Invoice } from './model.js';
import { cutoffFor, reviseYear, type YearRevision } from './revision.js';

export interface ForecastLine {
  code: string;
  /** In cents. */
  price: bigint;
  quantity: string;
  ht: bigint;
}

export interface Forecast {
  year: ContractYear;
  provisional: boolean;
  /** The cut-off of year K (null in year 1). */
  cutoff: IsoDate | null;
  /** The date whose known index values were used: the cut-off, or today when provisional. */
  knownOn: IsoDate | null;
  revision: YearRevision;
  /** `config` or the contract year whose invoiced quantities are used. */
  quantitiesFrom: 'config' | number;
  lines: ForecastLine[];
  ht: bigint;
  vat: bigint;
  ttc: bigint;
  members: { id: string; pct: string; ht: bigint; vat: bigint; ttc: bigint }[];
}

/** Year K's revision, final or provisional. */
function revisionFor(config: Config, index: readonly IndexRow[], year: ContractYear, today: IsoDate): { revision: YearRevision | null; provisional: boolean; knownOn: IsoDate | null; diagnostics: Diagnostic[] } {
  if (year.year === 1) return { ...reviseYear(config, index, year), provisional: false, knownOn: null };
  const cutoff = cutoffFor(year.start, config.revision.knownOn);
  if (cutoff <= today) {
    const r = reviseYear(config, index, year);
    if (r.revision) return { ...r, provisional: false, knownOn: cutoff };
  }
  // Not known yet: the values known today, as if the revision were made today.
  const known = index.filter((row) => row.publishedOn <= today);
  const r = reviseYear(config, known, { ...year, start: today });
  if (!r.revision) return { revision: null, provisional: true, knownOn: today, diagnostics: r.diagnostics };
  return { revision: { ...r.revision, start: year.start, end: year.end }, provisional: true, knownOn: today, diagnostics: [] };
}

/** The last contract year before `before` whose every month has an invoice; null when none. */
export function lastCompleteYear(config: Config, invoices: readonly Invoice[], before: number): ContractYear | null {
  const seen = new Set(invoices.map((i) => i.serviceMonth));
  const years = contractYears(config.contract).filter((y) => y.year < before).reverse();
  for (const y of years) {
    let complete = true;
    for (let m = monthOf(y.start); m <= monthOf(y.end); m = addMonths(m, 1)) {
      if (contractYearOfMonth(config.contract, m) !== y.year) continue;
      if (!seen.has(m)) complete = false;
    }
    if (complete) return y;
  }
  return null;
}

/** Quantities per price code invoiced for the service months of contract year `year`, exact. */
export function invoicedQuantities(config: Config, invoices: readonly Invoice[], year: number): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const inv of invoices) {
    if (contractYearOfMonth(config.contract, inv.serviceMonth) !== year) continue;
    for (const l of inv.lines) out.set(l.priceCode, (out.get(l.priceCode) ?? ZERO).plus(decimal(l.quantity)));
  }
  return out;
}

export function forecastYear(config: Config, index: readonly IndexRow[], invoices: readonly Invoice[], k: number, today: IsoDate): { forecast: Forecast | null; diagnostics: Diagnostic[] } {
  const year = contractYears(config.contract).find((y) => y.year === k);
  if (!year) return { forecast: null, diagnostics: [error('no-such-year', `the contract has no year ${k}`, {}, { values: { year: k } })] };
  const { revision, provisional, knownOn, diagnostics } = revisionFor(config, index, year, today);
  if (!revision) return { forecast: null, diagnostics };

  let quantities: Map<string, Decimal>;
  let quantitiesFrom: Forecast['quantitiesFrom'];
  if (config.forecast) {
    quantities = new Map(Object.entries(config.forecast.quantities).map(([code, q]) => [code, decimal(q)]));
    quantitiesFrom = 'config';
  } else {
    const base = lastCompleteYear(config, invoices, k);
    if (!base) {
      return { forecast: null, diagnostics: [error('no-quantities', `no complete contract year before year ${k} (every month invoiced) to take quantities from: set forecast.quantities in medcoop.json, e.g. { "FORFAIT": "12" }`, { file: 'medcoop.json' }, { values: { year: k } })] };
    }
    quantities = invoicedQuantities(config, invoices, base.year);
    quantitiesFrom = base.year;
  }

  const lines: ForecastLine[] = [];
  for (const p of revision.prices) {
    const q = quantities.get(p.code);
    if (q === undefined) continue;
    lines.push({ code: p.code, price: p.price, quantity: showDecimal(q), ht: roundTo(q.times(p.price.toString()), 0, 'half-away-from-zero') });
  }
  const ht = lines.reduce((s, l) => s + l.ht, 0n);
  // VAT = HT × rate / 100, division last, rounded to the cent half away from zero (SPEC §2.3).
  const vat = roundTo(new Decimal(ht.toString()).times(decimal(config.vatPct)).div(100), 0, 'half-away-from-zero');
  const ttc = ht + vat;
  const key = keyInForce(config.keys, year.start)!;
  const hts = allocateLargestRemainder(ht, key.shares);
  const ttcs = allocateLargestRemainder(ttc, key.shares);
  const members = key.shares.map((s, i) => ({ id: s.member, pct: s.pct, ht: hts[i]!.cents, vat: ttcs[i]!.cents - hts[i]!.cents, ttc: ttcs[i]!.cents }));
  return {
    forecast: { year, provisional, cutoff: year.year === 1 ? null : cutoffFor(year.start, config.revision.knownOn), knownOn, revision, quantitiesFrom, lines, ht, vat, ttc, members },
    diagnostics: [],
  };
}
