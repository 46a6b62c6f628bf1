import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateLargestRemainder } from '../src/core/allocate.js';
import { Decimal } from '../src/core/exact.js';
import type { KeyShare } from '../src/core/model.js';

const KEY: KeyShare[] = [
  { member: 'mons', pct: '31.61' },
  { member: 'partenord', pct: '27.58' },
  { member: 'vilogia', pct: '28.28' },
  { member: 'logis-metropole', pct: '12.53' },
];
const cents = (total: bigint, key = KEY) => allocateLargestRemainder(total, key).map((a) => a.cents);

describe('largest remainder to the cent', () => {
  it('an amount the key divides exactly: no leftover', () => {
    // 1000.00 € = 100000 cents × 31.61 % = 31610, 27580, 28280, 12530
    expect(cents(100000n)).toEqual([31610n, 27580n, 28280n, 12530n]);
  });
  it('the leftover cent goes to the largest remainder', () => {
    // 10001 cents: 3161.3161, 2758.2758, 2828.2828, 1253.1253 → floors sum 10000,
    // one cent left, largest remainder .3161 (mons)
    const a = allocateLargestRemainder(10001n, KEY);
    expect(a.map((x) => x.cents)).toEqual([3162n, 2758n, 2828n, 1253n]);
    expect(a.map((x) => x.extra)).toEqual([1n, 0n, 0n, 0n]);
  });
  it('three leftover cents in order of remainders', () => {
    // 3 cents: .9483, .8274, .8484, .3759 → mons, vilogia, partenord
    expect(cents(3n)).toEqual([1n, 1n, 1n, 0n]);
    // 2 cents: .6322, .5516, .5656, .2506 → mons, vilogia
    expect(cents(2n)).toEqual([1n, 0n, 1n, 0n]);
  });
  it('equal remainders go in config order', () => {
    const halves: KeyShare[] = [{ member: 'b', pct: '50' }, { member: 'a', pct: '50' }];
    expect(cents(1n, halves)).toEqual([1n, 0n]); // .5 and .5: the first listed wins
    const quarters: KeyShare[] = ['d', 'c', 'b', 'a'].map((member) => ({ member, pct: '25' }));
    expect(cents(2n, quarters)).toEqual([1n, 1n, 0n, 0n]);
    expect(cents(7n, quarters)).toEqual([2n, 2n, 2n, 1n]); // 1.75 each: floors 4, three cents left
  });
  it('a negative total is shared as its absolute value, then negated', () => {
    expect(cents(-3n)).toEqual([-1n, -1n, -1n, 0n]);
    expect(cents(-10001n)).toEqual([-3162n, -2758n, -2828n, -1253n]);
  });
  it('a zero weight gets nothing', () => {
    const key: KeyShare[] = [{ member: 'a', pct: '0' }, { member: 'b', pct: '33.33' }, { member: 'c', pct: '66.67' }];
    // 1 cent: 0, .3333, .6667 → c
    expect(cents(1n, key)).toEqual([0n, 0n, 1n]);
  });
  it('property: shares add up, each within one cent of its exact value, zero weight gets zero', () => {
    const keyArb = fc
      .array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 8 })
      .filter((w) => w.some((x) => x > 0))
      .map((w) => {
        // turn weights into percentages with 2 decimals summing to exactly 100.00
        const total = w.reduce((a, b) => a + b, 0);
        const hundredths = w.map((x) => Math.floor((x * 10000) / total));
        hundredths[hundredths.findIndex((x, i) => w[i]! > 0)]! += 10000 - hundredths.reduce((a, b) => a + b, 0);
        return hundredths.map((h, i) => ({ member: `m${i}`, pct: `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}` }));
      });
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), keyArb, (total, key) => {
        const a = allocateLargestRemainder(total, key);
        expect(a.reduce((s, x) => s + x.cents, 0n)).toBe(total);
        for (const x of a) {
          const diff = new Decimal(x.cents.toString()).minus(x.exact);
          expect(diff.greaterThan(-1) && diff.lessThan(1)).toBe(true);
          if (x.pct === '0.00') expect(x.cents).toBe(0n);
        }
      }),
    );
  });
});
