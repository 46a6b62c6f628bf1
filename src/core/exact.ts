/**
 * Exact arithmetic for money and coefficients.
 *
 * Amounts are integer cents (`bigint`). Coefficients, ratios and percentages
 * are exact rationals of two `bigint`s, so that a quotient such as I / I0 is
 * never approximated before the one rounding the rules ask for. Every rounding
 * goes through `roundTo`, which names its mode.
 *
 * Nothing here ever touches a JavaScript `number` holding an amount.
 */

export interface Rational {
  /** Numerator; carries the sign. */
  readonly num: bigint;
  /** Denominator; always > 0. */
  readonly den: bigint;
}

/**
 * The rounding modes of the rules:
 * - `half-away-from-zero`: to the nearest, ties away from zero (revised prices, line HT, VAT);
 * - `half-up`: to the nearest, ties toward +∞ (configurable rounding of C or I/I0);
 * - `up`: toward +∞ ("au millième supérieur"); `down`: toward −∞.
 */
export type RoundingMode = 'half-away-from-zero' | 'half-up' | 'up' | 'down';

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) {
    [a, b] = [b, a % b];
  }
  return a;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** A canonical decimal string (`-1234.50`, as the readers produce) to an exact rational. */
export function parseRational(text: string): Rational {
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new RangeError(`not a canonical decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  const digits = BigInt((m[2] ?? '0') + frac);
  return rational(m[1] ? -digits : digits, 10n ** BigInt(frac.length));
}

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}
export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}
export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}
export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero');
  return rational(a.num * b.den, a.den * b.num);
}
export function cmp(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
export function eq(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/** Floor division of integers (toward −∞). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/**
 * Rounds `r` to `decimals` places with `mode`, and returns the result as an
 * integer count of 10^-decimals (so `roundTo(r, 2, m)` is in cents).
 */
export function roundTo(r: Rational, decimals: number, mode: RoundingMode): bigint {
  const scaled = r.num * 10n ** BigInt(decimals);
  const den = r.den;
  const floor = floorDiv(scaled, den);
  const rem = scaled - floor * den; // 0 <= rem < den
  if (rem === 0n) return floor;
  switch (mode) {
    case 'down':
      return floor;
    case 'up':
      return floor + 1n;
    case 'half-up':
      return 2n * rem >= den ? floor + 1n : floor;
    case 'half-away-from-zero': {
      const twice = 2n * rem;
      if (twice > den) return floor + 1n;
      if (twice < den) return floor;
      // exactly half: away from zero
      return scaled < 0n ? floor : floor + 1n;
    }
  }
}

/**
 * `num / den` rounded to an integer, half away from zero, for `den > 0`:
 * the same result as `roundTo(rational(num, den), 0, 'half-away-from-zero')`
 * without building (and reducing) a rational. The billing run's integer path
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
  return `${cents < 0n ? minus : ''}${int.replace(/\B(?=(\d{3})+$)/g, thousands)}${decimal}${frac}`;
}

/** A canonical decimal string to cents; throws if it has more than two decimals. */
export function centsOf(text: string): bigint {
  const r = parseRational(text);
  const c = mul(r, rational(100n));
  if (c.den !== 1n) throw new RangeError(`${text} has more than two decimals`);
  return c.num;
}

/**
 * A rational as a decimal string: exact, with trailing zeros removed, when its
 * expansion stops within `maxDecimals` places; otherwise rounded half away from
 * zero to `maxDecimals` places. `exact` tells which.
 */
export function formatRational(r: Rational, maxDecimals = 20): { text: string; exact: boolean } {
  // Rationals are immutable: the text of one (a year's coefficient, shown on
  // every invoice of a recap) is computed once per number of decimals.
  let texts = formatted.get(r);
  const known = texts?.get(maxDecimals);
  if (known !== undefined) return { ...known };
  const result = formatUncached(r, maxDecimals);
  if (texts === undefined) formatted.set(r, (texts = new Map()));
  texts.set(maxDecimals, result);
  return { ...result };
}

const formatted = new WeakMap<Rational, Map<number, { text: string; exact: boolean }>>();

function formatUncached(r: Rational, maxDecimals: number): { text: string; exact: boolean } {
  for (let d = 0; d <= maxDecimals; d++) {
    const scaled = r.num * 10n ** BigInt(d);
    if (scaled % r.den === 0n) return { text: formatScaled(scaled / r.den, d), exact: true };
  }
  return { text: formatScaled(roundTo(r, maxDecimals, 'half-away-from-zero'), maxDecimals), exact: false };
}

/** Shorthand: `formatRational(r).text`. */
export function showRational(r: Rational, maxDecimals = 20): string {
  return formatRational(r, maxDecimals).text;
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
