/**
 * The semester billing run (SPEC §2.5–2.8): the invoices paid in the
 * semester, priced, each shared by the key of its service month's contract
 * year; the semester's subsidies shared by the key on their key date; and per
 * member, its shares, deductions and net. Pure: no files, no clock.
 */
import { allocateCents, allocateLargestRemainder, keyedAllocations, keyPlan, type Allocation, type KeyPlan } from './allocate.js';
import { contractYearOfMonth, keyInForce } from './contract.js';
import { addDays, dayNumber, LAST_DATE, monthOf, type IsoDate } from './dates.js';
import { error, hasErrors, type Diagnostic } from './diagnostic.js';
import { BigIntSlots, centsOf, decimal } from './exact.js';
import { lateInterest } from './interest.js';
import { invoicedMismatch, isPending, lastServiceMonth, lateInvoice, latePayment, missingMonths, negativeQuantity, pending } from './controls.js';
import { InvoicePricer, priceInvoice, type PricedInvoice } from './invoice.js';
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

/**
 * A semester in which no invoice was paid and no subsidy is deducted: billing
 * it would write an empty recap and notices of nothing (issue 13). Null when
 * there is something to bill.
 */
export function nothingToBill(bill: Bill): Diagnostic | null {
  if (bill.invoices.length > 0 || bill.subsidies.length > 0) return null;
  const s = semesterName(bill.semester);
  const pending = bill.pending.length > 0 ? `; ${bill.pending.length} received invoice${bill.pending.length === 1 ? ' is' : 's are'} not paid in it (see the pending warnings)` : '';
  const values = { semester: s, count: bill.pending.length };
  return error('nothing-to-bill', `nothing to bill in ${s}: no invoice was paid in it and no subsidy is deducted in it${pending}`, {}, { values, variant: bill.pending.length > 0 ? 'pending' : 'none' });
}

/** The semesters a workspace can bill: from the contract's start to the one after its end. */
export function billableSemesters(ws: Workspace): { first: Semester; last: Semester } {
  return { first: semesterOf(ws.config.contract.start), last: nextSemester(semesterOf(ws.config.contract.end)) };
}

export function subsidySemester(s: Subsidy): Semester {
  return (s.semester !== null ? parseSemester(s.semester) : null) ?? semesterOf(s.receivedOn);
}

/**
 * Subsidies no semester can ever bill (their semester is outside the
 * billable ones): an error for check AND for every bill, since a bill that
 * went ahead would never deduct them.
 */
export function unbillableSubsidies(ws: Workspace): Diagnostic[] {
  const { first, last } = billableSemesters(ws);
  const out: Diagnostic[] = [];
  for (const s of ws.subsidies) {
    const sem = subsidySemester(s);
    if (compareSemesters(sem, first) < 0 || compareSemesters(sem, last) > 0) {
      out.push(error('bad-semester', `subsidy ${s.id}: its semester ${semesterName(sem)} is outside the billable semesters ${semesterName(first)} to ${semesterName(last)}, so no bill would ever deduct it`, { file: s.src.file, line: s.src.line }, { values: { subsidy: s.id, semester: semesterName(sem), first: semesterName(first), last: semesterName(last) }, variant: 'subsidy' }));
    }
  }
  return out;
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

/**
 * How the invoices are priced and shared. Both give the same bill, byte for
 * byte once rendered (a test compares them on generated workspaces):
 * - `integer` (the default): integer arithmetic only (`InvoicePricer`,
 *   `allocateCents`), the exact decimals of each line and share computed
 *   only when an explanation reads them;
 * - `exact`: `priceInvoice` and `allocateLargestRemainder`, every value an
 *   exact decimal.js value from the start: the plain reading of the rules.
 */
export type BillPath = 'integer' | 'exact';

/** An invoice shared by the integer path: its allocations are rebuilt from the cents when read. */
class SharedInvoice implements InvoiceShare {
  constructor(
    readonly priced: PricedInvoice,
    readonly key: KeyDef,
    private readonly plan: KeyPlan,
    private readonly cents: BigIntSlots,
    private readonly extras: Uint8Array,
    /** Index of its first HT share; its TTC shares follow the HT ones, in key order. */
    private readonly at: number,
  ) {}
  get ht(): Allocation[] {
    return keyedAllocations(this.priced.ht, this.plan, this.cents, this.extras, this.at);
  }
  get ttc(): Allocation[] {
    return keyedAllocations(this.priced.ttc, this.plan, this.cents, this.extras, this.at + this.plan.shares.length);
  }
  /** Adds its HT shares then TTC shares, in key order, to `sums`. */
  addTo(sums: bigint[]): void {
    for (let i = 0; i < sums.length; i++) sums[i]! += this.cents.get(this.at + i);
  }
}

/** Shares the invoices of the integer path: two allocations each, their cents in 64-bit slots. */
class Sharer {
  private readonly cents: BigIntSlots;
  private readonly extras: Uint8Array;
  private used = 0;
  constructor(invoices: number, members: number) {
    this.cents = new BigIntSlots(2 * members * invoices);
    this.extras = new Uint8Array(2 * members * invoices);
  }
  share(priced: PricedInvoice, key: KeyDef): SharedInvoice {
    const plan = keyPlan(key.shares);
    const n = plan.shares.length;
    const at = this.used;
    this.used += 2 * n;
    allocateCents(priced.ht, plan, this.cents, this.extras, at);
    allocateCents(priced.ttc, plan, this.cents, this.extras, at + n);
    return new SharedInvoice(priced, key, plan, this.cents, this.extras, at);
  }
}

export function billSemester(ws: Workspace, semester: Semester, issuedOn: IsoDate, path: BillPath = 'integer'): { bill: Bill | null; diagnostics: Diagnostic[] } {
  const { config } = ws;
  const { first, last } = billableSemesters(ws);
  if (compareSemesters(semester, first) < 0 || compareSemesters(semester, last) > 0) {
    return {
      bill: null,
      diagnostics: [
        error('semester-outside-contract', `${semesterName(semester)} is outside the contract: the semesters to bill run from ${semesterName(first)} to ${semesterName(last)} (the one after the contract's end settles the last invoices)`, {}, {
          values: { semester: semesterName(semester), first: semesterName(first), last: semesterName(last) },
        }),
      ],
    };
  }
  const lost = unbillableSubsidies(ws);
  if (lost.length > 0) return { bill: null, diagnostics: lost };
  const dueOn = addDays(issuedOn, config.paymentDays);
  if (dayNumber(issuedOn) + config.paymentDays > dayNumber(LAST_DATE)) {
    return { bill: null, diagnostics: [error('bad-issue-date', `issued on ${issuedOn}, the notices would be due on ${dueOn}, after ${LAST_DATE}: check the issue date`, {}, { values: { issued: issuedOn, due: dueOn, last: LAST_DATE } })] };
  }
  const start = semesterStart(semester);
  const end = semesterEnd(semester);
  const paid = ws.invoices.filter((i) => i.paidOn !== null && i.paidOn >= start && i.paidOn <= end).sort(byPaidThenId);
  const years = new Set<number>();
  for (const inv of paid) years.add(contractYearOfMonth(config.contract, inv.serviceMonth)!);
  const { revisions, diagnostics } = reviseYears(config, ws.index, years);
  if (hasErrors(diagnostics)) return { bill: null, diagnostics };

  const warnings: Diagnostic[] = [];
  const keyOfYear = new Map<number, KeyDef>();
  const pricer = path === 'integer' ? new InvoicePricer(config, revisions, paid.length) : null;
  const sharer = path === 'integer' ? new Sharer(paid.length, Math.max(0, ...config.keys.map((k) => k.shares.length))) : null;
  const mismatches: Diagnostic[] = [];
  const invoices: InvoiceShare[] = paid.map((inv) => {
    const priced = pricer ? pricer.price(inv, mismatches) : priceInvoice(inv, config, revisions);
    let key = keyOfYear.get(priced.contractYear);
    if (key === undefined) keyOfYear.set(priced.contractYear, (key = keyInForce(config.keys, revisions.get(priced.contractYear)!.start)!));
    const late = lateInvoice(inv);
    if (late) warnings.push(late);
    const slow = latePayment(inv, ws.rates ? lateInterest(inv, priced.ttc, ws.rates) : null);
    if (slow) warnings.push(slow);
    for (const w of negativeQuantity(inv)) warnings.push(w);
    if (pricer) {
      for (const w of mismatches) warnings.push(w);
      mismatches.length = 0;
      return sharer!.share(priced, key);
    }
    for (const w of invoicedMismatch(priced)) warnings.push(w);
    return { priced, key, ht: allocateLargestRemainder(priced.ht, key.shares), ttc: allocateLargestRemainder(priced.ttc, key.shares) };
  });

  const subsidies: SubsidyShare[] = [];
  const errors: Diagnostic[] = [];
  for (const s of [...ws.subsidies].sort(byId)) {
    if (compareSemesters(subsidySemester(s), semester) !== 0) continue;
    const keyDate = s.keyDate ?? s.receivedOn;
    const key = keyInForce(config.keys, keyDate);
    if (!key) {
      errors.push(error('no-key', `subsidy ${s.id}: no key is in force on ${keyDate} (the first key starts on ${config.keys[0]?.from})`, { file: s.src.file, line: s.src.line }, { values: { subsidy: s.id, date: keyDate, first: config.keys[0]?.from ?? '' } }));
      continue;
    }
    const amount = centsOf(s.amount);
    subsidies.push({ subsidy: s, amount, keyDate, key, shares: allocateLargestRemainder(amount, key.shares) });
  }
  if (errors.length > 0) return { bill: null, diagnostics: errors };

  const totals = new Map<string, MemberTotal>();
  const total = (id: string): MemberTotal => totals.get(id)!;
  // A member with a share (a key percentage above 0) in a key used by an invoice
  // or a subsidy of the semester gets a notice; a 0 % share is no share.
  const involved = new Set<string>();
  for (const key of new Set<KeyDef>([...invoices.map((i) => i.key), ...subsidies.map((s) => s.key)])) {
    for (const share of key.shares) if (decimal(share.pct).greaterThan(0)) involved.add(share.member);
  }
  for (const m of config.members) totals.set(m.id, { member: m, shareHt: 0n, shareVat: 0n, shareTtc: 0n, subsidies: 0n, net: 0n });
  if (pricer) {
    // Per key: the members' totals, summed in key order, then added once.
    const sums = new Map<KeyDef, bigint[]>();
    for (const inv of invoices as SharedInvoice[]) {
      let s = sums.get(inv.key);
      if (s === undefined) sums.set(inv.key, (s = new Array<bigint>(2 * inv.key.shares.length).fill(0n)));
      inv.addTo(s);
    }
    for (const [key, s] of sums) {
      const n = key.shares.length;
      key.shares.forEach((share, i) => {
        total(share.member).shareHt += s[i]!;
        total(share.member).shareTtc += s[n + i]!;
      });
    }
  } else {
    for (const inv of invoices) {
      for (const a of inv.ht) total(a.member).shareHt += a.cents;
      for (const a of inv.ttc) total(a.member).shareTtc += a.cents;
    }
  }
  for (const s of subsidies) {
    for (const a of s.shares) total(a.member).subsidies += a.cents;
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
      semester, issuedOn, dueOn,
      invoices, pending: pendingInvoices, subsidies, members,
      totals: { ht: sum((m) => m.shareHt), vat: sum((m) => m.shareVat), ttc: sum((m) => m.shareTtc), subsidies: sum((m) => m.subsidies), net: sum((m) => m.net) },
      revisions, warnings,
    },
    diagnostics: [],
  };
}
