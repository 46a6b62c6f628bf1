/**
 * `forecast` (src/core/forecast.ts) on the unit-test workspace (test/helpers/workspace.ts:
 * FORFAIT p0 1000.00, prices 1085.00 / 1170.00 / 1212.50 in years 2 / 3 / 4). Figures by hand;
 * the key shares by largest remainder were checked with
 *   python3: floor(t × pct / 100) each, leftover cents to the largest remainders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastYear, lastCompleteYear } from '../src/core/forecast.js';
import { makeWorkspace, type InvoiceSpec } from './helpers/workspace.js';

/** The twelve FORFAIT invoices of 2024 (contract year 2), and a credit note of −0.1 for March. */
const YEAR2: InvoiceSpec[] = [
  ...Array.from({ length: 12 }, (_, i) => {
    const m = String(i + 1).padStart(2, '0');
    return { id: `F2024-${m}`, serviceMonth: `2024-${m}`, receivedOn: `2024-${m}-28`, paidOn: `2024-${m}-28` };
  }),
  { id: 'AV2024-03', serviceMonth: '2024-03', receivedOn: '2024-04-02', paidOn: '2024-04-20', quantity: '-0.1' },
];

const cents = (xs: { ht: bigint; vat: bigint; ttc: bigint }[]) => xs.map((m) => [m.ht, m.vat, m.ttc]);

describe('forecast of year 3 from the quantities invoiced in year 2', () => {
  const ws = makeWorkspace({ invoices: YEAR2 });
  const { forecast: f, diagnostics } = forecastYear(ws.config, ws.index, ws.invoices, 3, '2025-06-01');
  it('prices, quantities, totals', () => {
    expect(diagnostics).toEqual([]);
    expect(f!.provisional).toBe(false); // cut-off 2025-01-01 is past on 2025-06-01, I = 2024-09 = 144 known then
    expect(f!.quantitiesFrom).toBe(2);
    // 12 − 0.1 = 11.9 × 1170.00 = 13923.00 HT; VAT 20 % = 2784.60; TTC 16707.60
    expect(f!.lines).toEqual([{ code: 'FORFAIT', price: 117000n, quantity: '11.9', ht: 1392300n }]);
    expect([f!.ht, f!.vat, f!.ttc]).toEqual([1392300n, 278460n, 1670760n]);
  });
  it('each member by the key of year 3, to the cent', () => {
    // HT 13923.00: mons 4401.0603, partenord 3839.9634, vilogia 3937.4244, logis 1744.5519 → floors leave 1 cent → vilogia (.44)
    // TTC 16707.60: 5281.27236, 4607.95608, 4724.90928, 2093.46228 → floors leave 2 cents → vilogia (.928), partenord (.608)
    // VAT = TTC − HT: 880.21, 768.00, 787.48, 348.91 (sum 2784.60)
    expect(f!.members.map((m) => m.id)).toEqual(['mons', 'partenord', 'vilogia', 'logis-metropole']);
    expect(cents(f!.members)).toEqual([
      [440106n, 88021n, 528127n],
      [383996n, 76800n, 460796n],
      [393743n, 78748n, 472491n],
      [174455n, 34891n, 209346n],
    ]);
  });
});

describe('provisional when I is not published for the cut-off yet', () => {
  const ws = makeWorkspace({ configOverrides: { forecast: { quantities: { FORFAIT: '12' } } } });
  it('year 4 seen on 2025-11-01: cut-off 2026-01-01 is ahead; the latest value known (2024-09 = 144) gives 1170.00', () => {
    const { forecast: f } = forecastYear(ws.config, ws.index, ws.invoices, 4, '2025-11-01');
    expect(f!.provisional).toBe(true);
    expect(f!.revision.I!.row).toMatchObject({ period: '2024-09', value: '144' });
    expect(f!.quantitiesFrom).toBe('config');
    // 12 × 1170.00 = 14040.00 HT, 2808.00 VAT, 16848.00 TTC
    expect([f!.ht, f!.vat, f!.ttc]).toEqual([1404000n, 280800n, 1684800n]);
    expect(cents(f!.members)).toEqual([
      [443805n, 88760n, 532565n],
      [387223n, 77445n, 464668n],
      [397051n, 79411n, 476462n],
      [175921n, 35184n, 211105n],
    ]);
  });
  it('the same year seen on 2026-02-01: final, I = 2025-09 = 150, 12 × 1212.50 = 14550.00', () => {
    const { forecast: f } = forecastYear(ws.config, ws.index, ws.invoices, 4, '2026-02-01');
    expect(f!.provisional).toBe(false);
    expect(f!.ht).toBe(1455000n);
  });
});

describe('no quantities', () => {
  it('no complete year before K and no forecast.quantities → an error that says what to set', () => {
    const ws = makeWorkspace({ invoices: YEAR2.slice(0, 11) }); // December 2024 missing
    expect(lastCompleteYear(ws.config, ws.invoices, 3)).toBeNull();
    const r = forecastYear(ws.config, ws.index, ws.invoices, 3, '2025-06-01');
    expect(r.forecast).toBeNull();
    expect(r.diagnostics[0]!.code).toBe('no-quantities');
    expect(r.diagnostics[0]!.message).toContain('forecast.quantities');
  });
});

describe('property: the members add up to the totals', () => {
  it('for any quantity', () => {
    fc.assert(fc.property(fc.integer({ min: -5000, max: 500000 }), (q) => {
      const quantity = (q / 100).toFixed(2);
      const ws = makeWorkspace({ configOverrides: { forecast: { quantities: { FORFAIT: quantity } } } });
      const f = forecastYear(ws.config, ws.index, ws.invoices, 3, '2025-06-01').forecast!;
      expect(f.members.reduce((s, m) => s + m.ht, 0n)).toBe(f.ht);
      expect(f.members.reduce((s, m) => s + m.vat, 0n)).toBe(f.vat);
      expect(f.members.reduce((s, m) => s + m.ttc, 0n)).toBe(f.ttc);
      expect(f.ttc).toBe(f.ht + f.vat);
    }), { numRuns: 200 });
  });
});
