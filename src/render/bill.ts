/**
 * The outputs of a semester billing run: the recap of invoices paid
 * (`recap.csv`), one notice per member (`notice-<id>.csv`) and the `--json`
 * document of SPEC §4.1. Pure: strings in, strings out.
 */
import type { Bill, InvoiceShare, MemberTotal } from '../core/bill.js';
import { formatCents, formatDecimal, showDecimal } from '../core/exact.js';
import { initialIssue, noticeNumber, type Change, type IssueInfo } from '../core/issues.js';
import type { Config, Dialect } from '../core/model.js';
import { semesterName } from '../core/semester.js';
import { JsonList } from './json-chunks.js';
import { amount, date, decimal, EMPTY, integer, renderTable, renderTableChunks, text, type Cell, type Column } from './table.js';

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

export function renderRecap(config: Config, bill: Bill, dialect: Dialect, issue: IssueInfo = initialIssue(bill)): string {
  return renderTable(recapColumns(config, bill), recapRows(config, bill, issue), dialect);
}

/** `renderRecap`, one piece of text at a time: written and hashed as made, never held whole. */
export function renderRecapChunks(config: Config, bill: Bill, dialect: Dialect, issue: IssueInfo = initialIssue(bill)): Iterable<string> {
  return renderTableChunks(recapColumns(config, bill), recapRows(config, bill, issue), dialect);
}

/** The French word of a change, for people. */
export const CHANGE_FR: Record<Change, string> = { added: 'ajoutée', changed: 'modifiée', removed: 'retirée' };

/** A supplementary notice corrects downwards (rectificatif) when the member's net goes down, else it completes (complémentaire). */
export function supplementKind(member: MemberTotal): 'complémentaire' | 'rectificatif' {
  return member.net < 0n ? 'rectificatif' : 'complémentaire';
}

/** The recap's rows, one at a time: a big semester never holds all of them as cells at once. */
function* recapRows(config: Config, bill: Bill, issue: IssueInfo): Generator<Cell[]> {
  const members = recapMembers(config, bill);
  const row = (status: string, inv: InvoiceShare): Cell[] => {
    const p = inv.priced;
    return [
      text(status), text(p.invoice.id), text(invoiceDescription(inv)), text(p.invoice.serviceMonth), integer(p.contractYear),
      date(p.invoice.receivedOn), date(p.invoice.paidOn), decimal(showDecimal(p.coefficient)),
      amount(p.ht), amount(p.vat), amount(p.ttc),
      ...members.map((m) => {
        const a = inv.ttc.find((x) => x.member === m.id);
        return a ? amount(a.cents) : EMPTY;
      }),
    ];
  };
  for (const inv of bill.invoices) {
    const change = issue.invoiceChanges.get(inv.priced.invoice.id);
    if (!change) {
      yield row('paid', inv);
      continue;
    }
    // A changed invoice: as the earlier issues billed it, as it is now, then the difference billed here.
    if (change.change === 'changed') {
      yield row('earlier', change.before!);
      yield row('now', change.after!);
    }
    yield row(change.change, inv);
  }
  for (const inv of bill.pending) {
    yield [
      text('pending'), text(inv.id), text(inv.lines.find((l) => l.label !== '')?.label ?? `Facture ${inv.id}`), text(inv.serviceMonth), EMPTY, date(inv.receivedOn), date(inv.paidOn),
      EMPTY, EMPTY, EMPTY, EMPTY, ...members.map(() => EMPTY),
    ];
  }
  const supplementary = issue.kind === 'supplementary';
  yield [
    text('total'), EMPTY, text(supplementary ? `Total des différences — ${semesterName(bill.semester)}, émission ${issue.issue}` : `Total des factures payées — ${semesterName(bill.semester)}`), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
    amount(bill.totals.ht), amount(bill.totals.vat), amount(bill.totals.ttc),
    ...members.map((m) => amount(bill.members.find((t) => t.member.id === m.id)!.shareTtc)),
  ];
  for (const [id, change] of issue.subsidyChanges) {
    const s = bill.subsidies.find((x) => x.subsidy.id === id)!;
    yield [
      text(`subsidy-${change.change}`), text(id), text(s.subsidy.grantor), EMPTY, EMPTY, date(s.subsidy.receivedOn), EMPTY, EMPTY, EMPTY, EMPTY, amount(s.amount),
      ...members.map((m) => {
        const a = s.shares.find((x) => x.member === m.id);
        return a ? amount(-a.cents) : EMPTY;
      }),
    ];
  }
  // One row per notice of this issue: its number and the member it goes to (amount columns hold amounts only).
  for (const m of members) {
    yield [
      text('notice'), text(noticeNumber(bill.semester, issue.issue, m.id)), text(`${supplementary ? 'Avis complémentaire' : 'Avis des sommes à payer'} — ${m.name}`),
      ...Array<Cell>(8 + members.length).fill(EMPTY),
    ];
  }
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

export function renderNotice(config: Config, bill: Bill, member: MemberTotal, dialect: Dialect, issue: IssueInfo = initialIssue(bill)): string {
  return renderTable(NOTICE_COLUMNS, noticeRows(config, bill, member, issue), dialect);
}

/** `renderNotice`, one piece of text at a time. */
export function renderNoticeChunks(config: Config, bill: Bill, member: MemberTotal, dialect: Dialect, issue: IssueInfo = initialIssue(bill)): Iterable<string> {
  return renderTableChunks(NOTICE_COLUMNS, noticeRows(config, bill, member, issue), dialect);
}

/** What a notice is called, its number and the earlier numbers it completes, in French, for a person. */
export function noticeTitle(bill: Bill, member: MemberTotal, issue: IssueInfo): { title: string; number: string; completes: readonly string[] } {
  const number = noticeNumber(bill.semester, issue.issue, member.member.id);
  const completes = issue.completes.get(member.member.id) ?? [];
  const title = issue.kind === 'initial' ? 'avis des sommes à payer' : `avis ${supplementKind(member)} des sommes à payer`;
  return { title, number, completes };
}

/** A notice's rows, one at a time. */
function* noticeRows(config: Config, bill: Bill, member: MemberTotal, issue: IssueInfo): Generator<Cell[]> {
  const id = member.member.id;
  const supplementary = issue.kind === 'supplementary';
  const { title, number, completes } = noticeTitle(bill, member, issue);
  yield [
    text('member'), text(id), text(`${member.member.name} — ${title}, semestre ${semesterName(bill.semester)} (${config.name})`),
    EMPTY, date(bill.issuedOn), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
  ];
  yield [
    text('notice'), text(number), text(`Avis n° ${number}${completes.length > 0 ? ` ; complète l'avis ${completes.join(', ')} (différences seulement)` : ''}`),
    EMPTY, date(bill.issuedOn), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
  ];
  for (const inv of bill.invoices) {
    const ht = inv.ht.find((a) => a.member === id);
    const ttc = inv.ttc.find((a) => a.member === id);
    if (!ht || !ttc) continue;
    const change = issue.invoiceChanges.get(inv.priced.invoice.id);
    if (change && ht.cents === 0n && ttc.cents === 0n) continue; // this member's share of it did not change
    const p = inv.priced;
    let description = invoiceDescription(inv);
    if (change?.change === 'changed') {
      const was = change.before!.ttc.find((a) => a.member === id)?.cents ?? 0n;
      const now = change.after!.ttc.find((a) => a.member === id)?.cents ?? 0n;
      description += ` — modifiée : part TTC antérieure ${formatCents(was)}, nouvelle ${formatCents(now)}`;
    } else if (change) description += ` — ${CHANGE_FR[change.change]}`;
    yield [
      text(change ? `invoice-${change.change}` : 'invoice'), text(p.invoice.id), text(description), text(p.invoice.serviceMonth), date(p.invoice.paidOn),
      decimal(ht.pct), amount(p.ht), amount(p.ttc), amount(ht.cents), amount(ttc.cents - ht.cents), amount(ttc.cents),
    ];
  }
  yield [
    text('total'), EMPTY, text(supplementary ? `Total des différences de parts — ${semesterName(bill.semester)}` : `Total des parts — ${semesterName(bill.semester)}`), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
    amount(member.shareHt), amount(member.shareVat), amount(member.shareTtc),
  ];
  for (const s of bill.subsidies) {
    const a = s.shares.find((x) => x.member === id);
    if (!a) continue;
    const change = issue.subsidyChanges.get(s.subsidy.id);
    if (change && a.cents === 0n) continue;
    yield [
      text(change ? `subsidy-${change.change}` : 'subsidy'), text(s.subsidy.id), text(change ? `${s.subsidy.grantor} — ${CHANGE_FR[change.change]}` : s.subsidy.grantor), EMPTY, date(s.subsidy.receivedOn),
      decimal(a.pct), EMPTY, amount(s.amount), EMPTY, EMPTY, amount(-a.cents),
    ];
  }
  const credit = member.net < 0n;
  const netText = supplementary
    ? (credit ? 'Différence en faveur du membre (à déduire de ses prochains avis ou à rembourser par le coordonnateur)' : 'Complément à payer')
    : (credit ? 'Crédit en faveur du membre (à rembourser par le coordonnateur)' : 'Net à payer');
  yield [
    text('net'), EMPTY, text(netText), EMPTY, date(bill.dueOn),
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
  out.push({ ref: 'semestre', text: `Semestre ${semesterName(bill.semester)} : factures acquittées (date de paiement) du ${bill.semester.half === 1 ? `01/01 au 30/06/${bill.semester.year}` : `01/07 au 31/12/${bill.semester.year}`} ; chaque facture est valorisée et répartie selon l'année du marché de son mois de service. Avis émis le ${bill.issuedOn}, payable dans les ${config.paymentDays} jours suivant sa réception (article 5.3) ; échéance indiquée (${bill.dueOn}) : celle d'un avis reçu le jour de son émission.` });
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
    if (r.decidedByEstimate.length > 0) {
      // Issue 13: an estimated publication date (index import --estimated-dates) decided which value was used.
      out.push({ ref: `annee-${y}-dates-estimees`, text: `Année ${y} : dates de publication estimées d'après le calendrier de l'Insee (pas de date connue) pour ${r.decidedByEstimate.map((x) => `${x.period} (${x.value}, estimée au ${x.publishedOn})`).join(', ')} ; elles ont décidé des valeurs retenues.` });
    }
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

function* mapIter<T, U>(items: Iterable<T>, f: (x: T) => U): Generator<U> {
  for (const x of items) yield f(x);
}

export function noticeFileName(memberId: string): string {
  return `notice-${memberId}.csv`;
}

/**
 * The `--json` document of SPEC §4.1. Amounts are strings with two decimals.
 * `lazy`: the invoices as a `JsonList`, each made when written by `jsonChunks`.
 */
export function billJson(bill: Bill, issue: IssueInfo = initialIssue(bill), lazy = false): unknown {
  const change = (c: { change: Change } | undefined) => (c ? { change: c.change } : {});
  const invoice = (i: InvoiceShare) => ({
    ...change(issue.invoiceChanges.get(i.priced.invoice.id)),
    id: i.priced.invoice.id,
    service_month: i.priced.invoice.serviceMonth,
    contract_year: i.priced.contractYear,
    received_on: i.priced.invoice.receivedOn,
    paid_on: i.priced.invoice.paidOn,
    coefficient: showDecimal(i.priced.coefficient),
    ht: formatCents(i.priced.ht),
    vat: formatCents(i.priced.vat),
    ttc: formatCents(i.priced.ttc),
  });
  return {
    semester: semesterName(bill.semester),
    issue: issue.issue,
    kind: issue.kind,
    previous: issue.previous.map((p) => ({ issue: p.issue, issued_on: p.issuedOn })),
    issued_on: bill.issuedOn,
    due_on: bill.dueOn,
    invoices: lazy ? new JsonList(() => mapIter(bill.invoices, invoice)) : bill.invoices.map(invoice),
    subsidies: bill.subsidies.map((s) => ({ ...change(issue.subsidyChanges.get(s.subsidy.id)), id: s.subsidy.id, amount: formatCents(s.amount), key_date: s.keyDate })),
    members: issue.allMembers.map(({ total: m, notice }) => ({
      id: m.member.id,
      notice: notice ? noticeNumber(bill.semester, issue.issue, m.member.id) : null,
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
