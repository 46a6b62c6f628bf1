/**
 * The outputs of a semester billing run: the recap of invoices paid
 * (`recap.csv`), one notice per member (`notice-<id>.csv`) and the `--json`
 * document of SPEC §4.1. Pure: strings in, strings out.
 */
import type { Bill, MemberTotal } from '../core/bill.js';
import { formatCents, formatDecimal, showDecimal } from '../core/exact.js';
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
    col('label', 'libelle'),
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
  return renderTable(recapColumns(config, bill), recapRows(config, bill), dialect);
}

/** The recap's rows, one at a time: a big semester never holds all of them as cells at once. */
function* recapRows(config: Config, bill: Bill): Generator<Cell[]> {
  const members = recapMembers(config, bill);
  for (const inv of bill.invoices) {
    const p = inv.priced;
    yield [
      text('paid'), text(p.invoice.id), text(invoiceDescription(inv)), text(p.invoice.serviceMonth), integer(p.contractYear),
      date(p.invoice.receivedOn), date(p.invoice.paidOn), decimal(showDecimal(p.coefficient)),
      amount(p.ht), amount(p.vat), amount(p.ttc),
      ...members.map((m) => {
        const a = inv.ttc.find((x) => x.member === m.id);
        return a ? amount(a.cents) : EMPTY;
      }),
    ];
  }
  for (const inv of bill.pending) {
    yield [
      text('pending'), text(inv.id), text(inv.lines.find((l) => l.label !== '')?.label ?? `Facture ${inv.id}`), text(inv.serviceMonth), EMPTY, date(inv.receivedOn), date(inv.paidOn),
      EMPTY, EMPTY, EMPTY, EMPTY, ...members.map(() => EMPTY),
    ];
  }
  yield [
    text('total'), EMPTY, text(`Total des factures payées — ${semesterName(bill.semester)}`), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
    amount(bill.totals.ht), amount(bill.totals.vat), amount(bill.totals.ttc),
    ...members.map((m) => amount(bill.members.find((t) => t.member.id === m.id)!.shareTtc)),
  ];
  const width = 11 + members.length;
  for (const r of rules(config, bill)) yield [text('rule'), text(r.ref), text(r.text), ...Array<Cell>(width - 3).fill(EMPTY)];
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

export function renderNotice(config: Config, bill: Bill, member: MemberTotal, dialect: Dialect): string {
  return renderTable(NOTICE_COLUMNS, noticeRows(config, bill, member), dialect);
}

/** A notice's rows, one at a time. */
function* noticeRows(config: Config, bill: Bill, member: MemberTotal): Generator<Cell[]> {
  const id = member.member.id;
  yield [
    text('member'), text(id), text(`${member.member.name} — avis des sommes à payer, semestre ${semesterName(bill.semester)} (${config.name})`),
    EMPTY, date(bill.issuedOn), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
  ];
  for (const inv of bill.invoices) {
    const ht = inv.ht.find((a) => a.member === id);
    const ttc = inv.ttc.find((a) => a.member === id);
    if (!ht || !ttc) continue;
    const p = inv.priced;
    yield [
      text('invoice'), text(p.invoice.id), text(invoiceDescription(inv)), text(p.invoice.serviceMonth), date(p.invoice.paidOn),
      decimal(ht.pct), amount(p.ht), amount(p.ttc), amount(ht.cents), amount(ttc.cents - ht.cents), amount(ttc.cents),
    ];
  }
  yield [
    text('total'), EMPTY, text(`Total des parts — ${semesterName(bill.semester)}`), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
    amount(member.shareHt), amount(member.shareVat), amount(member.shareTtc),
  ];
  for (const s of bill.subsidies) {
    const a = s.shares.find((x) => x.member === id);
    if (!a) continue;
    yield [
      text('subsidy'), text(s.subsidy.id), text(s.subsidy.grantor), EMPTY, date(s.subsidy.receivedOn),
      decimal(a.pct), EMPTY, amount(s.amount), EMPTY, EMPTY, amount(-a.cents),
    ];
  }
  const credit = member.net < 0n;
  yield [
    text('net'), EMPTY, text(credit ? 'Crédit en faveur du membre (à rembourser par le coordonnateur)' : 'Net à payer'), EMPTY, date(bill.dueOn),
    EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, amount(member.net),
  ];
  for (const r of rules(config, bill)) yield [text('rule'), text(r.ref), text(r.text), ...Array<Cell>(NOTICE_COLUMNS.length - 3).fill(EMPTY)];
}

function approx(r: Parameters<typeof formatDecimal>[0]): string {
  const f = formatDecimal(r, 10);
  return f.exact ? f.text : `${f.text}…`;
}

/**
 * The rules a run used, in words, so that a reader without the tool can redo
 * the figures: one row each in the recap and in every notice.
 */
export function rules(config: Config, bill: Bill): { ref: string; text: string }[] {
  const out: { ref: string; text: string }[] = [];
  const rev = config.revision;
  out.push({ ref: 'semestre', text: `Semestre ${semesterName(bill.semester)} : factures acquittées (date de paiement) du ${bill.semester.half === 1 ? `01/01 au 30/06/${bill.semester.year}` : `01/07 au 31/12/${bill.semester.year}`} ; chaque facture est valorisée et répartie selon l'année du marché de son mois de service. Avis émis le ${bill.issuedOn}, payable au ${bill.dueOn} (${config.paymentDays} jours).` });
  out.push({ ref: 'revision', text: `Révision (art. 5.1) : P = P0 × (${rev.fixed} + ${rev.variable} × I / I0) ; l'année 1 n'est pas révisée (C = 1). I = dernière valeur de l'indice publiée à la date d'arrêt (dernière version publiée) ; I0 = ${rev.base.rule === 'month' ? `valeur du mois ${rev.base.month} (dernière version publiée à la date d'arrêt)` : `valeur connue au 1er jour du mois ${rev.base.month}`} ; date d'arrêt = ${rev.knownOn === 'month-end' ? 'dernier jour du mois de la date anniversaire' : 'date anniversaire'}.` });
  const years = [...new Set(bill.invoices.map((i) => i.priced.contractYear))].sort((a, b) => a - b);
  for (const y of years) {
    const r = bill.revisions.get(y)!;
    if (r.cutoff === null || !r.I || !r.I0) {
      out.push({ ref: `annee-${y}`, text: `Année ${y} (${r.start} – ${r.end}) : non révisée, C = 1, prix = P0 (${r.prices.map((p) => `${p.code} ${formatCents(p.price)}`).join(', ')}).` });
      continue;
    }
    const rounding = rev.rounding.target === 'none' ? 'C non arrondi'
      : `${rev.rounding.target === 'ratio' ? 'I/I0' : 'C'} arrondi à ${rev.rounding.decimals} décimales (${rev.rounding.mode === 'up' ? 'par excès' : rev.rounding.mode === 'down' ? 'par défaut' : 'au plus proche'}), C appliqué = ${showDecimal(r.coefficient)}`;
    out.push({ ref: `annee-${y}`, text: `Année ${y} (${r.start} – ${r.end}) : date d'arrêt ${r.cutoff} ; I = ${r.I.row.value} (${r.I.row.period}, publié le ${r.I.row.publishedOn}) ; I0 = ${r.I0.row.value} (${r.I0.row.period}, publié le ${r.I0.row.publishedOn}) ; C = ${approx(r.coefficientExact)} (${rounding}) ; prix révisés : ${r.prices.map((p) => `${p.code} ${formatCents(p.price)}`).join(', ')}.` });
  }
  out.push({ ref: 'arrondis', text: 'Arrondis : prix révisé, HT de ligne (quantité × prix) et TVA au centime, au plus proche, la moitié loin de zéro ; TVA calculée par facture et par taux sur la somme des HT (EN 16931) ; TTC = HT + TVA.' });
  const keys = new Map<string, Bill['invoices'][number]['key']>();
  for (const i of bill.invoices) keys.set(i.key.from, i.key);
  for (const s of bill.subsidies) keys.set(s.key.from, s.key);
  for (const k of [...keys.values()].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    out.push({ ref: `cle-${k.from}`, text: `Clé de répartition en vigueur à partir du ${k.from} (art. 5.2) : ${k.shares.map((s) => `${s.member} ${s.pct} %`).join(', ')}.` });
  }
  out.push({ ref: 'repartition', text: "Répartition au centime par la méthode des plus forts restes : chaque part est arrondie au centime inférieur, les centimes restants vont un à un aux plus forts restes, à égalité dans l'ordre des membres de la convention ; un total négatif est réparti en valeur absolue puis négativé. HT et TTC sont répartis séparément ; part de TVA = part TTC − part HT. Les subventions sont réparties de même selon la clé en vigueur à leur date de clé et déduites au semestre indiqué." });
  return out;
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
      coefficient: showDecimal(i.priced.coefficient),
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
