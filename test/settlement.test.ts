/**
 * The settlement rule of SPEC §6 on hand-made notices and payments, figures
 * worked by hand in the comments; then the invariants as property tests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents } from '../src/core/exact.js';
import type { Payment } from '../src/core/model.js';
import { overdueNotices, settle, statementOf, type IssuedNotice, type Status } from '../src/core/settlement.js';
import { statusJson } from '../src/render/account.js';
import { makeConfig } from './helpers/workspace.js';

const MEMBERS = makeConfig().members;

function notice(number: string, issuedOn: string, dueOn: string, net: bigint, over: Partial<IssuedNotice> = {}): IssuedNotice {
  const member = number.split('-').slice(3).join('-');
  const [y, s, k] = number.split('-');
  return {
    number, member, semester: `${y}-${s}`, issue: Number(k), kind: k === '1' ? 'initial' : 'supplementary', issuedOn, dueOn, completes: [],
    shareHt: 0n, shareVat: 0n, shareTtc: net, subsidies: 0n, net, years: [], ...over,
  };
}

let line = 1;
function pay(id: string, member: string, receivedOn: string, amount: string, noticeNumber: string | null = null): Payment {
  return { id, member, receivedOn, amount, notice: noticeNumber, reference: '', src: { file: 'payments.csv', line: ++line }, noticeColumn: 5 };
}

const member = (s: Status, id: string) => s.members.find((m) => m.member.id === id)!;
const row = (s: Status, number: string) => s.members.flatMap((m) => m.notices).find((n) => n.notice.number === number)!;
const show = (s: Status, number: string) => {
  const r = row(s, number);
  return { amount: formatCents(r.amount), paid: formatCents(r.paid), balance: formatCents(r.balance), days: r.daysOverdue };
};

// vilogia's 2025-S1 notice: 43349.73, issued 2025-07-03, due 2025-08-02 (the fixture's figures).
const V1 = notice('2025-S1-1-vilogia', '2025-07-03', '2025-08-02', 4334973n);

describe('settle: hand-worked figures', () => {
  it('a partial payment naming its notice; --on before, on and after the due date', () => {
    const payments = [pay('P1', 'vilogia', '2025-07-20', '20000.00', V1.number)];
    // 43349.73 − 20000.00 = 23349.73 left; due 2025-08-02.
    const before = settle(MEMBERS, [V1], payments, '2025-07-31');
    expect(show(before, V1.number)).toEqual({ amount: '43349.73', paid: '20000.00', balance: '23349.73', days: 0 });
    expect(member(before, 'vilogia').overdue).toBe(0n);
    // on the due date itself it is not yet overdue
    expect(show(settle(MEMBERS, [V1], payments, '2025-08-02'), V1.number).days).toBe(0);
    // 2025-09-15 − 2025-08-02 = 29 (rest of August) + 15 = 44 days
    const after = settle(MEMBERS, [V1], payments, '2025-09-15');
    expect(show(after, V1.number)).toEqual({ amount: '43349.73', paid: '20000.00', balance: '23349.73', days: 44 });
    expect(formatCents(member(after, 'vilogia').overdue)).toBe('23349.73');
    // a payment received after the date does not count yet
    expect(show(settle(MEMBERS, [V1], payments, '2025-07-19'), V1.number).paid).toBe('0.00');
    // nor does a notice issued after it
    expect(member(settle(MEMBERS, [V1], payments, '2025-07-02'), 'vilogia').notices).toEqual([]);
  });

  it('a payment naming no notice settles the oldest open notices first', () => {
    const N1 = notice('2025-S1-1-mons', '2025-07-03', '2025-08-02', 100000n); // 1000.00
    const N2 = notice('2025-S2-1-mons', '2026-01-05', '2026-02-04', 50000n); // 500.00
    // 1200.00 unnamed: 1000.00 to N1 (oldest), the other 200.00 to N2, which keeps 300.00.
    const s = settle(MEMBERS, [N2, N1], [pay('P', 'mons', '2026-01-10', '1200')], '2026-03-01');
    expect(show(s, N1.number)).toEqual({ amount: '1000.00', paid: '1000.00', balance: '0.00', days: 0 });
    // 2026-03-01 − 2026-02-04 = 24 (rest of February 2026, 28 days) + 1 = 25 days
    expect(show(s, N2.number)).toEqual({ amount: '500.00', paid: '200.00', balance: '300.00', days: 25 });
    expect(formatCents(member(s, 'mons').balance)).toBe('300.00');
    expect(s.warnings).toEqual([]);
  });

  it('a payment naming the newer notice settles it first; its excess goes to the oldest open one', () => {
    const N1 = notice('2025-S1-1-mons', '2025-07-03', '2025-08-02', 100000n);
    const N2 = notice('2025-S2-1-mons', '2026-01-05', '2026-02-04', 50000n);
    // 600.00 naming N2 (500.00): N2 settled, 100.00 excess → N1: 900.00 left. 1500 − 600 = 900.
    const s = settle(MEMBERS, [N1, N2], [pay('P', 'mons', '2026-01-10', '600.00', N2.number)], '2026-01-31');
    expect(show(s, N2.number)).toEqual({ amount: '500.00', paid: '500.00', balance: '0.00', days: 0 });
    // 2026-01-31 − 2025-08-02 = 29 + 30 + 31 + 30 + 31 + 31 = 182 days
    expect(show(s, N1.number)).toEqual({ amount: '1000.00', paid: '100.00', balance: '900.00', days: 182 });
    expect(formatCents(member(s, 'mons').overdue)).toBe('900.00');
  });

  it('a credit note (a supplementary issue with a negative net) is carried forward to the next notice', () => {
    const N1 = notice('2025-S1-1-partenord', '2025-07-03', '2025-08-02', 100000n);
    const R = notice('2025-S1-2-partenord', '2025-10-01', '2025-10-31', -15000n, { completes: ['2025-S1-1-partenord'] }); // −150.00
    const N2 = notice('2025-S2-1-partenord', '2026-01-05', '2026-02-04', 80000n); // 800.00
    const payments = [pay('P', 'partenord', '2025-07-25', '1000.00', N1.number)];
    // Before the next notice: the credit of 150.00 waits; the member's balance is −150.00 (in its favour).
    const dec = settle(MEMBERS, [N1, R, N2], payments, '2025-12-01');
    expect(show(dec, R.number)).toEqual({ amount: '-150.00', paid: '0.00', balance: '-150.00', days: 0 });
    expect(formatCents(member(dec, 'partenord').balance)).toBe('-150.00');
    expect(dec.warnings).toEqual([]); // a credit note is no overpayment
    // After: 800.00 − 150.00 = 650.00 left on N2; the credit note is used up. 1000 − 150 + 800 − 1000 = 650.
    const jan = settle(MEMBERS, [N1, R, N2], payments, '2026-01-10');
    expect(show(jan, R.number)).toEqual({ amount: '-150.00', paid: '-150.00', balance: '0.00', days: 0 });
    expect(show(jan, N2.number)).toEqual({ amount: '800.00', paid: '150.00', balance: '650.00', days: 0 });
    expect(formatCents(member(jan, 'partenord').balance)).toBe('650.00');
    expect(formatCents(jan.totals.issued)).toBe('1650.00');
  });

  it('an overpayment: warning overpaid, the excess is a credit that settles the next notice', () => {
    const N1 = notice('2025-S1-1-logis-metropole', '2025-07-03', '2025-08-02', 100000n);
    const N2 = notice('2025-S2-1-logis-metropole', '2026-01-05', '2026-02-04', 40000n);
    const payments = [pay('P', 'logis-metropole', '2025-07-28', '1250.00', N1.number)];
    const s = settle(MEMBERS, [N1, N2], payments, '2025-09-01');
    expect(show(s, N1.number)).toEqual({ amount: '1000.00', paid: '1000.00', balance: '0.00', days: 0 });
    expect(formatCents(member(s, 'logis-metropole').balance)).toBe('-250.00');
    expect(s.warnings.map((w) => [w.code, w.message])).toEqual([
      ['overpaid', 'logis-metropole has paid 250.00 more than its notices issued by 2025-09-01 ask for: the excess is a credit in its favour, which settles its next notices'],
    ]);
    // 400.00 − 250.00 = 150.00 left on the next notice; no more warning.
    const later = settle(MEMBERS, [N1, N2], payments, '2026-01-06');
    expect(show(later, N2.number)).toEqual({ amount: '400.00', paid: '250.00', balance: '150.00', days: 0 });
    expect(later.warnings).toEqual([]);
  });

  it('a supplementary issue asking more: settled after the initial notice, oldest first', () => {
    const N1 = notice('2025-S1-1-vilogia', '2025-07-03', '2025-08-02', 100000n);
    const S2 = notice('2025-S1-2-vilogia', '2025-09-01', '2025-10-01', 12034n, { completes: ['2025-S1-1-vilogia'] }); // +120.34
    // 1050.00 unnamed: 1000.00 to N1, 50.00 to S2 → 70.34 left; 2025-10-15 − 2025-10-01 = 14 days.
    const s = settle(MEMBERS, [S2, N1], [pay('P', 'vilogia', '2025-09-10', '1050.00')], '2025-10-15');
    expect(show(s, S2.number)).toEqual({ amount: '120.34', paid: '50.00', balance: '70.34', days: 14 });
    expect(overdueNotices(s).map((x) => [x.member.member.id, x.notices.map((n) => n.notice.number)])).toEqual([['vilogia', ['2025-S1-2-vilogia']]]);
  });

  it('the statement: entries in date order with the running balance, and the shares per contract year', () => {
    const y = (year: number, ht: bigint, vat: bigint, sub: bigint) => ({ year, shareHt: ht, shareVat: vat, shareTtc: ht + vat, subsidies: sub });
    const N1 = notice('2025-S1-1-vilogia', '2025-07-03', '2025-08-02', 100000n, { years: [y(2, 10000n, 2000n, 0n), y(3, 80000n, 16000n, 8000n)] });
    const R = notice('2025-S1-2-vilogia', '2025-09-01', '2025-10-01', -6000n, { years: [y(3, -5000n, -1000n, 0n)] });
    const s = settle(MEMBERS, [N1, R], [pay('P2', 'vilogia', '2025-09-01', '100.00'), pay('P1', 'vilogia', '2025-07-20', '500.00')], '2025-09-30');
    const st = statementOf(member(s, 'vilogia'));
    // 1000.00 − 500.00 = 500.00; on 2025-09-01 the credit note first (−60.00 → 440.00), then P2 (−100.00 → 340.00)
    expect(st.entries.map((e) => [e.date, e.reference, formatCents(e.debit), formatCents(e.credit), formatCents(e.balance)])).toEqual([
      ['2025-07-03', '2025-S1-1-vilogia', '1000.00', '0.00', '1000.00'],
      ['2025-07-20', 'P1', '0.00', '500.00', '500.00'],
      ['2025-09-01', '2025-S1-2-vilogia', '-60.00', '0.00', '440.00'],
      ['2025-09-01', 'P2', '0.00', '100.00', '340.00'],
    ]);
    // year 3: HT 800.00 − 50.00 = 750.00, VAT 160.00 − 10.00 = 150.00, TTC 900.00, subsidies 80.00
    expect(st.years.map((x) => [x.year, formatCents(x.shareHt), formatCents(x.shareVat), formatCents(x.shareTtc), formatCents(x.subsidies)])).toEqual([
      [2, '100.00', '20.00', '120.00', '0.00'],
      [3, '750.00', '150.00', '900.00', '80.00'],
    ]);
  });
});

// ------------------------------------------------------------------ properties

const ids = MEMBERS.map((m) => m.id);
const dateArb = fc.integer({ min: 0, max: 700 }).map((d) => {
  const t = Date.UTC(2025, 0, 1) + d * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
});
const scenario = fc
  .record({
    notices: fc.array(fc.record({ m: fc.integer({ min: 0, max: 3 }), issued: dateArb, cents: fc.bigInt({ min: -50_000n, max: 500_000n }) }), { maxLength: 10 }),
    payments: fc.array(fc.record({ m: fc.integer({ min: 0, max: 3 }), on: dateArb, cents: fc.bigInt({ min: 1n, max: 400_000n }), named: fc.option(fc.nat(), { nil: null }) }), { maxLength: 12 }),
    on: dateArb,
  })
  .map(({ notices, payments, on }) => {
    const ns = notices.map((n, i) => notice(`2025-S1-${i + 1}-${ids[n.m]}`, n.issued, n.issued, n.cents));
    const ps = payments.map((p, i) => {
      const mine = ns.filter((n) => n.member === ids[p.m]);
      const named = p.named !== null && mine.length > 0 ? mine[p.named % mine.length]!.number : null;
      return pay(`P${i}`, ids[p.m]!, p.on, formatCents(p.cents), named);
    });
    return { ns, ps, on };
  });

describe('settle: invariants', () => {
  it('the balances do not depend on the order of the payment rows (nor of the notices)', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ ns, ps, on }, seed) => {
        const shuffled = (a: readonly unknown[]) => fc.sample(fc.shuffledSubarray([...a], { minLength: a.length, maxLength: a.length }), { numRuns: 1, seed })[0]!;
        const a = statusJson(settle(MEMBERS, ns, ps, on));
        const b = statusJson(settle(MEMBERS, shuffled(ns) as IssuedNotice[], shuffled(ps) as Payment[], on));
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it("the members' balances add up to total issued − total paid; each positive notice is settled within its amount", () => {
    fc.assert(
      fc.property(scenario, ({ ns, ps, on }) => {
        const s = settle(MEMBERS, ns, ps, on);
        const issued = ns.filter((n) => n.issuedOn <= on).reduce((t, n) => t + n.net, 0n);
        const paid = ps.filter((p) => p.receivedOn <= on).reduce((t, p) => t + BigInt(p.amount.replace('.', '')), 0n);
        expect(s.totals.issued).toBe(issued);
        expect(s.totals.paid).toBe(paid);
        expect(s.members.reduce((t, m) => t + m.balance, 0n)).toBe(issued - paid);
        expect(s.totals.balance).toBe(issued - paid);
        for (const m of s.members) {
          // the notices' balances and the unused payments make the member's balance
          expect(m.notices.reduce((t, n) => t + n.balance, 0n) - m.unapplied).toBe(m.balance);
          for (const n of m.notices) {
            if (n.amount >= 0n) {
              expect(n.paid >= 0n && n.paid <= n.amount).toBe(true);
            } else {
              expect(n.paid <= 0n && n.paid >= n.amount).toBe(true);
            }
            expect(n.balance).toBe(n.amount - n.paid);
          }
          // nothing is left open while a credit waits unused
          if (m.unapplied > 0n || m.notices.some((n) => n.balance < 0n)) expect(m.notices.every((n) => n.balance <= 0n)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
