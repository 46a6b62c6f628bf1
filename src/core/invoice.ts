/**
 * Invoice amounts (SPEC §2.3): line HT = quantity × revised price, rounded to
 * the cent half away from zero; VAT per invoice and rate, as EN 16931 does:
 * VAT(rate) = Σ line HT at that rate × rate / 100, rounded to the cent half
 * away from zero; TTC = HT + VAT.
 */
import { contractYearOfMonth } from './contract.js';
import { mismatchWarning } from './controls.js';
import type { Diagnostic } from './diagnostic.js';
import { BigIntSlots, centsOf, Decimal, decimal, divRoundHalfAwayFromZero, roundTo, scaledOf, showDecimal } from './exact.js';
import type { Config, Invoice, InvoiceLine } from './model.js';
import type { YearRevision } from './revision.js';

export interface PricedLine {
  line: InvoiceLine;
  /** Revised unit price, in cents. */
  unitPrice: bigint;
  /** quantity × unit price, exact (decimal.js), in cents. */
  exact: Decimal;
  /** Line HT, in cents. */
  ht: bigint;
  /** Rate as a canonical decimal string ("20", "5.5", "0"). */
  vatPct: string;
}

export interface RateTotal {
  vatPct: string;
  ht: bigint;
  /** Σ HT × rate / 100, exact (decimal.js), in cents. */
  vatExact: Decimal;
  vat: bigint;
}

export interface PricedInvoice {
  invoice: Invoice;
  contractYear: number;
  coefficient: Decimal;
  lines: PricedLine[];
  /** One entry per VAT rate, in the order the rates first appear. */
  rates: RateTotal[];
  ht: bigint;
  vat: bigint;
  ttc: bigint;
}

/** The rate of a line: its own, or the config's; normalised ("20.0" and "20" are one rate). */
export function lineVatPct(line: InvoiceLine, config: Config): string {
  return showDecimal(decimal(line.vatPct ?? config.vatPct));
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
    const exact = decimal(line.quantity).times(price.price.toString());
    return { line, unitPrice: price.price, exact, ht: roundTo(exact, 0, 'half-away-from-zero'), vatPct: lineVatPct(line, config) };
  });
  const byRate = new Map<string, bigint>();
  for (const l of lines) byRate.set(l.vatPct, (byRate.get(l.vatPct) ?? 0n) + l.ht);
  const rates: RateTotal[] = [...byRate].map(([vatPct, ht]) => {
    const vatExact = new Decimal(ht.toString()).times(vatPct).div(100);
    return { vatPct, ht, vatExact, vat: roundTo(vatExact, 0, 'half-away-from-zero') };
  });
  const ht = rates.reduce((s, r) => s + r.ht, 0n);
  const vat = rates.reduce((s, r) => s + r.vat, 0n);
  return { invoice, contractYear: year, coefficient: revision.coefficient, lines, rates, ht, vat, ttc: ht + vat };
}

/** What the exact details of a priced invoice are computed from, on demand. */
interface PricingContext {
  config: Config;
  revisions: ReadonlyMap<number, YearRevision>;
}

/**
 * A priced invoice from the integer path: its totals live in the pricer's
 * slots; the per-line and per-rate details (exact decimals, for `explain`)
 * are computed only when read, by `priceInvoice` itself.
 */
class TotalsOnly implements PricedInvoice {
  private detail: PricedInvoice | null = null;
  constructor(
    readonly invoice: Invoice,
    readonly contractYear: number,
    readonly coefficient: Decimal,
    private readonly slots: BigIntSlots,
    /** Index of its HT; VAT and TTC follow. */
    private readonly at: number,
    private readonly context: PricingContext,
  ) {}
  get ht(): bigint {
    return this.slots.get(this.at);
  }
  get vat(): bigint {
    return this.slots.get(this.at + 1);
  }
  get ttc(): bigint {
    return this.slots.get(this.at + 2);
  }
  private exact(): PricedInvoice {
    return (this.detail ??= priceInvoice(this.invoice, this.context.config, this.context.revisions));
  }
  get lines(): PricedLine[] {
    return this.exact().lines;
  }
  get rates(): RateTotal[] {
    return this.exact().rates;
  }
}

interface RateInfo {
  /** The normalised rate, as `lineVatPct` gives it. */
  key: string;
  num: bigint;
  /** 10^decimals × 100: VAT = HT × num / scale. */
  scale: bigint;
}

/**
 * Prices invoices like `priceInvoice`, with the same roundings, in integer
 * arithmetic only: line HT = quantity × price rounded half away from zero
 * (quantity as an integer over a power of ten), VAT per rate = Σ HT × rate /
 * 100 rounded half away from zero. Parsed quantities, rates and prices are
 * remembered, so that no decimal is built per line. It also
 * gives the `invoiced-mismatch` warnings of `invoicedMismatch`, in the same
 * order. The totals of up to `count` invoices are kept in 64-bit slots;
 * `lines` and `rates` of its results come from `priceInvoice`, on demand.
 */
export class InvoicePricer {
  private readonly quantities = new Map<string, { units: bigint; scale: bigint }>();
  private readonly rateInfo = new Map<string, RateInfo>();
  private readonly claims = new Map<string, bigint>();
  private readonly prices = new Map<number, Map<string, bigint>>();
  private readonly context: PricingContext;
  private readonly slots: BigIntSlots;
  private priced = 0;

  constructor(config: Config, revisions: ReadonlyMap<number, YearRevision>, count: number) {
    this.context = { config, revisions };
    this.slots = new BigIntSlots(3 * count);
  }

  /** A quantity as an integer over a power of ten (`1.5` → 15 / 10). */
  private quantity(text: string): { units: bigint; scale: bigint } {
    let q = this.quantities.get(text);
    if (q === undefined) {
      if (this.quantities.size >= 65536) this.quantities.clear();
      const { units, scale } = scaledOf(text);
      this.quantities.set(text, (q = { units, scale: 10n ** BigInt(scale) }));
    }
    return q;
  }

  private rate(text: string): RateInfo {
    let r = this.rateInfo.get(text);
    if (r === undefined) {
      const key = showDecimal(decimal(text));
      const { units, scale } = scaledOf(key);
      this.rateInfo.set(text, (r = { key, num: units, scale: 10n ** BigInt(scale) * 100n }));
    }
    return r;
  }

  private claim(text: string): bigint {
    let c = this.claims.get(text);
    if (c === undefined) {
      if (this.claims.size >= 65536) this.claims.clear();
      this.claims.set(text, (c = centsOf(text)));
    }
    return c;
  }

  private pricesOf(year: number, revision: YearRevision): Map<string, bigint> {
    let p = this.prices.get(year);
    if (p === undefined) this.prices.set(year, (p = new Map(revision.prices.map((x) => [x.code, x.price]))));
    return p;
  }

  /** The invoice's totals; `warnings` receives its `invoiced-mismatch` warnings. */
  price(invoice: Invoice, warnings: Diagnostic[]): PricedInvoice {
    const { config, revisions } = this.context;
    const year = contractYearOfMonth(config.contract, invoice.serviceMonth);
    if (year === null) throw new RangeError(`${invoice.id}: service month ${invoice.serviceMonth} is outside the contract`);
    const revision = revisions.get(year);
    if (!revision) throw new RangeError(`${invoice.id}: contract year ${year} is not revised`);
    const prices = this.pricesOf(year, revision);
    // Per rate, in the order rates first appear: its rate and Σ HT.
    const rates: RateInfo[] = [];
    const sums: bigint[] = [];
    let mismatches: Diagnostic[] | null = null;
    for (const line of invoice.lines) {
      const price = prices.get(line.priceCode);
      if (price === undefined) throw new RangeError(`${invoice.id}: unknown price code ${line.priceCode}`);
      const q = this.quantity(line.quantity);
      const ht = divRoundHalfAwayFromZero(q.units * price, q.scale);
      const rate = this.rate(line.vatPct ?? config.vatPct);
      let k = 0;
      while (k < rates.length && rates[k]!.key !== rate.key) k++;
      if (k === rates.length) {
        rates.push(rate);
        sums.push(ht);
      } else sums[k]! += ht;
      if (line.invoicedHt !== null) {
        const claimed = this.claim(line.invoicedHt);
        if (claimed !== ht) (mismatches ??= []).push(mismatchWarning(invoice, line, claimed, ht));
      }
    }
    let ht = 0n;
    let vat = 0n;
    for (let k = 0; k < rates.length; k++) {
      ht += sums[k]!;
      vat += divRoundHalfAwayFromZero(sums[k]! * rates[k]!.num, rates[k]!.scale);
    }
    if (mismatches) for (const w of mismatches) warnings.push(w);
    const at = 3 * this.priced++;
    this.slots.set(at, ht);
    this.slots.set(at + 1, vat);
    this.slots.set(at + 2, ht + vat);
    return new TotalsOnly(invoice, year, revision.coefficient, this.slots, at, this.context);
  }
}
