/**
 * The billing rules of SPEC §2 (2.1, 2.2 year 1, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8),
 * tested on `billSemester` with in-memory workspaces. Every expected figure is
 * worked out by hand in the comment next to it (and was checked with Python's
 * `fractions`). Amounts are bigint cents.
 *
 * Prices of the default workspace (test/helpers/workspace.ts), p0 = 1000.00:
 *   year 1 (2023) 1000.00, year 2 (2024) 1085.00, year 3 (2025) 1170.00, year 4 (2026) 1212.50.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billSemester, type Bill } from '../src/core/bill.js';
import { keyInForce } from '../src/core/contract.js';
import { dayNumber, fromDayNumber } from '../src/core/dates.js';
import { formatCents, showDecimal } from '../src/core/exact.js';
import type { Config, KeyDef } from '../src/core/model.js';
import { parseSemester, semesterEnd, semesterStart, type Semester } from '../src/core/semester.js';
import {
  CONVENTION_SHARES,
  INVOICE_FILE,
  MEMBER_IDS,
  key,
  makeConfig,
  makeWorkspace,
  type InvoiceSpec,
  type SubsidySpec,
} from './helpers/workspace.js';

// ---------------------------------------------------------------------------
// helpers

function sem(text: string): Semester {
  const s = parseSemester(text);
  if (!s) throw new Error(`bad semester ${text}`);
  return s;
}

function billOf(ws: ReturnType<typeof makeWorkspace>, semester: string, issuedOn = '2099-01-01'): Bill {
  const { bill, diagnostics } = billSemester(ws, sem(semester), issuedOn);
  expect(diagnostics).toEqual([]);
  expect(bill).not.toBeNull();
  return bill!;
}

/** Per member cents of an allocation list, in list order. */
function cents(allocs: ReadonlyArray<{ member: string; cents: bigint }>): Record<string, bigint> {
  return Object.fromEntries(allocs.map((a) => [a.member, a.cents]));
}

function member(bill: Bill, id: string) {
  const m = bill.members.find((t) => t.member.id === id);
  if (!m) throw new Error(`${id} is not in the bill`);
  return m;
}

function memberFigures(bill: Bill) {
  return bill.members.map((m) => ({
    id: m.member.id,
    ht: m.shareHt,
    vat: m.shareVat,
    ttc: m.shareTtc,
    subsidies: m.subsidies,
    net: m.net,
  }));
}

function codes(bill: Bill, code: string) {
  return bill.warnings.filter((w) => w.code === code);
}

/**
 * Keys of a renewal at each anniversary:
 *   2023: the convention's key (four members);
 *   2024: logis-metropole leaves at the first renewal (article 7): 40 / 30 / 30;
 *   2025: an agreed change of key: 50 / 25 / 25.
 */
function renewalConfig(): Config {
  return makeConfig({
    keys: [
      key('2023-01-01', CONVENTION_SHARES),
      key('2024-01-01', { mons: '40', partenord: '30', vilogia: '30' }),
      key('2025-01-01', { mons: '50', partenord: '25', vilogia: '25' }),
    ],
  });
}

// ---------------------------------------------------------------------------
// §2.1 + §2.7: semesters by paid_on, priced and shared by the service month

describe('semesters by paid_on (SPEC §2.1, §2.7)', () => {
  const invoices: InvoiceSpec[] = [
    // service 2024-12 (contract year 2), paid in 2025-S1
    { id: 'F2024-12', serviceMonth: '2024-12', receivedOn: '2025-01-08', paidOn: '2025-01-30' },
    // service 2025-03 (contract year 3), paid in 2025-S1
    { id: 'F2025-03', serviceMonth: '2025-03', receivedOn: '2025-04-08', paidOn: '2025-04-30' },
    // unpaid
    { id: 'F2025-04', serviceMonth: '2025-04', receivedOn: '2025-05-06', paidOn: null },
    // received in S1, paid on the first day of S2
    { id: 'F2025-05', serviceMonth: '2025-05', receivedOn: '2025-06-05', paidOn: '2025-07-01' },
    // received 2025-06-20, paid 2025-07-05
    { id: 'F2025-06', serviceMonth: '2025-06', receivedOn: '2025-06-20', paidOn: '2025-07-05' },
  ];
  const ws = makeWorkspace({ config: renewalConfig(), invoices });

  it('bills December 2024 services paid in January 2025 in 2025-S1 with year 2 price and key', () => {
    const bill = billOf(ws, '2025-S1');
    expect(bill.invoices.map((i) => i.priced.invoice.id)).toEqual(['F2024-12', 'F2025-03']);
    const dec = bill.invoices[0]!;
    expect(dec.priced.contractYear).toBe(2);
    // year 2: C = 0.15 + 0.85 × 132 / 120 = 0.15 + 0.935 = 1.085 = 217/200 (year 3 would be 1.17)
    expect(showDecimal(dec.priced.coefficient)).toBe('1.085'); // 217 / 200
    // price 1000.00 × 1.085 = 1085.00; HT = 1 × 1085.00 = 108500 c; VAT 20 % = 21700; TTC = 130200
    expect(dec.priced.lines[0]!.unitPrice).toBe(108500n);
    expect([dec.priced.ht, dec.priced.vat, dec.priced.ttc]).toEqual([108500n, 21700n, 130200n]);
    // key of 2024 (40/30/30), not 2025's (50/25/25):
    expect(dec.key.from).toBe('2024-01-01');
    // HT: 108500 × 0.40 = 43400, × 0.30 = 32550, × 0.30 = 32550 (exact, no leftover)
    expect(cents(dec.ht)).toEqual({ mons: 43400n, partenord: 32550n, vilogia: 32550n });
    // TTC: 130200 × 0.40 = 52080, × 0.30 = 39060 twice
    expect(cents(dec.ttc)).toEqual({ mons: 52080n, partenord: 39060n, vilogia: 39060n });

    const mar = bill.invoices[1]!;
    expect(mar.priced.contractYear).toBe(3);
    // year 3: C = 0.15 + 0.85 × 144 / 120 = 1.17; HT 117000, VAT 23400, TTC 140400; key 50/25/25
    expect(showDecimal(mar.priced.coefficient)).toBe('1.17');
    expect([mar.priced.ht, mar.priced.vat, mar.priced.ttc]).toEqual([117000n, 23400n, 140400n]);
    expect(mar.key.from).toBe('2025-01-01');
    // TTC: 140400 × 0.5 = 70200, × 0.25 = 35100 twice
    expect(cents(mar.ttc)).toEqual({ mons: 70200n, partenord: 35100n, vilogia: 35100n });

    // totals: HT 108500 + 117000 = 225500; VAT 21700 + 23400 = 45100; TTC 130200 + 140400 = 270600
    // mons TTC 52080 + 70200 = 122280; partenord / vilogia 39060 + 35100 = 74160
    expect(bill.totals).toEqual({ ht: 225500n, vat: 45100n, ttc: 270600n, subsidies: 0n, net: 270600n });
    expect(bill.members.map((m) => [m.member.id, m.shareTtc])).toEqual([
      ['mons', 122280n],
      ['partenord', 74160n],
      ['vilogia', 74160n],
    ]);
  });

  it('lists unpaid invoices and invoices paid after the semester as pending, with a `pending` warning', () => {
    const bill = billOf(ws, '2025-S1');
    // received on or before 2025-06-30 and not paid by then: F2025-04 (unpaid), F2025-05 (paid 07-01), F2025-06 (paid 07-05)
    expect(bill.pending.map((i) => i.id)).toEqual(['F2025-04', 'F2025-05', 'F2025-06']);
    const pending = codes(bill, 'pending');
    expect(pending).toHaveLength(3);
    expect(pending.map((w) => w.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(pending[0]!.message).toContain('F2025-04');
    expect(pending[1]!.message).toContain('F2025-05');
    expect(pending[2]!.message).toContain('F2025-06');
    // they point at the invoices' lines (lines 2..6 of the file, in the order given)
    expect(pending.map((w) => [w.file, w.line])).toEqual([
      [INVOICE_FILE, 4],
      [INVOICE_FILE, 5],
      [INVOICE_FILE, 6],
    ]);
  });

  it('bills invoices paid 2025-07-01 and 2025-07-05 in 2025-S2; the unpaid one stays pending', () => {
    const bill = billOf(ws, '2025-S2');
    expect(bill.invoices.map((i) => i.priced.invoice.id)).toEqual(['F2025-05', 'F2025-06']);
    expect(bill.pending.map((i) => i.id)).toEqual(['F2025-04']);
    expect(codes(bill, 'pending')).toHaveLength(1);
    // two year-3 invoices: HT 2 × 117000 = 234000, TTC 2 × 140400 = 280800
    expect(bill.totals.ht).toBe(234000n);
    expect(bill.totals.ttc).toBe(280800n);
  });

  it('takes paid_on at both ends of a semester (1 January and 30 June in, 31 December and 1 July out)', () => {
    const w = makeWorkspace({
      invoices: [
        { id: 'A', serviceMonth: '2024-11', receivedOn: '2024-12-05', paidOn: '2024-12-31' },
        { id: 'B', serviceMonth: '2024-12', receivedOn: '2025-01-01', paidOn: '2025-01-01' },
        { id: 'C', serviceMonth: '2025-05', receivedOn: '2025-06-05', paidOn: '2025-06-30' },
        { id: 'D', serviceMonth: '2025-06', receivedOn: '2025-06-30', paidOn: '2025-07-01' },
      ],
    });
    const bill = billOf(w, '2025-S1');
    expect(bill.invoices.map((i) => i.priced.invoice.id)).toEqual(['B', 'C']);
    expect(bill.pending.map((i) => i.id)).toEqual(['D']);
  });

  it('sorts billed invoices by paid_on, then id', () => {
    const w = makeWorkspace({
      invoices: [
        { id: 'Z', serviceMonth: '2025-01', receivedOn: '2025-02-03', paidOn: '2025-02-10' },
        { id: 'B', serviceMonth: '2025-02', receivedOn: '2025-03-03', paidOn: '2025-03-10' },
        { id: 'A', serviceMonth: '2025-02', receivedOn: '2025-03-03', paidOn: '2025-03-10' },
      ],
    });
    expect(billOf(w, '2025-S1').invoices.map((i) => i.priced.invoice.id)).toEqual(['Z', 'A', 'B']);
  });
});

// ---------------------------------------------------------------------------
// §2.7: the semester after the contract's end

describe('billable semesters (SPEC §2.7)', () => {
  const ws = makeWorkspace({
    invoices: [{ id: 'F2026-12', serviceMonth: '2026-12', receivedOn: '2027-01-05', paidOn: '2027-01-20' }],
  });

  it('bills the December 2026 invoice paid in January 2027 in 2027-S1', () => {
    const bill = billOf(ws, '2027-S1');
    expect(bill.invoices).toHaveLength(1);
    const inv = bill.invoices[0]!;
    expect(inv.priced.contractYear).toBe(4);
    // year 4: C = 0.15 + 0.85 × 150 / 120 = 0.15 + 1.0625 = 1.2125 = 97/80; price 1212.50
    expect(showDecimal(inv.priced.coefficient)).toBe('1.2125'); // 97 / 80
    // HT 121250; VAT 121250 × 20 / 100 = 24250; TTC 145500
    expect([inv.priced.ht, inv.priced.vat, inv.priced.ttc]).toEqual([121250n, 24250n, 145500n]);
    // HT by the convention's key: 121250 × 31.61 % = 38327.125, × 27.58 % = 33440.75,
    //   × 28.28 % = 34289.5, × 12.53 % = 15192.625; floors 38327 + 33440 + 34289 + 15192 = 121248,
    //   2 cents left → remainders .75 (partenord), .625 (logis), .5, .125 → partenord, logis.
    expect(cents(inv.ht)).toEqual({ mons: 38327n, partenord: 33441n, vilogia: 34289n, 'logis-metropole': 15193n });
    // TTC: 145500 × 31.61 % = 45992.55, × 27.58 % = 40128.9, × 28.28 % = 41147.4, × 12.53 % = 18231.15;
    //   floors sum 145498, 2 left → .9 (partenord), .55 (mons).
    expect(cents(inv.ttc)).toEqual({ mons: 45993n, partenord: 40129n, vilogia: 41147n, 'logis-metropole': 18231n });
  });

  it.each(['2027-S2', '2022-S2', '2028-S1', '2022-S1'])('refuses %s with `semester-outside-contract`', (s) => {
    const { bill, diagnostics } = billSemester(ws, sem(s), '2027-07-03');
    expect(bill).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.severity).toBe('error');
    expect(diagnostics[0]!.code).toBe('semester-outside-contract');
    expect(diagnostics[0]!.message).toContain(s);
  });

  it('accepts the first semester, 2023-S1, even with nothing to bill', () => {
    const bill = billOf(ws, '2023-S1');
    expect(bill.invoices).toEqual([]);
    expect(bill.members).toEqual([]);
    expect(bill.totals).toEqual({ ht: 0n, vat: 0n, ttc: 0n, subsidies: 0n, net: 0n });
  });
});

// ---------------------------------------------------------------------------
// §2.4: key change at a renewal, a member leaving

describe('a new key at a renewal and a member leaving (SPEC §2.4, article 7)', () => {
  const ws = makeWorkspace({
    config: renewalConfig(),
    invoices: [
      { id: 'F2023-12', serviceMonth: '2023-12', receivedOn: '2024-01-05', paidOn: '2024-01-15' },
      { id: 'F2024-01', serviceMonth: '2024-01', receivedOn: '2024-02-05', paidOn: '2024-02-10' },
      { id: 'F2024-06', serviceMonth: '2024-06', receivedOn: '2024-07-05', paidOn: '2024-07-20' },
    ],
    subsidies: [{ id: 'S-2024-ETAT', receivedOn: '2024-10-15', amount: '9600.00' }],
  });

  it('shares December 2023 by the 2023 key and January 2024 by the 2024 key in 2024-S1', () => {
    const bill = billOf(ws, '2024-S1');
    const [dec, jan] = bill.invoices;
    expect(dec!.priced.invoice.id).toBe('F2023-12');
    expect(dec!.key.from).toBe('2023-01-01');
    // year 1: HT 100000, VAT 20000, TTC 120000
    expect([dec!.priced.ht, dec!.priced.vat, dec!.priced.ttc]).toEqual([100000n, 20000n, 120000n]);
    // HT: 100000 × 31.61 % = 31610, 27.58 % = 27580, 28.28 % = 28280, 12.53 % = 12530 (exact)
    expect(cents(dec!.ht)).toEqual({ mons: 31610n, partenord: 27580n, vilogia: 28280n, 'logis-metropole': 12530n });
    // TTC: 120000 × the same = 37932, 33096, 33936, 15036 (exact; sum 120000)
    expect(cents(dec!.ttc)).toEqual({ mons: 37932n, partenord: 33096n, vilogia: 33936n, 'logis-metropole': 15036n });

    expect(jan!.priced.invoice.id).toBe('F2024-01');
    expect(jan!.key.from).toBe('2024-01-01');
    // year 2: HT 108500, TTC 130200; 40/30/30 → HT 43400/32550/32550, TTC 52080/39060/39060; logis nothing
    expect(cents(jan!.ht)).toEqual({ mons: 43400n, partenord: 32550n, vilogia: 32550n });
    expect(cents(jan!.ttc)).toEqual({ mons: 52080n, partenord: 39060n, vilogia: 39060n });

    // members: mons HT 31610 + 43400 = 75010, TTC 37932 + 52080 = 90012, VAT 90012 − 75010 = 15002
    //   partenord HT 27580 + 32550 = 60130, TTC 33096 + 39060 = 72156, VAT 12026
    //   vilogia   HT 28280 + 32550 = 60830, TTC 33936 + 39060 = 72996, VAT 12166
    //   logis     HT 12530, TTC 15036, VAT 2506 (only December 2023)
    expect(memberFigures(bill)).toEqual([
      { id: 'mons', ht: 75010n, vat: 15002n, ttc: 90012n, subsidies: 0n, net: 90012n },
      { id: 'partenord', ht: 60130n, vat: 12026n, ttc: 72156n, subsidies: 0n, net: 72156n },
      { id: 'vilogia', ht: 60830n, vat: 12166n, ttc: 72996n, subsidies: 0n, net: 72996n },
      { id: 'logis-metropole', ht: 12530n, vat: 2506n, ttc: 15036n, subsidies: 0n, net: 15036n },
    ]);
    // totals: HT 100000 + 108500 = 208500, VAT 20000 + 21700 = 41700, TTC 250200
    expect(bill.totals).toEqual({ ht: 208500n, vat: 41700n, ttc: 250200n, subsidies: 0n, net: 250200n });
  });

  it("gives logis-metropole a notice with only the December 2023 invoice", () => {
    const bill = billOf(ws, '2024-S1');
    const logis = member(bill, 'logis-metropole');
    const withShare = bill.invoices.filter((i) => i.ttc.some((a) => a.member === 'logis-metropole' && a.cents !== 0n));
    expect(withShare.map((i) => i.priced.invoice.id)).toEqual(['F2023-12']);
    // its notice lines are the invoices where it has an allocation: F2023-12 only (none at all in F2024-01)
    expect(bill.invoices.filter((i) => i.ht.some((a) => a.member === 'logis-metropole')).map((i) => i.priced.invoice.id)).toEqual(['F2023-12']);
    // its notice total: TTC 150.36, net 150.36
    expect([formatCents(logis.shareTtc), formatCents(logis.net)]).toEqual(['150.36', '150.36']);
  });

  it('leaves logis-metropole out of 2024-S2 altogether (no share, no deduction)', () => {
    const bill = billOf(ws, '2024-S2');
    expect(bill.members.map((m) => m.member.id)).toEqual(['mons', 'partenord', 'vilogia']);
    // subsidy 9600.00 = 960000 c received 2024-10-15: key 2024 → × 0.4 = 384000, × 0.3 = 288000 twice
    expect(cents(bill.subsidies[0]!.shares)).toEqual({ mons: 384000n, partenord: 288000n, vilogia: 288000n });
    // F2024-06 (year 2): HT 108500 → 43400 / 32550 / 32550; TTC 130200 → 52080 / 39060 / 39060
    // nets 52080 − 384000 = −331920; 39060 − 288000 = −248940
    expect(memberFigures(bill)).toEqual([
      { id: 'mons', ht: 43400n, vat: 8680n, ttc: 52080n, subsidies: 384000n, net: -331920n },
      { id: 'partenord', ht: 32550n, vat: 6510n, ttc: 39060n, subsidies: 288000n, net: -248940n },
      { id: 'vilogia', ht: 32550n, vat: 6510n, ttc: 39060n, subsidies: 288000n, net: -248940n },
    ]);
    // totals: TTC 130200, subsidies 960000, net 130200 − 960000 = −829800
    expect(bill.totals).toEqual({ ht: 108500n, vat: 21700n, ttc: 130200n, subsidies: 960000n, net: -829800n });
  });
});

// ---------------------------------------------------------------------------
// §2.5: largest remainder, credit notes

describe('sharing to the cent by largest remainder (SPEC §2.5)', () => {
  const ws = makeWorkspace({
    invoices: [
      // 0.37 × 1000.00 = 370.00 → HT 37000, VAT 7400, TTC 44400
      { id: 'F2023-01', serviceMonth: '2023-01', receivedOn: '2023-02-06', paidOn: '2023-02-20', quantity: '0.37' },
      // the credit note cancelling it: −0.37 × 1000.00 → HT −37000, VAT −7400, TTC −44400
      { id: 'AV2023-01', serviceMonth: '2023-01', receivedOn: '2023-02-15', paidOn: '2023-02-25', quantity: '-0.37' },
      // one invoice with a credit line: 1 × 1000.00 − 0.63 × 1000.00 = 1000.00 − 630.00 = 370.00
      {
        id: 'F2023-02',
        serviceMonth: '2023-02',
        receivedOn: '2023-03-06',
        paidOn: '2023-03-20',
        lines: [{ quantity: '1' }, { quantity: '-0.63' }],
      },
    ],
  });
  const bill = billOf(ws, '2023-S1');
  const byId = (id: string) => bill.invoices.find((i) => i.priced.invoice.id === id)!;

  it('gives the leftover cents to the largest remainders, ties in config order', () => {
    const inv = byId('F2023-01');
    expect([inv.priced.ht, inv.priced.vat, inv.priced.ttc]).toEqual([37000n, 7400n, 44400n]);
    // HT 37000: 31.61 % = 11695.7, 27.58 % = 10204.6, 28.28 % = 10463.6, 12.53 % = 4636.1
    //   floors 11695 + 10204 + 10463 + 4636 = 36998 → 2 cents left:
    //   .7 (mons) first, then .6 tie partenord / vilogia → partenord (listed first)
    expect(cents(inv.ht)).toEqual({ mons: 11696n, partenord: 10205n, vilogia: 10463n, 'logis-metropole': 4636n });
    expect(inv.ht.map((a) => a.extra)).toEqual([1n, 1n, 0n, 0n]);
    // TTC 44400: 14034.84, 12245.52, 12556.32, 5563.32; floors sum 44398, 2 left → .84 mons, .52 partenord
    expect(cents(inv.ttc)).toEqual({ mons: 14035n, partenord: 12246n, vilogia: 12556n, 'logis-metropole': 5563n });
    // shares add up to the totals: 11696 + 10205 + 10463 + 4636 = 37000; 14035 + 12246 + 12556 + 5563 = 44400
    expect(inv.ht.reduce((s, a) => s + a.cents, 0n)).toBe(37000n);
    expect(inv.ttc.reduce((s, a) => s + a.cents, 0n)).toBe(44400n);
    // VAT share = TTC share − HT share: 2339, 2041, 2093, 927 (sum 7400)
    const vat = inv.ttc.map((a, i) => a.cents - inv.ht[i]!.cents);
    expect(vat).toEqual([2339n, 2041n, 2093n, 927n]);
  });

  it('shares a negative total as its absolute value, then negated', () => {
    const inv = byId('AV2023-01');
    expect([inv.priced.ht, inv.priced.vat, inv.priced.ttc]).toEqual([-37000n, -7400n, -44400n]);
    // |−37000| shared as above, then negated. (Flooring −10463.6 directly would give vilogia −10464.)
    expect(cents(inv.ht)).toEqual({ mons: -11696n, partenord: -10205n, vilogia: -10463n, 'logis-metropole': -4636n });
    expect(cents(inv.ttc)).toEqual({ mons: -14035n, partenord: -12246n, vilogia: -12556n, 'logis-metropole': -5563n });
    expect(inv.ht.reduce((s, a) => s + a.cents, 0n)).toBe(-37000n);
    expect(inv.ttc.reduce((s, a) => s + a.cents, 0n)).toBe(-44400n);
  });

  it('nets an invoice and its credit note to zero per member; a credit line counts within its invoice', () => {
    const mixed = byId('F2023-02');
    expect(mixed.priced.lines.map((l) => l.ht)).toEqual([100000n, -63000n]);
    // HT 100000 − 63000 = 37000, the same shares as F2023-01
    expect(cents(mixed.ht)).toEqual({ mons: 11696n, partenord: 10205n, vilogia: 10463n, 'logis-metropole': 4636n });
    // members = F2023-01 + AV2023-01 (cancel out) + F2023-02 = F2023-02's shares
    expect(memberFigures(bill)).toEqual([
      { id: 'mons', ht: 11696n, vat: 2339n, ttc: 14035n, subsidies: 0n, net: 14035n },
      { id: 'partenord', ht: 10205n, vat: 2041n, ttc: 12246n, subsidies: 0n, net: 12246n },
      { id: 'vilogia', ht: 10463n, vat: 2093n, ttc: 12556n, subsidies: 0n, net: 12556n },
      { id: 'logis-metropole', ht: 4636n, vat: 927n, ttc: 5563n, subsidies: 0n, net: 5563n },
    ]);
    expect(bill.totals).toEqual({ ht: 37000n, vat: 7400n, ttc: 44400n, subsidies: 0n, net: 44400n });
  });
});

// ---------------------------------------------------------------------------
// §2.6: subsidies

describe('subsidies (SPEC §2.6)', () => {
  it('shares a subsidy by the key on its key_date, default received_on', () => {
    const ws = makeWorkspace({
      config: renewalConfig(),
      subsidies: [
        { id: 'S-A', receivedOn: '2024-03-01', keyDate: '2023-12-15', amount: '777.77' },
        { id: 'S-B', receivedOn: '2024-03-01', amount: '777.77' },
      ],
    });
    const bill = billOf(ws, '2024-S1');
    const [a, b] = bill.subsidies;
    expect(a!.keyDate).toBe('2023-12-15');
    expect(a!.key.from).toBe('2023-01-01');
    // 77777 × 31.61 % = 24585.3097, × 27.58 % = 21450.8966, × 28.28 % = 21995.3356, × 12.53 % = 9745.4581
    //   floors 24585 + 21450 + 21995 + 9745 = 77775 → 2 left → .8966 partenord, .4581 logis
    expect(cents(a!.shares)).toEqual({ mons: 24585n, partenord: 21451n, vilogia: 21995n, 'logis-metropole': 9746n });
    expect(b!.keyDate).toBe('2024-03-01');
    expect(b!.key.from).toBe('2024-01-01');
    // 77777 × 40 % = 31110.8, × 30 % = 23333.1 twice; floors sum 77776 → 1 left → mons (.8)
    expect(cents(b!.shares)).toEqual({ mons: 31111n, partenord: 23333n, vilogia: 23333n });
    // no invoice: nets are credits. mons 24585 + 31111 = 55696; partenord 21451 + 23333 = 44784;
    //   vilogia 21995 + 23333 = 45328; logis 9746; total 155554 = 2 × 77777
    expect(memberFigures(bill)).toEqual([
      { id: 'mons', ht: 0n, vat: 0n, ttc: 0n, subsidies: 55696n, net: -55696n },
      { id: 'partenord', ht: 0n, vat: 0n, ttc: 0n, subsidies: 44784n, net: -44784n },
      { id: 'vilogia', ht: 0n, vat: 0n, ttc: 0n, subsidies: 45328n, net: -45328n },
      { id: 'logis-metropole', ht: 0n, vat: 0n, ttc: 0n, subsidies: 9746n, net: -9746n },
    ]);
    expect(bill.totals).toEqual({ ht: 0n, vat: 0n, ttc: 0n, subsidies: 155554n, net: -155554n });
  });

  it('deducts a subsidy in its `semester`, default the semester of received_on', () => {
    const subsidies: SubsidySpec[] = [
      { id: 'S-C', receivedOn: '2025-08-01', semester: '2025-S1', amount: '1000.00' },
      { id: 'S-D', receivedOn: '2025-08-01', amount: '500.00' },
    ];
    const ws = makeWorkspace({ config: renewalConfig(), subsidies });
    const s1 = billOf(ws, '2025-S1');
    expect(s1.subsidies.map((s) => s.subsidy.id)).toEqual(['S-C']);
    // key on 2025-08-01 = 2025's: 100000 × 50 % = 50000, × 25 % = 25000 twice
    expect(cents(s1.subsidies[0]!.shares)).toEqual({ mons: 50000n, partenord: 25000n, vilogia: 25000n });
    expect(s1.totals.subsidies).toBe(100000n);
    const s2 = billOf(ws, '2025-S2');
    expect(s2.subsidies.map((s) => s.subsidy.id)).toEqual(['S-D']);
    // 50000 × 50 % = 25000, × 25 % = 12500 twice
    expect(cents(s2.subsidies[0]!.shares)).toEqual({ mons: 25000n, partenord: 12500n, vilogia: 12500n });
    expect(s2.totals.subsidies).toBe(50000n);
  });

  it('lets a subsidy larger than the shares make a negative net (a credit), never clamped', () => {
    const ws = makeWorkspace({
      invoices: [{ id: 'F2023-01', serviceMonth: '2023-01', receivedOn: '2023-02-06', paidOn: '2023-02-20' }],
      subsidies: [{ id: 'S-2023', receivedOn: '2023-03-01', amount: '2000.00' }],
    });
    const bill = billOf(ws, '2023-S1');
    // TTC 120000 → 37932, 33096, 33936, 15036
    // subsidy 200000 → 63220, 55160, 56560, 25060 (exact)
    // nets: 37932 − 63220 = −25288; 33096 − 55160 = −22064; 33936 − 56560 = −22624; 15036 − 25060 = −10024
    expect(memberFigures(bill)).toEqual([
      { id: 'mons', ht: 31610n, vat: 6322n, ttc: 37932n, subsidies: 63220n, net: -25288n },
      { id: 'partenord', ht: 27580n, vat: 5516n, ttc: 33096n, subsidies: 55160n, net: -22064n },
      { id: 'vilogia', ht: 28280n, vat: 5656n, ttc: 33936n, subsidies: 56560n, net: -22624n },
      { id: 'logis-metropole', ht: 12530n, vat: 2506n, ttc: 15036n, subsidies: 25060n, net: -10024n },
    ]);
    expect(formatCents(member(bill, 'mons').net)).toBe('-252.88');
    // totals: net = ttc − subsidies = 120000 − 200000 = −80000 (= −25288 − 22064 − 22624 − 10024)
    expect(bill.totals).toEqual({ ht: 100000n, vat: 20000n, ttc: 120000n, subsidies: 200000n, net: -80000n });
    expect(bill.totals.net).toBe(bill.totals.ttc - bill.totals.subsidies);
  });
});

// ---------------------------------------------------------------------------
// §2.7: due date

describe('due date (SPEC §2.7)', () => {
  const ws = makeWorkspace();
  it.each([
    // 3 July + 30 days: July has 31 days, 3 + 30 = 33 → 2 August
    ['2025-S1', '2025-07-03', '2025-08-02'],
    // 15 December + 30: 15 + 30 = 45 − 31 = 14 January of the next year
    ['2025-S2', '2025-12-15', '2026-01-14'],
    // 31 January 2024 + 30: 31 + 30 = 61 − 31 (Jan) − 29 (Feb, leap) = 1 March
    ['2023-S2', '2024-01-31', '2024-03-01'],
  ])('%s issued on %s is due on %s', (s, issued, due) => {
    const bill = billOf(ws, s, issued);
    expect(bill.issuedOn).toBe(issued);
    expect(bill.dueOn).toBe(due);
  });

  it('follows payment_days', () => {
    // 15 December + 45: 15 + 45 = 60 − 31 = 29 January
    const bill = billOf(makeWorkspace({ configOverrides: { paymentDays: 45 } }), '2025-S2', '2025-12-15');
    expect(bill.dueOn).toBe('2026-01-29');
  });
});

// ---------------------------------------------------------------------------
// §2.8: the five controls

describe('controls (SPEC §2.8)', () => {
  const ws = makeWorkspace({
    invoices: [
      // received on the 10th of the next month: on time; paid 30 days later (April has 30 days): on time;
      // invoiced 1170.00 = 1 × 1170.00 (year 3): no mismatch
      { id: 'W-OK', serviceMonth: '2025-03', receivedOn: '2025-04-10', paidOn: '2025-05-10', invoicedHt: '1170.00' },
      // received on the 11th: late; paid 31 days later (04-11 → 05-12): late; invoiced one cent more: mismatch
      { id: 'W-LATE', serviceMonth: '2025-03', receivedOn: '2025-04-11', paidOn: '2025-05-12', invoicedHt: '1170.01' },
      // received in the semester, unpaid at its end: pending
      { id: 'W-UNPAID', serviceMonth: '2025-05', receivedOn: '2025-06-05', paidOn: null },
      // received after the semester's end: not pending for 2025-S1
      { id: 'W-AFTER', serviceMonth: '2025-06', receivedOn: '2025-07-03', paidOn: null },
    ],
  });
  const bill = billOf(ws, '2025-S1');

  it('warns `late-invoice` after the 10th of the month after the service month', () => {
    const w = codes(bill, 'late-invoice');
    expect(w).toHaveLength(1);
    expect(w[0]!.severity).toBe('warning');
    expect(w[0]!.message).toContain('W-LATE');
    expect([w[0]!.file, w[0]!.line]).toEqual([INVOICE_FILE, 3]);
  });

  it('warns `late-payment` when paid more than 30 days after receipt', () => {
    const w = codes(bill, 'late-payment');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('W-LATE');
    expect(w[0]!.message).toContain('31');
  });

  it('warns `invoiced-mismatch` when invoiced_ht differs from the computed line HT', () => {
    const w = codes(bill, 'invoiced-mismatch');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('W-LATE');
    // 1170.01 − 1170.00 = 0.01
    expect(w[0]!.message).toContain('1170.01');
    expect(w[0]!.message).toContain('1170.00');
    expect([w[0]!.file, w[0]!.line]).toEqual([INVOICE_FILE, 3]);
  });

  it('warns `pending` for an invoice received but unpaid at the semester end, not one received after it', () => {
    expect(bill.pending.map((i) => i.id)).toEqual(['W-UNPAID']);
    const w = codes(bill, 'pending');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('W-UNPAID');
  });

  it('warns `missing-month` for a contract month without invoice, up to the last service month seen', () => {
    const w = makeWorkspace({
      invoices: [
        { id: 'F2023-01', serviceMonth: '2023-01', receivedOn: '2023-02-06', paidOn: '2023-02-20' },
        { id: 'F2023-02', serviceMonth: '2023-02', receivedOn: '2023-03-06', paidOn: '2023-03-20' },
        // no invoice for 2023-03
        { id: 'F2023-04', serviceMonth: '2023-04', receivedOn: '2023-05-06', paidOn: '2023-05-20' },
        // nothing after 2023-04: 2023-05 and 2023-06 are not (yet) missing
      ],
    });
    const b = billOf(w, '2023-S1');
    const missing = codes(b, 'missing-month');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.severity).toBe('warning');
    expect(missing[0]!.message).toContain('2023-03');
    // and a clean run has no warning at all
    expect(b.warnings.filter((d) => d.code !== 'missing-month')).toEqual([]);
  });

  it('has exactly these five codes, and nothing from the on-time invoice', () => {
    const all = new Set(bill.warnings.map((w) => w.code));
    for (const c of all) expect(['late-invoice', 'late-payment', 'invoiced-mismatch', 'missing-month', 'pending']).toContain(c);
    expect(bill.warnings.filter((w) => w.message.includes('W-OK'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// §2.2: year 1 is never revised

describe('year 1 is not revised (SPEC §2.2)', () => {
  // The default index holds 2022-09 = 130, 2022-10 = 120, 2022-11 = 125, all published before
  // 2023-01-01: had year 1 been revised on 2023-01-01, C would be 0.15 + 0.85 × 125/120 ≈ 1.035.
  it.each([
    ['exact', { target: 'none' } as const],
    ['rounded up', { target: 'coefficient', decimals: 3, mode: 'up' } as const],
  ])('C = 1 and price = p0 (%s)', (_name, rounding) => {
    const base = makeConfig();
    const config = makeConfig({ revision: { ...base.revision, rounding, knownOn: 'month-end' } });
    const ws = makeWorkspace({
      config,
      invoices: [{ id: 'F2023-05', serviceMonth: '2023-05', receivedOn: '2023-06-05', paidOn: '2023-06-20' }],
    });
    const bill = billOf(ws, '2023-S1');
    const inv = bill.invoices[0]!;
    expect(inv.priced.contractYear).toBe(1);
    expect(showDecimal(inv.priced.coefficient)).toBe('1');
    expect(inv.priced.lines[0]!.unitPrice).toBe(100000n);
    const y1 = bill.revisions.get(1)!;
    expect(showDecimal(y1.coefficient)).toBe('1');
    expect(showDecimal(y1.coefficientExact)).toBe('1');
    expect(y1.I).toBeNull();
    expect(y1.I0).toBeNull();
    expect(y1.prices).toEqual([expect.objectContaining({ code: 'FORFAIT', p0: '1000.00', price: 100000n })]);
    // HT 100000, VAT 20000, TTC 120000
    expect([inv.priced.ht, inv.priced.vat, inv.priced.ttc]).toEqual([100000n, 20000n, 120000n]);
  });
});

// ---------------------------------------------------------------------------
// Properties over random small workspaces

/** Independent reference: round a rational n/d (d > 0) to an integer, half away from zero. */
function roundHalfAway(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = a / d;
  const r = a - q * d;
  const v = 2n * r >= d ? q + 1n : q;
  return neg ? -v : v;
}

/** Independent reference of the largest remainder method, percentages in hundredths. */
function referenceShares(total: bigint, pcts: ReadonlyArray<readonly [string, bigint]>): Map<string, bigint> {
  const neg = total < 0n;
  const m = neg ? -total : total;
  const parts = pcts.map(([id, h]) => ({ id, floor: (m * h) / 10000n, rem: (m * h) % 10000n }));
  let left = m - parts.reduce((s, p) => s + p.floor, 0n);
  const order = parts.map((_, i) => i).sort((a, b) => (parts[b]!.rem > parts[a]!.rem ? 1 : parts[b]!.rem < parts[a]!.rem ? -1 : a - b));
  const out = new Map(parts.map((p) => [p.id, p.floor]));
  for (const i of order) {
    if (left === 0n) break;
    out.set(parts[i]!.id, out.get(parts[i]!.id)! + 1n);
    left -= 1n;
  }
  if (left !== 0n) throw new Error('percentages do not sum to 100');
  for (const [id, v] of out) out.set(id, neg ? -v : v);
  return out;
}

function hundredths(pct: string): bigint {
  const [i, f = ''] = pct.split('.');
  return BigInt(i!) * 100n + BigInt((f + '00').slice(0, 2));
}

function pctText(h: number): string {
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

/** A key over `ids` (percentages in hundredths summing to 10000). */
const arbKeyShares = (ids: readonly string[]) =>
  fc
    .array(fc.integer({ min: 0, max: 10000 }), { minLength: ids.length - 1, maxLength: ids.length - 1 })
    .map((cuts) => {
      const sorted = [0, ...[...cuts].sort((a, b) => a - b), 10000];
      return Object.fromEntries(ids.map((id, i) => [id, pctText(sorted[i + 1]! - sorted[i]!)]));
    });

const arbKeys = fc
  .tuple(
    arbKeyShares(MEMBER_IDS),
    fc.subarray(['partenord', 'vilogia', 'logis-metropole'], { minLength: 0 }).chain((others) => arbKeyShares(['mons', ...others])),
    fc.subarray(['partenord', 'vilogia', 'logis-metropole'], { minLength: 0 }).chain((others) => arbKeyShares(['mons', ...others])),
  )
  .map(([k1, k2, k3]) => [key('2023-01-01', k1), key('2024-01-01', k2), key('2025-01-01', k3)]);

const SEMESTERS = ['2023-S2', '2024-S1', '2024-S2', '2025-S1', '2025-S2', '2026-S1', '2026-S2', '2027-S1'];
/** Revised prices of the default index, in cents, by contract year. */
const PRICE: Record<number, bigint> = { 1: 100000n, 2: 108500n, 3: 117000n, 4: 121250n };
const VAT_RATES = [null, '20', '5.5', '0', '10'] as const;

function dateBetween(from: string, to: string) {
  return fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(fromDayNumber);
}

const arbLine = fc.record({
  cents: fc.integer({ min: -99999, max: 99999 }),
  vat: fc.constantFrom(...VAT_RATES),
});

function arbInvoice(s: Semester) {
  const start = semesterStart(s);
  const end = semesterEnd(s);
  return dateBetween(start, end).chain((paidOn) => {
    // a service month from the contract start to the paid month (capped at the contract's end)
    const lastMonth = paidOn.slice(0, 7) < '2026-12' ? paidOn.slice(0, 7) : '2026-12';
    const months: string[] = [];
    for (let y = 2023; y <= 2026; y++) for (let m = 1; m <= 12; m++) {
      const mm = `${y}-${String(m).padStart(2, '0')}`;
      if (mm <= lastMonth) months.push(mm);
    }
    return fc.record({
      serviceMonth: fc.constantFrom(...months),
      receivedOn: dateBetween('2023-01-01', paidOn),
      paidOn: fc.constant(paidOn),
      lines: fc.array(arbLine, { minLength: 1, maxLength: 3 }),
    });
  });
}

function arbSubsidy() {
  return fc.record({
    amountCents: fc.integer({ min: 1, max: 10_000_000 }),
    receivedOn: dateBetween('2023-01-01', '2027-06-30'),
    // 'received': received in the semester, no `semester`; 'override': `semester` set to the billed one;
    // 'random': received on a random date, no `semester` (usually another semester's)
    mode: fc.constantFrom('received', 'override', 'random'),
    keyDate: fc.option(dateBetween('2023-01-01', '2027-06-30'), { nil: null }),
  });
}

function quantityText(c: number): string {
  const neg = c < 0;
  const a = Math.abs(c);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

function centsText(c: number): string {
  return quantityText(c);
}

const arbCase = fc
  .tuple(arbKeys, fc.constantFrom(...SEMESTERS))
  .chain(([keys, semText]) => {
    const s = sem(semText);
    return fc.record({
      keys: fc.constant(keys),
      semester: fc.constant(semText),
      invoices: fc.array(arbInvoice(s), { minLength: 0, maxLength: 6 }),
      subsidies: fc.array(arbSubsidy(), { minLength: 0, maxLength: 3 }),
    });
  });

describe('properties of a bill (SPEC §2.3, §2.5, §2.6)', () => {
  it('adds up exactly, stays within a cent, follows the reference largest remainder, and net = ttc − subsidies', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const config = makeConfig({ keys: c.keys });
        const invoices: InvoiceSpec[] = c.invoices.map((inv, i) => ({
          id: `F${String(i).padStart(3, '0')}`,
          serviceMonth: inv.serviceMonth,
          receivedOn: inv.receivedOn,
          paidOn: inv.paidOn,
          lines: inv.lines.map((l) => ({ quantity: quantityText(l.cents), vatPct: l.vat })),
        }));
        const s = sem(c.semester);
        const subsidies: SubsidySpec[] = c.subsidies.map((x, i) => ({
          id: `S${i}`,
          receivedOn: x.mode === 'received' ? fromDayNumber(dayNumber(semesterStart(s)) + (dayNumber(x.receivedOn) % 150)) : x.receivedOn,
          amount: centsText(x.amountCents),
          keyDate: x.keyDate,
          semester: x.mode === 'override' ? c.semester : null,
        }));
        const ws = makeWorkspace({ config, invoices, subsidies });
        const { bill, diagnostics } = billSemester(ws, s, '2030-01-01');
        expect(diagnostics).toEqual([]);
        expect(bill).not.toBeNull();
        const b = bill!;
        expect(b.invoices).toHaveLength(invoices.length);

        const memberTtc = new Map<string, bigint>();
        const memberHt = new Map<string, bigint>();
        const memberSub = new Map<string, bigint>();
        const addTo = (m: Map<string, bigint>, id: string, v: bigint) => m.set(id, (m.get(id) ?? 0n) + v);
        let sumHt = 0n;
        let sumVat = 0n;
        let sumTtc = 0n;

        for (const inv of b.invoices) {
          const p = inv.priced;
          // §2.3, recomputed: line HT = round(q × price), VAT per rate = round(Σ HT × rate / 100)
          const price = PRICE[p.contractYear]!;
          const byRate = new Map<string, bigint>();
          let ht = 0n;
          for (const l of p.invoice.lines) {
            const lineHt = roundHalfAway(hundredths(l.quantity.replace('-', '')) * price * (l.quantity.startsWith('-') ? -1n : 1n), 100n);
            ht += lineHt;
            const rate = l.vatPct ?? '20';
            byRate.set(rate, (byRate.get(rate) ?? 0n) + lineHt);
          }
          let vat = 0n;
          for (const [rate, h] of byRate) {
            // rate in tenths ("5.5" → 55)
            const tenths = BigInt(Math.round(Number(rate) * 10));
            vat += roundHalfAway(h * tenths, 1000n);
          }
          expect(p.ht).toBe(ht);
          expect(p.vat).toBe(vat);
          expect(p.ttc).toBe(ht + vat);
          sumHt += p.ht;
          sumVat += p.vat;
          sumTtc += p.ttc;

          // the key of the service month's contract year
          const year = Number(p.invoice.serviceMonth.slice(0, 4));
          const expectedKey = keyInForce(c.keys, `${year}-01-01`)!;
          expect(inv.key.from).toBe(expectedKey.from);
          const pcts = expectedKey.shares.map((x) => [x.member, hundredths(x.pct)] as const);

          for (const [allocs, total] of [[inv.ht, p.ht], [inv.ttc, p.ttc]] as const) {
            // shares add up to the total
            expect(allocs.reduce((acc, a) => acc + a.cents, 0n)).toBe(total);
            const ref = referenceShares(total, pcts);
            for (const a of allocs) {
              const h = hundredths(a.pct);
              // within one cent of the exact share total × pct / 100: |cents × 10000 − total × h| < 10000
              const diff = a.cents * 10000n - total * h;
              expect(diff < 10000n && diff > -10000n).toBe(true);
              // the exact share reported is total × h / 10000
              expect(a.exact.times(10000).toFixed()).toBe((total * h).toString());
              // and the very figure of the reference method
              expect(a.cents).toBe(ref.get(a.member));
            }
          }
          for (const a of inv.ht) addTo(memberHt, a.member, a.cents);
          for (const a of inv.ttc) addTo(memberTtc, a.member, a.cents);
        }

        // subsidies: the ones of this semester, each shared by its key_date's key
        const expectedSubs = subsidies.filter((x) => (x.semester ?? (x.receivedOn.slice(5, 7) <= '06' ? `${x.receivedOn.slice(0, 4)}-S1` : `${x.receivedOn.slice(0, 4)}-S2`)) === c.semester);
        expect(b.subsidies.map((x) => x.subsidy.id).sort()).toEqual(expectedSubs.map((x) => x.id).sort());
        for (const sh of b.subsidies) {
          const k: KeyDef = keyInForce(c.keys, sh.subsidy.keyDate ?? sh.subsidy.receivedOn)!;
          expect(sh.key.from).toBe(k.from);
          expect(sh.shares.reduce((acc, a) => acc + a.cents, 0n)).toBe(sh.amount);
          const ref = referenceShares(sh.amount, k.shares.map((x) => [x.member, hundredths(x.pct)] as const));
          for (const a of sh.shares) {
            expect(a.cents).toBe(ref.get(a.member));
            addTo(memberSub, a.member, a.cents);
          }
        }

        // members: in config order; every member with a non-zero share or deduction is there
        const ids = b.members.map((m) => m.member.id);
        expect(ids).toEqual(MEMBER_IDS.filter((id) => ids.includes(id)));
        for (const id of MEMBER_IDS) {
          if ((memberTtc.get(id) ?? 0n) !== 0n || (memberHt.get(id) ?? 0n) !== 0n || (memberSub.get(id) ?? 0n) !== 0n) {
            expect(ids).toContain(id);
          }
        }
        for (const m of b.members) {
          const id = m.member.id;
          expect(m.shareHt).toBe(memberHt.get(id) ?? 0n);
          expect(m.shareTtc).toBe(memberTtc.get(id) ?? 0n);
          expect(m.shareVat).toBe(m.shareTtc - m.shareHt);
          expect(m.subsidies).toBe(memberSub.get(id) ?? 0n);
          expect(m.net).toBe(m.shareTtc - m.subsidies);
        }
        // Σ members = Σ invoices
        const sum = (f: (m: Bill['members'][number]) => bigint) => b.members.reduce((acc, m) => acc + f(m), 0n);
        expect(sum((m) => m.shareHt)).toBe(sumHt);
        expect(sum((m) => m.shareTtc)).toBe(sumTtc);
        expect(sum((m) => m.shareVat)).toBe(sumVat);
        expect(b.totals.ht).toBe(sumHt);
        expect(b.totals.vat).toBe(sumVat);
        expect(b.totals.ttc).toBe(sumTtc);
        expect(b.totals.subsidies).toBe(b.subsidies.reduce((acc, x) => acc + x.amount, 0n));
        expect(b.totals.net).toBe(b.totals.ttc - b.totals.subsidies);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a member whose key share is 0 %', () => {
  it('gets no notice: a 0 % share is no share (SPEC §2.7 "any share or deduction")', () => {
    // 2024 key: mons 40, partenord 30, vilogia 30, logis-metropole 0
    const config = makeConfig({
      keys: [key('2023-01-01', CONVENTION_SHARES), key('2024-01-01', { mons: '40', partenord: '30', vilogia: '30', 'logis-metropole': '0' })],
    });
    const ws = makeWorkspace({ config, invoices: [{ id: 'F2024-07', serviceMonth: '2024-07', receivedOn: '2024-08-05', paidOn: '2024-08-20' }] });
    const bill = billOf(ws, '2024-S2');
    expect(bill.members.map((m) => m.member.id)).toEqual(['mons', 'partenord', 'vilogia']);
    // 1085.00 HT: 40 % = 434.00, 30 % = 325.50 twice; sum 1085.00
    expect(bill.members.map((m) => formatCents(m.shareHt))).toEqual(['434.00', '325.50', '325.50']);
  });
});
