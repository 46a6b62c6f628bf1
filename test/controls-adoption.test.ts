/**
 * Controls for a workspace adopted mid-contract (issue 13): `missing-month`
 * collapses each run of consecutive months into one warning, and starts at
 * the config's `invoices_from`; `negative-quantity` flags a minus sign among
 * positive lines, never a credit note.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missingMonths, negativeQuantity } from '../src/core/controls.js';
import { addMonths } from '../src/core/dates.js';
import { makeConfig, makeWorkspace } from './helpers/workspace.js';

const inv = (m: string) => ({ id: `F${m}`, serviceMonth: m, receivedOn: `${addMonths(m, 1)}-05`, paidOn: `${addMonths(m, 1)}-20` });

describe('missing-month', () => {
  it('one warning for the 24 months before the first invoice, naming the range and the setting', () => {
    // Contract 2023-01 → 2026-12; invoices from 2025-01 to 2025-03: 2023-01..2024-12 is 24 months.
    const ws = makeWorkspace({ invoices: ['2025-01', '2025-02', '2025-03'].map(inv) });
    const w = missingMonths(ws.config, ws.invoices, '2025-03');
    expect(w.map((d) => d.message)).toEqual([
      'no invoice for the 24 service months 2023-01 to 2024-12; if this workspace starts later, set "invoices_from": "2025-01" in medcoop.json',
    ]);
  });

  it('invoices_from silences the months before it, and a later gap is still one warning per run', () => {
    const months = ['2025-01', '2025-02', '2025-05', '2025-07'];
    const ws = makeWorkspace({ configOverrides: { invoicesFrom: '2025-01' }, invoices: months.map(inv) });
    const w = missingMonths(ws.config, ws.invoices, '2025-08');
    expect(w.map((d) => d.message)).toEqual([
      'no invoice for the 2 service months 2025-03 to 2025-04',
      'no invoice for the service month 2025-06',
      'no invoice for the service month 2025-08',
    ]);
  });

  it('property: the runs cover exactly the months without invoice, each run maximal', () => {
    const all = Array.from({ length: 48 }, (_, i) => addMonths('2023-01', i));
    fc.assert(
      fc.property(fc.subarray(all), fc.integer({ min: 0, max: 47 }), (present, u) => {
        const until = all[u]!;
        const ws = makeWorkspace({ config: makeConfig(), invoices: present.map(inv) });
        const covered: string[] = [];
        let previousEnd: string | null = null;
        for (const d of missingMonths(ws.config, ws.invoices, until)) {
          const m = /months? (\d{4}-\d{2})(?: to (\d{4}-\d{2}))?/.exec(d.message)!;
          const from = m[1]!;
          const to = m[2] ?? from;
          // maximal: the month after the previous run has an invoice
          if (previousEnd !== null) expect(from > addMonths(previousEnd, 1)).toBe(true);
          for (let x = from; x <= to; x = addMonths(x, 1)) covered.push(x);
          previousEnd = to;
        }
        const expected = all.filter((m) => m <= until && !present.includes(m));
        expect(covered).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('negative-quantity', () => {
  it('warns for a negative line among positive ones, not for a credit note', () => {
    const ws = makeWorkspace({
      invoices: [
        { id: 'F1', serviceMonth: '2025-02', receivedOn: '2025-03-04', lines: [{ quantity: '1' }, { quantity: '-40' }] },
        { id: 'AV1', serviceMonth: '2025-02', receivedOn: '2025-03-04', lines: [{ quantity: '-0.1' }] },
        { id: 'F2', serviceMonth: '2025-03', receivedOn: '2025-04-04', lines: [{ quantity: '0' }, { quantity: '-1' }] },
      ],
    });
    const [f1, av1, f2] = ws.invoices;
    expect(negativeQuantity(f1!).map((d) => [d.code, d.line])).toEqual([['negative-quantity', 3]]);
    expect(negativeQuantity(av1!)).toEqual([]);
    // 0 is not positive: F2 is a credit note with an empty line.
    expect(negativeQuantity(f2!)).toEqual([]);
  });
});
