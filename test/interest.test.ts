/**
 * Late-payment interest (SPEC §7, src/core/interest.ts):
 *   TTC × (ECB rate on the first day of the half-year in which the delay began + 8) × days / 36500,
 * rounded to the cent half away from zero, + €40 per late invoice; a credit note owes nothing.
 * Figures are worked by hand in the comments; the rates are those `init` writes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RATES_CSV } from '../src/cli/init.js';
import { checkWorkspace } from '../src/core/check.js';
import { latePayment } from '../src/core/controls.js';
import { halfYearStart, interestCents, lateInterest, rateInForce } from '../src/core/interest.js';
import { parseRatesFile } from '../src/read/inputs.js';
import { roundHalfAway } from './e2e-helpers.js';
import { makeWorkspace } from './helpers/workspace.js';

const { rates, diagnostics } = parseRatesFile('rates.csv', new TextEncoder().encode(RATES_CSV));
const inv = (receivedOn: string, paidOn: string, id = 'F1') => makeWorkspace({ invoices: [{ id, serviceMonth: '2023-04', receivedOn, paidOn }] }).invoices[0]!;

describe('the rate table init writes', () => {
  it('reads without a problem, sorted, with its source on each row', () => {
    expect(diagnostics).toEqual([]);
    expect(rates.length).toBe(19);
    expect(rates.map((r) => r.from)).toEqual([...rates.map((r) => r.from)].sort());
    for (const r of rates) expect(r.source).toContain('https://www.ecb.europa.eu');
    expect(rates.at(-1)).toMatchObject({ from: '2025-06-11', rate: '2.15' });
  });
  it('gives the rate in force on a day: the last change on or before it', () => {
    expect(rateInForce(rates, '2024-07-01')!.rate).toBe('4.25'); // from 2024-06-12
    expect(rateInForce(rates, '2024-06-11')!.rate).toBe('4.50'); // the day before
    expect(rateInForce(rates, '2024-06-12')!.rate).toBe('4.25');
    expect(rateInForce(rates, '2022-01-01')!.rate).toBe('0.00');
    expect(rateInForce(rates, '2000-01-01')).toBeNull();
  });
  it('reports a bad row at its line and column, and a date given twice', () => {
    const bad = parseRatesFile('rates.csv', new TextEncoder().encode('from,rate\n2024-01-01,4.5\n2024-13-01,4\n2024-02-01,abc\n2024-01-01,3\n'));
    expect(bad.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['bad-date', 3, 1],
      ['bad-number', 4, 2],
      ['duplicate-rate', 5, 1],
    ]);
    expect(bad.rates.map((r) => r.from)).toEqual(['2024-01-01']);
  });
});

describe('halfYearStart', () => {
  it('is 1 January or 1 July', () => {
    expect(halfYearStart('2024-06-30')).toBe('2024-01-01');
    expect(halfYearStart('2024-07-01')).toBe('2024-07-01');
    expect(halfYearStart('2024-12-31')).toBe('2024-07-01');
  });
});

describe('interestCents: division last, half away from zero', () => {
  it('rounds an exact half cent up (away from zero), not to even', () => {
    // 1.00 € × 8.5 % × 365 / 36500 = 0.085 € → 0.09 (banker's rounding would give 0.08)
    expect(interestCents(100n, '8.5', 365)).toBe(9n);
    // 3.00 € × 8.5 % × 365 / 36500 = 0.255 € → 0.26
    expect(interestCents(300n, '8.5', 365)).toBe(26n);
    // 1.00 € × 8.4 % → 0.084 € → 0.08
    expect(interestCents(100n, '8.4', 365)).toBe(8n);
  });
});

describe('interestCents, property', () => {
  it('equals the integer computation TTC × r × days / 3 650 000 (r in hundredths of a percent), half away from zero', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 11n }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 2000 }), (ttc, r, days) => {
      const rate = `${Math.floor(r / 100)}.${String(r % 100).padStart(2, '0')}`;
      expect(interestCents(ttc, rate, days)).toBe(roundHalfAway(ttc * BigInt(r) * BigInt(days), 3_650_000n));
    }), { numRuns: 500 });
  });
});

describe('lateInterest, hand-worked', () => {
  it('a delay that starts in June and ends in July: the rate of 1 January holds', () => {
    // FORFAIT of year 1: 1000.00 HT + 200.00 VAT = 1200.00 TTC.
    // Received 2023-05-15 → deadline 2023-06-14; paid 2023-07-20: 16 days of June (15..30) + 20 of July = 36 days.
    // The delay began on 2023-06-15 (first half-year): ECB rate on 2023-01-01 = 2.50 (from 2022-12-21) → 10.50 %.
    // 1200.00 × 10.50 × 36 / 36500 = 453600 / 36500 = 12.4274… → 12.43
    // (with the July rate, 4.00 on 2023-07-01 → 12 %: 1200 × 12 × 36 / 36500 = 14.20: not that)
    const o = lateInterest(inv('2023-05-15', '2023-07-20'), 120000n, rates)!;
    expect(o).toMatchObject({ deadline: '2023-06-14', days: 36, rateDate: '2023-01-01', rate: '10.50', interest: 1243n, indemnity: 4000n, creditNote: false });
  });

  it('a delay of one day', () => {
    // Received 2024-01-10 → deadline 2024-02-09; paid 2024-02-10: 1 day.
    // ECB rate on 2024-01-01: 4.50 → 12.50 %. 1200.00 × 12.5 × 1 / 36500 = 0.41095… → 0.41
    const o = lateInterest(inv('2024-01-10', '2024-02-10'), 120000n, rates)!;
    expect(o).toMatchObject({ days: 1, rate: '12.50', interest: 41n, indemnity: 4000n });
  });

  it('paid on the deadline (30 days): nothing; unpaid: nothing yet', () => {
    expect(lateInterest(inv('2024-01-10', '2024-02-09'), 120000n, rates)).toBeNull();
    expect(lateInterest(makeWorkspace({ invoices: [{ id: 'U', serviceMonth: '2023-04', receivedOn: '2024-01-10' }] }).invoices[0]!, 120000n, rates)).toBeNull();
  });

  it('a credit note paid late: no interest and no indemnity', () => {
    const o = lateInterest(inv('2024-01-10', '2024-03-10', 'AV1'), -12000n, rates)!;
    expect(o).toMatchObject({ interest: 0n, indemnity: 0n, creditNote: true });
    expect(latePayment(o.invoice, o)!.message).toContain('a credit note: no late-payment interest and no indemnity');
  });

  it('no rate in force that early: the interest is unknown, said so', () => {
    const o = lateInterest(inv('2024-01-10', '2024-03-10'), 120000n, rates.filter((r) => r.from >= '2024-06-01'))!;
    expect(o.interest).toBeNull();
    expect(latePayment(o.invoice, o)!.message).toContain('no ECB rate in force on 2024-01-01');
  });
});

describe('the late-payment warning', () => {
  const invoices = [{ id: 'F2023-04', serviceMonth: '2023-04', receivedOn: '2023-05-15', paidOn: '2023-07-20' }];
  it('gives the interest and the indemnity when the workspace has a rate table', () => {
    const ws = { ...makeWorkspace({ invoices }), rates };
    const w = checkWorkspace(ws).filter((d) => d.code === 'late-payment');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toBe('invoice F2023-04 was paid on 2023-07-20, 66 days after its receipt on 2023-05-15 (limit 30): late-payment interest 12.43 (36 days at 10.50 %, ECB rate of 2023-01-01 + 8) and indemnity 40.00 owed to the contractor');
  });
  it('is unchanged without one', () => {
    const w = checkWorkspace(makeWorkspace({ invoices })).filter((d) => d.code === 'late-payment');
    expect(w[0]!.message).toBe('invoice F2023-04 was paid on 2023-07-20, 66 days after its receipt on 2023-05-15 (limit 30): the contractor may claim late-payment interest');
  });
});
