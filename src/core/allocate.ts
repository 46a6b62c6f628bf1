/**
 * Sharing an amount in cents by percentages, with the **largest remainder**
 * method (SPEC §2.5): each share is floored to the cent, and the cents left
 * over go one each to the largest remainders; equal remainders go in the order
 * given (the config's `members` order). A negative total is shared as its
 * absolute value, then negated.
 *
 * Invariants (property-tested): the shares add up to the total; each share is
 * within one cent of its exact value; a zero percentage gets nothing.
 */
import { cmp, floorDiv, parseRational, rational, type BigIntSlots, type Rational } from './exact.js';
import type { KeyShare } from './model.js';

export interface Allocation {
  member: string;
  pct: string;
  /** Exact share, in cents (signed like the total). */
  exact: Rational;
  /** Floor of the exact share of the absolute total, in cents. */
  floor: bigint;
  /** exact − floor of the absolute share, in cents, in [0, 1). */
  remainder: Rational;
  /** 1 when this member received a leftover cent. */
  extra: bigint;
  /** The share, in cents, signed like the total. */
  cents: bigint;
}

export function allocateLargestRemainder(total: bigint, shares: readonly KeyShare[]): Allocation[] {
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const parts = shares.map((s) => {
    const pct = parseRational(s.pct);
    // exact = |total| × pct / 100, in cents
    const num = magnitude * pct.num;
    const den = pct.den * 100n;
    const floor = floorDiv(num, den);
    return { member: s.member, pct: s.pct, exactAbs: rational(num, den), floor, remainder: rational(num - floor * den, den) };
  });
  const floorSum = parts.reduce((acc, p) => acc + p.floor, 0n);
  let leftover = magnitude - floorSum;
  // Largest remainders first; ties keep the given (config) order: sort is stable.
  const order = parts.map((_, i) => i).sort((a, b) => cmp(parts[b]!.remainder, parts[a]!.remainder));
  const extra = parts.map(() => 0n);
  for (const i of order) {
    if (leftover <= 0n) break;
    if (parts[i]!.remainder.num === 0n) break; // never give a cent to an exact share
    extra[i] = 1n;
    leftover -= 1n;
  }
  if (leftover !== 0n) {
    // Only possible if the percentages do not sum to 100: the config reader refuses that.
    throw new RangeError(`percentages do not sum to 100 (left ${leftover} cents)`);
  }
  return parts.map((p, i) => {
    const abs = p.floor + extra[i]!;
    return {
      member: p.member,
      pct: p.pct,
      exact: negative ? rational(-p.exactAbs.num, p.exactAbs.den) : p.exactAbs,
      floor: p.floor,
      remainder: p.remainder,
      extra: extra[i]!,
      cents: negative ? -abs : abs,
    };
  });
}

/**
 * A key prepared for integer sharing: each percentage as an integer weight
 * over a common scale (31.61 % → 3161 / 10000: basis points, for a key with
 * two decimals), so that the exact share |total| × weight / scale, its floor
 * and its remainder are integers, and remainders compare as integers.
 */
export interface KeyPlan {
  shares: readonly KeyShare[];
  /** The percentages as read (reduced rationals), for the exact values of explanations. */
  rates: readonly Rational[];
  weights: readonly bigint[];
  /** 100 × the least common denominator of the percentages. */
  scale: bigint;
}

const plans = new WeakMap<readonly KeyShare[], KeyPlan>();

function gcdOf(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function keyPlan(shares: readonly KeyShare[]): KeyPlan {
  let plan = plans.get(shares);
  if (plan === undefined) {
    const rates = shares.map((s) => parseRational(s.pct));
    const lcd = rates.reduce((l, r) => (l / gcdOf(l, r.den)) * r.den, 1n);
    plan = { shares, rates, weights: rates.map((r) => r.num * (lcd / r.den)), scale: lcd * 100n };
    plans.set(shares, plan);
  }
  return plan;
}

/**
 * `allocateLargestRemainder(total, plan.shares)` in integers only: writes
 * each member's cents to `cents` at `at + i` and 1 or 0 (a leftover cent or
 * not) to `extras[at + i]`. Same rule, same ties (the given order), same error.
 */
export function allocateCents(total: bigint, plan: KeyPlan, cents: BigIntSlots, extras: Uint8Array, at: number): void {
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const { weights, scale } = plan;
  const n = weights.length;
  const shares: bigint[] = new Array(n);
  const remainders: bigint[] = new Array(n);
  const order: number[] = new Array(n);
  let leftover = magnitude;
  for (let i = 0; i < n; i++) {
    const num = magnitude * weights[i]!;
    const floor = num / scale;
    shares[i] = floor;
    remainders[i] = num - floor * scale;
    extras[at + i] = 0;
    leftover -= floor;
    // Insertion by remainder, largest first; an equal remainder goes after (stable: the given order).
    let j = i;
    while (j > 0 && remainders[order[j - 1]!]! < remainders[i]!) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  for (let j = 0; j < n && leftover > 0n; j++) {
    const i = order[j]!;
    if (remainders[i] === 0n) break; // never give a cent to an exact share
    shares[i]! += 1n;
    extras[at + i] = 1;
    leftover -= 1n;
  }
  if (leftover !== 0n) throw new RangeError(`percentages do not sum to 100 (left ${leftover} cents)`);
  for (let i = 0; i < n; i++) cents.set(at + i, negative ? -shares[i]! : shares[i]!);
}

/**
 * One member's share rebuilt from `allocateCents`'s result: the same fields
 * as `allocateLargestRemainder` gives, the exact value and the remainder
 * (rationals, for explanations) computed only when read.
 */
export class KeyedAllocation implements Allocation {
  constructor(
    readonly member: string,
    readonly pct: string,
    readonly floor: bigint,
    readonly extra: bigint,
    readonly cents: bigint,
    private readonly magnitude: bigint,
    private readonly negative: boolean,
    private readonly rate: Rational,
  ) {}
  get exact(): Rational {
    const abs = rational(this.magnitude * this.rate.num, this.rate.den * 100n);
    return this.negative ? rational(-abs.num, abs.den) : abs;
  }
  get remainder(): Rational {
    const den = this.rate.den * 100n;
    return rational(this.magnitude * this.rate.num - this.floor * den, den);
  }
}

/** The allocations of `total` from `allocateCents`'s output at `at`. */
export function keyedAllocations(total: bigint, plan: KeyPlan, cents: BigIntSlots, extras: Uint8Array, at: number): Allocation[] {
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const n = plan.shares.length;
  const out: Allocation[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = plan.shares[i]!;
    const c = cents.get(at + i);
    const extra = extras[at + i] === 1 ? 1n : 0n;
    out[i] = new KeyedAllocation(s.member, s.pct, (c < 0n ? -c : c) - extra, extra, c, magnitude, negative, plan.rates[i]!);
  }
  return out;
}
