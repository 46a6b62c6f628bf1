/**
 * Late-payment interest owed to the contractor when the coordinator pays an
 * invoice after its 30-day deadline (SPEC §7; code de la commande publique,
 * R2192-31 to R2192-36):
 *
 *   interest = TTC × (ECB rate + 8) × days / (100 × 365)
 *
 * - `days`: from the day after the deadline (received_on + 30) to the payment
 *   date, both counted: paid_on − deadline.
 * - ECB rate: the main refinancing rate in force on the first day of the
 *   half-year (1 January or 1 July) in which the delay began (the day after
 *   the deadline); it holds for the whole delay, even into the next half-year.
 * - Computed with decimal.js at 40 significant digits, the division last,
 *   then rounded to the cent half away from zero (decimal.js ROUND_HALF_UP,
 *   which rounds halves away from zero, negative or positive).
 * - Plus a fixed indemnity for recovery costs of €40 per late invoice.
 * - A credit note (TTC ≤ 0) is owed by the contractor, not to it: no interest,
 *   no indemnity.
 * The rate table is data (`inputs.rates`), never a constant here.
 */
import { Decimal } from 'decimal.js';
import { addDays, daysBetween, makeDate, splitDate, type IsoDate } from './dates.js';
import type { Invoice, RateRow } from './model.js';
import { PAYMENT_DAYS_LIMIT } from './controls.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Points added to the ECB rate (C. comm. publ., R2192-31). */
export const INTEREST_MARGIN_POINTS = '8';
/** The fixed indemnity for recovery costs, per late invoice, in cents (R2192-32: €40). */
export const RECOVERY_INDEMNITY_CENTS = 4000n;
/** Days of the year in the interest formula. */
export const DAYS_IN_YEAR = 365;

export interface LateInterest {
  invoice: Invoice;
  /** received_on + 30: the last day to pay on time. */
  deadline: IsoDate;
  paidOn: IsoDate;
  /** Days late: paid_on − deadline (≥ 1). */
  days: number;
  /** The first day of the half-year in which the delay began, whose rate applies. */
  rateDate: IsoDate;
  /** The rate row in force on `rateDate`; null when the table has none that early. */
  ecb: RateRow | null;
  /** ECB rate + 8, in percent, as a decimal string; null without a rate. */
  rate: string | null;
  /** In cents; null without a rate. 0 for a credit note. */
  interest: bigint | null;
  /** In cents: 4000, or 0 for a credit note. */
  indemnity: bigint;
  creditNote: boolean;
}

/** The first day of the half-year holding `date`: 1 January or 1 July. */
export function halfYearStart(date: IsoDate): IsoDate {
  const [y, m] = splitDate(date);
  return makeDate(y, m <= 6 ? 1 : 7, 1);
}

/** The row in force on `date`: the last whose `from` is on or before it; null before the first. */
export function rateInForce(rates: readonly RateRow[], date: IsoDate): RateRow | null {
  let found: RateRow | null = null;
  for (const r of rates) if (r.from <= date && (found === null || r.from >= found.from)) found = r;
  return found;
}

/**
 * `ttcCents × (ratePct) × days / (100 × 365)`, rounded to the cent half away
 * from zero; the division comes last so that nothing is rounded before it.
 */
export function interestCents(ttcCents: bigint, ratePct: string, days: number): bigint {
  const exact = new D(ttcCents.toString()).times(new D(ratePct)).times(days).dividedBy(100 * DAYS_IN_YEAR);
  return BigInt(exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
}

/** Paid after received_on + 30 days (the `late-payment` control's rule). */
export function isPaidLate(invoice: Invoice): boolean {
  return invoice.paidOn !== null && daysBetween(addDays(invoice.receivedOn, PAYMENT_DAYS_LIMIT), invoice.paidOn) > 0;
}

/**
 * The interest and indemnity of one invoice of TTC `ttcCents`, or null when it
 * was paid on time or is unpaid.
 */
export function lateInterest(invoice: Invoice, ttcCents: bigint, rates: readonly RateRow[]): LateInterest | null {
  if (invoice.paidOn === null) return null;
  const deadline = addDays(invoice.receivedOn, PAYMENT_DAYS_LIMIT);
  const days = daysBetween(deadline, invoice.paidOn);
  if (days <= 0) return null;
  const rateDate = halfYearStart(addDays(deadline, 1));
  const ecb = rateInForce(rates, rateDate);
  // Shown with the table's decimals, at least two: 4.5 → "12.50".
  const rate = ecb === null ? null : new D(ecb.rate).plus(INTEREST_MARGIN_POINTS).toFixed(Math.max(2, new D(ecb.rate).decimalPlaces()));
  const creditNote = ttcCents <= 0n;
  const interest = creditNote ? 0n : rate === null ? null : interestCents(ttcCents, rate, days);
  return { invoice, deadline, paidOn: invoice.paidOn, days, rateDate, ecb, rate, interest, indemnity: creditNote ? 0n : RECOVERY_INDEMNITY_CENTS, creditNote };
}
