/**
 * End-to-end: `medcoop bill --html` on a copy of the fixture, through the
 * real binary — the files, the manifest, verify, the legal texts and their
 * warnings, determinism — and the fixture's notice printed by headless
 * Chromium (Debian's `chromium`, installed by .ci/run): one A4 portrait page,
 * content no wider than 210 mm minus the 15 mm margins.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanupTemp, describeRun, E2E, MEMBERS, readBytes, run, sha256, tempDir, tempWorkspace } from './e2e-helpers.js';
import { CHROMIUM, chromium, HAS_CHROMIUM, measure, pdfPages } from './helpers/chromium.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const BILL = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];
const NBSP = '\u00A0';
const NNBSP = '\u202F';

function billedHtml(extra: string[] = [], edit?: (ws: string) => void): { ws: string; out: string; stdout: string; stderr: string } {
  const { ws } = tempWorkspace();
  edit?.(ws);
  const r = run([...BILL, '--html', ...extra], { cwd: ws });
  expect(r.code, describeRun(r)).toBe(0);
  return { ws, out: join(ws, 'out', '2025-S1'), stdout: r.stdout, stderr: r.stderr };
}

function removeNoticeTexts(ws: string): void {
  const p = join(ws, 'medcoop.json');
  const c = JSON.parse(readFileSync(p, 'utf8'));
  delete c.notice;
  writeFileSync(p, JSON.stringify(c, null, 2));
}

describe('bill --html', E2E, () => {
  it('writes notice-<member>.html next to the CSV notices, each hashed in manifest.json, which records html: true; verify passes', () => {
    const { out } = billedHtml();
    const names = readdirSync(out).sort();
    expect(names).toEqual(['inputs', 'manifest.json', ...MEMBERS.flatMap((m) => [`notice-${m}.csv`, `notice-${m}.html`]), 'recap.csv'].sort());
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.options).toEqual({ semester: '2025-S1', issued_on: '2025-07-03', dialect: 'csv', html: true });
    for (const id of MEMBERS) {
      const o = m.outputs.find((x: { path: string }) => x.path === `notice-${id}.html`);
      expect(o, id).toBeDefined();
      expect(o.sha256).toBe(sha256(readFileSync(join(out, `notice-${id}.html`))));
    }
    const v = run(['verify', out], { cwd: tempDir() });
    expect(v.code, describeRun(v)).toBe(0);
    expect(v.stdout).toMatch(/^verified: the 10 files of /);
  });

  it('without --html nothing changes: no HTML file, no html option in the manifest', () => {
    const { ws } = tempWorkspace();
    const r = run(BILL, { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const out = join(ws, 'out', '2025-S1');
    expect(readdirSync(out).filter((f) => f.endsWith('.html'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).options).toEqual({ semester: '2025-S1', issued_on: '2025-07-03', dialect: 'csv' });
    expect(r.stderr).not.toContain('notice-text-missing');
  });

  it("the fixture's notice for Vilogia: its figures, dates, texts; self-contained; no warning about the legal texts", () => {
    const { out, stderr } = billedHtml();
    expect(stderr).not.toContain('notice-text-missing');
    const html = readFileSync(join(out, 'notice-vilogia.html'), 'utf8');
    for (const bad of [/https?:\/\//i, /<script/i, /<link/i, /\bsrc\s*=/i, /\bhref\s*=/i, /url\(/i, /@import/i, /@font-face/i, /<img/i, /<iframe/i]) {
      expect(html, String(bad)).not.toMatch(bad);
    }
    expect(html).toContain('Avis des sommes à payer — semestre 2025-S1');
    expect(html).toContain('Médiation sociale — Nouveau Mons 2023-2026');
    expect(html).toContain('identifiant vilogia');
    expect(html).toContain('Le Maire, par délégation, la Directrice des finances');
    expect(html).toContain('Tribunal administratif de Lille');
    expect(html).toContain('L.1617-5');
    expect(html).not.toContain('à compléter');
    for (const id of ['F2024-12', 'F2025-01', 'F2025-02', 'F2025-03', 'F2025-04', 'F2025-05']) expect(html).toContain(`<td>${id}</td>`);
    expect(html).not.toContain('F2025-06'); // paid on 2025-07-28: next semester
    // README, worked example: F2025-02 TTC 29219.29, Vilogia 8263.21 TTC (6886.01 HT + 1377.20 VAT);
    // its shares 46743.33 TTC, subsidy 3393.60, net 43349.73 due on 2025-08-02.
    expect(html).toContain(`<tr><td>F2025-02</td><td>février 2025</td><td>25/03/2025</td><td class="n">29${NNBSP}219,29${NBSP}€</td><td class="n">28,28${NBSP}%</td><td class="n">6${NNBSP}886,01${NBSP}€</td><td class="n">1${NNBSP}377,20${NBSP}€</td><td class="n">8${NNBSP}263,21${NBSP}€</td></tr>`);
    expect(html).toContain(`46${NNBSP}743,33${NBSP}€`);
    expect(html).toContain(`\u22123${NNBSP}393,60${NBSP}€`);
    expect(html).toContain(`<tr class="total"><td>Net à payer</td><td class="n">43${NNBSP}349,73${NBSP}€</td></tr>`);
    expect(html).toContain('<dd>03/07/2025</dd>');
    // the deadline as article 5.3 says it: 30 days from receipt; 02/08/2025 only for a notice received the day it is issued
    expect(html).toContain('<dt>Avis n°</dt><dd>2025-S1-1-vilogia</dd>');
    expect(html).toContain('<dd>30 jours après réception</dd>');
    expect(html).toContain('somme à régler dans les 30 jours suivant sa réception (article 5.3 de la convention) — pour un avis reçu le jour de son émission, le 02/08/2025 au plus tard');
    expect(html).not.toContain('payable au');
    expect(html).toContain('S-2025-FIPD');
    // the chart: I of years 2 and 3, I0, C; year 4 (cut-off 2026-01-01) not yet known on 2025-07-03
    for (const label of ['>134,36<', '>138,96<', '>129,84<', '>1,0296<', '>1,0597<', 'non connue']) expect(html).toContain(label);
  });

  it('the same bytes whatever the time zone and locale', () => {
    const a = billedHtml();
    const { ws } = tempWorkspace();
    const r = run([...BILL, '--html'], { cwd: ws, tz: 'Pacific/Kiritimati', lang: 'fr_FR.UTF-8' });
    expect(r.code, describeRun(r)).toBe(0);
    expect(readBytes(join(ws, 'out', '2025-S1'))).toEqual(readBytes(a.out));
  });

  it('without the legal texts in medcoop.json: visible placeholders and one notice-text-missing warning each (stderr and --json)', () => {
    const { out, stderr } = billedHtml([], removeNoticeTexts);
    for (const k of ['issuer_name', 'issuer_position', 'appeal']) {
      expect(stderr).toMatch(new RegExp(`^medcoop\\.json: warning: notice-text-missing: notice\\.${k} is not set`, 'm'));
    }
    const html = readFileSync(join(out, 'notice-mons.html'), 'utf8');
    expect(html).toContain('[à compléter dans medcoop.json : notice.appeal]');
    const { ws } = tempWorkspace();
    removeNoticeTexts(ws);
    const j = run([...BILL, '--html', '--json'], { cwd: ws });
    expect(j.code, describeRun(j)).toBe(0);
    expect(JSON.parse(j.stdout).warnings.filter((w: { code: string }) => w.code === 'notice-text-missing')).toHaveLength(3);
  });

  it('verify names the line of an edited HTML notice: exit 3', () => {
    const { out } = billedHtml();
    const p = join(out, 'notice-vilogia.html');
    const text = readFileSync(p, 'utf8');
    const edited = text.replace(`43${NNBSP}349,73`, `43${NNBSP}349,74`);
    expect(edited).not.toBe(text);
    writeFileSync(p, edited);
    const line = text.split('\n').findIndex((l) => l.includes(`43${NNBSP}349,73`)) + 1;
    const v = run(['verify', out], { cwd: tempDir() });
    expect(v.code, describeRun(v)).toBe(3);
    expect(v.stdout).toContain(`notice-vilogia.html:${line}: expected `);
    expect(v.stdout).toContain(`43${NNBSP}349,74`);
  });
});

// ------------------------------------------------------------------ Chromium

describe('the printed notice (headless Chromium)', () => {
  it.skipIf(!HAS_CHROMIUM)(`fits one A4 portrait page, 180 mm wide at most${HAS_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} not found)`}`, () => {
    const { out } = billedHtml();
    const notice = join(out, 'notice-vilogia.html');
    const pdf = join(tempDir(), 'n.pdf');
    chromium([`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', pathToFileURL(notice).href]);
    const { count, boxes } = pdfPages(readFileSync(pdf));
    expect(count, 'pages in the PDF').toBe(1);
    expect(boxes.length).toBeGreaterThanOrEqual(1);
    for (const [x0, y0, x1, y1] of boxes) {
      expect(Math.abs(x1! - x0! - 595), `MediaBox width ${x1! - x0!} pt`).toBeLessThanOrEqual(1);
      expect(Math.abs(y1! - y0! - 842), `MediaBox height ${y1! - y0!} pt`).toBeLessThanOrEqual(1);
    }
    const m = measure(notice);
    expect(m.mainWidthMm).toBeCloseTo(180, 0);
    expect(m.contentWidthMm, 'content width (mm)').toBeLessThanOrEqual(180 + 0.5);
    expect(m.contentHeightMm, 'content height (mm)').toBeLessThanOrEqual(297 - 30);
  }, 180_000);
});
