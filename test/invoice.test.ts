import { describe, expect, it } from 'vitest';
import { formatCents, ONE } from '../src/core/exact.js';
import { priceInvoice } from '../src/core/invoice.js';
import type { Config, Invoice, InvoiceLine } from '../src/core/model.js';
import type { YearRevision } from '../src/core/revision.js';

const cfg = {
  contract: { start: '2023-01-01', end: '2026-12-31' },
  vatPct: '20',
} as unknown as Config;

function revisionWith(prices: Record<string, bigint>): Map<number, YearRevision> {
  return new Map([[1, {
    year: 1, start: '2023-01-01', end: '2023-12-31', cutoff: null, I: null, I0: null, passedOverI: [], passedOverI0: [], decidedByEstimate: [],
    ratio: null, coefficientExact: ONE, coefficient: ONE,
    prices: Object.entries(prices).map(([code, price]) => ({ code, p0: '', price, exact: ONE })),
  } satisfies YearRevision]]);
}

const line = (priceCode: string, quantity: string, vatPct: string | null = null): InvoiceLine => ({ priceCode, quantity, vatPct, invoicedHt: null, label: '', src: { file: 'f.csv', line: 2 } });
const invoice = (...lines: InvoiceLine[]): Invoice => ({ id: 'F1', receivedOn: '2023-02-05', paidOn: '2023-02-20', serviceMonth: '2023-01', lines, src: { file: 'f.csv', line: 2 } });

describe('invoice amounts (EN 16931: VAT per invoice and rate)', () => {
  it('line HT = quantity × price rounded half away from zero', () => {
    // 12.5 h × 38.50 = 481.25; 0.5 × 0.05 = 0.025 → 0.03
    const p = priceInvoice(invoice(line('HSUP', '12.5'), line('C5', '0.5')), cfg, revisionWith({ HSUP: 3850n, C5: 5n }));
    expect(p.lines.map((l) => formatCents(l.ht))).toEqual(['481.25', '0.03']);
  });
  it('a negative line (credit) rounds away from zero too', () => {
    // -0.5 × 0.05 = -0.025 → -0.03; -0.1 × 22166.38 = -2216.638 → -2216.64
    const p = priceInvoice(invoice(line('C5', '-0.5'), line('F', '-0.1')), cfg, revisionWith({ C5: 5n, F: 2216638n }));
    expect(p.lines.map((l) => formatCents(l.ht))).toEqual(['-0.03', '-2216.64']);
    // VAT = -2216.67 × 20 % = -443.334 → -443.33; TTC = -2660.00
    expect([formatCents(p.ht), formatCents(p.vat), formatCents(p.ttc)]).toEqual(['-2216.67', '-443.33', '-2660.00']);
  });
  it('VAT is computed on the sum per rate, not per line', () => {
    // two lines of 0.03 at 20 %: per line 0.006 → 0.01 each (0.02); per invoice 0.06 × 20 % = 0.012 → 0.01
    const p = priceInvoice(invoice(line('X', '1'), line('X', '1')), cfg, revisionWith({ X: 3n }));
    expect(formatCents(p.vat)).toBe('0.01');
    expect(formatCents(p.ttc)).toBe('0.07');
  });
  it('several rates, "20" and "20.0" being one rate, and an exempt 0 %', () => {
    // 20 %: 100.01 + 1.05 = 101.06 → VAT 20.212 → 20.21
    // 5.5 %: 10.00 → 0.55; 0 %: 50.00 → 0.00
    const p = priceInvoice(
      invoice(line('A', '1'), line('B', '3', '20.0'), line('C', '1', '5.5'), line('D', '1', '0')),
      cfg, revisionWith({ A: 10001n, B: 35n, C: 1000n, D: 5000n }),
    );
    expect(p.rates.map((r) => [r.vatPct, formatCents(r.ht), formatCents(r.vat)])).toEqual([
      ['20', '101.06', '20.21'], ['5.5', '10.00', '0.55'], ['0', '50.00', '0.00'],
    ]);
    // HT 161.06, VAT 20.76, TTC 181.82
    expect([formatCents(p.ht), formatCents(p.vat), formatCents(p.ttc)]).toEqual(['161.06', '20.76', '181.82']);
  });
});
