/**
 * Issues (SPEC §5): a notice, once issued, is never rewritten. A semester is
 * billed by issue 1, then, when its figures change, by supplementary issues
 * holding only the differences. This module is the pure rule: given the
 * semester's figures as the earlier issues left them (`before`) and as the
 * inputs give them now (`after`), what changed, per invoice, per subsidy and
 * per member. Also the issue-date rules and the notice numbers. No files.
 */
import type { Allocation } from './allocate.js';
import type { Bill, InvoiceShare, MemberTotal, SubsidyShare } from './bill.js';
import { contractYearOfDate, contractYears } from './contract.js';
import type { IsoDate } from './dates.js';
import { error, warning, type Diagnostic } from './diagnostic.js';
import { Decimal, formatCents, ZERO } from './exact.js';
import type { Config } from './model.js';
import { semesterEnd, semesterName, type Semester } from './semester.js';

export type IssueKind = 'initial' | 'supplementary';
export type Change = 'added' | 'changed' | 'removed';

/** An invoice or subsidy as it was in the earlier issues (`before`) and as it is now (`after`); one of them may be null. */
export interface ItemChange<T> {
  change: Change;
  before: T | null;
  after: T | null;
}

/** What an issue is, beside its figures: its number, kind, the issues before it, and what it replaces. */
export interface IssueInfo {
  issue: number;
  kind: IssueKind;
  previous: { issue: number; issuedOn: IsoDate }[];
  /** Per member, the notice numbers of the earlier issues ([] for an initial issue). */
  completes: ReadonlyMap<string, readonly string[]>;
  /** What a --force run replaced (SPEC §5), as the manifest records it; null otherwise. */
  replaces: unknown;
  /** For a supplementary issue: the change of each invoice and subsidy it lists, by id. */
  invoiceChanges: ReadonlyMap<string, ItemChange<InvoiceShare>>;
  subsidyChanges: ReadonlyMap<string, ItemChange<SubsidyShare>>;
  /**
   * Every member involved in the semester (in the earlier issues or now), in
   * config order, with its figures in this issue (the differences for a
   * supplementary issue) and whether it gets a notice.
   */
  allMembers: { total: MemberTotal; notice: boolean }[];
}

/** `2025-S1-1-vilogia`: semester, issue number, member id (SPEC §5), for k = 1 too. */
export function noticeNumber(semester: Semester, issue: number, memberId: string): string {
  return `${semesterName(semester)}-${issue}-${memberId}`;
}

/** The output folder of issue k, relative to the output root: `2025-S1` for the first, `2025-S1-2` after. */
export function issueFolderName(semester: Semester, issue: number): string {
  return issue === 1 ? semesterName(semester) : `${semesterName(semester)}-${issue}`;
}

/** The issue number of a folder name of `semester` (`2025-S1` → 1, `2025-S1-3` → 3), or null. */
export function issueOfFolderName(semester: Semester, name: string): number | null {
  const s = semesterName(semester);
  if (name === s) return 1;
  const m = /^-([2-9]|[1-9][0-9]+)$/.exec(name.slice(s.length));
  return name.startsWith(s) && m ? Number(m[1]) : null;
}

/** An initial issue: the bill as it is. */
export function initialIssue(bill: Bill, replaces: unknown = null): IssueInfo {
  return {
    issue: 1,
    kind: 'initial',
    previous: [],
    completes: new Map(),
    replaces,
    invoiceChanges: new Map(),
    subsidyChanges: new Map(),
    allMembers: bill.members.map((total) => ({ total, notice: true })),
  };
}

function sameAllocations(a: readonly Allocation[], b: readonly Allocation[]): boolean {
  const cents = (x: readonly Allocation[]) => new Map(x.filter((y) => y.cents !== 0n).map((y) => [y.member, y.cents]));
  const ma = cents(a);
  const mb = cents(b);
  if (ma.size !== mb.size) return false;
  for (const [k, v] of ma) if (mb.get(k) !== v) return false;
  return true;
}

/** after − before, member by member (members of `after` first, in its order, then those only in `before`). */
function diffAllocations(before: readonly Allocation[], after: readonly Allocation[]): Allocation[] {
  const out: Allocation[] = [];
  const seen = new Set<string>();
  const one = (member: string, pct: string, cents: bigint): Allocation => ({ member, pct, exact: new Decimal(cents.toString()), floor: 0n, remainder: ZERO, extra: 0n, cents });
  for (const a of after) {
    seen.add(a.member);
    out.push(one(a.member, a.pct, a.cents - (before.find((b) => b.member === a.member)?.cents ?? 0n)));
  }
  for (const b of before) if (!seen.has(b.member)) out.push(one(b.member, b.pct, -b.cents));
  return out;
}

/** The difference after − before of one invoice, shaped as an invoice share (its figures are differences). */
function invoiceDifference(before: InvoiceShare | null, after: InvoiceShare | null): InvoiceShare {
  const base = (after ?? before)!;
  const b = before?.priced;
  const a = after?.priced;
  return {
    priced: { ...base.priced, ht: (a?.ht ?? 0n) - (b?.ht ?? 0n), vat: (a?.vat ?? 0n) - (b?.vat ?? 0n), ttc: (a?.ttc ?? 0n) - (b?.ttc ?? 0n) },
    key: base.key,
    ht: diffAllocations(before?.ht ?? [], after?.ht ?? []),
    ttc: diffAllocations(before?.ttc ?? [], after?.ttc ?? []),
  };
}

function subsidyDifference(before: SubsidyShare | null, after: SubsidyShare | null): SubsidyShare {
  const base = (after ?? before)!;
  return { ...base, amount: (after?.amount ?? 0n) - (before?.amount ?? 0n), shares: diffAllocations(before?.shares ?? [], after?.shares ?? []) };
}

function changeOf<T>(before: T | undefined, after: T | undefined, same: (b: T, a: T) => boolean): Change | null {
  if (before === undefined) return 'added';
  if (after === undefined) return 'removed';
  return same(before, after) ? null : 'changed';
}

const sameInvoice = (b: InvoiceShare, a: InvoiceShare) =>
  b.priced.ht === a.priced.ht && b.priced.vat === a.priced.vat && b.priced.ttc === a.priced.ttc && sameAllocations(b.ht, a.ht) && sameAllocations(b.ttc, a.ttc);
const sameSubsidy = (b: SubsidyShare, a: SubsidyShare) => b.amount === a.amount && sameAllocations(b.shares, a.shares);

/**
 * The items (invoices or subsidies) that differ between two computations of a
 * semester, in the order of `unionIds`: each one's change, and the difference
 * to bill.
 */
function differences<T>(
  before: readonly T[],
  after: readonly T[],
  id: (x: T) => string,
  same: (b: T, a: T) => boolean,
  difference: (b: T | null, a: T | null) => T,
): { changes: Map<string, ItemChange<T>>; items: T[] } {
  const changes = new Map<string, ItemChange<T>>();
  const items: T[] = [];
  const b = new Map(before.map((x) => [id(x), x]));
  const a = new Map(after.map((x) => [id(x), x]));
  for (const key of unionIds(before, after, id)) {
    const was = b.get(key);
    const now = a.get(key);
    const change = changeOf(was, now, same);
    if (change === null) continue;
    changes.set(key, { change, before: was ?? null, after: now ?? null });
    items.push(difference(was ?? null, now ?? null));
  }
  return { changes, items };
}

/** Ids in a stable order: those of `after` in its order, then those only in `before`, in theirs. */
function unionIds<T>(before: readonly T[], after: readonly T[], id: (x: T) => string): string[] {
  const ids = after.map(id);
  const seen = new Set(ids);
  for (const x of before) if (!seen.has(id(x))) ids.push(id(x));
  return ids;
}

/**
 * A supplementary issue: the difference between the semester's figures now
 * (`after`) and the sum of its earlier issues (`before`, the semester as the
 * latest issue billed it). Returns the difference as a bill (its invoices,
 * subsidies, members and totals are differences; its members are those whose
 * figures changed, each of which gets a notice) and the issue's description;
 * `changed` is false when no member's figures differ: nothing is to be issued.
 */
export function supplementaryIssue(
  config: Config,
  before: Bill,
  after: Bill,
  issue: number,
  previous: IssueInfo['previous'],
  completes: ReadonlyMap<string, readonly string[]>,
  replaces: unknown = null,
): { changed: boolean; bill: Bill; info: IssueInfo } {
  const { changes: invoiceChanges, items: invoices } = differences(before.invoices, after.invoices, (i) => i.priced.invoice.id, sameInvoice, invoiceDifference);
  const { changes: subsidyChanges, items: subsidies } = differences(before.subsidies, after.subsidies, (x) => x.subsidy.id, sameSubsidy, subsidyDifference);
  const allMembers: IssueInfo['allMembers'] = [];
  for (const m of config.members) {
    const b = before.members.find((x) => x.member.id === m.id);
    const a = after.members.find((x) => x.member.id === m.id);
    if (!a && !b) continue;
    const d = (f: (t: MemberTotal) => bigint) => (a ? f(a) : 0n) - (b ? f(b) : 0n);
    const total: MemberTotal = { member: m, shareHt: d((t) => t.shareHt), shareVat: d((t) => t.shareVat), shareTtc: d((t) => t.shareTtc), subsidies: d((t) => t.subsidies), net: d((t) => t.net) };
    allMembers.push({ total, notice: total.shareHt !== 0n || total.shareTtc !== 0n || total.subsidies !== 0n });
  }
  const members = allMembers.filter((m) => m.notice).map((m) => m.total);
  const sum = (f: (m: MemberTotal) => bigint) => members.reduce((acc, m) => acc + f(m), 0n);
  const bill: Bill = {
    ...after,
    invoices,
    subsidies,
    members,
    totals: { ht: sum((m) => m.shareHt), vat: sum((m) => m.shareVat), ttc: sum((m) => m.shareTtc), subsidies: sum((m) => m.subsidies), net: sum((m) => m.net) },
  };
  return {
    changed: members.length > 0,
    bill,
    info: { issue, kind: 'supplementary', previous, completes, replaces, invoiceChanges, subsidyChanges, allMembers },
  };
}

/** One member's figures in one contract year. */
export interface YearFigures {
  year: number;
  shareHt: bigint;
  shareTtc: bigint;
  subsidies: bigint;
}

/**
 * Each member's figures by contract year: invoices by the contract year of
 * their service month, subsidies by that of their key date (a key date after
 * the contract's end counts in its last year).
 */
export function memberYears(config: Config, bill: Bill): Map<string, Map<number, YearFigures>> {
  const years = contractYears(config.contract);
  const last = years[years.length - 1]?.year ?? 1;
  const out = new Map<string, Map<number, YearFigures>>();
  const at = (member: string, year: number): YearFigures => {
    let m = out.get(member);
    if (!m) out.set(member, (m = new Map()));
    let y = m.get(year);
    if (!y) m.set(year, (y = { year, shareHt: 0n, shareTtc: 0n, subsidies: 0n }));
    return y;
  };
  for (const inv of bill.invoices) {
    const year = inv.priced.contractYear;
    for (const a of inv.ht) at(a.member, year).shareHt += a.cents;
    for (const a of inv.ttc) at(a.member, year).shareTtc += a.cents;
  }
  for (const s of bill.subsidies) {
    const year = contractYearOfDate(config.contract, s.keyDate) ?? (s.keyDate < config.contract.start ? 1 : last);
    for (const a of s.shares) at(a.member, year).subsidies += a.cents;
  }
  return out;
}

/**
 * Each member's figures by year in an issue: after − before (before null for
 * an initial issue), zero years left out, by year. Computed once for all
 * members: `issueYears(config, before, after)('vilogia')`.
 */
export function issueYears(config: Config, before: Bill | null, after: Bill): (member: string) => YearFigures[] {
  const afterYears = memberYears(config, after);
  const beforeYears = before ? memberYears(config, before) : new Map<string, Map<number, YearFigures>>();
  return (member) => {
    const a = afterYears.get(member) ?? new Map<number, YearFigures>();
    const b = beforeYears.get(member) ?? new Map<number, YearFigures>();
    const years = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
    const out: YearFigures[] = [];
    for (const year of years) {
      const x = a.get(year);
      const y = b.get(year);
      const f: YearFigures = {
        year,
        shareHt: (x?.shareHt ?? 0n) - (y?.shareHt ?? 0n),
        shareTtc: (x?.shareTtc ?? 0n) - (y?.shareTtc ?? 0n),
        subsidies: (x?.subsidies ?? 0n) - (y?.subsidies ?? 0n),
      };
      if (f.shareHt !== 0n || f.shareTtc !== 0n || f.subsidies !== 0n) out.push(f);
    }
    return out;
  };
}

/**
 * The issue-date rules (SPEC §5): an issue may not be dated before a payment
 * or a subsidy it bills (an error), nor before an earlier issue of the
 * semester (an error); dated before the semester's last day it is allowed,
 * with the warning `semester-open`.
 */
export function issueDateProblems(bill: Bill, issuedOn: IsoDate, previous: IssueInfo['previous']): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inv of bill.invoices) {
    const paid = inv.priced.invoice.paidOn;
    if (paid !== null && paid > issuedOn) {
      out.push(error('issued-before-payment', `invoice ${inv.priced.invoice.id} was paid on ${paid}, after the issue date ${issuedOn}: a notice cannot bill a payment not yet made (check --issued-on)`, { file: inv.priced.invoice.src.file, line: inv.priced.invoice.src.line }, { values: { invoice: inv.priced.invoice.id, paid, issued: issuedOn }, variant: 'invoice' }));
    }
  }
  for (const s of bill.subsidies) {
    if (s.subsidy.receivedOn > issuedOn) {
      out.push(error('issued-before-payment', `subsidy ${s.subsidy.id} was received on ${s.subsidy.receivedOn}, after the issue date ${issuedOn}: a notice cannot deduct it yet (check --issued-on)`, { file: s.subsidy.src.file, line: s.subsidy.src.line }, { values: { subsidy: s.subsidy.id, received: s.subsidy.receivedOn, issued: issuedOn }, variant: 'subsidy' }));
    }
  }
  const latest = previous[previous.length - 1];
  if (latest && latest.issuedOn > issuedOn) {
    out.push(error('issued-before-previous', `issue ${latest.issue} of ${semesterName(bill.semester)} was issued on ${latest.issuedOn}, after the issue date ${issuedOn}: issues follow one another (check --issued-on)`, {}, { values: { issue: latest.issue, semester: semesterName(bill.semester), previous: latest.issuedOn, issued: issuedOn } }));
  }
  const end = semesterEnd(bill.semester);
  if (issuedOn < end) {
    out.push(warning('semester-open', `issued on ${issuedOn}, before the end of ${semesterName(bill.semester)} (${end}): invoices paid after that date will go into a supplementary issue`, {}, { values: { issued: issuedOn, semester: semesterName(bill.semester), end } }));
  }
  return out;
}

/** A signed amount for a person: `+12.34` or `-5.00`. */
export function signedCents(cents: bigint): string {
  return cents > 0n ? `+${formatCents(cents)}` : formatCents(cents);
}
