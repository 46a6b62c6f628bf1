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
import { cmp, floorDiv, parseRational, rational, type Rational } from './exact.js';
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
