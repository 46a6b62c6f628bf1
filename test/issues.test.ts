/**
 * The rules of issues (src/core/issues.ts, SPEC §5): notice numbers, issue
 * folders, the differences of a supplementary issue, the issue-date guards,
 * the split by contract year. Figures are hand-checked; the invariants are
 * property-tested.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billSemester, type Bill } from '../src/core/bill.js';
import { issueDateProblems, issueFolderName, issueOfFolderName, issueYears, noticeNumber, supplementaryIssue } from '../src/core/issues.js';
import { parseSemester } from '../src/core/semester.js';
import { makeWorkspace, type InvoiceSpec, type SubsidySpec } from './helpers/workspace.js';

const S = parseSemester('2023-S1')!;

function bill(invoices: InvoiceSpec[], subsidies: SubsidySpec[] = [], issuedOn = '2023-07-03'): Bill {
  const r = billSemester(makeWorkspace({ invoices, subsidies }), S, issuedOn);
  expect(r.diagnostics).toEqual([]);
  return r.bill!;
}

describe('names', () => {
  it('notice numbers and issue folders', () => {
    expect(noticeNumber(S, 1, 'vilogia')).toBe('2023-S1-1-vilogia');
    expect(noticeNumber(S, 12, 'logis-metropole')).toBe('2023-S1-12-logis-metropole');
    expect(issueFolderName(S, 1)).toBe('2023-S1');
    expect(issueFolderName(S, 2)).toBe('2023-S1-2');
    expect(issueOfFolderName(S, '2023-S1')).toBe(1);
    expect(issueOfFolderName(S, '2023-S1-2')).toBe(2);
    expect(issueOfFolderName(S, '2023-S1-10')).toBe(10);
    for (const other of ['2023-S1-1', '2023-S1-02', '2023-S1-x', '2023-S2', '2023-S1-2.bak', '.2023-S1.tmp-1']) expect(issueOfFolderName(S, other), other).toBeNull();
  });
});

describe('supplementaryIssue', () => {
  // Year 1: P = p0 = 1000.00 (not revised). A (January): 1 × 1000.00 = HT 1000.00, VAT 200.00, TTC 1200.00;
  // TTC shares of 120000 cents: 31.61 % 37932, 27.58 % 33096, 28.28 % 33936, 12.53 % 15036 (exact).
  const A1: InvoiceSpec = { id: 'A', serviceMonth: '2023-01', receivedOn: '2023-02-05', paidOn: '2023-02-10', quantity: '1' };

  it('a changed invoice, an added one, an added subsidy: the differences per item and per member', () => {
    const before = bill([A1]);
    // A becomes 2 × 1000.00: TTC 2400.00 (+1200.00); B: 0.5 × 1000.00 = HT 500.00, TTC 600.00;
    // S: 100.00 → 31.61, 27.58, 28.28, 12.53.
    const after = bill([{ ...A1, quantity: '2' }, { id: 'B', serviceMonth: '2023-02', receivedOn: '2023-03-05', paidOn: '2023-03-10', quantity: '0.5' }], [{ id: 'S', receivedOn: '2023-04-01', amount: '100.00' }]);
    const r = supplementaryIssue(makeWorkspace().config, before, after, 2, [{ issue: 1, issuedOn: '2023-07-03' }], new Map([['mons', ['2023-S1-1-mons']]]));
    expect(r.changed).toBe(true);
    expect([...r.info.invoiceChanges].map(([id, c]) => [id, c.change])).toEqual([['A', 'changed'], ['B', 'added']]);
    expect([...r.info.subsidyChanges].map(([id, c]) => [id, c.change])).toEqual([['S', 'added']]);
    expect(r.bill.invoices.map((i) => [i.priced.invoice.id, i.priced.ttc])).toEqual([['A', 120000n], ['B', 60000n]]);
    const mons = r.bill.members.find((m) => m.member.id === 'mons')!;
    // mons: (1200.00 + 600.00) × 31.61 % = 568.98 TTC; 100.00 × 31.61 % = 31.61 deducted; net 537.37
    expect(mons).toMatchObject({ shareTtc: 56898n, subsidies: 3161n, net: 53737n });
    // HT: 1500.00 × 31.61 % = 474.15, VAT 568.98 − 474.15 = 94.83
    expect(mons).toMatchObject({ shareHt: 47415n, shareVat: 9483n });
    // totals: TTC 1800.00, subsidies 100.00, net 1700.00
    expect(r.bill.totals).toMatchObject({ ttc: 180000n, subsidies: 10000n, net: 170000n });
    expect(r.info.completes.get('mons')).toEqual(['2023-S1-1-mons']);
  });

  it('nothing changed: no member differs, changed is false', () => {
    const r = supplementaryIssue(makeWorkspace().config, bill([A1]), bill([A1], [], '2023-09-01'), 2, [], new Map());
    expect(r.changed).toBe(false);
    expect(r.bill.members).toEqual([]);
    expect(r.info.allMembers.every((m) => !m.notice)).toBe(true);
  });

  it('a removed invoice is credited in full', () => {
    const r = supplementaryIssue(makeWorkspace().config, bill([A1]), bill([{ ...A1, paidOn: '2023-07-02' }]), 2, [], new Map());
    expect([...r.info.invoiceChanges.values()].map((c) => c.change)).toEqual(['removed']);
    expect(r.bill.members.map((m) => [m.member.id, m.net])).toEqual([['mons', -37932n], ['partenord', -33096n], ['vilogia', -33936n], ['logis-metropole', -15036n]]);
  });

  it('years: differences split by the contract year of the service month; zero years left out', () => {
    const config = makeWorkspace().config;
    const before = bill([A1]);
    const after = bill([{ ...A1, quantity: '2' }]);
    // mons: year 1 only, +379.32 TTC; HT 1000.00 × 31.61 % = 316.10
    expect(issueYears(config, before, after)('mons')).toEqual([{ year: 1, shareHt: 31610n, shareTtc: 37932n, subsidies: 0n }]);
    expect(issueYears(config, before, before)('mons')).toEqual([]);
  });

  // Invariants: for every member, earlier figures + differences = figures now; the listed items'
  // differences add up to each member's difference; a member with no notice has no difference.
  it('property: before + difference = after, member by member and item by item', () => {
    const config = makeWorkspace().config;
    const inv = fc.record({
      id: fc.constantFrom('A', 'B', 'C', 'D'),
      month: fc.constantFrom('2023-01', '2023-02', '2023-03'),
      quantity: fc.integer({ min: -3, max: 5 }),
      paid: fc.constantFrom('2023-02-10', '2023-06-30', '2023-07-02', null),
    });
    const sub = fc.record({ id: fc.constantFrom('S1', 'S2'), cents: fc.integer({ min: 1, max: 500000 }), on: fc.constantFrom('2023-03-01', '2023-08-01') });
    const figures = fc.record({ invoices: fc.uniqueArray(inv, { selector: (x) => x.id, maxLength: 4 }), subsidies: fc.uniqueArray(sub, { selector: (x) => x.id, maxLength: 2 }) });
    const toBill = (f: { invoices: { id: string; month: string; quantity: number; paid: string | null }[]; subsidies: { id: string; cents: number; on: string }[] }) =>
      billSemester(makeWorkspace({
        invoices: f.invoices.map((i) => ({ id: i.id, serviceMonth: i.month, receivedOn: `${i.month}-20`, paidOn: i.paid, quantity: String(i.quantity) })),
        subsidies: f.subsidies.map((s) => ({ id: s.id, receivedOn: s.on, amount: (s.cents / 100).toFixed(2) })),
      }), S, '2023-07-05').bill!;
    fc.assert(
      fc.property(figures, figures, (a, b) => {
        const before = toBill(a);
        const after = toBill(b);
        const r = supplementaryIssue(config, before, after, 2, [], new Map());
        for (const m of config.members) {
          const was = before.members.find((x) => x.member.id === m.id);
          const now = after.members.find((x) => x.member.id === m.id);
          const d = r.info.allMembers.find((x) => x.total.member.id === m.id);
          for (const k of ['shareHt', 'shareVat', 'shareTtc', 'subsidies', 'net'] as const) {
            expect((was?.[k] ?? 0n) + (d?.total[k] ?? 0n)).toBe(now?.[k] ?? 0n);
          }
          if (d && !d.notice) expect(d.total.net).toBe(0n);
          const items = r.bill.invoices.reduce((acc, i) => acc + (i.ttc.find((x) => x.member === m.id)?.cents ?? 0n), 0n);
          expect(items).toBe(d?.total.shareTtc ?? 0n);
          const subs = r.bill.subsidies.reduce((acc, s) => acc + (s.shares.find((x) => x.member === m.id)?.cents ?? 0n), 0n);
          expect(subs).toBe(d?.total.subsidies ?? 0n);
        }
        expect(r.changed).toBe(r.bill.members.length > 0);
      }),
      { numRuns: 150 },
    );
  });
});

describe('issueDateProblems', () => {
  const paidJune: InvoiceSpec = { id: 'J', serviceMonth: '2023-05', receivedOn: '2023-06-02', paidOn: '2023-06-20', quantity: '1' };

  it('an issue date before a billed payment is an error naming the invoice, its line and both dates', () => {
    const b = bill([paidJune], [], '2023-07-01');
    const d = issueDateProblems(b, '2023-06-10', []);
    expect(d.filter((x) => x.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'issued-before-payment', file: 'invoices/test.csv', line: 2, message: expect.stringContaining('invoice J was paid on 2023-06-20, after the issue date 2023-06-10') }),
    ]);
  });

  it('before a subsidy received: an error; before an earlier issue: an error', () => {
    const b = bill([], [{ id: 'S', receivedOn: '2023-06-25', amount: '10.00' }], '2023-07-01');
    expect(issueDateProblems(b, '2023-06-24', []).map((x) => x.code)).toEqual(['issued-before-payment', 'semester-open']);
    expect(issueDateProblems(b, '2023-07-01', [{ issue: 1, issuedOn: '2023-07-02' }]).map((x) => x.code)).toEqual(['issued-before-previous']);
  });

  it('on or after the last day of the semester: nothing to say; before it: semester-open, a warning', () => {
    const b = bill([paidJune], [], '2023-07-01');
    expect(issueDateProblems(b, '2023-06-30', [])).toEqual([]);
    expect(issueDateProblems(b, '2023-07-01', [{ issue: 1, issuedOn: '2023-07-01' }])).toEqual([]);
    expect(issueDateProblems(b, '2023-06-29', [])).toEqual([expect.objectContaining({ severity: 'warning', code: 'semester-open' })]);
  });
});
