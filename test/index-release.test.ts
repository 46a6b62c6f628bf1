/**
 * INSEE's release calendar as an estimate (issue 13), and the merge modes
 * that use it. Dates hand-checked:
 *   2024-08: quarter Q3 2024 ends 2024-09-30; + 75 days: October 31 + November 30 = 61, + 14 → 2024-12-14
 *   2023-07: Q3 2023 ends 2023-09-30, the first quarter at 75 days → 2023-12-14
 *   2023-06: Q2 2023 ends 2023-06-30; + 100 days: July 31 + August 31 + September 30 = 92, + 8 → 2023-10-08
 *   2022-10: Q4 2022 ends 2022-12-31; + 100 days: January 31 + February 28 + March 31 = 90, + 10 → 2023-04-10
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, lastDayOf } from '../src/core/dates.js';
import { mergeIndex, type ImportedValue } from '../src/core/index-merge.js';
import { estimatedRelease, quarterEndMonth, withoutConfirmedEstimates } from '../src/core/index-release.js';
import type { IndexRow } from '../src/core/model.js';

const value = (period: string, v: string): ImportedValue => ({ period, value: v, status: 'A', src: { file: 'v.csv', line: 1 } });
const row = (period: string, v: string, publishedOn: string, estimated = false): IndexRow => ({ period, value: v, publishedOn, status: 'A', src: { file: 'index.csv', line: 2 }, ...(estimated ? { estimated: true } : {}) });

describe('estimatedRelease', () => {
  it('75 days after the quarter from Q3 2023, 100 before', () => {
    expect(estimatedRelease('2024-08')).toBe('2024-12-14');
    expect(estimatedRelease('2023-07')).toBe('2023-12-14');
    expect(estimatedRelease('2023-06')).toBe('2023-10-08');
    expect(estimatedRelease('2022-10')).toBe('2023-04-10');
    expect(quarterEndMonth('2024-12')).toBe('2024-12');
  });

  it('property: the three months of a quarter share one date, 75 or 100 days after its last day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (k) => {
        const m = addMonths('1990-01', k);
        const end = lastDayOf(quarterEndMonth(m));
        const days = daysBetween(end, estimatedRelease(m));
        expect(days).toBe(end >= '2023-09-30' ? 75 : 100);
        expect(estimatedRelease(quarterEndMonth(m))).toBe(estimatedRelease(m));
      }),
    );
  });
});

describe('mergeIndex with estimated dates', () => {
  it('dates new periods by estimate, capped at the download, and puts an estimate before rows dated later', () => {
    const r = mergeIndex([row('2024-09', '123.14', '2026-04-03')], [value('2024-09', '123.14'), value('2024-10', '124'), value('2026-02', '116.51')], { estimatedUpTo: '2026-04-03' });
    expect(r.diagnostics).toEqual([]);
    expect(r.dated).toEqual([{ period: '2024-09', value: '123.14', publishedOn: '2024-12-14', status: 'A', estimated: true }]);
    // 2024-10: Q4 2024 → 2024-12-31 + 75 = 2025-03-16; 2026-02: 2026-06-14, capped at 2026-04-03.
    expect(r.newPeriods.map((x) => [x.period, x.publishedOn, x.estimated])).toEqual([['2024-10', '2025-03-16', true], ['2026-02', '2026-04-03', true]]);
  });

  it('a real date of the same release is recorded beside the estimate and overrides it; a date of another release does not', () => {
    const existing = [row('2024-09', '123.14', '2024-12-14', true), row('2022-10', '105.93', '2023-04-10', true)];
    const r = mergeIndex(existing, [value('2024-09', '123.14'), value('2022-10', '105.93')], '2024-12-13');
    expect(r.dated.map((x) => [x.period, x.publishedOn, x.estimated])).toEqual([['2024-09', '2024-12-13', undefined]]);
    expect(r.unchanged).toBe(1);
    const index = [...existing, row('2024-09', '123.14', '2024-12-13'), row('2022-10', '105.93', '2026-04-03')];
    // 2024-09's estimate is overridden (13 December is within 45 days of 14 December); 2022-10's is not (2026 is far).
    expect(withoutConfirmedEstimates(index).map((x) => `${x.period} ${x.publishedOn}`)).toEqual(['2022-10 2023-04-10', '2024-09 2024-12-13', '2022-10 2026-04-03']);
  });
});
