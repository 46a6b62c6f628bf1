/**
 * `medcoop explain`: the derivation of every figure of a semester, in words
 * and numbers, in the order a person checks it. It reads the very `Bill` that
 * `bill` writes from: one computation, two renderings.
 */
import type { Allocation } from '../core/allocate.js';
import type { Bill, InvoiceShare, SubsidyShare } from '../core/bill.js';
import { formatCents, formatDecimal, formatScaled, type Decimal } from '../core/exact.js';
import type { Config, IndexRow } from '../core/model.js';
import type { PassedOver, YearRevision } from '../core/revision.js';
import { semesterEnd, semesterName, semesterStart } from '../core/semester.js';
import type { Say } from '../i18n/en.js';
import { andList } from '../i18n/list.js';

export interface ExplainFilter {
  /** The issue date is today's, by default: said, as `bill` says it. */
  issuedToday?: boolean;
  member?: string;
  invoice?: string;
}

/** An amount in cents, as euros: exact when it stops within 6 places, else with "…". */
function euros(r: Decimal): string {
  const f = formatDecimal(r.div(100), 6);
  if (!f.exact) return `${f.text}…`;
  const dot = f.text.indexOf('.');
  if (dot < 0) return `${f.text}.00`;
  return f.text.length - dot - 1 < 2 ? `${f.text}0` : f.text;
}

function num(r: Decimal, places = 10): string {
  const f = formatDecimal(r, places);
  return f.exact ? f.text : `${f.text}…`;
}

function passedOverLines(say: Say, rows: readonly PassedOver[], indent: string): string[] {
  const { t, day, decimal } = say;
  if (rows.length === 0) return [`${indent}${t('explain.noOther')}`];
  const reason = (p: PassedOver) => t(p.reason === 'published-after-cutoff' ? 'explain.afterCutoff' : 'explain.olderVintage');
  const shown = rows
    .slice(0, 4)
    .map((p) => `${indent}${t('explain.passedOver', { period: p.row.period, value: decimal(p.row.value), date: day(p.row.publishedOn), where: `${p.row.src.file}:${p.row.src.line}`, reason: reason(p) })}`);
  if (rows.length > 4) {
    const rest = rows.slice(4);
    const after = rest.filter((p) => p.reason === 'published-after-cutoff').length;
    shown.push(`${indent}${t('explain.laterRows', { count: rest.length, all: after === rest.length ? t('explain.allAfter', { count: after }) : '' })}`);
  }
  return shown;
}

/** The note said when estimated publication dates decided which index values a revision used (revise, explain). */
export function estimateNote(say: Say, rows: readonly IndexRow[]): string {
  const list = rows.map((r) => say.t('explain.estimatedRow', { period: r.period, value: say.decimal(r.value), date: say.day(r.publishedOn) })).join(', ');
  return say.t('explain.estimateNote', { list });
}

export function explainRevision(say: Say, config: Config, r: YearRevision): string[] {
  const { t, day, decimal } = say;
  const out: string[] = [];
  out.push(t('explain.year', { year: r.year, start: day(r.start), end: day(r.end) }));
  if (r.cutoff === null || !r.I || !r.I0 || !r.ratio) {
    out.push(t('explain.year1'));
  } else {
    const rev = config.revision;
    const knownOn = t(rev.knownOn === 'month-end' ? 'explain.knownOn.monthEnd' : 'explain.knownOn.revisionDate');
    out.push(t('explain.revisedOn', { start: day(r.start), cutoff: day(r.cutoff), knownOn }));
    out.push(t('explain.I', { value: decimal(r.I.row.value), period: r.I.row.period, date: day(r.I.row.publishedOn), where: `${r.I.row.src.file}:${r.I.row.src.line}` }));
    out.push(...passedOverLines(say, r.passedOverI, '       '));
    const base = rev.base.rule === 'month' ? t('explain.base.month', { month: rev.base.month }) : t('explain.base.knownOn', { date: day(r.I0.knownOn), month: rev.base.month });
    out.push(t('explain.I0', { value: decimal(r.I0.row.value), period: r.I0.row.period, date: day(r.I0.row.publishedOn), where: `${r.I0.row.src.file}:${r.I0.row.src.line}`, base }));
    out.push(...passedOverLines(say, r.passedOverI0, '       '));
    if (r.decidedByEstimate.length > 0) out.push(`  ${estimateNote(say, r.decidedByEstimate)}`);
    out.push(`  I / I0 = ${decimal(r.I.row.value)} / ${decimal(r.I0.row.value)} = ${decimal(num(r.ratio, 12))}`);
    out.push(t('explain.cExact', { fixed: decimal(rev.fixed), variable: decimal(rev.variable), c: decimal(num(r.coefficientExact, 12)) }));
    const ro = rev.rounding;
    if (ro.target === 'none') out.push(t('explain.cNone'));
    else out.push(t(ro.target === 'ratio' ? 'explain.cRoundedRatio' : 'explain.cRounded', { c: decimal(num(r.coefficient, 12)), mode: t(`rounding.mode.${ro.mode}`), decimals: ro.decimals, count: ro.decimals }));
  }
  for (const p of r.prices) {
    out.push(t('explain.price', { code: p.code, p0: decimal(p.p0), exact: decimal(euros(p.exact.times(100))), price: decimal(formatCents(p.price)) }));
  }
  return out;
}

function allocationLines(say: Say, label: string, total: bigint, shares: readonly Allocation[], filter: ExplainFilter): string[] {
  const { t, decimal } = say;
  const c = (v: bigint) => decimal(formatCents(v));
  const out: string[] = [`    ${t('explain.shared', { label, total: c(total), negative: total < 0n ? t('explain.negative') : '' })}`];
  for (const a of shares) {
    if (filter.member && a.member !== filter.member) continue;
    const rem = formatDecimal(a.remainder.div(100), 6);
    out.push(
      `      ${t('explain.share', {
        member: a.member,
        pct: decimal(a.pct),
        total: c(total < 0n ? -total : total),
        exact: decimal(euros(total < 0n ? a.exact.negated() : a.exact)),
        floor: decimal(formatScaled(a.floor, 2)),
        remainder: `${decimal(rem.text)}${rem.exact ? '' : '…'}`,
        extra: a.extra > 0n ? t('explain.extraCent', { cent: decimal('0.01') }) : '',
        cents: c(a.cents),
      })}`,
    );
  }
  const leftovers = shares.filter((a) => a.extra > 0n).map((a) => a.member);
  out.push(`      ${t('explain.leftovers', { count: leftovers.length, which: leftovers.length === 0 ? t('explain.leftoversNone') : t('explain.leftoversTo', { count: leftovers.length, members: andList(t, leftovers) }) })}`);
  return out;
}

function explainInvoice(say: Say, inv: InvoiceShare, filter: ExplainFilter): string[] {
  const { t, day, decimal } = say;
  const c = (v: bigint) => decimal(formatCents(v));
  const p = inv.priced;
  const i = p.invoice;
  const out: string[] = [];
  out.push(t('explain.invoice', { id: i.id, month: i.serviceMonth, year: p.contractYear, received: day(i.receivedOn), paid: day(i.paidOn ?? '') }));
  for (const l of p.lines) {
    out.push(`    ${t('explain.line', { where: `${l.line.src.file}:${l.line.src.line}`, code: l.line.priceCode, quantity: decimal(l.line.quantity), unit: c(l.unitPrice), exact: decimal(euros(l.exact)), ht: c(l.ht), vat: decimal(l.vatPct), label: l.line.label ? ` — ${l.line.label}` : '' })}`);
  }
  for (const r of p.rates) {
    out.push(`    ${t('explain.vatRate', { pct: decimal(r.vatPct), ht: c(r.ht), exact: decimal(euros(r.vatExact)), vat: c(r.vat) })}`);
  }
  out.push(`    ${t('explain.invoiceTotal', { ht: c(p.ht), vat: c(p.vat), ttc: c(p.ttc) })}`);
  out.push(`    ${t('explain.key', { year: p.contractYear, from: day(inv.key.from), shares: inv.key.shares.map((s) => `${s.member} ${decimal(s.pct)} %`).join(', ') })}`);
  out.push(...allocationLines(say, 'HT', p.ht, inv.ht, filter));
  out.push(...allocationLines(say, 'TTC', p.ttc, inv.ttc, filter));
  for (const a of inv.ttc) {
    if (filter.member && a.member !== filter.member) continue;
    const ht = inv.ht.find((h) => h.member === a.member)!;
    out.push(`      ${t('explain.vatShare', { member: a.member, ttc: c(a.cents), ht: c(ht.cents), vat: c(a.cents - ht.cents) })}`);
  }
  return out;
}

function explainSubsidy(say: Say, s: SubsidyShare, filter: ExplainFilter): string[] {
  const { t, day, decimal } = say;
  const sub = s.subsidy;
  const out = [
    t('explain.subsidy', {
      id: sub.id,
      grantor: sub.grantor,
      received: day(sub.receivedOn),
      amount: decimal(formatCents(s.amount)),
      keyDate: day(s.keyDate),
      receipt: sub.keyDate === null ? t('explain.itsReceipt') : '',
      from: day(s.key.from),
      deducted: sub.semester !== null ? t('explain.inSemester', { semester: sub.semester }) : t('explain.receiptSemester'),
    }),
  ];
  out.push(...allocationLines(say, t('explain.amount'), s.amount, s.shares, filter));
  return out;
}

/** The derivation for a terminal, in the language `say` speaks. */
export function renderExplain(config: Config, bill: Bill, filter: ExplainFilter, say: Say): string {
  const { t, day, decimal } = say;
  const c = (v: bigint) => decimal(formatCents(v));
  const out: string[] = [];
  const sem = semesterName(bill.semester);
  out.push(t('explain.semester', { semester: sem, start: day(semesterStart(bill.semester)), end: day(semesterEnd(bill.semester)), issued: day(bill.issuedOn), today: filter.issuedToday ? t('explain.today') : '', due: day(bill.dueOn), days: config.paymentDays }));
  const invoices = bill.invoices.filter((i) => (!filter.invoice || i.priced.invoice.id === filter.invoice) && (!filter.member || i.ttc.some((a) => a.member === filter.member)));
  const years = [...new Set(invoices.map((i) => i.priced.contractYear))].sort((a, b) => a - b);
  out.push('', t('explain.h1'));
  if (years.length === 0) out.push(t('explain.noRevision'));
  for (const y of years) out.push('', ...explainRevision(say, config, bill.revisions.get(y)!));
  out.push('', t('explain.h2'));
  if (invoices.length === 0) out.push(t('explain.none'));
  for (const inv of invoices) out.push('', ...explainInvoice(say, inv, filter));
  if (bill.pending.length > 0 && !filter.invoice) {
    out.push('', t('explain.notBilledList', { end: day(semesterEnd(bill.semester)), ids: bill.pending.map((i) => i.id).join(', ') }));
  }
  if (!filter.invoice) {
    out.push('', t('explain.h3'));
    const subs = bill.subsidies.filter((s) => !filter.member || s.shares.some((a) => a.member === filter.member));
    if (subs.length === 0) out.push(t('explain.none'));
    for (const s of subs) out.push('', ...explainSubsidy(say, s, filter));
    out.push('', t('explain.h4'));
    for (const m of bill.members) {
      if (filter.member && m.member.id !== filter.member) continue;
      out.push(t('explain.member', { id: m.member.id, name: m.member.name, ht: c(m.shareHt), vat: c(m.shareVat), ttc: c(m.shareTtc), subsidies: c(m.subsidies), net: c(m.net), credit: m.net < 0n ? t('explain.credit') : '', due: day(bill.dueOn) }));
    }
    if (!filter.member) {
      const tt = bill.totals;
      out.push(t('explain.total', { ttc: c(tt.ttc), subsidies: c(tt.subsidies), net: c(tt.net) }));
    }
  }
  return `${out.join('\n')}\n`;
}
