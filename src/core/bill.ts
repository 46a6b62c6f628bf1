/**
 * The semester billing run (SPEC §2.5–2.8): the invoices paid in the
 * semester, priced, each shared by the key of its service month's contract
 * year; the semester's subsidies shared by the key on their key date; and per
 * member, its shares, deductions and net. Pure: no files, no clock.
 */
import { allocateLargestRemainder, type Allocation } from './allocate.js';
import { contractYearOfMonth, keyInForce } from './contract.js';
import { addDays, monthOf, type IsoDate } from './dates.js';
import { error, hasErrors, type Diagnostic } from './diagnostic.js';
import { centsOf } from './exact.js';
import { invoicedMismatch, isPending, lastServiceMonth, lateInvoice, latePayment, missingMonths, pending } from './controls.js';
import { priceInvoice, type PricedInvoice } from './invoice.js';
import type { Invoice, KeyDef, Member, Subsidy, Workspace } from './model.js';
import { reviseYears, type YearRevision } from './revision.js';
import { compareSemesters, nextSemester, parseSemester, semesterEnd, semesterName, semesterOf, semesterStart, type Semester } from './semester.js';

export interface InvoiceShare {
  priced: PricedInvoice;
  key: KeyDef;
  ht: Allocation[];
  ttc: Allocation[];
}

export interface SubsidyShare {
  subsidy: Subsidy;
  amount: bigint;
  keyDate: IsoDate;
  key: KeyDef;
  shares: Allocation[];
}

export interface MemberTotal {
  member: Member;
  shareHt: bigint;
  shareVat: bigint;
  shareTtc: bigint;
  subsidies: bigint;
  /** shareTtc − subsidies; negative = a credit owed to the member. */
  net: bigint;
}

export interface Bill {
  semester: Semester;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  invoices: InvoiceShare[];
  pending: Invoice[];
  subsidies: SubsidyShare[];
  members: MemberTotal[];
  totals: { ht: bigint; vat: bigint; ttc: bigint; subsidies: bigint; net: bigint };
  revisions: Map<number, YearRevision>;
  warnings: Diagnostic[];
}

/** The semesters a workspace can bill: from the contract's start to the one after its end. */
export function billableSemesters(ws: Workspace): { first: Semester; last: Semester } {
  return { first: semesterOf(ws.config.contract.start), last: nextSemester(semesterOf(ws.config.contract.end)) };
}

export function subsidySemester(s: Subsidy): Semester {
  return (s.semester !== null ? parseSemester(s.semester) : null) ?? semesterOf(s.receivedOn);
}

function byPaidThenId(a: Invoice, b: Invoice): number {
  const pa = a.paidOn ?? '';
  const pb = b.paidOn ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function billSemester(ws: Workspace, semester: Semester, issuedOn: IsoDate): { bill: Bill | null; diagnostics: Diagnostic[] } {
  const { config } = ws;
  const { first, last } = billableSemesters(ws);
  if (compareSemesters(semester, first) < 0 || compareSemesters(semester, last) > 0) {
    return {
      bill: null,
      diagnostics: [error('semester-outside-contract', `${semesterName(semester)} is outside the contract: the semesters to bill run from ${semesterName(first)} to ${semesterName(last)} (the one after the contract's end settles the last invoices)`)],
    };
  }
  const start = semesterStart(semester);
  const end = semesterEnd(semester);
  const paid = ws.invoices.filter((i) => i.paidOn !== null && i.paidOn >= start && i.paidOn <= end).sort(byPaidThenId);
  const years = new Set<number>();
  for (const inv of paid) years.add(contractYearOfMonth(config.contract, inv.serviceMonth)!);
  const { revisions, diagnostics } = reviseYears(config, ws.index, years);
  if (hasErrors(diagnostics)) return { bill: null, diagnostics };

  const warnings: Diagnostic[] = [];
  const invoices: InvoiceShare[] = paid.map((inv) => {
    const priced = priceInvoice(inv, config, revisions);
    const year = revisions.get(priced.contractYear)!;
    const key = keyInForce(config.keys, year.start)!;
    warnings.push(...[lateInvoice(inv), latePayment(inv)].filter((d): d is Diagnostic => d !== null), ...invoicedMismatch(priced));
    return { priced, key, ht: allocateLargestRemainder(priced.ht, key.shares), ttc: allocateLargestRemainder(priced.ttc, key.shares) };
  });

  const subsidies: SubsidyShare[] = [];
  const errors: Diagnostic[] = [];
  for (const s of [...ws.subsidies].sort(byId)) {
    if (compareSemesters(subsidySemester(s), semester) !== 0) continue;
    const keyDate = s.keyDate ?? s.receivedOn;
    const key = keyInForce(config.keys, keyDate);
    if (!key) {
      errors.push(error('no-key', `subsidy ${s.id}: no key is in force on ${keyDate} (the first key starts on ${config.keys[0]?.from})`, { file: s.src.file, line: s.src.line }));
      continue;
    }
    const amount = centsOf(s.amount);
    subsidies.push({ subsidy: s, amount, keyDate, key, shares: allocateLargestRemainder(amount, key.shares) });
  }
  if (errors.length > 0) return { bill: null, diagnostics: errors };

  const totals = new Map<string, MemberTotal>();
  const involved = new Set<string>();
  const total = (id: string): MemberTotal => totals.get(id)!;
  // A member with a share (a key percentage above 0) in an invoice or subsidy of the semester gets a notice.
  const involve = (a: Allocation) => {
    if (a.pct !== '0' && !/^0\.0*$/.test(a.pct)) involved.add(a.member);
  };
  for (const m of config.members) totals.set(m.id, { member: m, shareHt: 0n, shareVat: 0n, shareTtc: 0n, subsidies: 0n, net: 0n });
  for (const inv of invoices) {
    for (const a of inv.ht) { total(a.member).shareHt += a.cents; involve(a); }
    for (const a of inv.ttc) { total(a.member).shareTtc += a.cents; involve(a); }
  }
  for (const s of subsidies) {
    for (const a of s.shares) { total(a.member).subsidies += a.cents; involve(a); }
  }
  const members = config.members.filter((m) => involved.has(m.id)).map((m) => {
    const t = total(m.id);
    t.shareVat = t.shareTtc - t.shareHt;
    t.net = t.shareTtc - t.subsidies;
    return t;
  });

  const pendingInvoices = ws.invoices.filter((i) => isPending(i, end)).sort(byId);
  warnings.push(...pendingInvoices.map((i) => pending(i, end)));
  const lastSeen = lastServiceMonth(ws.invoices);
  if (lastSeen !== null) {
    const until = lastSeen < monthOf(end) ? lastSeen : monthOf(end);
    warnings.push(...missingMonths(config, ws.invoices, until));
  }

  const sum = (f: (m: MemberTotal) => bigint) => members.reduce((acc, m) => acc + f(m), 0n);
  return {
    bill: {
      semester, issuedOn, dueOn: addDays(issuedOn, config.paymentDays),
      invoices, pending: pendingInvoices, subsidies, members,
      totals: { ht: sum((m) => m.shareHt), vat: sum((m) => m.shareVat), ttc: sum((m) => m.shareTtc), subsidies: sum((m) => m.subsidies), net: sum((m) => m.net) },
      revisions, warnings,
    },
    diagnostics: [],
  };
}
