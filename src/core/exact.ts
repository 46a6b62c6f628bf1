/**
 * Exact arithmetic for money and coefficients.
 *
 * Amounts are integer cents (`bigint`): sums and largest-remainder splits
 * stay in integers. Decimal arithmetic (coefficients, revised prices,
 * quantity × price, VAT, percentages of a key) is decimal.js, with 50
 * significant digits; every rounding goes through `roundTo`, which names its
 * mode. Inputs are decimal strings with a few digits, so every product and
 * sum is exact; only a division can be inexact, and the rules have one
 * (I / I0), always done last (see revision.ts).
 *
 * Nothing here ever touches a JavaScript `number` holding an amount.
 */
import { Decimal as DecimalJs } from 'decimal.js';

/** decimal.js with 50 significant digits, ties away from zero, never an exponent in text. */
export const Decimal = DecimalJs.clone({ precision: 50, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });
export type Decimal = DecimalJs;

/**
 * The rounding modes of the rules:
 * - `half-away-from-zero`: to the nearest, ties away from zero (revised prices, line HT, VAT);
 * - `half-up`: to the nearest, ties toward +∞ (configurable rounding of C or I/I0);
 * - `up`: toward +∞ ("au millième supérieur"); `down`: toward −∞.
 */
export type RoundingMode = 'half-away-from-zero' | 'half-up' | 'up' | 'down';

const DECIMAL_RE = /^-?\d+(?:\.\d+)?$/;

/** A canonical decimal string (`-1234.50`, as the readers produce) as a decimal.js number. */
export function decimal(text: string): Decimal {
  if (!DECIMAL_RE.test(text)) throw new RangeError(`not a canonical decimal: ${JSON.stringify(text)}`);
  return new Decimal(text);
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

export const ZERO: Decimal = new Decimal(0);
export const ONE: Decimal = new Decimal(1);

/**
 * A canonical decimal string as an integer count of 10^-scale (`-12.345` →
 * -12345 and 3): the fixed-point form of the integer paths (line HT, VAT and
 * key shares of a million lines), which compare and round in integers.
 */
export function scaledOf(text: string): { units: bigint; scale: number } {
  if (!DECIMAL_RE.test(text)) throw new RangeError(`not a canonical decimal: ${JSON.stringify(text)}`);
  const dot = text.indexOf('.');
  return dot < 0 ? { units: BigInt(text), scale: 0 } : { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-away-from-zero': DecimalJs.ROUND_HALF_UP,
  'half-up': DecimalJs.ROUND_HALF_CEIL,
  up: DecimalJs.ROUND_CEIL,
  down: DecimalJs.ROUND_FLOOR,
};

/**
 * Rounds `x` to `decimals` places with `mode`, and returns the result as an
 * integer count of 10^-decimals (so `roundTo(x, 2, m)` is in cents).
 */
export function roundTo(x: Decimal, decimals: number, mode: RoundingMode): bigint {
  return BigInt(x.toFixed(decimals, MODES[mode]).replace('.', ''));
}

/** Floor division of integers (toward −∞). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/**
 * `num / den` rounded to an integer, half away from zero, for `den > 0`:
 * the same result as `roundTo(new Decimal(num).div(den), 0, 'half-away-from-zero')`
 * in integers only. The billing run's integer path
 * uses it for line HT (quantity × price) and VAT (HT × rate / 100).
 */
export function divRoundHalfAwayFromZero(num: bigint, den: bigint): bigint {
  if (den === 1n) return num;
  const q = num / den; // truncated toward zero
  const r = num % den; // signed like num
  const twice = r < 0n ? -2n * r : 2n * r;
  if (twice < den) return q;
  return num < 0n ? q - 1n : q + 1n;
}

/** An integer count of 10^-decimals as a decimal string with exactly `decimals` places; never "-0.00". */
export function formatScaled(value: bigint, decimals: number): string {
  const neg = value < 0n;
  const digits = abs(value).toString().padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  const body = decimals > 0 ? `${int}.${frac}` : int;
  return neg ? `-${body}` : body;
}

/** Cents as an amount string with exactly two decimals (`-12.30`, `0.00`). */
export function formatCents(cents: bigint): string {
  return formatScaled(cents, 2);
}

/**
 * Cents for a person to read, thousands grouped: `groupedCents(-123456789n, ' ', '.')` is
 * `-1 234 567.89`. Files keep plain `formatCents` numbers, which spreadsheets parse.
 */
export function groupedCents(cents: bigint, thousands: string, decimal: string, minus = '-'): string {
  const [int = '0', frac = '00'] = formatCents(cents < 0n ? -cents : cents).split('.');
  return `${cents < 0n ? minus : ''}${groupThousands(int, thousands)}${decimal}${frac}`;
}

/** Digits grouped by three from the right: `groupThousands('1234567', ' ')` is `1 234 567`. */
export function groupThousands(digits: string, thousands: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, thousands);
}

/** A canonical decimal string to cents; throws if it has more than two decimals. */
export function centsOf(text: string): bigint {
  const { units, scale } = scaledOf(text);
  if (scale > 2) {
    const extra = 10n ** BigInt(scale - 2);
    if (units % extra !== 0n) throw new RangeError(`${text} has more than two decimals`);
    return units / extra;
  }
  return units * 10n ** BigInt(2 - scale);
}

/**
 * Significant digits above which a value is taken for an inexact quotient.
 * A quotient N / D that does not terminate cannot have a run of more than
 * log10(D) zeros or nines in its expansion; with D below 10^12 (an index
 * value with its decimals), its 50-digit rounding keeps at least 37
 * significant digits, while every exact value of the rules (products and
 * sums of inputs of a few digits) has far fewer than 36.
 */
const INEXACT_DIGITS = 36;

/**
 * A number as a decimal string: exact, with trailing zeros removed, when it
 * has at most `maxDecimals` places and is not an inexact quotient; otherwise
 * rounded half away from zero to `maxDecimals` places. `exact` tells which.
 * Never `-0`.
 */
export function formatDecimal(x: Decimal, maxDecimals = 20): { text: string; exact: boolean } {
  // decimal.js numbers are immutable: the text of one (a year's coefficient,
  // shown on every invoice of a recap) is computed once per number of decimals.
  let texts = formatted.get(x);
  const known = texts?.get(maxDecimals);
  if (known !== undefined) return { ...known };
  const exact = x.decimalPlaces() <= maxDecimals && x.precision() < INEXACT_DIGITS;
  const raw = exact ? x.toFixed() : x.toFixed(maxDecimals, DecimalJs.ROUND_HALF_UP);
  const result = { text: /^-0(?:\.0*)?$/.test(raw) ? raw.slice(1) : raw, exact };
  if (texts === undefined) formatted.set(x, (texts = new Map()));
  texts.set(maxDecimals, result);
  return { ...result };
}

const formatted = new WeakMap<Decimal, Map<number, { text: string; exact: boolean }>>();

/** Shorthand: `formatDecimal(x).text`. */
export function showDecimal(x: Decimal, maxDecimals = 20): string {
  return formatDecimal(x, maxDecimals).text;
}


const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A fixed number of bigint slots (cents), stored in a BigInt64Array while
 * every value fits in 64 bits (eight bytes a value, no object per value),
 * in a plain array of bigints from the first value that does not. Values
 * are exact either way: the array never wraps around.
 */
export class BigIntSlots {
  private fixed: BigInt64Array | null;
  private loose: bigint[] | null = null;

  constructor(readonly length: number) {
    this.fixed = new BigInt64Array(length);
  }

  get(i: number): bigint {
    return this.fixed !== null ? this.fixed[i]! : this.loose![i]!;
  }

  set(i: number, value: bigint): void {
    if (this.fixed !== null) {
      if (value >= INT64_MIN && value <= INT64_MAX) {
        this.fixed[i] = value;
        return;
      }
      this.loose = Array.from(this.fixed);
      this.fixed = null;
    }
    this.loose![i] = value;
  }
}
