/**
 * What each member owes (SPEC §6), for a person and for scripts: the status
 * table and its `--json`, a member's statement of account (CSV in both
 * dialects, printable A4 HTML) and the reminders (lettres de relance). Pure:
 * figures in, strings out; amounts formatted from integer cents.
 */
import { contractYears } from '../core/contract.js';
import { toFrenchDate } from '../core/dates.js';
import { formatCents } from '../core/exact.js';
import type { Say } from '../i18n/en.js';
import type { Config, Dialect } from '../core/model.js';
import type { IssuedNotice, MemberStatus, NoticeStatus, Statement, Status } from '../core/settlement.js';
import { CSS, escapeHtml, euros, hasText, lines, noticeText } from './html.js';
import { amount, date, EMPTY, integer, renderTable, text, type Cell, type Column } from './table.js';

// ------------------------------------------------------------------ status

/** The `status --json` document of SPEC §6. */
export function statusJson(status: Status): unknown {
  const f = formatCents;
  return {
    on: status.on,
    members: status.members.map((m) => ({
      id: m.member.id,
      balance: f(m.balance),
      overdue: f(m.overdue),
      notices: m.notices.map((n) => ({
        number: n.notice.number,
        issued_on: n.notice.issuedOn,
        due_on: n.notice.dueOn,
        amount: f(n.amount),
        paid: f(n.paid),
        balance: f(n.balance),
        days_overdue: n.daysOverdue,
      })),
    })),
    totals: { issued: f(status.totals.issued), paid: f(status.totals.paid), balance: f(status.totals.balance), overdue: f(status.totals.overdue) },
    warnings: status.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}

/** A notice's number without its member's id, under the member's heading: `2025-S1-2`. */
function shortNumber(n: IssuedNotice): string {
  const tail = `-${n.member}`;
  return n.number.endsWith(tail) ? n.number.slice(0, -tail.length) : n.number;
}

const AMOUNT_WIDTH = 12;

/**
 * The status for a terminal, at most 80 columns for amounts below ten million:
 * per member a heading (balance, overdue), then one row per notice.
 */
export function statusText(config: Config, status: Status, style: { bold(t: string): string; dim(t: string): string; red(t: string): string; green(t: string): string }, say: Say): string {
  const { t, money, day } = say;
  const num = (v: bigint) => money(v).padStart(AMOUNT_WIDTH);
  const out: string[] = [];
  out.push(style.bold(t('status.title', { name: config.name, on: day(status.on) })));
  for (const m of status.members) {
    out.push('');
    const owes = m.balance < 0n ? style.green(t('status.credit', { amount: money(-m.balance) })) : t('status.balance', { amount: money(m.balance) });
    const overdue = m.overdue > 0n ? style.red(t('status.overdue', { amount: money(m.overdue) })) : '';
    out.push(t('status.member', { name: style.bold(m.member.name), id: m.member.id, owes, overdue }));
    if (m.notices.length === 0) {
      out.push(t('status.noNotice', { on: day(status.on), payments: m.payments.length > 0 ? t('status.payments', { count: m.payments.length }) : '' }));
      continue;
    }
    out.push(style.dim(`  ${t('status.col.notice').padEnd(10)} ${t('status.col.issued').padEnd(10)} ${t('status.col.due').padEnd(10)} ${t('status.col.amount').padStart(AMOUNT_WIDTH)} ${t('status.col.paid').padStart(AMOUNT_WIDTH)} ${t('status.col.balance').padStart(AMOUNT_WIDTH)} ${t('status.col.late').padStart(4)}`));
    for (const n of m.notices) {
      const late = n.daysOverdue > 0 ? style.red(String(n.daysOverdue).padStart(4)) : ''.padStart(4);
      out.push(`  ${shortNumber(n.notice).padEnd(10)} ${day(n.notice.issuedOn)} ${day(n.notice.dueOn)} ${num(n.amount)} ${num(n.paid)} ${num(n.balance)} ${late}`.trimEnd());
    }
  }
  const tt = status.totals;
  out.push('');
  out.push(style.bold(t('status.total1', { issued: money(tt.issued), paid: money(tt.paid) })));
  out.push(style.bold(t('status.total2', { balance: money(tt.balance), overdue: money(tt.overdue) })));
  out.push(style.dim(t('status.note1')));
  out.push(style.dim(t('status.note2')));
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ statement

function col(en: string, fr: string): Column {
  return { en, fr };
}

export const STATEMENT_COLUMNS: Column[] = [
  col('type', 'nature'),
  col('date', 'date'),
  col('reference', 'reference'),
  col('description', 'libelle'),
  col('debit', 'debit'),
  col('credit', 'credit'),
  col('balance', 'solde'),
  col('share_ht', 'part_ht'),
  col('share_vat', 'part_tva'),
  col('share_ttc', 'part_ttc'),
  col('subsidies', 'subventions'),
];

export function statementFileName(memberId: string, on: string, ext: 'csv' | 'html'): string {
  return `statement-${memberId}-${on}.${ext}`;
}

function noticeLabel(n: IssuedNotice): string {
  const what = n.kind === 'initial' ? 'Avis des sommes à payer' : n.net < 0n ? 'Avis rectificatif' : 'Avis complémentaire';
  return `${what}, semestre ${n.semester}${n.completes.length > 0 ? ` (complète ${n.completes.join(', ')})` : ''}`;
}

function paymentLabel(p: NonNullable<Statement['entries'][number]['payment']>): string {
  return `Paiement reçu${p.reference !== '' ? ` — ${p.reference}` : ''}${p.notice !== null ? ` — avis ${p.notice}` : ''}`;
}

function yearLabel(config: Config, year: number): string {
  const y = contractYears(config.contract).find((x) => x.year === year);
  return y ? `Année ${year} du marché (${y.start} – ${y.end})` : `Année ${year} du marché`;
}

/** The statement as CSV: a member row, the entries with the running balance, the balance, then one row per contract year. */
export function renderStatement(config: Config, st: Statement, on: string, dialect: Dialect): string {
  const rows: Cell[][] = [];
  const m = st.member;
  rows.push([text('member'), date(on), text(m.member.id), text(`${m.member.name} — relevé de compte au ${on} (${config.name})`), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY]);
  for (const e of st.entries) {
    const debit = e.debit > 0n ? amount(e.debit) : EMPTY;
    const credit = e.credit > 0n ? amount(e.credit) : e.debit < 0n ? amount(-e.debit) : EMPTY;
    const label = e.notice ? `${noticeLabel(e.notice)}, échéance ${e.notice.dueOn}` : paymentLabel(e.payment!);
    rows.push([text(e.kind), date(e.date), text(e.reference), text(label), debit, credit, amount(e.balance), EMPTY, EMPTY, EMPTY, EMPTY]);
  }
  rows.push([text('balance'), date(on), EMPTY, text(m.balance < 0n ? `Solde au ${on} : crédit en faveur du membre` : `Solde dû au ${on}`), EMPTY, EMPTY, amount(m.balance), EMPTY, EMPTY, EMPTY, EMPTY]);
  if (m.overdue > 0n) rows.push([text('overdue'), date(on), EMPTY, text(`Dont échu et impayé au ${on}`), EMPTY, EMPTY, amount(m.overdue), EMPTY, EMPTY, EMPTY, EMPTY]);
  for (const y of st.years) {
    rows.push([text('year'), EMPTY, text(`annee-${y.year}`), text(yearLabel(config, y.year)), EMPTY, EMPTY, EMPTY, amount(y.shareHt), amount(y.shareVat), amount(y.shareTtc), amount(y.subsidies)]);
  }
  return renderTable(STATEMENT_COLUMNS, rows, dialect);
}

/** Beyond the notice's style sheet: references on one line, a paragraph after a table. */
const EXTRA_CSS = '.ref { white-space: nowrap; }\n.after { margin-top: 2mm; }';

function page(title: string, body: string[]): string {
  return `${['<!DOCTYPE html>', '<html lang="fr">', '<head>', '<meta charset="utf-8">', `<title>${escapeHtml(title)}</title>`, `<style>\n${CSS}\n${EXTRA_CSS}\n</style>`, '</head>', '<body>', '<main>', ...body, '</main>', '</body>', '</html>'].join('\n')}\n`;
}

function header(config: Config, m: MemberStatus): string[] {
  const coordinator = config.members.find((x) => x.id === config.coordinator);
  const address = hasText(config, 'issuer_address') ? `<br>${lines(config.notice.issuer_address!)}` : '';
  return [
    '<header class="top">',
    `<div class="issuer"><span class="label">Émetteur — coordonnateur du groupement de commandes</span><span class="org">${escapeHtml(coordinator?.name ?? config.coordinator)}</span>${address}</div>`,
    `<div class="addressee"><span class="label">Destinataire</span><span class="org">${escapeHtml(m.member.name)}</span><br>membre du groupement (identifiant ${escapeHtml(m.member.id)})</div>`,
    '</header>',
  ];
}

function signature(config: Config): string {
  return `<p class="sign">Pour le coordonnateur,<br>${noticeText(config, 'issuer_position')}<br><span class="who">${noticeText(config, 'issuer_name')}</span></p>`;
}

const d = (iso: string) => toFrenchDate(iso);

/** The printable statement of account: one A4 page (more when the history is long). */
export function renderHtmlStatement(config: Config, st: Statement, on: string): string {
  const m = st.member;
  const credit = m.balance < 0n;
  const body: string[] = [...header(config, m)];
  body.push(`<h1>Relevé de compte au ${d(on)}</h1>`);
  body.push(`<p class="sub">${escapeHtml(config.name)} — avis émis et paiements reçus depuis le début du marché (${d(config.contract.start)})</p>`);
  body.push('<dl class="facts">');
  body.push(`<div><dt>Avis émis</dt><dd>${euros(m.issued)}</dd></div>`);
  body.push(`<div><dt>Paiements reçus</dt><dd>${euros(m.paid)}</dd></div>`);
  body.push(`<div><dt>${credit ? 'Crédit en faveur du membre' : 'Solde dû'}</dt><dd>${euros(credit ? -m.balance : m.balance)}</dd></div>`);
  body.push(`<div><dt>Dont échu</dt><dd>${euros(m.overdue)}</dd></div>`);
  body.push('</dl>');
  body.push('<section>');
  body.push('<h2>Mouvements du compte</h2>');
  body.push('<table class="entries">');
  body.push('<thead><tr><th>Date</th><th>Référence</th><th>Libellé</th><th class="n">Débit</th><th class="n">Crédit</th><th class="n">Solde</th></tr></thead>');
  body.push('<tbody>');
  if (st.entries.length === 0) body.push('<tr><td colspan="6" class="none">Aucun avis émis ni paiement reçu à cette date.</td></tr>');
  for (const e of st.entries) {
    const debit = e.debit > 0n ? euros(e.debit) : '';
    const cr = e.credit > 0n ? euros(e.credit) : e.debit < 0n ? euros(-e.debit) : '';
    const label = e.notice ? `${noticeLabel(e.notice)}, échéance ${d(e.notice.dueOn)}` : paymentLabel(e.payment!);
    body.push(`<tr><td>${d(e.date)}</td><td class="ref">${escapeHtml(e.reference)}</td><td>${escapeHtml(label)}</td><td class="n">${debit}</td><td class="n">${cr}</td><td class="n">${euros(e.balance)}</td></tr>`);
  }
  body.push('</tbody>');
  body.push(`<tfoot><tr><td colspan="5">${credit ? `Crédit en faveur du membre au ${d(on)}` : `Solde dû au ${d(on)}`}</td><td class="n">${euros(credit ? -m.balance : m.balance)}</td></tr></tfoot>`);
  body.push('</table>');
  body.push('</section>');
  body.push('<section>');
  body.push('<h2>Parts du membre par année du marché (avis émis, article 5.2)</h2>');
  if (st.years.length === 0) body.push('<p class="none">Aucun avis émis à cette date.</p>');
  else {
    body.push('<table class="years">');
    body.push('<thead><tr><th>Année du marché</th><th class="n">Part HT</th><th class="n">TVA</th><th class="n">Part TTC</th><th class="n">Subventions déduites</th><th class="n">Net</th></tr></thead>');
    body.push('<tbody>');
    for (const y of st.years) {
      body.push(`<tr><td>${escapeHtml(yearLabel(config, y.year).replace(/(\d{4})-(\d{2})-(\d{2})/g, '$3/$2/$1'))}</td><td class="n">${euros(y.shareHt)}</td><td class="n">${euros(y.shareVat)}</td><td class="n">${euros(y.shareTtc)}</td><td class="n">${euros(-y.subsidies)}</td><td class="n">${euros(y.shareTtc - y.subsidies)}</td></tr>`);
    }
    body.push('</tbody>');
    body.push('</table>');
  }
  body.push('</section>');
  body.push(signature(config));
  return page(`Relevé de compte au ${d(on)} — ${m.member.name}`, body);
}

// ------------------------------------------------------------------ reminders

export const REMINDER_COLUMNS: Column[] = [
  col('type', 'nature'),
  col('reference', 'reference'),
  col('description', 'libelle'),
  col('issued_on', 'emis_le'),
  col('due_on', 'echeance'),
  col('amount', 'montant'),
  col('paid', 'regle'),
  col('balance', 'reste_du'),
  col('days_overdue', 'jours_de_retard'),
];

export function reminderFileName(memberId: string, ext: 'csv' | 'html'): string {
  return `reminder-${memberId}.${ext}`;
}

export function renderReminder(config: Config, m: MemberStatus, overdue: readonly NoticeStatus[], on: string, dialect: Dialect): string {
  const rows: Cell[][] = [];
  const left = overdue.reduce((s, n) => s + n.balance, 0n);
  rows.push([text('member'), text(m.member.id), text(`${m.member.name} — lettre de relance au ${on} (${config.name})`), EMPTY, date(on), EMPTY, EMPTY, EMPTY, EMPTY]);
  for (const n of overdue) {
    rows.push([text('notice'), text(n.notice.number), text(noticeLabel(n.notice)), date(n.notice.issuedOn), date(n.notice.dueOn), amount(n.amount), amount(n.paid), amount(n.balance), integer(n.daysOverdue)]);
  }
  rows.push([text('total'), EMPTY, text(`Reste dû sur les avis échus au ${on}`), EMPTY, EMPTY, EMPTY, EMPTY, amount(left), EMPTY]);
  return renderTable(REMINDER_COLUMNS, rows, dialect);
}

/** The printable reminder: the overdue notices, what is left on each, the request to pay. */
export function renderHtmlReminder(config: Config, m: MemberStatus, overdue: readonly NoticeStatus[], on: string): string {
  const left = overdue.reduce((s, n) => s + n.balance, 0n);
  const body: string[] = [...header(config, m)];
  body.push(`<h1>Lettre de relance — avis échus au ${d(on)}</h1>`);
  body.push(`<p class="sub">${escapeHtml(config.name)} — article 5.3 de la convention : les avis des sommes à payer sont payables dans les ${config.paymentDays} jours suivant leur réception.</p>`);
  body.push(`<p>Sauf erreur de notre part, ${overdue.length === 1 ? "l'avis suivant reste impayé après son échéance" : 'les avis suivants restent impayés après leur échéance'} :</p>`);
  body.push('<table class="overdue">');
  body.push('<thead><tr><th>Avis</th><th>Émis le</th><th>Échéance</th><th class="n">Montant</th><th class="n">Réglé</th><th class="n">Reste dû</th><th class="n">Jours de retard</th></tr></thead>');
  body.push('<tbody>');
  for (const n of overdue) {
    body.push(`<tr><td class="ref">${escapeHtml(n.notice.number)}</td><td>${d(n.notice.issuedOn)}</td><td>${d(n.notice.dueOn)}</td><td class="n">${euros(n.amount)}</td><td class="n">${euros(n.paid)}</td><td class="n">${euros(n.balance)}</td><td class="n">${n.daysOverdue}</td></tr>`);
  }
  body.push('</tbody>');
  body.push(`<tfoot><tr><td colspan="5">Reste dû sur les avis échus</td><td class="n">${euros(left)}</td><td></td></tr></tfoot>`);
  body.push('</table>');
  body.push(`<p class="after">Nous vous remercions de bien vouloir régler la somme de <strong>${euros(left)}</strong> dans les meilleurs délais, en rappelant le numéro de chaque avis. Si ce règlement a été effectué entre-temps, veuillez ne pas tenir compte de la présente lettre.</p>`);
  if (m.balance < m.overdue) body.push(`<p>Votre compte présente par ailleurs ${m.balance < 0n ? 'un crédit' : 'des sommes non encore échues'} : solde total au ${d(on)} ${euros(m.balance)}.</p>`);
  if (hasText(config, 'payment_instructions')) body.push(`<p>${lines(config.notice.payment_instructions!)}</p>`);
  body.push(signature(config));
  return page(`Lettre de relance au ${d(on)} — ${m.member.name}`, body);
}
