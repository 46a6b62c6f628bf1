/**
 * What each member owes (SPEC §6): the issued notices settled by the payments
 * received. Pure: notices and payments in, figures out; amounts in integer
 * cents. The rules, in the order they apply:
 *
 * 1. Only the notices issued and the payments received on or before DATE count.
 * 2. A payment naming a notice settles that notice first, up to its balance;
 *    any excess becomes the member's credit.
 * 3. A member's credit — a payment naming no notice, the excess of rule 2, a
 *    notice with a negative net (a credit note) — settles the member's open
 *    notices, oldest first (by issued_on, then number). The credits are used
 *    in date order (then by payment id or notice number), which only decides
 *    how much of each credit note shows as used.
 * 4. What no notice absorbs stays a credit: the member's balance goes below
 *    zero, with the warning `overpaid` when payments exceed the notices.
 *
 * So a member's balance is always Σ notice amounts − Σ payments, whatever the
 * order of the payment rows (property-tested), and the members' balances add
 * up to total issued − total paid.
 */
import { daysBetween, type IsoDate } from './dates.js';
import { warning, type Diagnostic } from './diagnostic.js';
import { centsOf, formatCents } from './exact.js';
import type { Member, Payment } from './model.js';

/** One contract year's part of a notice: the member's shares and deductions, in cents. */
export interface YearShares {
  year: number;
  shareHt: bigint;
  shareVat: bigint;
  shareTtc: bigint;
  subsidies: bigint;
}

/** A notice as issued (read back from an issue's manifest.json). */
export interface IssuedNotice {
  number: string;
  member: string;
  semester: string;
  issue: number;
  kind: 'initial' | 'supplementary';
  issuedOn: IsoDate;
  dueOn: IsoDate;
  completes: string[];
  shareHt: bigint;
  shareVat: bigint;
  shareTtc: bigint;
  subsidies: bigint;
  /** What the member owes for it (negative: a credit in its favour). */
  net: bigint;
  years: YearShares[];
}

export interface NoticeStatus {
  notice: IssuedNotice;
  amount: bigint;
  /** Settled so far by payments and credits (for a credit note: minus what of it was used). */
  paid: bigint;
  balance: bigint;
  daysOverdue: number;
}

export interface MemberStatus {
  member: Member;
  notices: NoticeStatus[];
  /** The payments counted, by date then id. */
  payments: Payment[];
  issued: bigint;
  paid: bigint;
  /** issued − paid; negative: a credit in the member's favour. */
  balance: bigint;
  overdue: bigint;
  /** Payments not absorbed by any notice: the member's credit from overpayment. */
  unapplied: bigint;
  /** `overpaid` when `unapplied` is above zero. */
  warnings: Diagnostic[];
}

export interface Status {
  on: IsoDate;
  members: MemberStatus[];
  totals: { issued: bigint; paid: bigint; balance: bigint; overdue: bigint };
  warnings: Diagnostic[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Notices oldest first: by issue date, then number. */
export function compareNotices(a: IssuedNotice, b: IssuedNotice): number {
  return byText(a.issuedOn, b.issuedOn) || byText(a.number, b.number);
}

/** Payments by date received, then id: the canonical order, whatever the file's. */
export function comparePayments(a: Payment, b: Payment): number {
  return byText(a.receivedOn, b.receivedOn) || byText(a.id, b.id);
}

interface Credit {
  date: IsoDate;
  id: string;
  left: bigint;
  /** The credit note it comes from, or null for a payment. */
  from: NoticeStatus | null;
}

/** Settles every member's notices with its payments, as of `on` (see the rules above). Members in config order. */
export function settle(members: readonly Member[], notices: readonly IssuedNotice[], payments: readonly Payment[], on: IsoDate): Status {
  const warnings: Diagnostic[] = [];
  const out: MemberStatus[] = [];
  for (const member of members) {
    const mine = notices.filter((n) => n.member === member.id && n.issuedOn <= on).sort(compareNotices);
    const paidIn = payments.filter((p) => p.member === member.id && p.receivedOn <= on).sort(comparePayments);
    const rows: NoticeStatus[] = mine.map((n) => ({ notice: n, amount: n.net, paid: 0n, balance: n.net, daysOverdue: 0 }));
    const byNumber = new Map(rows.map((r) => [r.notice.number, r]));
    const credits: Credit[] = [];
    // Rule 2: a payment naming a notice settles it first.
    for (const p of paidIn) {
      let left = centsOf(p.amount);
      const row = p.notice === null ? undefined : byNumber.get(p.notice);
      if (row && row.balance > 0n) {
        const used = left < row.balance ? left : row.balance;
        row.paid += used;
        row.balance -= used;
        left -= used;
      }
      if (left > 0n) credits.push({ date: p.receivedOn, id: p.id, left, from: null });
    }
    // Rule 3: credit notes and payments' money settle the oldest open notices.
    for (const r of rows) if (r.amount < 0n) credits.push({ date: r.notice.issuedOn, id: r.notice.number, left: -r.amount, from: r });
    credits.sort((a, b) => byText(a.date, b.date) || byText(a.id, b.id));
    let c = 0;
    for (const r of rows) {
      while (r.balance > 0n && c < credits.length) {
        const credit = credits[c]!;
        const used = credit.left < r.balance ? credit.left : r.balance;
        r.paid += used;
        r.balance -= used;
        credit.left -= used;
        if (credit.from) {
          credit.from.paid -= used;
          credit.from.balance += used;
        }
        if (credit.left === 0n) c++;
      }
    }
    const unapplied = credits.filter((k) => k.from === null).reduce((s, k) => s + k.left, 0n);
    let overdue = 0n;
    for (const r of rows) {
      if (r.balance > 0n && on > r.notice.dueOn) {
        r.daysOverdue = daysBetween(r.notice.dueOn, on);
        overdue += r.balance;
      }
    }
    const issued = rows.reduce((s, r) => s + r.amount, 0n);
    const paid = paidIn.reduce((s, p) => s + centsOf(p.amount), 0n);
    const mineWarnings: Diagnostic[] = [];
    if (unapplied > 0n) {
      mineWarnings.push(warning('overpaid', `${member.id} has paid ${formatCents(unapplied)} more than its notices issued by ${on} ask for: the excess is a credit in its favour, which settles its next notices`, {}, { values: { member: member.id, amount: formatCents(unapplied), on } }));
    }
    warnings.push(...mineWarnings);
    out.push({ member, notices: rows, payments: paidIn, issued, paid, balance: issued - paid, overdue, unapplied, warnings: mineWarnings });
  }
  const sum = (f: (m: MemberStatus) => bigint) => out.reduce((s, m) => s + f(m), 0n);
  return { on, members: out, totals: { issued: sum((m) => m.issued), paid: sum((m) => m.paid), balance: sum((m) => m.balance), overdue: sum((m) => m.overdue) }, warnings };
}

/** One line of a statement of account: a notice (debit) or a payment (credit), with the balance after it. */
export interface StatementEntry {
  date: IsoDate;
  kind: 'notice' | 'payment';
  reference: string;
  /** Notice: its net (negative for a credit note). Payment: 0. */
  debit: bigint;
  /** Payment: its amount. Notice: 0. */
  credit: bigint;
  balance: bigint;
  notice: IssuedNotice | null;
  payment: Payment | null;
}

export interface Statement {
  member: MemberStatus;
  entries: StatementEntry[];
  /** Per contract year: the member's shares and deductions over its notices issued by the date. */
  years: YearShares[];
}

/**
 * A member's statement of account (SPEC §6): every notice and payment up to
 * the date, in date order (on one day, notices before payments; then by
 * number or id), with the running balance; and its shares per contract year.
 */
export function statementOf(status: MemberStatus): Statement {
  const items: Omit<StatementEntry, 'balance'>[] = [
    ...status.notices.map((n) => ({ date: n.notice.issuedOn, kind: 'notice' as const, reference: n.notice.number, debit: n.amount, credit: 0n, notice: n.notice, payment: null })),
    ...status.payments.map((p) => ({ date: p.receivedOn, kind: 'payment' as const, reference: p.id, debit: 0n, credit: centsOf(p.amount), notice: null, payment: p })),
  ];
  items.sort((a, b) => byText(a.date, b.date) || (a.kind === b.kind ? 0 : a.kind === 'notice' ? -1 : 1) || byText(a.reference, b.reference));
  let balance = 0n;
  const entries = items.map((e) => ({ ...e, balance: (balance += e.debit - e.credit) }));
  const years = new Map<number, YearShares>();
  for (const n of status.notices) {
    for (const y of n.notice.years) {
      const t = years.get(y.year) ?? { year: y.year, shareHt: 0n, shareVat: 0n, shareTtc: 0n, subsidies: 0n };
      t.shareHt += y.shareHt;
      t.shareVat += y.shareVat;
      t.shareTtc += y.shareTtc;
      t.subsidies += y.subsidies;
      years.set(y.year, t);
    }
  }
  return { member: status, entries, years: [...years.values()].sort((a, b) => a.year - b.year) };
}

/** The members a reminder goes to: those with an overdue notice on the date, each with its overdue notices. */
export function overdueNotices(status: Status): { member: MemberStatus; notices: NoticeStatus[] }[] {
  return status.members.map((m) => ({ member: m, notices: m.notices.filter((n) => n.daysOverdue > 0) })).filter((x) => x.notices.length > 0);
}
