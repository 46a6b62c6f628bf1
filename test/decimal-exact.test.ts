/**
 * decimal.js prices and shares against an exact rational reference written
 * here (bigint fractions), and the hand-worked case where computing C first
 * gives the wrong cent (issue 10).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder } from '../src/core/allocate.js';
import { Decimal, roundTo, type RoundingMode } from '../src/core/exact.js';
import type { Config } from '../src/core/model.js';
import { applyCoefficientRounding, revisePrices } from '../src/core/revision.js';

// ------------------------------------------------------------ the reference: exact fractions of bigints

interface Frac {
  n: bigint;
  d: bigint; // > 0
}
const fr = (text: string): Frac => {
  const [i, f = ''] = text.replace('-', '').split('.');
  const n = BigInt(i! + f) * (text.startsWith('-') ? -1n : 1n);
  return { n, d: 10n ** BigInt(f.length) };
};
const plus = (a: Frac, b: Frac): Frac => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const times = (a: Frac, b: Frac): Frac => ({ n: a.n * b.n, d: a.d * b.d });
const over = (a: Frac, b: Frac): Frac => (b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n });
/** a rounded to `places` decimals with `mode`, as an integer count of 10^-places. */
function round(a: Frac, places: number, mode: RoundingMode): bigint {
  const s = a.n * 10n ** BigInt(places);
  let q = s / a.d;
  let r = s % a.d;
  if (r < 0n) {
    q -= 1n; // floor
    r += a.d;
  }
  if (r === 0n) return q;
  if (mode === 'down') return q;
  if (mode === 'up') return q + 1n;
  if (2n * r > a.d) return q + 1n;
  if (2n * r < a.d) return q;
  return mode === 'half-up' || s > 0n ? q + 1n : q; // a tie: toward +∞, or away from zero
}

function revisionConfig(rounding: Config['revision']['rounding'], fixed: string, variable: string): Config['revision'] {
  return { fixed, variable, base: { month: '2022-10', rule: 'month' }, current: { rule: 'known-at' }, knownOn: 'revision-date', rounding, series: null };
}

describe('the revised price, division last', () => {
  it('I = 138.96, I0 = 129.84, P0 = 81.15: P = 85.995 exactly, so 86.00 (C first would give 85.99)', () => {
    // By hand: P0 × 0.15 × I0 = 81.15 × 0.15 × 129.84 = 1580.4774
    //          P0 × 0.85 × I  = 81.15 × 0.85 × 138.96 = 9585.1134
    //          (1580.4774 + 9585.1134) / 129.84 = 11165.5908 / 129.84 = 85.995 → 86.00 (half away from zero)
    const config = revisionConfig({ target: 'none' }, '0.15', '0.85');
    const values = { I: '138.96', I0: '129.84' };
    const { applied } = applyCoefficientRounding(config, values);
    const [p] = revisePrices([{ code: 'X', label: 'x', p0: '81.15' }], applied, { config, values });
    expect(p!.exact.toFixed()).toBe('85.995');
    expect(p!.price).toBe(8600n);
    // The trap: C = 0.15 + 0.85 × 138.96 / 129.84 does not stop; P0 × C, rounded, falls just below 85.995.
    expect(roundTo(new Decimal('81.15').times(applied), 2, 'half-away-from-zero')).toBe(8599n);
  });

  const money = fc.bigInt({ min: 1n, max: 10n ** 8n }).map((c) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`);
  const index = fc.integer({ min: 5000, max: 30000 }).map((v) => `${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}`);
  const fixedPart = fc.integer({ min: 0, max: 100 }).map((k) => ({ fixed: (k / 100).toFixed(2), variable: ((100 - k) / 100).toFixed(2) }));
  const rounding: fc.Arbitrary<Config['revision']['rounding']> = fc.oneof(
    fc.constant({ target: 'none' as const }),
    fc.record({
      target: fc.constantFrom('coefficient' as const, 'ratio' as const),
      decimals: fc.integer({ min: 0, max: 6 }),
      mode: fc.constantFrom<RoundingMode>('half-away-from-zero', 'half-up', 'up', 'down'),
    }),
  );

  it('property: every price equals the exact rational P0 × C rounded to the cent, for any P0, I, I0, parts and rounding', () => {
    fc.assert(
      fc.property(money, index, index, fixedPart, rounding, (p0, I, I0, parts, r) => {
        const config = revisionConfig(r, parts.fixed, parts.variable);
        const values = { I, I0 };
        const { exact, applied } = applyCoefficientRounding(config, values);
        const [p] = revisePrices([{ code: 'X', label: 'x', p0 }], applied, r.target === 'none' ? { config, values } : undefined);
        // Reference: C exact = fixed + variable × I / I0; C applied per the rounding; P = P0 × C.
        const ratio = over(fr(I), fr(I0));
        const cExact = plus(fr(parts.fixed), times(fr(parts.variable), ratio));
        let c = cExact;
        if (r.target === 'coefficient') c = { n: round(cExact, r.decimals, r.mode), d: 10n ** BigInt(r.decimals) };
        if (r.target === 'ratio') c = plus(fr(parts.fixed), times(fr(parts.variable), { n: round(ratio, r.decimals, r.mode), d: 10n ** BigInt(r.decimals) }));
        expect(p!.price).toBe(round(times(fr(p0), c), 2, 'half-away-from-zero'));
        // C as decimal.js holds it is the exact C to 40 places at least
        expect(roundTo(exact, 40, 'down')).toBe(round(cExact, 40, 'down'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the revised price when P0 is a multiple of I0 (P terminates, C does not: the half-cent ties of the trap)', () => {
  it('property: division last gives the exact rational price, ties included', () => {
    const index = fc.integer({ min: 5000, max: 30000 });
    fc.assert(
      fc.property(index, index, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 100 }), (i, i0, k, f) => {
        const I = `${Math.floor(i / 100)}.${String(i % 100).padStart(2, '0')}`;
        const I0 = `${Math.floor(i0 / 100)}.${String(i0 % 100).padStart(2, '0')}`;
        const cents = BigInt(i0) * BigInt(k); // P0 = I0 × k: P0 × I / I0 = k × I stops
        const p0 = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
        const parts = { fixed: (f / 100).toFixed(2), variable: ((100 - f) / 100).toFixed(2) };
        const config = revisionConfig({ target: 'none' }, parts.fixed, parts.variable);
        const values = { I, I0 };
        const { applied } = applyCoefficientRounding(config, values);
        const [p] = revisePrices([{ code: 'X', label: 'x', p0 }], applied, { config, values });
        const c = plus(fr(parts.fixed), times(fr(parts.variable), over(fr(I), fr(I0))));
        expect(p!.price).toBe(round(times(fr(p0), c), 2, 'half-away-from-zero'));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('shares of a key', () => {
  it('property: exact share = total × pct / 100 and remainder = exact − floor, equal to the rational reference', () => {
    const pct = fc.integer({ min: 0, max: 10000 });
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.array(pct, { minLength: 1, maxLength: 6 }), (total, raw) => {
        // percentages with two decimals adding up to 100: the last one takes the rest
        const firsts = raw.slice(0, -1).map((h) => h % 2000);
        const rest = 10000 - firsts.reduce((a, b) => a + b, 0);
        if (rest < 0) return;
        const hundredths = [...firsts, rest];
        const shares = hundredths.map((h, i) => ({ member: `m${i}`, pct: `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}` }));
        const allocs = allocateLargestRemainder(total, shares);
        const magnitude = total < 0n ? -total : total;
        allocs.forEach((a, i) => {
          const exact = times({ n: total, d: 1n }, over(fr(shares[i]!.pct), { n: 100n, d: 1n }));
          expect(a.exact.times(exact.d.toString()).toFixed()).toBe(exact.n.toString());
          const abs = times({ n: magnitude, d: 1n }, over(fr(shares[i]!.pct), { n: 100n, d: 1n }));
          expect(a.floor).toBe(round(abs, 0, 'down'));
          expect(a.remainder.times(abs.d.toString()).toFixed()).toBe((abs.n - a.floor * abs.d).toString());
        });
        expect(allocs.reduce((s, a) => s + a.cents, 0n)).toBe(total);
      }),
      { numRuns: 1000 },
    );
  });
});
