/**
 * The printable HTML notice (`bill --html`): formatting, escaping,
 * self-containment, the legal texts and their placeholders, the credit case,
 * the chart's data and the SVG's determinism. In-memory workspaces
 * (test/helpers/workspace.ts: p0 = 1000.00, prices 1000.00 / 1085.00 /
 * 1170.00 / 1212.50 in years 1 to 4).
 */
import { describe, expect, it } from 'vitest';
import { billSemester, type Bill } from '../src/core/bill.js';
import { Decimal } from '../src/core/exact.js';

const rational = (num: bigint, den = 1n) => new Decimal(num.toString()).div(den.toString());
import type { Config } from '../src/core/model.js';
import { parseSemester } from '../src/core/semester.js';
import { billFiles } from '../src/cli/bill.js';
import { rules } from '../src/render/bill.js';
import { diffHtml, escapeHtml, euros, frenchMonth, htmlNoticeFileName, noticeChart, noticeTextWarnings, percent, renderHtmlNotice } from '../src/render/html.js';
import { frenchCoefficient, niceScale, revisionChartSvg } from '../src/render/svg.js';
import { makeWorkspace, type SubsidySpec } from './helpers/workspace.js';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

const TEXTS = {
  issuer_name: 'Claire Martin',
  issuer_position: 'Le Maire, par délégation, la Directrice des finances',
  issuer_address: 'Hôtel de ville\n59370 Mons-en-Barœul',
  appeal: 'Recours possible dans les deux mois devant le Tribunal administratif de Lille.',
  payment_instructions: 'Par virement au comptable public.',
};

/**
 * 2025-S1: F-2412 (service 2024-12, year 2: HT 1085.00, TTC 1302.00) and
 * F-2501 (service 2025-01, year 3: HT 1170.00, TTC 1404.00), and one subsidy.
 * Vilogia (28.28 %): 1302.00 → 368.2056, floors 411.56 + 359.09 + 368.20 +
 * 163.14 = 1301.99, the cent goes to the largest remainder (vilogia, .56) →
 * 368.21; 1404.00 → 397.0512 → 397.05 (the cent goes to mons, .44).
 * TTC 765.26; subsidy 600.00 × 28.28 % = 169.68; net 595.58.
 */
function setup(opts: { notice?: Record<string, string>; subsidy?: string; config?: Partial<Config>; issuedOn?: string; subsidies?: SubsidySpec[] } = {}) {
  const ws = makeWorkspace({
    configOverrides: { notice: opts.notice ?? TEXTS, ...opts.config },
    invoices: [
      { id: 'F-2412', serviceMonth: '2024-12', receivedOn: '2025-01-05', paidOn: '2025-01-20' },
      { id: 'F-2501', serviceMonth: '2025-01', receivedOn: '2025-02-05', paidOn: '2025-02-20' },
    ],
    subsidies: opts.subsidies ?? [{ id: 'S1', receivedOn: '2025-03-01', amount: opts.subsidy ?? '600.00', grantor: 'Préfecture du Nord' }],
  });
  const { bill, diagnostics } = billSemester(ws, parseSemester('2025-S1')!, opts.issuedOn ?? '2025-07-03');
  expect(diagnostics).toEqual([]);
  return { ws, bill: bill!, config: ws.config };
}

function render(b: { ws: ReturnType<typeof makeWorkspace>; bill: Bill }, id = 'vilogia'): string {
  const chart = noticeChart(b.ws.config, b.bill, b.ws.index);
  return renderHtmlNotice(b.ws.config, b.bill, b.bill.members.find((m) => m.member.id === id)!, chart);
}

describe('French formatting, from integer cents', () => {
  it.each([
    [0n, `0,00${NBSP}€`],
    [5n, `0,05${NBSP}€`],
    [99999n, `999,99${NBSP}€`],
    [100000n, `1${NNBSP}000,00${NBSP}€`],
    [4334973n, `43${NNBSP}349,73${NBSP}€`],
    [123456789n, `1${NNBSP}234${NNBSP}567,89${NBSP}€`],
    [-339360n, `\u22123${NNBSP}393,60${NBSP}€`],
    [-1n, `\u22120,01${NBSP}€`],
  ])('%s cents → %j', (c, s) => {
    expect(euros(c)).toBe(s);
  });

  it('percentages, months, coefficients', () => {
    expect(percent('28.28')).toBe(`28,28${NBSP}%`);
    expect(percent('100')).toBe(`100${NBSP}%`);
    expect(frenchMonth('2025-02')).toBe('février 2025');
    expect(frenchMonth('2024-12')).toBe('décembre 2024');
    expect(frenchCoefficient(rational(1n), 4)).toBe('1');
    expect(frenchCoefficient(rational(1085n, 1000n), 4)).toBe('1,085');
    expect(frenchCoefficient(rational(66841n, 64920n), 4)).toBe('1,0296');
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });
});

describe('the notice', () => {
  it('holds the member, the semester, the issuer, the dates, the invoices, the subsidy, the net, the rules, the appeal text and the chart', () => {
    const b = setup();
    const html = render(b);
    expect(htmlNoticeFileName('vilogia')).toBe('notice-vilogia.html');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="fr">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('Avis des sommes à payer — semestre 2025-S1');
    expect(html).toContain('Médiation sociale — test');
    expect(html).toContain('Ville de Mons en Barœul'); // the coordinator issues it
    expect(html).toContain('identifiant vilogia');
    expect(html).toContain('Claire Martin');
    expect(html).toContain('Le Maire, par délégation, la Directrice des finances');
    expect(html).toContain('Hôtel de ville<br>59370 Mons-en-Barœul');
    expect(html).toContain(TEXTS.appeal);
    expect(html).toContain(TEXTS.payment_instructions);
    expect(html).toContain('03/07/2025'); // issued
    expect(html).toContain('02/08/2025'); // due: + 30 days
    expect(html).toContain('à régler dans les 30 jours suivant sa réception');
    expect(html).toContain('article 5.3');
    // invoices: id, service month, paid on, invoice TTC, key, shares
    expect(html).toContain(`<tr><td>F-2412</td><td>décembre 2024</td><td>20/01/2025</td><td class="n">1${NNBSP}302,00${NBSP}€</td><td class="n">28,28${NBSP}%</td>`);
    expect(html).toContain(`<td class="n">368,21${NBSP}€</td></tr>`);
    expect(html).toContain(`<td class="n">397,05${NBSP}€</td></tr>`);
    expect(html).toContain(`765,26${NBSP}€`);
    // subsidy and net
    expect(html).toContain('Préfecture du Nord');
    expect(html).toContain(`\u2212169,68${NBSP}€`);
    expect(html).toContain(`<tr class="total"><td>Net à payer</td><td class="n">595,58${NBSP}€</td></tr>`);
    // the rules used, as the CSV notice states them
    for (const r of rules(b.config, b.bill)) expect(html).toContain(`<li>${escapeHtml(r.text)}</li>`);
    // the chart
    expect(html).toContain('<svg class="chart" width="160mm" height="47mm" viewBox="0 0 640 188"');
  });

  it('is self-contained: no script, no link, no source, no URL, no web font; A4 portrait print CSS', () => {
    const html = render(setup());
    for (const bad of [/https?:\/\//i, /<script/i, /<link/i, /\bsrc\s*=/i, /\bhref\s*=/i, /url\(/i, /@import/i, /@font-face/i, /<img/i, /<iframe/i, /<object/i, /<embed/i, /xmlns/i]) {
      expect(html, String(bad)).not.toMatch(bad);
    }
    expect(html).toContain('@page { size: A4 portrait; margin: 15mm; }');
    expect(html).toContain('main { width: 180mm; }');
  });

  it('is deterministic: the same inputs give the same string; other members get their own figures', () => {
    const b = setup();
    expect(render(b)).toBe(render(setup()));
    const mons = render(b, 'mons');
    expect(mons).toContain('identifiant mons');
    expect(mons).not.toBe(render(b));
  });

  it('escapes every text from the inputs (names, ids, grantor, config texts)', () => {
    const evil = `<script>alert("x")</script> & 'co'`;
    const ws = makeWorkspace({
      configOverrides: {
        name: 'Groupe <b>&</b>',
        members: [
          { id: 'mons', name: 'Ville <i>' },
          { id: 'partenord', name: 'Partenord' },
          { id: 'vilogia', name: evil },
          { id: 'logis-metropole', name: 'Logis' },
        ],
        notice: { issuer_name: '<u>Claire</u>', issuer_position: 'Maire"', issuer_address: '<hr>', appeal: '<a href="x">recours</a>', payment_instructions: '</main>' },
      },
      invoices: [{ id: '<em>F1</em>', serviceMonth: '2025-01', receivedOn: '2025-02-05', paidOn: '2025-02-20' }],
      subsidies: [{ id: 'S"1', receivedOn: '2025-03-01', amount: '10.00', grantor: '"><img src=x onerror=alert(1)>' }],
    });
    const { bill } = billSemester(ws, parseSemester('2025-S1')!, '2025-07-03');
    const html = renderHtmlNotice(ws.config, bill!, bill!.members.find((m) => m.member.id === 'vilogia')!, noticeChart(ws.config, bill!, ws.index));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(html).toContain('&lt;em&gt;F1&lt;/em&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Every tag in the document is one the renderer writes.
    const allowed = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'div', 'span', 'br', 'h1', 'h2', 'p', 'dl', 'dt', 'dd', 'section', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'strong', 'ol', 'li', 'svg', 'desc', 'line', 'polyline', 'circle', 'rect', 'text']);
    const tags = [...html.matchAll(/<\/?([!a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
    expect(tags.filter((t) => !allowed.has(t))).toEqual([]);
    expect(html.match(/<\/main>/g)).toHaveLength(1);
  });
});

describe('the legally required texts', () => {
  it('missing: a visible placeholder for each, and one notice-text-missing warning each', () => {
    const b = setup({ notice: {} });
    const html = render(b);
    for (const k of ['issuer_name', 'issuer_position', 'appeal']) {
      expect(html).toContain(`<span class="missing">[à compléter dans medcoop.json : notice.${k}]</span>`);
    }
    const w = noticeTextWarnings(b.config);
    expect(w.map((d) => [d.severity, d.code, d.file])).toEqual([
      ['warning', 'notice-text-missing', 'medcoop.json'],
      ['warning', 'notice-text-missing', 'medcoop.json'],
      ['warning', 'notice-text-missing', 'medcoop.json'],
    ]);
    expect(w.map((d) => d.message.split(' ')[0])).toEqual(['notice.issuer_name', 'notice.issuer_position', 'notice.appeal']);
    expect(w[2]!.message).toMatch(/voies et délais de recours/);
  });

  it('present: no placeholder, no warning; the optional texts are left out when absent', () => {
    const b = setup({ notice: { issuer_name: 'A', issuer_position: 'B', appeal: 'C' } });
    expect(noticeTextWarnings(b.config)).toEqual([]);
    const html = render(b);
    expect(html).not.toContain('à compléter');
    expect(html).not.toContain('class="missing"');
  });
});

describe('credit and empty sections', () => {
  it('a negative net is a credit owed to the member, not a sum to pay', () => {
    // subsidy 6000.00 × 28.28 % = 1696.80 > 765.26: credit 931.54
    const html = render(setup({ subsidy: '6000.00' }));
    expect(html).toContain(`<tr class="total"><td>Crédit en faveur du membre</td><td class="n">931,54${NBSP}€</td></tr>`);
    expect(html).toContain('Aucune somme n’est due');
    expect(html).not.toContain('>Net à payer<');
    expect(html).not.toContain('Conditions de paiement');
  });

  it('no subsidy: says so', () => {
    const html = render(setup({ subsidies: [] }));
    expect(html).toContain('Aucune subvention à déduire ce semestre.');
    expect(html).toContain(`<td>Subventions déduites</td><td class="n">0,00${NBSP}€</td>`);
  });
});

describe('the chart', () => {
  it('years known at the issue date: year 1 C = 1; years 2 and 3 with I, I0 and C; year 4 (cut-off 2026-01-01) not yet', () => {
    const b = setup();
    const chart = noticeChart(b.config, b.bill, b.ws.index);
    const show = chart.map((y) => [y.year, y.I?.period ?? null, y.I0?.period ?? null, y.C === null ? null : frenchCoefficient(y.C, 4)]);
    expect(show).toEqual([
      [1, null, null, '1'],
      [2, '2023-09', '2022-10', '1,085'],
      [3, '2024-09', '2022-10', '1,17'],
      [4, null, null, null],
    ]);
    const later = setup({ issuedOn: '2026-01-01' });
    expect(frenchCoefficient(noticeChart(later.config, later.bill, later.ws.index)[3]!.C!, 4)).toBe('1,2125');
  });

  it('a year not billed is computed too (2025-S1 holding only year-3 invoices still shows year 2)', () => {
    const ws = makeWorkspace({ invoices: [{ id: 'F', serviceMonth: '2025-01', receivedOn: '2025-02-05', paidOn: '2025-02-20' }] });
    const { bill } = billSemester(ws, parseSemester('2025-S1')!, '2025-07-03');
    expect([...bill!.revisions.keys()]).toEqual([3]);
    expect(noticeChart(ws.config, bill!, ws.index)[1]!.C).not.toBeNull();
  });

  it('SVG: fixed decimals for every computed coordinate, French labels, the same bytes twice', () => {
    const b = setup();
    const chart = noticeChart(b.config, b.bill, b.ws.index);
    const svg = revisionChartSvg(chart, 'octobre 2022');
    expect(svg).toBe(revisionChartSvg(chart, 'octobre 2022'));
    for (const m of svg.matchAll(/ (x|y|x1|y1|x2|y2|cx|cy|width|height)="([^"]*)"/g)) {
      expect(m[2], m[0]).toMatch(/^(\d+|\d+\.\d{2}|\d+mm)$/);
    }
    for (const m of svg.matchAll(/points="([^"]*)"/g)) {
      for (const p of m[1]!.split(' ')) expect(p).toMatch(/^\d+\.\d{2},\d+\.\d{2}$/);
    }
    expect(svg).toContain('>132<'); // I of year 2 (integer index values shown without decimals)
    expect(svg).toContain('>1,085<');
    expect(svg).toContain('>1,17<');
    expect(svg).toContain('non connue'); // year 4
    expect(svg).toContain('non révisée'); // year 1 on the index panel
    expect(svg).toContain('I0 (octobre 2022)');
  });

  it('round axis ticks', () => {
    const show = (s: ReturnType<typeof niceScale>) => [frenchCoefficient(s.lo, 4), frenchCoefficient(s.hi, 4), frenchCoefficient(s.step, 4), s.decimals];
    expect(show(niceScale([rational(12984n, 100n), rational(13896n, 100n)]))).toEqual(['125', '140', '5', 0]);
    expect(show(niceScale([rational(1n), rational(10597n, 10000n)]))).toEqual(['1', '1,06', '0,02', 2]);
    expect(show(niceScale([rational(1n)]))).toEqual(['0,95', '1,05', '0,05', 2]);
  });
});

describe('billFiles with --html, and verify\'s diff', () => {
  it('adds notice-<member>.html per member and records html: true in the manifest; without it, nothing changes', () => {
    const b = setup();
    const without = billFiles(b.config, b.bill, 'csv', [], '0.0.0');
    const withHtml = billFiles(b.config, b.bill, 'csv', [], '0.0.0', { index: b.ws.index });
    const names = (fs: typeof without) => fs.map((f) => f.path).sort();
    expect(names(withHtml)).toEqual([...names(without), ...b.bill.members.map((m) => `notice-${m.member.id}.html`)].sort());
    const manifest = (fs: typeof without) => JSON.parse(new TextDecoder().decode(fs.find((f) => f.path === 'manifest.json')!.bytes));
    expect(manifest(withHtml).options.html).toBe(true);
    expect('html' in manifest(without).options).toBe(false);
    expect(manifest(withHtml).outputs.map((o: { path: string }) => o.path)).toContain('notice-vilogia.html');
    // The CSV files are the same bytes either way.
    for (const f of without.filter((x) => x.path.endsWith('.csv'))) {
      expect(Buffer.from(withHtml.find((x) => x.path === f.path)!.bytes).equals(Buffer.from(f.bytes))).toBe(true);
    }
  });

  it('diffHtml names the line and clips both texts around the first difference', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const long = 'x'.repeat(200);
    const d = diffHtml('notice-a.html', enc(`a\n${long}1${long}\nc\n`), enc(`a\n${long}2${long}\nc\n`));
    expect(d).toHaveLength(1);
    expect(d[0]!.row).toBe(2);
    expect(d[0]!.expected).toBe(`…${'x'.repeat(40)}1${'x'.repeat(59)}…`);
    expect(d[0]!.found).toBe(`…${'x'.repeat(40)}2${'x'.repeat(59)}…`);
    expect(diffHtml('f', enc('a\n'), enc('a\nb\n'))).toEqual([{ file: 'f', row: 2, expected: '', found: 'b' }, { file: 'f', row: 3, expected: '(no line)', found: '' }]);
  });
});
