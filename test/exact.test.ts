import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { centsOf, Decimal, decimal, formatCents, formatDecimal, groupedCents, roundTo, scaledOf } from '../src/core/exact.js';

describe('roundTo names every rounding', () => {
  // 2.5 cents, -2.5 cents, 2.4, 2.6 as decimal.js quotients of cents
  const r = (n: bigint, d: bigint) => new Decimal(n.toString()).div(d.toString());
  it('half-away-from-zero: ties go away from zero, both signs', () => {
    expect(roundTo(r(5n, 2n), 0, 'half-away-from-zero')).toBe(3n); // 2.5 → 3
    expect(roundTo(r(-5n, 2n), 0, 'half-away-from-zero')).toBe(-3n); // -2.5 → -3
    expect(roundTo(r(12n, 5n), 0, 'half-away-from-zero')).toBe(2n); // 2.4 → 2
    expect(roundTo(r(-13n, 5n), 0, 'half-away-from-zero')).toBe(-3n); // -2.6 → -3
  });
  it('half-up: ties toward +∞', () => {
    expect(roundTo(r(5n, 2n), 0, 'half-up')).toBe(3n);
    expect(roundTo(r(-5n, 2n), 0, 'half-up')).toBe(-2n);
  });
  it('up is toward +∞ and down toward −∞ ("au millième supérieur")', () => {
    // 1.0354166… to 3 decimals: up 1.036, down 1.035
    const c = decimal('1.0354166');
    expect(roundTo(c, 3, 'up')).toBe(1036n);
    expect(roundTo(c, 3, 'down')).toBe(1035n);
    expect(roundTo(r(-1n, 3n), 2, 'up')).toBe(-33n); // -0.333… → -0.33
    expect(roundTo(r(-1n, 3n), 2, 'down')).toBe(-34n); // → -0.34
  });
  it('an exact value is never moved, whatever the mode', () => {
    for (const mode of ['half-away-from-zero', 'half-up', 'up', 'down'] as const) {
      expect(roundTo(decimal('1.036'), 3, mode)).toBe(1036n);
    }
  });
});

describe('formatting amounts', () => {
  it('always two decimals, never -0.00', () => {
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(-5n)).toBe('-0.05');
    expect(formatCents(123456n)).toBe('1234.56');
    expect(formatCents(-100n)).toBe('-1.00');
  });
  it('centsOf refuses more than two decimals', () => {
    expect(centsOf('12.3')).toBe(1230n);
    expect(centsOf('-0.01')).toBe(-1n);
    expect(() => centsOf('1.005')).toThrow(/more than two decimals/);
  });
  it('formatDecimal is exact when the expansion stops, rounded otherwise (an inexact quotient is never shown as exact)', () => {
    expect(formatDecimal(new Decimal(1034).div(1000))).toEqual({ text: '1.034', exact: true });
    expect(formatDecimal(new Decimal(1).div(3), 4)).toEqual({ text: '0.3333', exact: false });
    expect(formatDecimal(new Decimal(2).div(3), 4)).toEqual({ text: '0.6667', exact: false });
    // 1/3 has 50 significant digits but fewer than 60 places: still not exact
    expect(formatDecimal(new Decimal(1).div(3), 60).exact).toBe(false);
    // 66841 / 64920 (= C of a year) does not stop: rounded at 20 places
    expect(formatDecimal(new Decimal(66841).div(64920))).toEqual({ text: '1.02959026494146642021', exact: false });
    expect(formatDecimal(decimal('-0.001'), 2)).toEqual({ text: '0.00', exact: false }); // never -0.00
    expect(formatDecimal(decimal('-12.50'))).toEqual({ text: '-12.5', exact: true });
  });
  it('scaledOf gives the fixed-point form of the integer paths', () => {
    expect(scaledOf('31.61')).toEqual({ units: 3161n, scale: 2 });
    expect(scaledOf('-0.5')).toEqual({ units: -5n, scale: 1 });
    expect(scaledOf('20')).toEqual({ units: 20n, scale: 0 });
    expect(() => scaledOf('1e3')).toThrow(/canonical/);
  });
  it('property: formatCents then centsOf is the identity', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (c) => centsOf(formatCents(c)) === c));
  });
});

describe('groupedCents, for people (terminal, printable notice)', () => {
  it('groups thousands with the given separators and keeps the sign', () => {
    expect(groupedCents(-123456789n, ' ', '.')).toBe('-1 234 567.89');
    expect(groupedCents(4334973n, '\u202F', ',', '\u2212')).toBe('43\u202F349,73');
    expect(groupedCents(-5n, ' ', ',', '\u2212')).toBe('\u22120,05');
    expect(groupedCents(100000n, ' ', '.')).toBe('1 000.00');
  });
});
