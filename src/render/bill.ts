/**
 * The outputs of a semester billing run: the recap of invoices paid
 * (`recap.csv`), one notice per member (`notice-<id>.csv`) and the `--json`
 * document of SPEC §4.1. Pure: strings in, strings out.
 */
import type { Bill, MemberTotal } from '../core/bill.js';
import { formatCents, showRational } from '../core/exact.js';
import type { Config, Dialect } from '../core/model.js';
import { semesterName } from '../core/semester.js';
import { amount, date, decimal, EMPTY, integer, renderTable, text, type Cell, type Column } from './table.js';

function col(en: string, fr: string): Column {
  return { en, fr };
}

export function recapColumns(config: Config, bill: Bill): Column[] {
  return [
    col('status', 'statut'),
    col('invoice_id', 'facture'),
    col('service_month', 'mois_de_service'),
    col('contract_year', 'annee_du_marche'),
    col('received_on', 'recue_le'),
    col('paid_on', 'payee_le'),
    col('coefficient', 'coefficient'),
    col('ht', 'montant_ht'),
    col('vat', 'tva'),
    col('ttc', 'montant_ttc'),
    ...recapMembers(config, bill).map((m) => col(`ttc_${m.id}`, `ttc_${m.id}`)),
  ];
}

function recapMembers(config: Config, bill: Bill) {
  const ids = new Set(bill.members.map((m) => m.member.id));
  return config.members.filter((m) => ids.has(m.id));
}

export function renderRecap(config: Config, bill: Bill, dialect: Dialect): string {
  const members = recapMembers(config, bill);
  const rows: Cell[][] = [];
  for (const inv of bill.invoices) {
    const p = inv.priced;
    rows.push([
      text('paid'), text(p.invoice.id), text(p.invoice.serviceMonth), integer(p.contractYear),
      date(p.invoice.receivedOn), date(p.invoice.paidOn), decimal(showRational(p.coefficient)),
      amount(p.ht), amount(p.vat), amount(p.ttc),
      ...members.map((m) => {
        const a = inv.ttc.find((x) => x.member === m.id);
        return a ? amount(a.cents) : EMPTY;
      }),
    ]);
  }
  for (const inv of bill.pending) {
    rows.push([
      text('pending'), text(inv.id), text(inv.serviceMonth), EMPTY, date(inv.receivedOn), date(inv.paidOn),
      EMPTY, EMPTY, EMPTY, EMPTY, ...members.map(() => EMPTY),
    ]);
  }
  rows.push([
    text('total'), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
    amount(bill.totals.ht), amount(bill.totals.vat), amount(bill.totals.ttc),
    ...members.map((m) => amount(bill.members.find((t) => t.member.id === m.id)!.shareTtc)),
  ]);
  return renderTable(recapColumns(config, bill), rows, dialect);
}

export const NOTICE_COLUMNS: Column[] = [
  col('type', 'nature'),
  col('reference', 'reference'),
  col('description', 'libelle'),
  col('service_month', 'mois_de_service'),
  col('date', 'date'),
  col('key_pct', 'cle_pct'),
  col('base_ht', 'base_ht'),
  col('base_ttc', 'base_ttc'),
  col('share_ht', 'part_ht'),
  col('share_vat', 'part_tva'),
  col('share_ttc', 'part_ttc'),
];

function invoiceDescription(inv: Bill['invoices'][number]): string {
  const label = inv.priced.invoice.lines.find((l) => l.label !== '')?.label;
  return label ?? `Facture ${inv.priced.invoice.id}`;
}

export function renderNotice(bill: Bill, member: MemberTotal, dialect: Dialect): string {
  const id = member.member.id;
  const rows: Cell[][] = [];
  for (const inv of bill.invoices) {
    const ht = inv.ht.find((a) => a.member === id);
    const ttc = inv.ttc.find((a) => a.member === id);
    if (!ht || !ttc) continue;
    const p = inv.priced;
    rows.push([
      text('invoice'), text(p.invoice.id), text(invoiceDescription(inv)), text(p.invoice.serviceMonth), date(p.invoice.paidOn),
      decimal(ht.pct), amount(p.ht), amount(p.ttc), amount(ht.cents), amount(ttc.cents - ht.cents), amount(ttc.cents),
    ]);
  }
  rows.push([
    text('total'), EMPTY, text(`Total des parts — ${semesterName(bill.semester)}`), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
    amount(member.shareHt), amount(member.shareVat), amount(member.shareTtc),
  ]);
  for (const s of bill.subsidies) {
    const a = s.shares.find((x) => x.member === id);
    if (!a) continue;
    rows.push([
      text('subsidy'), text(s.subsidy.id), text(s.subsidy.grantor), EMPTY, date(s.subsidy.receivedOn),
      decimal(a.pct), EMPTY, amount(s.amount), EMPTY, EMPTY, amount(-a.cents),
    ]);
  }
  const credit = member.net < 0n;
  rows.push([
    text('net'), EMPTY, text(credit ? 'Crédit en faveur du membre (à rembourser par le coordonnateur)' : 'Net à payer'), EMPTY, date(bill.dueOn),
    EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, amount(member.net),
  ]);
  return renderTable(NOTICE_COLUMNS, rows, dialect);
}

export function noticeFileName(memberId: string): string {
  return `notice-${memberId}.csv`;
}

/** The `--json` document of SPEC §4.1. Amounts are strings with two decimals. */
export function billJson(bill: Bill): unknown {
  return {
    semester: semesterName(bill.semester),
    issued_on: bill.issuedOn,
    due_on: bill.dueOn,
    invoices: bill.invoices.map((i) => ({
      id: i.priced.invoice.id,
      service_month: i.priced.invoice.serviceMonth,
      contract_year: i.priced.contractYear,
      received_on: i.priced.invoice.receivedOn,
      paid_on: i.priced.invoice.paidOn,
      coefficient: showRational(i.priced.coefficient),
      ht: formatCents(i.priced.ht),
      vat: formatCents(i.priced.vat),
      ttc: formatCents(i.priced.ttc),
    })),
    subsidies: bill.subsidies.map((s) => ({ id: s.subsidy.id, amount: formatCents(s.amount), key_date: s.keyDate })),
    members: bill.members.map((m) => ({
      id: m.member.id,
      share_ht: formatCents(m.shareHt),
      share_vat: formatCents(m.shareVat),
      share_ttc: formatCents(m.shareTtc),
      subsidies: formatCents(m.subsidies),
      net: formatCents(m.net),
    })),
    totals: {
      ht: formatCents(bill.totals.ht),
      vat: formatCents(bill.totals.vat),
      ttc: formatCents(bill.totals.ttc),
      subsidies: formatCents(bill.totals.subsidies),
      net: formatCents(bill.totals.net),
    },
    pending: bill.pending.map((i) => ({ id: i.id, service_month: i.serviceMonth, received_on: i.receivedOn, paid_on: i.paidOn })),
    warnings: bill.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}
