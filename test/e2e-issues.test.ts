/**
 * End-to-end: issues (SPEC §5) through the real binary — a notice, once
 * issued, is never rewritten: re-billing writes a supplementary issue of the
 * differences; the issue-date guards; the inputs/ audit pack that verify
 * reads with no workspace.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cents, cleanupTemp, describeRun, E2E, fmt, listFiles, readBytes, readCsvTable, run, sum, tempDir, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const S1 = ['bill', '--semester', '2025-S1'];
const INVOICES_2025 = join('invoices', '2025.csv');

function append(path: string, line: string): void {
  writeFileSync(path, `${readFileSync(path, 'utf8')}${line}\n`);
}

function replaceIn(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

/** A workspace with issue 1 of 2025-S1, issued on 2025-07-03; its files' bytes. */
function issued(extra: string[] = []): { root: string; ws: string; first: Map<string, Buffer> } {
  const { root, ws } = tempWorkspace();
  const r = run([...S1, '--issued-on', '2025-07-03', ...extra], { cwd: ws });
  expect(r.code, describeRun(r)).toBe(0);
  return { root, ws, first: readBytes(join(ws, 'out', '2025-S1')) };
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

// A payment of 2025-06-28 (inside 2025-S1) entered in September: 10 HSUP at the year-3 price 40.80 = 408.00 HT,
// VAT 81.60, TTC 489.60 = 48960 cents; shares 31.61 % 15476.256, 27.58 % 13503.168, 28.28 % 13845.888,
// 12.53 % 6134.688 → floors 48958, the 2 cents left to vilogia (.888) and logis-metropole (.688):
// 154.76, 135.03, 138.46, 61.35.
const LATE = 'F2025-LATE,2025-06-20,2025-06-28,2025-06,HSUP,10,,,Heures supplémentaires de juin (saisie tardive)';

describe('re-billing an issued semester', E2E, () => {
  it('unchanged figures: nothing written, exit 0, says since which issue', () => {
    const { ws, first } = issued();
    // issue 1's recap lists its notices by number
    expect(readCsvTable(join(ws, 'out', '2025-S1', 'recap.csv')).rows.filter((x) => x.status === 'notice').map((x) => [x.invoice_id, x.label])).toEqual([
      ['2025-S1-1-mons', 'Avis des sommes à payer — Ville de Mons en Barœul'],
      ['2025-S1-1-partenord', 'Avis des sommes à payer — Partenord Habitat'],
      ['2025-S1-1-vilogia', 'Avis des sommes à payer — Vilogia'],
      ['2025-S1-1-logis-metropole', 'Avis des sommes à payer — Logis Métropole'],
    ]);
    // a month paid in the next semester changes nothing in 2025-S1
    append(join(ws, INVOICES_2025), 'F2025-Z,2025-07-02,2025-07-10,2025-06,HSUP,3,,,');
    const r = run([...S1, '--issued-on', '2025-09-10'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe('2025-S1: unchanged since issue 1 of 2025-07-03; nothing was written\n');
    expect(listFiles(join(ws, 'out')).filter((f) => !f.startsWith('2025-S1/'))).toEqual([]);
    expect(readBytes(join(ws, 'out', '2025-S1'))).toEqual(first);
    const j = run([...S1, '--issued-on', '2025-09-10', '--json'], { cwd: ws });
    expect(JSON.parse(j.stdout)).toEqual({ semester: '2025-S1', unchanged: true, issue: 1, issued_on: '2025-07-03', previous: [{ issue: 1, issued_on: '2025-07-03' }] });
  });

  it('a payment inside the semester entered after issue 1: issue 2 holds that invoice alone, with the earlier notice numbers; issue 1 is untouched', () => {
    const { ws, first } = issued(['--html']);
    append(join(ws, INVOICES_2025), LATE);
    const r = run([...S1, '--issued-on', '2025-09-10', '--html'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('2025-S1, issue 2\nsupplementary: the differences since issue 1 of 2025-07-03\n');
    expect(r.stdout).toMatch(/^ {2}Vilogia +138\.46 +0\.00 +138\.46 +2025-10-10$/m);
    expect(r.stdout).toContain("notice numbers: 2025-S1-2-<member id>, e.g. 2025-S1-2-mons\n");
    expect(readBytes(join(ws, 'out', '2025-S1'))).toEqual(first);
    const dir = join(ws, 'out', '2025-S1-2');
    const recap = readCsvTable(join(dir, 'recap.csv'));
    expect(recap.rows.filter((x) => !['rule'].includes(x.status!)).map((x) => [x.status, x.invoice_id, x.ttc, x.ttc_mons, x.ttc_partenord, x.ttc_vilogia, x['ttc_logis-metropole']])).toEqual([
      ['added', 'F2025-LATE', '489.60', '154.76', '135.03', '138.46', '61.35'],
      ['total', '', '489.60', '154.76', '135.03', '138.46', '61.35'],
      ...['mons', 'partenord', 'vilogia', 'logis-metropole'].map((m) => ['notice', `2025-S1-2-${m}`, '', '', '', '', '']),
    ]);
    expect(recap.rows.find((x) => x.invoice_id === '2025-S1-2-vilogia')!.label).toBe('Avis complémentaire — Vilogia');
    const n = readCsvTable(join(dir, 'notice-vilogia.csv'));
    expect(n.rows.find((x) => x.type === 'member')!.description).toContain('Vilogia — avis complémentaire des sommes à payer, semestre 2025-S1');
    expect(n.rows.find((x) => x.type === 'notice')).toMatchObject({ reference: '2025-S1-2-vilogia', description: "Avis n° 2025-S1-2-vilogia ; complète l'avis 2025-S1-1-vilogia (différences seulement)", date: '2025-09-10' });
    expect(n.rows.filter((x) => x.type!.startsWith('invoice')).map((x) => [x.type, x.reference, x.share_ttc])).toEqual([['invoice-added', 'F2025-LATE', '138.46']]);
    expect(n.rows.find((x) => x.type === 'net')).toMatchObject({ description: 'Complément à payer', date: '2025-10-10', share_ttc: '138.46' });
    const m = manifestOf(dir);
    expect(m).toMatchObject({ semester: '2025-S1', issue: 2, kind: 'supplementary', previous: [{ issue: 1, issued_on: '2025-07-03' }], due_on: '2025-10-10', replaces: null });
    expect(m.notices.map((x: any) => [x.number, x.completes, x.net])).toEqual([
      ['2025-S1-2-mons', ['2025-S1-1-mons'], '154.76'],
      ['2025-S1-2-partenord', ['2025-S1-1-partenord'], '135.03'],
      ['2025-S1-2-vilogia', ['2025-S1-1-vilogia'], '138.46'],
      ['2025-S1-2-logis-metropole', ['2025-S1-1-logis-metropole'], '61.35'],
    ]);
    // service month 2025-06: contract year 3
    expect(m.notices[2].years).toEqual([{ year: 3, share_ht: m.notices[2].share_ht, share_vat: m.notices[2].share_vat, share_ttc: '138.46', subsidies: '0.00' }]);
    // the printable notice says what it is, and which notice it completes
    const html = readFileSync(join(dir, 'notice-vilogia.html'), 'utf8');
    expect(html).toContain('<h1>Avis complémentaire des sommes à payer — semestre 2025-S1</h1>');
    expect(html).toContain('il complète l’avis 2025-S1-1-vilogia du même semestre');
    expect(html).toContain('<dt>Avis n°</dt><dd>2025-S1-2-vilogia</dd>');
    expect(html).toContain('<td>F2025-LATE (ajoutée)</td>');
    expect(html).toContain('dans les 30 jours suivant sa réception');
    // the same run again: unchanged since issue 2
    const again = run([...S1, '--issued-on', '2025-09-11'], { cwd: ws });
    expect(again.stdout).toBe('2025-S1: unchanged since issue 2 of 2025-09-10; nothing was written\n');
  });

  it('a corrected quantity that lowers the nets: a rectificatif with the earlier and new shares, the difference a credit', () => {
    const { ws } = issued();
    // F2025-05: HSUP 11 → 5. HT 22717.41 + 11 × 40.80 = 23166.21, VAT 4633.24, TTC 27799.45 → HT 22921.41, VAT 4584.28, TTC 27505.69.
    // mons 31.61 %: 27799.45 → 8787.41 (878740.6145 cents, +1 leftover cent); 27505.69 → 8694.55 (869454.86… +1): −92.86.
    replaceIn(join(ws, INVOICES_2025), 'F2025-05,2025-06-04,2025-06-19,2025-05,HSUP,11,', 'F2025-05,2025-06-04,2025-06-19,2025-05,HSUP,5,');
    const r = run([...S1, '--issued-on', '2025-09-10', '--json', '--html'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ issue: 2, kind: 'supplementary' });
    const html = readFileSync(join(ws, 'out', '2025-S1-2', 'notice-mons.html'), 'utf8');
    expect(html).toContain('<h1>Avis rectificatif des sommes à payer — semestre 2025-S1</h1>');
    expect(html).toContain('<td>F2025-05 (modifiée)</td>');
    expect(html).toContain('Aucune somme n’est due au titre de cet avis.');
    expect(html).not.toContain('Net à payer');
    expect(doc.invoices).toEqual([expect.objectContaining({ change: 'changed', id: 'F2025-05', ht: '-244.80', vat: '-48.96', ttc: '-293.76' })]);
    expect(doc.members.map((m: any) => [m.id, m.notice, m.share_ttc, m.net])).toEqual([
      ['mons', '2025-S1-2-mons', '-92.86', '-92.86'],
      ['partenord', '2025-S1-2-partenord', '-81.02', '-81.02'],
      ['vilogia', '2025-S1-2-vilogia', '-83.07', '-83.07'],
      ['logis-metropole', '2025-S1-2-logis-metropole', '-36.81', '-36.81'],
    ]);
    // −92.86 − 81.02 − 83.07 − 36.81 = −293.76
    expect(doc.totals).toMatchObject({ ttc: '-293.76', net: '-293.76' });
    const dir = join(ws, 'out', '2025-S1-2');
    const recap = readCsvTable(join(dir, 'recap.csv'));
    expect(recap.rows.filter((x) => x.invoice_id === 'F2025-05').map((x) => [x.status, x.ttc, x.ttc_mons])).toEqual([
      ['earlier', '27799.45', '8787.41'],
      ['now', '27505.69', '8694.55'],
      ['changed', '-293.76', '-92.86'],
    ]);
    const n = readCsvTable(join(dir, 'notice-mons.csv'));
    expect(n.rows.find((x) => x.type === 'member')!.description).toContain('avis rectificatif des sommes à payer');
    expect(n.rows.find((x) => x.type === 'invoice-changed')).toMatchObject({ reference: 'F2025-05', share_ttc: '-92.86' });
    expect(n.rows.find((x) => x.type === 'invoice-changed')!.description).toContain('part TTC antérieure 8787.41, nouvelle 8694.55');
    expect(n.rows.find((x) => x.type === 'net')!.share_ttc).toBe('-92.86');
  });

  it('a subsidy added: each member is credited its share', () => {
    const { ws } = issued();
    // 1000.00 by the key: 316.10, 275.80, 282.80, 125.30 exactly
    append(join(ws, 'subsidies.csv'), 'S-2025-CAF,CAF du Nord,2025-06-15,1000.00,,');
    const r = run([...S1, '--issued-on', '2025-09-10', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.invoices).toEqual([]);
    expect(doc.subsidies).toEqual([{ change: 'added', id: 'S-2025-CAF', amount: '1000.00', key_date: '2025-06-15' }]);
    expect(doc.members.map((m: any) => [m.id, m.share_ttc, m.subsidies, m.net])).toEqual([
      ['mons', '0.00', '316.10', '-316.10'],
      ['partenord', '0.00', '275.80', '-275.80'],
      ['vilogia', '0.00', '282.80', '-282.80'],
      ['logis-metropole', '0.00', '125.30', '-125.30'],
    ]);
    const n = readCsvTable(join(ws, 'out', '2025-S1-2', 'notice-vilogia.csv'));
    expect(n.rows.find((x) => x.type === 'subsidy-added')).toMatchObject({ reference: 'S-2025-CAF', share_ttc: '-282.80' });
  });

  it('an invoice whose payment moves to the next semester is removed from this one', () => {
    const { ws } = issued();
    // F2025-05 (TTC 27799.45; mons 8787.41) now paid on 2025-07-02: no longer in 2025-S1
    replaceIn(join(ws, INVOICES_2025), 'F2025-05,2025-06-04,2025-06-19,2025-05,FORFAIT', 'F2025-05,2025-06-04,2025-07-02,2025-05,FORFAIT');
    replaceIn(join(ws, INVOICES_2025), 'F2025-05,2025-06-04,2025-06-19,2025-05,HSUP', 'F2025-05,2025-06-04,2025-07-02,2025-05,HSUP');
    const r = run([...S1, '--issued-on', '2025-09-10', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.invoices).toEqual([expect.objectContaining({ change: 'removed', id: 'F2025-05', ttc: '-27799.45' })]);
    expect(doc.members[0]).toMatchObject({ id: 'mons', share_ttc: '-8787.41', net: '-8787.41' });
  });

  it('two supplements in a row: issue 3 holds only what changed since issues 1 and 2, and the three add up to a fresh bill', () => {
    const { root, ws } = issued();
    append(join(ws, INVOICES_2025), LATE);
    expect(run([...S1, '--issued-on', '2025-09-10'], { cwd: ws }).code).toBe(0);
    const second = readBytes(join(ws, 'out', '2025-S1-2'));
    replaceIn(join(ws, INVOICES_2025), 'F2025-05,2025-06-04,2025-06-19,2025-05,HSUP,11,', 'F2025-05,2025-06-04,2025-06-19,2025-05,HSUP,5,');
    const r = run([...S1, '--issued-on', '2025-10-01'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(readBytes(join(ws, 'out', '2025-S1-2'))).toEqual(second);
    const third = manifestOf(join(ws, 'out', '2025-S1-3'));
    // the earlier issues listed as the language lists them: « 1 et 2 » in French, "1, 2" in English as before
    expect(r.stdout).toContain('since issues 1 of 2025-07-03, 2 of 2025-09-10\n');
    const fr = run(['verify', join(ws, 'out', '2025-S1-3'), '--lang', 'fr'], { cwd: ws });
    expect(fr.stdout).toMatch(/^vérifié : les \d+ fichiers du dossier .*2025-S1-3 \(émission 3 de 2025-S1\) sont à l'octet près .* et les émissions 1 et 2 à côté\n/);
    expect(third).toMatchObject({ issue: 3, kind: 'supplementary', previous: [{ issue: 1, issued_on: '2025-07-03' }, { issue: 2, issued_on: '2025-09-10' }] });
    expect(third.notices[0]).toMatchObject({ number: '2025-S1-3-mons', completes: ['2025-S1-1-mons', '2025-S1-2-mons'], net: '-92.86' });
    const recap = readCsvTable(join(ws, 'out', '2025-S1-3', 'recap.csv'));
    expect(recap.rows.filter((x) => x.invoice_id === 'F2025-LATE')).toEqual([]);
    // the three issues add up, member by member, to what a first issue would bill now
    const fresh = run([...S1, '--issued-on', '2025-10-01', '--out', join(root, 'fresh'), '--json'], { cwd: ws });
    const now = JSON.parse(fresh.stdout);
    for (const [i, m] of now.members.entries()) {
      const issuedNets = ['2025-S1', '2025-S1-2', '2025-S1-3'].map((d) => cents(manifestOf(join(ws, 'out', d)).notices[i].net));
      expect(fmt(sum(issuedNets)), m.id).toBe(m.net);
    }
  });

  it('a member whose figures did not change gets no notice', () => {
    const { ws } = tempWorkspace();
    // Logis Métropole leaves the key on 2025-01-01: it shares F2024-12 (service 2024) but no 2025 invoice
    const p = join(ws, 'medcoop.json');
    const c = JSON.parse(readFileSync(p, 'utf8'));
    c.keys.push({ from: '2025-01-01', shares: { mons: '36.00', partenord: '32.00', vilogia: '32.00' } });
    writeFileSync(p, JSON.stringify(c, null, 2));
    expect(run([...S1, '--issued-on', '2025-07-03'], { cwd: ws }).code).toBe(0);
    append(join(ws, INVOICES_2025), LATE);
    const r = run([...S1, '--issued-on', '2025-09-10', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.members.map((m: any) => [m.id, m.notice, m.net])).toEqual([
      // 48960 cents × 36 % = 17625.6, × 32 % = 15667.2 twice → 17625 + 15667 × 2 = 48959, 1 cent to mons (.6)
      ['mons', '2025-S1-2-mons', '176.26'],
      ['partenord', '2025-S1-2-partenord', '156.67'],
      ['vilogia', '2025-S1-2-vilogia', '156.67'],
      ['logis-metropole', null, '0.00'],
    ]);
    expect(listFiles(join(ws, 'out', '2025-S1-2')).filter((f) => f.startsWith('notice-'))).toEqual(['notice-mons.csv', 'notice-partenord.csv', 'notice-vilogia.csv']);
    expect(manifestOf(join(ws, 'out', '2025-S1-2')).notices.map((n: any) => n.member)).toEqual(['mons', 'partenord', 'vilogia']);
  });

  it('--force replaces the latest issue only, and its manifest says which one it replaced', () => {
    const { ws, first } = issued();
    append(join(ws, INVOICES_2025), LATE);
    expect(run([...S1, '--issued-on', '2025-09-10'], { cwd: ws }).code).toBe(0);
    const old = readFileSync(join(ws, 'out', '2025-S1-2', 'manifest.json'));
    const r = run([...S1, '--issued-on', '2025-09-12', '--force'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('replaced (--force), as issue 2');
    expect(readBytes(join(ws, 'out', '2025-S1'))).toEqual(first);
    const m = manifestOf(join(ws, 'out', '2025-S1-2'));
    expect(m.issued_on).toBe('2025-09-12');
    expect(m.replaces).toMatchObject({ issue: 2, issued_on: '2025-09-10' });
    expect(m.replaces.manifest_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.replaces.manifest_sha256).not.toBe(m.outputs[0].sha256);
    expect(old.length).toBeGreaterThan(0);
    expect(run(['verify', join(ws, 'out', '2025-S1-2')], { cwd: tempDir() }).code).toBe(0);
  });
});

describe('the issue date', E2E, () => {
  it('before a billed payment: exit 1 naming the invoice and both dates, nothing written', () => {
    const { root, ws } = tempWorkspace();
    const r = run([...S1, '--issued-on', '2025-06-01'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('invoices/2025.csv:7: issued-before-payment: invoice F2025-05 was paid on 2025-06-19, after the issue date 2025-06-01');
    expect(r.stderr).toContain('nothing was written');
    expect(listFiles(root).filter((f) => f.includes('out/'))).toEqual([]);
  });

  it('before a subsidy it deducts: exit 1 naming the subsidy and both dates', () => {
    const { ws } = tempWorkspace();
    append(join(ws, 'subsidies.csv'), 'S-LATE,CAF,2025-06-22,100.00,,');
    const r = run([...S1, '--issued-on', '2025-06-20'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('subsidy S-LATE was received on 2025-06-22, after the issue date 2025-06-20');
  });

  it('before the end of the semester: allowed, with the warning semester-open', () => {
    const { ws } = tempWorkspace();
    const r = run([...S1, '--issued-on', '2025-06-25'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stderr).toContain('warning: semester-open: issued on 2025-06-25, before the end of 2025-S1 (2025-06-30)');
  });

  it('before the previous issue of the semester: exit 1', () => {
    const { ws } = issued();
    append(join(ws, INVOICES_2025), LATE);
    const r = run([...S1, '--issued-on', '2025-07-01'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('issue 1 of 2025-S1 was issued on 2025-07-03, after the issue date 2025-07-01');
  });
});

describe('verify with the output folder alone', E2E, () => {
  it('an initial and a supplementary issue, copied elsewhere without the workspace, verify from any folder', () => {
    const { ws } = issued(['--html']);
    append(join(ws, INVOICES_2025), LATE);
    expect(run([...S1, '--issued-on', '2025-09-10'], { cwd: ws }).code).toBe(0);
    const away = join(tempDir(), 'archive', 'medcoop-out');
    cpSync(join(ws, 'out'), away, { recursive: true });
    for (const issue of ['2025-S1', '2025-S1-2']) {
      const r = run(['verify', join(away, issue)], { cwd: tempDir() });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stderr).toBe('');
    }
    // issue 2 without issue 1 beside it: the differences cannot be recomputed
    const alone = join(tempDir(), 'alone');
    cpSync(join(ws, 'out', '2025-S1-2'), join(alone, '2025-S1-2'), { recursive: true });
    const r = run(['verify', join(alone, '2025-S1-2')], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('issue 1 of 2025-S1 is missing in');
  });

  it('--out outside the workspace: verify needs no --dir; with --dir it also says when the workspace moved on', () => {
    const { root, ws } = tempWorkspace();
    const outRoot = join(root, 'archive');
    expect(run([...S1, '--issued-on', '2025-07-03', '--out', outRoot], { cwd: ws }).code).toBe(0);
    let r = run(['verify', join(outRoot, '2025-S1')], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(0);
    append(join(ws, INVOICES_2025), LATE);
    r = run(['verify', join(outRoot, '2025-S1'), '--dir', ws], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(0);
    // the late payment: mons +154.76, partenord +135.03, vilogia +138.46, logis-metropole +61.35 (see LATE)
    expect(r.stderr).toContain('workspace-changed: ');
    expect(r.stderr).toContain('net mons +154.76, partenord +135.03, vilogia +138.46, logis-metropole +61.35; a supplementary issue is due (medcoop bill --semester 2025-S1)');
  });

  it('a folder written before issues were numbered is named, not compared; nothing written', () => {
    const { ws } = issued();
    const p = join(ws, 'out', '2025-S1', 'manifest.json');
    const m = JSON.parse(readFileSync(p, 'utf8'));
    for (const k of ['semester', 'issue', 'kind', 'previous', 'due_on', 'replaces', 'notices']) delete m[k];
    writeFileSync(p, JSON.stringify(m, null, 2));
    append(join(ws, INVOICES_2025), LATE);
    const r = run([...S1, '--issued-on', '2025-09-10'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('was written by a medcoop that did not number issues');
    expect(listFiles(join(ws, 'out')).some((f) => f.startsWith('2025-S1-2/'))).toBe(false);
  });

  it('--force on an issue 2 whose differences have gone: refused, nothing removed', () => {
    const { ws } = issued();
    const path = join(ws, INVOICES_2025);
    const original = readFileSync(path, 'utf8');
    append(path, LATE);
    expect(run([...S1, '--issued-on', '2025-09-10'], { cwd: ws }).code).toBe(0);
    const second = readBytes(join(ws, 'out', '2025-S1-2'));
    writeFileSync(path, original);
    const r = run([...S1, '--issued-on', '2025-09-12', '--force'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('issue 2 would hold no difference; --force replaces an issue, it never removes one');
    expect(readBytes(join(ws, 'out', '2025-S1-2'))).toEqual(second);
  });

  it('a manifest naming an input outside its folder is refused before anything is read', () => {
    const { ws } = issued();
    const p = join(ws, 'out', '2025-S1', 'manifest.json');
    const m = JSON.parse(readFileSync(p, 'utf8'));
    m.inputs[0].path = '../../medcoop.json';
    writeFileSync(p, JSON.stringify(m, null, 2));
    const r = run(['verify', join(ws, 'out', '2025-S1')], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('not a medcoop bill manifest');
  });

  it('an edited supplementary notice: exit 3 naming it', () => {
    const { ws } = issued();
    append(join(ws, INVOICES_2025), LATE);
    expect(run([...S1, '--issued-on', '2025-09-10'], { cwd: ws }).code).toBe(0);
    const p = join(ws, 'out', '2025-S1-2', 'notice-vilogia.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace(',138.46\r\n', ',138.47\r\n'));
    const r = run(['verify', join(ws, 'out', '2025-S1-2')], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(3);
    expect(r.stdout).toContain('notice-vilogia.csv:');
    expect(r.stdout).toContain('expected 138.46, found 138.47');
  });
});
