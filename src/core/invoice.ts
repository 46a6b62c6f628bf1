/**
 * Invoice amounts (SPEC §2.3): line HT = quantity × revised price, rounded to
 * the cent half away from zero; VAT per invoice and rate, as EN 16931 does:
 * VAT(rate) = Σ line HT at that rate × rate / 100, rounded to the cent half
 * away from zero; TTC = HT + VAT.
 */
import { contractYearOfMonth } from './contract.js';
import { add, mul, parseRational, rational, roundTo, showRational, type Rational } from './exact.js';
import type { Config, Invoice, InvoiceLine } from './model.js';
import type { YearRevision } from './revision.js';

export interface PricedLine {
  line: InvoiceLine;
  /** Revised unit price, in cents. */
  unitPrice: bigint;
  /** quantity × unit price, exact, in cents. */
  exact: Rational;
  /** Line HT, in cents. */
  ht: bigint;
  /** Rate as a canonical decimal string ("20", "5.5", "0"). */
  vatPct: string;
}

export interface RateTotal {
  vatPct: string;
  ht: bigint;
  /** Σ HT × rate / 100, exact, in cents. */
  vatExact: Rational;
  vat: bigint;
}

export interface PricedInvoice {
  invoice: Invoice;
  contractYear: number;
  coefficient: Rational;
  lines: PricedLine[];
  /** One entry per VAT rate, in the order the rates first appear. */
  rates: RateTotal[];
  ht: bigint;
  vat: bigint;
  ttc: bigint;
}

/** The rate of a line: its own, or the config's; normalised ("20.0" and "20" are one rate). */
export function lineVatPct(line: InvoiceLine, config: Config): string {
  return showRational(parseRational(line.vatPct ?? config.vatPct));
}

/**
 * Prices one invoice with the revision of its service month's contract year.
 * The caller guarantees (through validation) that the month is in the
 * contract, that every price code exists, and that the year is revised.
 */
export function priceInvoice(invoice: Invoice, config: Config, revisions: ReadonlyMap<number, YearRevision>): PricedInvoice {
  const year = contractYearOfMonth(config.contract, invoice.serviceMonth);
  if (year === null) throw new RangeError(`${invoice.id}: service month ${invoice.serviceMonth} is outside the contract`);
  const revision = revisions.get(year);
  if (!revision) throw new RangeError(`${invoice.id}: contract year ${year} is not revised`);
  const lines: PricedLine[] = invoice.lines.map((line) => {
    const price = revision.prices.find((p) => p.code === line.priceCode);
    if (!price) throw new RangeError(`${invoice.id}: unknown price code ${line.priceCode}`);
    const exact = mul(parseRational(line.quantity), rational(price.price));
    return { line, unitPrice: price.price, exact, ht: roundTo(exact, 0, 'half-away-from-zero'), vatPct: lineVatPct(line, config) };
  });
  const byRate = new Map<string, bigint>();
  for (const l of lines) byRate.set(l.vatPct, (byRate.get(l.vatPct) ?? 0n) + l.ht);
  const rates: RateTotal[] = [...byRate].map(([vatPct, ht]) => {
    const vatExact = mul(rational(ht), mul(parseRational(vatPct), rational(1n, 100n)));
    return { vatPct, ht, vatExact, vat: roundTo(vatExact, 0, 'half-away-from-zero') };
  });
  const ht = rates.reduce((s, r) => s + r.ht, 0n);
  const vat = rates.reduce((s, r) => s + r.vat, 0n);
  return { invoice, contractYear: year, coefficient: revision.coefficient, lines, rates, ht, vat, ttc: ht + vat };
}

/** Sum of exact rationals (kept for explanations). */
export function sumExact(values: readonly Rational[]): Rational {
  return values.reduce((a, b) => add(a, b), rational(0n));
}
