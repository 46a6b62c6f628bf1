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

const REASON: Record<PassedOver['reason'], string> = {
  'published-after-cutoff': 'published after the cut-off',
  'older-vintage': 'an older vintage',
};

function passedOverLines(rows: readonly PassedOver[], indent: string): string[] {
  if (rows.length === 0) return [`${indent}no other row was in the running`];
  const shown = rows.slice(0, 4).map((p) => `${indent}passed over: ${p.row.period} = ${p.row.value}, published ${p.row.publishedOn} (${p.row.src.file}:${p.row.src.line}): ${REASON[p.reason]}`);
  if (rows.length > 4) {
    const rest = rows.slice(4);
    const after = rest.filter((p) => p.reason === 'published-after-cutoff').length;
    shown.push(`${indent}and ${rest.length} later row(s)${after === rest.length ? ', all published after the cut-off' : ''}`);
  }
  return shown;
}

/** The note said when estimated publication dates decided which index values a revision used (revise, explain). */
export function estimateNote(rows: readonly IndexRow[]): string {
  const list = rows.map((r) => `${r.period} (${r.value}, estimated ${r.publishedOn})`).join(', ');
  return `Note: estimated publication dates decided which values were used: ${list}; importing those releases with their real date (index import --published-on) confirms or changes this.`;
}

export function explainRevision(config: Config, r: YearRevision): string[] {
  const out: string[] = [];
  out.push(`Contract year ${r.year} (${r.start} to ${r.end})`);
  if (r.cutoff === null || !r.I || !r.I0 || !r.ratio) {
    out.push('  Year 1 is not revised: C = 1 exactly, every price is its P0.');
  } else {
    const rev = config.revision;
    const knownOn = rev.knownOn === 'month-end' ? "the last day of the revision date's month (known_on: month-end)" : 'the revision date itself (known_on: revision-date)';
    out.push(`  Revised on ${r.start}; cut-off ${r.cutoff}: only index values published on or before ${knownOn} count.`);
    out.push(`  I  = ${r.I.row.value}: period ${r.I.row.period}, published ${r.I.row.publishedOn} (${r.I.row.src.file}:${r.I.row.src.line}) — the latest period published by the cut-off, in its latest vintage published by then ("known at month n").`);
    out.push(...passedOverLines(r.passedOverI, '       '));
    const base = rev.base.rule === 'month'
      ? `the base month ${rev.base.month}, in its latest vintage published by the cut-off`
      : `the value known on ${r.I0.knownOn}, the first day of the base month ${rev.base.month}`;
    out.push(`  I0 = ${r.I0.row.value}: period ${r.I0.row.period}, published ${r.I0.row.publishedOn} (${r.I0.row.src.file}:${r.I0.row.src.line}) — ${base}.`);
    out.push(...passedOverLines(r.passedOverI0, '       '));
    if (r.decidedByEstimate.length > 0) out.push(`  ${estimateNote(r.decidedByEstimate)}`);
    out.push(`  I / I0 = ${r.I.row.value} / ${r.I0.row.value} = ${num(r.ratio, 12)}`);
    out.push(`  C exact = ${rev.fixed} + ${rev.variable} × I / I0 = ${num(r.coefficientExact, 12)}`);
    const ro = rev.rounding;
    if (ro.target === 'none') out.push('  C applied = C exact (rounding: none; the exact value is carried into every price).');
    else out.push(`  C applied = ${num(r.coefficient, 12)} (${ro.target === 'ratio' ? 'I / I0' : 'C'} rounded ${ro.mode} to ${ro.decimals} decimals${ro.target === 'ratio' ? ', then C = fixed + variable × rounded ratio' : ''}).`);
  }
  for (const p of r.prices) {
    out.push(`  ${p.code}: P = ${p.p0} × C = ${euros(p.exact.times(100))} → ${formatCents(p.price)} (to the cent, half away from zero)`);
  }
  return out;
}

function allocationLines(label: string, total: bigint, shares: readonly Allocation[], filter: ExplainFilter): string[] {
  const out: string[] = [`    ${label} ${formatCents(total)} shared by largest remainder${total < 0n ? ' (negative: shared as its absolute value, then negated)' : ''}:`];
  for (const a of shares) {
    if (filter.member && a.member !== filter.member) continue;
    const rem = formatDecimal(a.remainder.div(100), 6);
    out.push(`      ${a.member}: ${a.pct} % × ${formatCents(total < 0n ? -total : total)} = ${euros(total < 0n ? a.exact.negated() : a.exact)}; floor ${formatScaled(a.floor, 2)}, remainder ${rem.text}${rem.exact ? '' : '…'}${a.extra > 0n ? ', + 0.01 (a leftover cent)' : ''} → ${formatCents(a.cents)}`);
  }
  const leftovers = shares.filter((a) => a.extra > 0n).map((a) => a.member);
  out.push(`      leftover cents: ${leftovers.length === 0 ? 'none' : `${leftovers.length}, to ${leftovers.join(', ')} (largest remainders; ties in the config's member order)`}`);
  return out;
}

function explainInvoice(inv: InvoiceShare, filter: ExplainFilter): string[] {
  const p = inv.priced;
  const i = p.invoice;
  const out: string[] = [];
  out.push(`${i.id}: service month ${i.serviceMonth} (contract year ${p.contractYear}), received ${i.receivedOn}, paid ${i.paidOn}`);
  for (const l of p.lines) {
    out.push(`    ${l.line.src.file}:${l.line.src.line}: ${l.line.priceCode} ${l.line.quantity} × ${formatCents(l.unitPrice)} = ${euros(l.exact)} → ${formatCents(l.ht)} HT at ${l.vatPct} %${l.line.label ? ` — ${l.line.label}` : ''}`);
  }
  for (const r of p.rates) {
    out.push(`    VAT at ${r.vatPct} %: ${formatCents(r.ht)} × ${r.vatPct} / 100 = ${euros(r.vatExact)} → ${formatCents(r.vat)}`);
  }
  out.push(`    HT ${formatCents(p.ht)} + VAT ${formatCents(p.vat)} = TTC ${formatCents(p.ttc)}`);
  out.push(`    Key in force for contract year ${p.contractYear}: the key from ${inv.key.from} (${inv.key.shares.map((s) => `${s.member} ${s.pct} %`).join(', ')})`);
  out.push(...allocationLines('HT', p.ht, inv.ht, filter));
  out.push(...allocationLines('TTC', p.ttc, inv.ttc, filter));
  for (const a of inv.ttc) {
    if (filter.member && a.member !== filter.member) continue;
    const ht = inv.ht.find((h) => h.member === a.member)!;
    out.push(`      ${a.member}: VAT share = TTC share − HT share = ${formatCents(a.cents)} − ${formatCents(ht.cents)} = ${formatCents(a.cents - ht.cents)}`);
  }
  return out;
}

function explainSubsidy(s: SubsidyShare, filter: ExplainFilter): string[] {
  const sub = s.subsidy;
  const out = [`${sub.id} (${sub.grantor}), received ${sub.receivedOn}, ${formatCents(s.amount)}: key date ${s.keyDate}${sub.keyDate === null ? ' (its receipt date)' : ''}, so the key from ${s.key.from}; deducted in ${sub.semester ?? 'the semester of its receipt'}`];
  out.push(...allocationLines('Amount', s.amount, s.shares, filter));
  return out;
}

export function renderExplain(config: Config, bill: Bill, filter: ExplainFilter = {}): string {
  const out: string[] = [];
  const sem = semesterName(bill.semester);
  out.push(`Semester ${sem}: the invoices paid from ${semesterStart(bill.semester)} to ${semesterEnd(bill.semester)}. Issued on ${bill.issuedOn}${filter.issuedToday ? ' (today: no --issued-on was given; set it with --issued-on to match the notices)' : ''}; due on ${bill.dueOn} (issue date + ${config.paymentDays} days).`);
  const invoices = bill.invoices.filter((i) => (!filter.invoice || i.priced.invoice.id === filter.invoice) && (!filter.member || i.ttc.some((a) => a.member === filter.member)));
  const years = [...new Set(invoices.map((i) => i.priced.contractYear))].sort((a, b) => a - b);
  out.push('', '1. Price revision (article 5.1): P = P0 × C, C = fixed + variable × I / I0');
  if (years.length === 0) out.push('  No invoice of this selection: no revision is involved.');
  for (const y of years) out.push('', ...explainRevision(config, bill.revisions.get(y)!));
  out.push('', '2. Invoices paid in the semester (sorted by payment date, then id): line HT, VAT per rate (EN 16931), TTC, and the shares');
  if (invoices.length === 0) out.push('  None.');
  for (const inv of invoices) out.push('', ...explainInvoice(inv, filter));
  if (bill.pending.length > 0 && !filter.invoice) {
    out.push('', `   Not billed (received but not paid by ${semesterEnd(bill.semester)}): ${bill.pending.map((i) => i.id).join(', ')}`);
  }
  if (!filter.invoice) {
    out.push('', '3. Subsidies deducted in this semester (article 5.2), shared by the key on their key date');
    const subs = bill.subsidies.filter((s) => !filter.member || s.shares.some((a) => a.member === filter.member));
    if (subs.length === 0) out.push('  None.');
    for (const s of subs) out.push('', ...explainSubsidy(s, filter));
    out.push('', '4. Per member: share TTC − subsidies = net (a negative net is a credit owed to the member)');
    for (const m of bill.members) {
      if (filter.member && m.member.id !== filter.member) continue;
      out.push(`  ${m.member.id} (${m.member.name}): HT ${formatCents(m.shareHt)} + VAT ${formatCents(m.shareVat)} = TTC ${formatCents(m.shareTtc)}; − subsidies ${formatCents(m.subsidies)} = net ${formatCents(m.net)}${m.net < 0n ? ' (a credit owed to the member)' : ''}, due ${bill.dueOn}`);
    }
    if (!filter.member) {
      const t = bill.totals;
      out.push(`  total: TTC ${formatCents(t.ttc)} − subsidies ${formatCents(t.subsidies)} = net ${formatCents(t.net)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
