import { describe, expect, it } from 'vitest';
import { contractYears } from '../src/core/contract.js';
import { formatCents, showDecimal } from '../src/core/exact.js';
import type { Config, IndexRow } from '../src/core/model.js';
import { reviseYear, type YearRevision } from '../src/core/revision.js';

function config(revision: Partial<Config['revision']> = {}): Config {
  return {
    name: 'test',
    contract: { start: '2023-01-01', end: '2026-12-31' },
    coordinator: 'mons',
    members: [{ id: 'mons', name: 'Mons' }],
    keys: [{ from: '2023-01-01', shares: [{ member: 'mons', pct: '100' }] }],
    prices: [{ code: 'FORFAIT', label: 'Forfait', p0: '21437.50' }, { code: 'P100', label: 'cent', p0: '100.00' }],
    revision: {
      fixed: '0.15', variable: '0.85', base: { month: '2022-10', rule: 'month' }, current: { rule: 'known-at' },
      knownOn: 'revision-date', rounding: { target: 'none' }, series: null, ...revision,
    },
    vatPct: '20', paymentDays: 30,
    inputs: { index: 'index.csv', invoices: 'invoices', subsidies: null },
    output: { dialect: null }, notice: {},
  };
}

let line = 1;
const row = (period: string, value: string, publishedOn: string): IndexRow => ({ period, value, publishedOn, status: 'A', src: { file: 'index.csv', line: ++line } });

function revise(cfg: Config, index: IndexRow[], year: number): YearRevision {
  const y = contractYears(cfg.contract)[year - 1]!;
  const r = reviseYear(cfg, index, y);
  expect(r.diagnostics).toEqual([]);
  return r.revision!;
}
const price = (r: YearRevision, code = 'FORFAIT') => formatCents(r.prices.find((p) => p.code === code)!.price);

const INDEX = [
  row('2022-06', '98.00', '2022-09-15'),
  row('2022-10', '100.00', '2023-01-06'),
  row('2022-10', '100.50', '2024-06-01'), // a later vintage of I0
  row('2023-09', '104.00', '2023-12-14'),
  row('2023-09', '105.00', '2024-03-15'), // later vintage of 2023-09: after year 2's cut-off
  row('2023-10', '110.00', '2024-01-20'), // published in January, after 1 January
  row('2024-09', '125.00', '2024-12-13'),
];

describe('contract years and year 1', () => {
  it('year k runs from the (k−1)-th anniversary to the day before the k-th', () => {
    expect(contractYears(config().contract)).toEqual([
      { year: 1, start: '2023-01-01', end: '2023-12-31' },
      { year: 2, start: '2024-01-01', end: '2024-12-31' },
      { year: 3, start: '2025-01-01', end: '2025-12-31' },
      { year: 4, start: '2026-01-01', end: '2026-12-31' },
    ]);
  });
  it('year 1 is not revised: C = 1 exactly and P = P0, whatever the index', () => {
    const r = revise(config(), INDEX, 1);
    expect(r.cutoff).toBeNull();
    expect(r.I).toBeNull();
    expect(showDecimal(r.coefficient)).toBe('1');
    expect(price(r)).toBe('21437.50');
  });
});

describe('I known at the cut-off', () => {
  it('takes the latest period published by R, and ignores a later vintage', () => {
    // cut-off 2024-01-01: 2023-10 is published 2024-01-20 (too late); 2023-09 has two
    // vintages, 104.00 (2023-12-14) and 105.00 (2024-03-15, too late) → I = 104.00
    const r = revise(config(), INDEX, 2);
    expect(r.cutoff).toBe('2024-01-01');
    expect([r.I!.row.period, r.I!.row.value, r.I!.row.publishedOn]).toEqual(['2023-09', '104.00', '2023-12-14']);
    // I0 = 2022-10 at 100.00 (the 100.50 vintage is published 2024-06-01, after the cut-off)
    expect(r.I0!.row.value).toBe('100.00');
    // C = 0.15 + 0.85 × 104 / 100 = 0.15 + 0.884 = 1.034 exactly
    expect(showDecimal(r.coefficientExact)).toBe('1.034');
    // P = 21437.50 × 1.034 = 22166.375 → half away from zero → 22166.38
    expect(price(r)).toBe('22166.38');
    expect(r.passedOverI.map((p) => [p.row.period, p.row.value, p.reason])).toEqual([
      ['2023-09', '105.00', 'published-after-cutoff'],
      ['2023-10', '110.00', 'published-after-cutoff'],
      ['2024-09', '125.00', 'published-after-cutoff'],
    ]);
  });
  it('month-end cut-off: the last day of R\'s month lets January publications count', () => {
    // cut-off 2024-01-31: 2023-10 (published 2024-01-20) is now known → I = 110
    const r = revise(config({ knownOn: 'month-end' }), INDEX, 2);
    expect(r.cutoff).toBe('2024-01-31');
    expect(r.I!.row.period).toBe('2023-10');
    // C = 0.15 + 0.85 × 110/100 = 0.15 + 0.935 = 1.085; P = 21437.50 × 1.085 = 23259.6875 → 23259.69
    expect(showDecimal(r.coefficient)).toBe('1.085');
    expect(price(r)).toBe('23259.69');
  });
  it('no value published by the cut-off is an error naming the year and the cut-off, never a fallback', () => {
    const y = contractYears(config().contract)[1]!;
    const r = reviseYear(config(), [row('2022-10', '100.00', '2024-02-01')], y);
    expect(r.revision).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['no-index-value', 'no-index-value']);
    expect(r.diagnostics[0]!.message).toContain('contract year 2');
    expect(r.diagnostics[0]!.message).toContain('2024-01-01');
    expect(r.diagnostics[1]!.message).toContain('base month 2022-10');
  });
});

describe('I0', () => {
  it('by month: the latest vintage of the base month published by each year\'s cut-off', () => {
    // year 3, cut-off 2025-01-01: 2022-10 has 100.00 and 100.50 (2024-06-01) → 100.50
    const r = revise(config(), INDEX, 3);
    expect([r.I0!.row.value, r.I0!.row.publishedOn]).toEqual(['100.50', '2024-06-01']);
    expect(r.I!.row.value).toBe('125.00');
    // C = 0.15 + 0.85 × 125 / 100.5 = 0.15 + 106.25/100.5 = 0.15 + 1.0572139… = 1.2072139…
    // P = 21437.50 × C = 3215.625 + 21437.50 × 106.25 / 100.5 = 3215.625 + 2277734.375 / 100.5
    //   = 3215.625 + 22664.0236318… = 25879.6486318… → 25879.65
    expect(price(r)).toBe('25879.65');
  });
  it('known-at: the value known on the first day of the base month', () => {
    // known on 2022-10-01: only 2022-06 (published 2022-09-15) → I0 = 98
    const r = revise(config({ base: { month: '2022-10', rule: 'known-at' } }), INDEX, 2);
    expect([r.I0!.row.period, r.I0!.row.value]).toEqual(['2022-06', '98.00']);
    // C = 0.15 + 0.85 × 104 / 98 = 0.15 + 88.4/98
    // P = 21437.50 × 0.15 + 21437.50 × 88.4 / 98 = 3215.625 + 1895075 / 98 = 3215.625 + 19337.5
    //   = 22553.125 exactly: a tie, rounded half away from zero → 22553.13
    expect(price(r)).toBe('22553.13');
  });
  it('a missing base month is an error', () => {
    const y = contractYears(config().contract)[1]!;
    const r = reviseYear(config({ base: { month: '2021-10', rule: 'month' } }), INDEX, y);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['no-index-value']);
    expect(r.diagnostics[0]!.message).toContain('2021-10');
  });
});

describe('rounding of C (target, decimals, mode)', () => {
  // I = 125, I0 = 120: I/I0 = 1.041666…, C = 0.15 + 0.85 × 1.041666… = 1.0354166…
  const index = [row('2022-10', '120', '2023-01-06'), row('2023-09', '125', '2023-12-14')];
  const C = (rounding: Config['revision']['rounding']) => revise(config({ rounding }), index, 2);
  it('none keeps C exact: P = 21437.50 × 497/480 = 22196.7447… → 22196.74', () => {
    const r = C({ target: 'none' });
    expect(showDecimal(r.coefficientExact, 10)).toBe('1.0354166667');
    expect(price(r)).toBe('22196.74');
  });
  it('coefficient to 3 decimals: up 1.036, half-up 1.035, down 1.035', () => {
    expect(showDecimal(C({ target: 'coefficient', decimals: 3, mode: 'up' }).coefficient)).toBe('1.036');
    expect(showDecimal(C({ target: 'coefficient', decimals: 3, mode: 'half-up' }).coefficient)).toBe('1.035');
    expect(showDecimal(C({ target: 'coefficient', decimals: 3, mode: 'down' }).coefficient)).toBe('1.035');
    // P100: 100.00 × 1.036 = 103.60
    expect(price(C({ target: 'coefficient', decimals: 3, mode: 'up' }), 'P100')).toBe('103.60');
  });
  it('ratio to 3 decimals: I/I0 → 1.042 (up, half-up) or 1.041 (down), then C', () => {
    // 0.15 + 0.85 × 1.042 = 0.15 + 0.8857 = 1.0357
    expect(showDecimal(C({ target: 'ratio', decimals: 3, mode: 'up' }).coefficient)).toBe('1.0357');
    expect(showDecimal(C({ target: 'ratio', decimals: 3, mode: 'half-up' }).coefficient)).toBe('1.0357');
    // 0.15 + 0.85 × 1.041 = 0.15 + 0.88485 = 1.03485
    const down = C({ target: 'ratio', decimals: 3, mode: 'down' });
    expect(showDecimal(down.coefficient)).toBe('1.03485');
    // 21437.50 × 1.03485 = 22184.596875 → 22184.60
    expect(price(down)).toBe('22184.60');
  });
  it('half-up rounds a tie up: I/I0 = 1.0345 exactly → 1.035', () => {
    const tie = revise(config({ rounding: { target: 'ratio', decimals: 3, mode: 'half-up' } }), [row('2022-10', '200', '2023-01-06'), row('2023-09', '206.9', '2023-12-14')], 2);
    // 206.9 / 200 = 1.0345 → 1.035; C = 0.15 + 0.85 × 1.035 = 1.02975
    expect(showDecimal(tie.coefficient)).toBe('1.02975');
  });
});
