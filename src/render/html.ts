/**
 * The printable notice of `medcoop bill --html`: one self-contained HTML page
 * per member (avis des sommes à payer, article 5.3), A4 portrait, with an
 * inline SVG chart of the revision. Pure: strings in, a string out.
 *
 * - No network and no external file: no script, no link, no image source,
 *   no web font (system fonts only), no URL at all.
 * - The same bytes on every machine: no generation date, no locale; amounts
 *   are formatted here from integer cents (`12 345,67 €`), dates as DD/MM/YYYY.
 * - Every text that comes from the inputs is escaped (& < > " ').
 * - The texts French law requires on such a notice — the name and position of
 *   the person who issues it, and the appeal routes and deadlines (CGCT
 *   art. L.1617-5) — come from the config's `notice` block. When one is missing
 *   the notice shows a visible placeholder and the run warns
 *   (`notice-text-missing`): no legal text is ever invented.
 */
import type { Bill, MemberTotal } from '../core/bill.js';
import { contractYears } from '../core/contract.js';
import { toFrenchDate } from '../core/dates.js';
import { warning, type Diagnostic } from '../core/diagnostic.js';
import { decimal, groupedCents, ONE } from '../core/exact.js';
import type { Config, IndexRow } from '../core/model.js';
import { cutoffFor, reviseYears, type YearRevision } from '../core/revision.js';
import { semesterEnd, semesterName, semesterStart } from '../core/semester.js';
import { initialIssue, type IssueInfo } from '../core/issues.js';
import { CHANGE_FR, noticeTitle, rules } from './bill.js';
import type { Difference } from './diff.js';
import { escapeHtml, revisionChartSvg, type ChartYear } from './svg.js';

export { escapeHtml } from './svg.js';

/**
 * The texts of the config's `notice` block that the HTML notice uses. The
 * first three are required by law on an avis des sommes à payer; a missing one
 * gives a placeholder and a `notice-text-missing` warning.
 */
export const REQUIRED_NOTICE_TEXTS = ['issuer_name', 'issuer_position', 'appeal'] as const;

export function htmlNoticeFileName(memberId: string): string {
  return `notice-${memberId}.html`;
}

/** Cents as a French amount: `12 345,67 €` (U+202F between thousands, U+00A0 before €, U+2212 minus). */
export function euros(cents: bigint): string {
  return `${groupedCents(cents, '\u202F', ',', '\u2212')}\u00A0€`;
}

/** A percentage given as a canonical decimal string: `28,28 %`. */
export function percent(pct: string): string {
  return `${pct.replace('.', ',')}\u00A0%`;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `2025-02` → `février 2025`. */
export function frenchMonth(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}

/** The warnings of a run with --html whose config lacks a legally required text. */
export function noticeTextWarnings(config: Config, file = 'medcoop.json'): Diagnostic[] {
  return REQUIRED_NOTICE_TEXTS.filter((k) => !hasText(config, k)).map((k) =>
    warning('notice-text-missing', `notice.${k} is not set: the HTML notices show the placeholder "${placeholder(k)}"; French law requires ${k === 'appeal' ? 'the appeal routes and deadlines (voies et délais de recours)' : 'the name and position of the person who issues the notice'} on an avis des sommes à payer (CGCT art. L.1617-5)`, { file }, {
      values: { key: k, placeholder: placeholder(k) },
      variant: k === 'appeal' ? 'appeal' : 'issuer',
    }),
  );
}

export function hasText(config: Config, key: string): boolean {
  return (config.notice[key] ?? '').trim() !== '';
}

function placeholder(key: string): string {
  return `[à compléter dans medcoop.json : notice.${key}]`;
}

/** A config text, escaped, its line breaks kept; a visible placeholder when missing. */
export function noticeText(config: Config, key: string): string {
  if (!hasText(config, key)) return `<span class="missing">${escapeHtml(placeholder(key))}</span>`;
  return lines(config.notice[key]!);
}

/** Escapes a text and turns its line breaks into <br>. */
export function lines(text: string): string {
  return text.trim().split(/\r\n|\r|\n/).map(escapeHtml).join('<br>');
}

/**
 * The chart's data: every contract year whose revision is known at the issue
 * date (its cut-off on or before it) or used by the bill; the others are shown
 * as not known. Year 1 is never revised: C = 1.
 */
export function noticeChart(config: Config, bill: Bill, index: readonly IndexRow[]): ChartYear[] {
  const years = contractYears(config.contract);
  const wanted = new Set(years.filter((y) => y.year > 1 && !bill.revisions.has(y.year) && cutoffFor(y.start, config.revision.knownOn) <= bill.issuedOn).map((y) => y.year));
  const extra = wanted.size > 0 ? reviseYears(config, index, wanted).revisions : new Map<number, YearRevision>();
  return years.map((y) => {
    if (y.year === 1) return { year: 1, start: y.start, I: null, I0: null, C: ONE };
    const rev = bill.revisions.get(y.year) ?? extra.get(y.year);
    if (!rev || !rev.I || !rev.I0) return { year: y.year, start: y.start, I: null, I0: null, C: null };
    return {
      year: y.year,
      start: y.start,
      I: { value: decimal(rev.I.row.value), period: rev.I.row.period },
      I0: { value: decimal(rev.I0.row.value), period: rev.I0.row.period },
      C: rev.coefficient,
    };
  });
}

export const CSS = `
@page { size: A4 portrait; margin: 15mm; }
* { box-sizing: border-box; }
html { font-family: Arial, "Liberation Sans", Helvetica, "DejaVu Sans", sans-serif; font-size: 8.5pt; line-height: 1.25; color: #111; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
main { width: 180mm; }
@media screen { main { margin: 15mm auto; } }
h1 { font-size: 14pt; margin: 2.5mm 0 0.6mm; color: #1f3f66; }
h2 { font-size: 9.2pt; margin: 2.3mm 0 1mm; padding-bottom: 0.5mm; border-bottom: 0.3mm solid #1f3f66; color: #1f3f66; break-after: avoid; }
p { margin: 0 0 1.2mm; }
.top { display: flex; justify-content: space-between; gap: 8mm; }
.issuer { flex: 1 1 0; }
.addressee { width: 72mm; border: 0.3mm solid #999; padding: 1.5mm 3mm; }
.label { display: block; font-size: 7.5pt; text-transform: uppercase; letter-spacing: 0.05em; color: #555; }
.org { font-size: 10.5pt; font-weight: bold; }
.sub { color: #333; }
.facts { display: flex; margin: 1.5mm 0 0; border: 0.3mm solid #1f3f66; background: #f5f7fa; }
.facts div { flex: 1 1 auto; padding: 0.8mm 2.5mm; border-left: 0.3mm solid #c5cfdb; white-space: nowrap; }
.facts div:first-child { border-left: 0; }
.facts dt { display: inline; color: #444; }
.facts dt::after { content: " : "; }
.facts dd { display: inline; margin: 0; font-weight: bold; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; line-height: 1.15; }
th, td { padding: 0.45mm 1.4mm; border-bottom: 0.2mm solid #d0d0d0; vertical-align: top; }
th { font-size: 7.5pt; font-weight: bold; text-align: left; background: #eef2f7; border-bottom: 0.3mm solid #1f3f66; }
.n { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; border-top: 0.3mm solid #1f3f66; border-bottom: 0; }
tr { break-inside: avoid; }
.none { color: #555; font-style: italic; }
.net { display: flex; justify-content: space-between; align-items: flex-start; gap: 7mm; margin-top: 2.5mm; break-inside: avoid; }
.net h2 { margin-top: 2mm; }
.terms { flex: 1 1 0; }
.right { width: 80mm; }
.sum { width: 100%; border-collapse: collapse; }
.sum td { border-bottom: 0.2mm solid #d0d0d0; }
.sum .total td { font-size: 11pt; font-weight: bold; border: 0.4mm solid #1f3f66; background: #eef2f7; padding: 1.2mm 2mm; }
.sign { margin: 2mm 0 0; text-align: center; }
.sign .who { font-weight: bold; }
.missing { color: #a40000; background: #fff0f0; border: 0.3mm dashed #a40000; padding: 0 1mm; font-weight: bold; }
.chart { display: block; width: 160mm; height: 47mm; margin: 0 auto; }
.rules { margin: 0; padding-left: 5mm; font-size: 7pt; line-height: 1.2; color: #222; }
.rules li { margin-bottom: 0.3mm; }
.appeal { font-size: 8.2pt; margin: 0; }
`.trim();

/** The printable notice of one member. */
export function renderHtmlNotice(config: Config, bill: Bill, member: MemberTotal, chart: readonly ChartYear[], issue: IssueInfo = initialIssue(bill)): string {
  const id = member.member.id;
  const s = semesterName(bill.semester);
  const supplementary = issue.kind === 'supplementary';
  const { title, number, completes } = noticeTitle(bill, member, issue);
  const Title = title.charAt(0).toUpperCase() + title.slice(1);
  const coordinator = config.members.find((m) => m.id === config.coordinator);
  const credit = member.net < 0n;
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push('<html lang="fr">');
  out.push('<head>');
  out.push('<meta charset="utf-8">');
  out.push(`<title>${escapeHtml(`${Title} — ${number} — ${member.member.name}`)}</title>`);
  out.push(`<style>\n${CSS}\n</style>`);
  out.push('</head>');
  out.push('<body>');
  out.push('<main>');

  // Who issues, to whom.
  const address = hasText(config, 'issuer_address') ? `<br>${lines(config.notice.issuer_address!)}` : '';
  out.push('<header class="top">');
  out.push(`<div class="issuer"><span class="label">Émetteur — coordonnateur du groupement de commandes</span><span class="org">${escapeHtml(coordinator?.name ?? config.coordinator)}</span>${address}</div>`);
  out.push(`<div class="addressee"><span class="label">Destinataire</span><span class="org">${escapeHtml(member.member.name)}</span><br>membre du groupement (identifiant ${escapeHtml(id)})</div>`);
  out.push('</header>');
  out.push(`<h1>${escapeHtml(Title)} — semestre ${escapeHtml(s)}</h1>`);
  out.push(`<p class="sub">${escapeHtml(config.name)} — factures du titulaire acquittées du ${toFrenchDate(semesterStart(bill.semester))} au ${toFrenchDate(semesterEnd(bill.semester))} (article 5.3)</p>`);
  if (supplementary) {
    out.push(`<p class="sub"><strong>Avis ${escapeHtml(title.split(' ')[1]!)}</strong> : il complète l’avis ${escapeHtml(completes.join(', '))} du même semestre et ne porte que sur les différences (factures ajoutées, modifiées ou retirées, subventions) depuis ${completes.length > 1 ? 'ces avis' : 'cet avis'}, qui restent valables.</p>`);
  }
  out.push('<dl class="facts">');
  out.push(`<div><dt>Avis n°</dt><dd>${escapeHtml(number)}</dd></div>`);
  out.push(`<div><dt>Émis le</dt><dd>${toFrenchDate(bill.issuedOn)}</dd></div>`);
  out.push(`<div><dt>Paiement</dt><dd>${credit ? '—' : `${config.paymentDays} jours après réception`}</dd></div>`);
  out.push(`<div><dt>${credit ? 'Crédit en faveur du membre' : supplementary ? 'Complément à payer' : 'Net à payer'}</dt><dd>${euros(credit ? -member.net : member.net)}</dd></div>`);
  out.push('</dl>');

  // The invoices.
  out.push('<section>');
  out.push('<h2>Factures acquittées et part du membre (clé de répartition, article 5.2)</h2>');
  out.push('<table class="invoices">');
  out.push('<thead><tr><th>Facture</th><th>Mois de service</th><th>Payée le</th><th class="n">Facture TTC</th><th class="n">Clé</th><th class="n">Part HT</th><th class="n">TVA</th><th class="n">Part TTC</th></tr></thead>');
  out.push('<tbody>');
  let count = 0;
  for (const inv of bill.invoices) {
    const ht = inv.ht.find((a) => a.member === id);
    const ttc = inv.ttc.find((a) => a.member === id);
    if (!ht || !ttc) continue;
    const change = issue.invoiceChanges.get(inv.priced.invoice.id);
    if (change && ht.cents === 0n && ttc.cents === 0n) continue;
    count++;
    const p = inv.priced;
    out.push(`<tr><td>${escapeHtml(p.invoice.id)}${change ? ` (${CHANGE_FR[change.change]})` : ''}</td><td>${frenchMonth(p.invoice.serviceMonth)}</td><td>${p.invoice.paidOn !== null ? toFrenchDate(p.invoice.paidOn) : ''}</td><td class="n">${euros(p.ttc)}</td><td class="n">${percent(ht.pct)}</td><td class="n">${euros(ht.cents)}</td><td class="n">${euros(ttc.cents - ht.cents)}</td><td class="n">${euros(ttc.cents)}</td></tr>`);
  }
  if (count === 0) out.push(`<tr><td colspan="8" class="none">${supplementary ? 'Aucune facture ajoutée, modifiée ou retirée pour ce membre.' : 'Aucune facture acquittée ce semestre.'}</td></tr>`);
  out.push('</tbody>');
  out.push(`<tfoot><tr><td colspan="5">${supplementary ? 'Total des différences de parts' : 'Total des parts'} (${count} facture${count > 1 ? 's' : ''})</td><td class="n">${euros(member.shareHt)}</td><td class="n">${euros(member.shareVat)}</td><td class="n">${euros(member.shareTtc)}</td></tr></tfoot>`);
  out.push('</table>');
  out.push('</section>');

  // The subsidies.
  const subsidies = bill.subsidies.map((sub) => ({ sub, a: sub.shares.find((x) => x.member === id) })).filter((x) => x.a !== undefined);
  out.push('<section>');
  out.push('<h2>Subventions déduites (en proportion de la clé, article 5.2)</h2>');
  if (subsidies.length === 0) {
    out.push('<p class="none">Aucune subvention à déduire ce semestre.</p>');
  } else {
    out.push('<table class="subsidies">');
    out.push('<thead><tr><th>Subvention</th><th>Financeur</th><th>Reçue le</th><th class="n">Montant</th><th class="n">Clé</th><th class="n">Déduction</th></tr></thead>');
    out.push('<tbody>');
    for (const { sub, a } of subsidies) {
      const change = issue.subsidyChanges.get(sub.subsidy.id);
      out.push(`<tr><td>${escapeHtml(sub.subsidy.id)}${change ? ` (${CHANGE_FR[change.change]})` : ''}</td><td>${escapeHtml(sub.subsidy.grantor)}</td><td>${toFrenchDate(sub.subsidy.receivedOn)}</td><td class="n">${euros(sub.amount)}</td><td class="n">${percent(a!.pct)}</td><td class="n">${euros(-a!.cents)}</td></tr>`);
    }
    out.push('</tbody>');
    out.push(`<tfoot><tr><td colspan="5">Total des déductions</td><td class="n">${euros(-member.subsidies)}</td></tr></tfoot>`);
    out.push('</table>');
  }
  out.push('</section>');

  // Net, payment terms, appeal routes, signature.
  out.push('<section class="net">');
  out.push('<div class="terms">');
  if (credit) {
    out.push(supplementary
      ? `<p><strong>Aucune somme n’est due au titre de cet avis.</strong> Les différences sont en faveur du membre : ${euros(-member.net)} à déduire de ses prochains avis ou à lui rembourser par le coordonnateur.</p>`
      : `<p><strong>Aucune somme n’est due.</strong> Les subventions déduites dépassent la part du membre : le coordonnateur doit au membre ${euros(-member.net)}.</p>`);
  } else {
    out.push(`<p><strong>Conditions de paiement :</strong> somme à régler dans les ${config.paymentDays} jours suivant sa réception (article 5.3 de la convention) — pour un avis reçu le jour de son émission, le ${toFrenchDate(bill.dueOn)} au plus tard — en rappelant l’avis n° ${escapeHtml(number)}.</p>`);
  }
  if (hasText(config, 'payment_instructions')) out.push(`<p>${lines(config.notice.payment_instructions!)}</p>`);
  // Appeal routes and deadlines.
  out.push('<h2>Voies et délais de recours</h2>');
  out.push(`<p class="appeal">${noticeText(config, 'appeal')}</p>`);
  out.push('</div>');
  out.push('<div class="right">');
  out.push('<table class="sum">');
  out.push(`<tr><td>Total des parts TTC</td><td class="n">${euros(member.shareTtc)}</td></tr>`);
  out.push(`<tr><td>Subventions déduites</td><td class="n">${euros(-member.subsidies)}</td></tr>`);
  out.push(`<tr class="total"><td>${credit ? 'Crédit en faveur du membre' : supplementary ? 'Complément à payer' : 'Net à payer'}</td><td class="n">${euros(credit ? -member.net : member.net)}</td></tr>`);
  out.push('</table>');
  out.push(`<p class="sign">Pour le coordonnateur,<br>${noticeText(config, 'issuer_position')}<br><span class="who">${noticeText(config, 'issuer_name')}</span></p>`);
  out.push('</div>');
  out.push('</section>');

  // How the figures were obtained.
  out.push('<section>');
  out.push('<h2>Révision des prix (article 5.1) : indice et coefficient par année du marché</h2>');
  out.push(revisionChartSvg(chart, frenchMonth(config.revision.base.month)));
  out.push('</section>');
  out.push('<section>');
  out.push('<h2>Règles de calcul appliquées</h2>');
  out.push('<ol class="rules">');
  for (const rule of rules(config, bill)) out.push(`<li>${escapeHtml(rule.text)}</li>`);
  out.push('</ol>');
  out.push('</section>');

  out.push('</main>');
  out.push('</body>');
  out.push('</html>');
  return `${out.join('\n')}\n`;
}

/**
 * Up to `limit` differing lines between two HTML notices (for `medcoop
 * verify`): the line number and both texts, clipped around their first
 * difference when long.
 */
export function diffHtml(file: string, expected: Uint8Array, found: Uint8Array, limit = 20): Difference[] {
  const dec = new TextDecoder('utf-8', { ignoreBOM: true });
  const e = dec.decode(expected).split('\n');
  const f = dec.decode(found).split('\n');
  const out: Difference[] = [];
  for (let i = 0; i < Math.max(e.length, f.length) && out.length < limit; i++) {
    const a = e[i];
    const b = f[i];
    if (a === b) continue;
    if (a === undefined || b === undefined) {
      out.push({ file, row: i + 1, expected: a ?? '(no line)', found: b ?? '(no line)' });
      continue;
    }
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    const clip = (t: string) => {
      const from = Math.max(0, at - 40);
      return `${from > 0 ? '…' : ''}${t.slice(from, at + 60)}${at + 60 < t.length ? '…' : ''}`;
    };
    out.push({ file, row: i + 1, expected: clip(a), found: clip(b) });
  }
  if (out.length === 0) out.push({ file, expected: `${expected.length} bytes`, found: `${found.length} bytes (same text, other bytes)` });
  return out;
}
