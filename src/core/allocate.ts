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
import { Decimal, scaledOf, type BigIntSlots } from './exact.js';
import type { KeyShare } from './model.js';

export interface Allocation {
  member: string;
  pct: string;
  /** Exact share, in cents (signed like the total): |total| × pct / 100 (decimal.js, exact). */
  exact: Decimal;
  /** Floor of the exact share of the absolute total, in cents. */
  floor: bigint;
  /** exact − floor of the absolute share, in cents, in [0, 1). */
  remainder: Decimal;
  /** 1 when this member received a leftover cent. */
  extra: bigint;
  /** The share, in cents, signed like the total. */
  cents: bigint;
}

export function allocateLargestRemainder(total: bigint, shares: readonly KeyShare[]): Allocation[] {
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const size = new Decimal(magnitude.toString());
  const parts = shares.map((s) => {
    // exact = |total| × pct / 100, in cents: a product of decimals, exact in decimal.js.
    const exactAbs = size.times(s.pct).div(100);
    const floor = BigInt(exactAbs.floor().toFixed(0));
    return { member: s.member, pct: s.pct, exactAbs, floor, remainder: exactAbs.minus(floor.toString()) };
  });
  const floorSum = parts.reduce((acc, p) => acc + p.floor, 0n);
  let leftover = magnitude - floorSum;
  // Largest remainders first; ties keep the given (config) order: sort is stable.
  const order = parts.map((_, i) => i).sort((a, b) => parts[b]!.remainder.comparedTo(parts[a]!.remainder));
  const extra = parts.map(() => 0n);
  for (const i of order) {
    if (leftover <= 0n) break;
    if (parts[i]!.remainder.isZero()) break; // never give a cent to an exact share
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
      exact: negative ? p.exactAbs.negated() : p.exactAbs,
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
  /** The percentages as read, for the exact values of explanations. */
  rates: readonly Decimal[];
  weights: readonly bigint[];
  /** 100 × 10^places: the weights' unit. */
  scale: bigint;
}

const plans = new WeakMap<readonly KeyShare[], KeyPlan>();

export function keyPlan(shares: readonly KeyShare[]): KeyPlan {
  let plan = plans.get(shares);
  if (plan === undefined) {
    // Each percentage in units of 10^-places, places being the most decimals of any: 31.61 → 3161 (places 2).
    const scaled = shares.map((s) => scaledOf(s.pct));
    const places = Math.max(0, ...scaled.map((x) => x.scale));
    const weights = scaled.map((x) => x.units * 10n ** BigInt(places - x.scale));
    plan = { shares, rates: shares.map((s) => new Decimal(s.pct)), weights, scale: 10n ** BigInt(places) * 100n };
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
 * (decimal.js, for explanations) computed only when read.
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
    private readonly rate: Decimal,
  ) {}
  get exact(): Decimal {
    const abs = new Decimal(this.magnitude.toString()).times(this.rate).div(100);
    return this.negative ? abs.negated() : abs;
  }
  get remainder(): Decimal {
    return new Decimal(this.magnitude.toString()).times(this.rate).div(100).minus(this.floor.toString());
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
