/**
 * End-to-end: what each member owes (SPEC §6) through the real binary —
 * `status`, `statement`, `remind`, and `check` on payments.csv — first after a
 * real `bill` of the fixture, then on hand-made issue folders (an initial
 * issue, a supplementary one with a negative net, a later semester) so that
 * the figures are proven apart from bill. Every figure is worked by hand in
 * the comments.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanupTemp, describeRun, E2E, run, tempDir, tempWorkspace } from './e2e-helpers.js';
import { CHROMIUM, chromium, HAS_CHROMIUM, measure, pdfPages } from './helpers/chromium.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const HEADER = 'payment_id,member,received_on,amount,notice,reference';

function billed(): string {
  const { ws } = tempWorkspace();
  const r = run(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '-q'], { cwd: ws });
  expect(r.code, describeRun(r)).toBe(0);
  return ws;
}

function json(ws: string, args: string[]): any {
  const r = run([...args, '--json'], { cwd: ws });
  expect(r.code, describeRun(r)).toBe(0);
  return JSON.parse(r.stdout);
}

describe('after bill: status on the fixture', E2E, () => {
  // The fixture's 2025-S1 nets (README, bill): mons 48454.23, partenord 42276.72,
  // vilogia 43349.73, logis-metropole 19206.94; issued 2025-07-03, due 2025-08-02.
  const payments = [
    HEADER,
    'V1,vilogia,2025-07-20,20000.00,2025-S1-1-vilogia,virement 1', // partial, naming its notice
    'M1,mons,2025-08-01,"60 000,00",,mandat 2025-118', // naming none; 60000 − 48454.23 = 11545.77 too much
    'L1,logis-metropole,2025-08-20,19206.94,,', // all of it, after the due date
    'V2,vilogia,2025-09-20,5000.00,,', // after the dates looked at below
  ].join('\n');

  it('--on before and after the due date: paid, balance, days overdue, totals, overpaid', () => {
    const ws = billed();
    writeFileSync(join(ws, 'payments.csv'), `${payments}\n`);
    const before = json(ws, ['status', '--on', '2025-07-31']);
    expect(before.on).toBe('2025-07-31');
    const figures = (j: any) => j.members.map((m: any) => [m.id, m.balance, m.overdue, ...m.notices.map((n: any) => [n.number, n.issued_on, n.due_on, n.amount, n.paid, n.balance, n.days_overdue])]);
    // On 2025-07-31 only V1 is received: vilogia 43349.73 − 20000.00 = 23349.73; nothing overdue yet.
    expect(figures(before)).toEqual([
      ['mons', '48454.23', '0.00', ['2025-S1-1-mons', '2025-07-03', '2025-08-02', '48454.23', '0.00', '48454.23', 0]],
      ['partenord', '42276.72', '0.00', ['2025-S1-1-partenord', '2025-07-03', '2025-08-02', '42276.72', '0.00', '42276.72', 0]],
      ['vilogia', '23349.73', '0.00', ['2025-S1-1-vilogia', '2025-07-03', '2025-08-02', '43349.73', '20000.00', '23349.73', 0]],
      ['logis-metropole', '19206.94', '0.00', ['2025-S1-1-logis-metropole', '2025-07-03', '2025-08-02', '19206.94', '0.00', '19206.94', 0]],
    ]);
    // issued 48454.23 + 42276.72 + 43349.73 + 19206.94 = 153287.62; paid 20000.00; balance 133287.62
    expect(before.totals).toEqual({ issued: '153287.62', paid: '20000.00', balance: '133287.62', overdue: '0.00' });
    expect(before.warnings).toEqual([]);

    // On 2025-09-15: 44 days after 2025-08-02 (29 left in August + 15).
    const after = json(ws, ['status', '--on', '2025-09-15']);
    expect(figures(after)).toEqual([
      ['mons', '-11545.77', '0.00', ['2025-S1-1-mons', '2025-07-03', '2025-08-02', '48454.23', '48454.23', '0.00', 0]],
      ['partenord', '42276.72', '42276.72', ['2025-S1-1-partenord', '2025-07-03', '2025-08-02', '42276.72', '0.00', '42276.72', 44]],
      ['vilogia', '23349.73', '23349.73', ['2025-S1-1-vilogia', '2025-07-03', '2025-08-02', '43349.73', '20000.00', '23349.73', 44]],
      ['logis-metropole', '0.00', '0.00', ['2025-S1-1-logis-metropole', '2025-07-03', '2025-08-02', '19206.94', '19206.94', '0.00', 0]],
    ]);
    // paid 20000.00 + 60000.00 + 19206.94 = 99206.94; balance 153287.62 − 99206.94 = 54080.68
    // = −11545.77 + 42276.72 + 23349.73 + 0.00; overdue 42276.72 + 23349.73 = 65626.45
    expect(after.totals).toEqual({ issued: '153287.62', paid: '99206.94', balance: '54080.68', overdue: '65626.45' });
    expect(after.warnings.map((w: any) => w.code)).toEqual(['overpaid']);
    expect(after.warnings[0].message).toContain('mons has paid 11545.77 more');
  });

  it('the terminal table: every figure, at most 80 columns; the overpaid warning on stderr', () => {
    const ws = billed();
    writeFileSync(join(ws, 'payments.csv'), `${payments}\n`);
    const r = run(['status', '--on', '2025-09-15'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    for (const l of r.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('Vilogia (vilogia): balance 23,349.73, overdue 23,349.73\n');
    expect(r.stdout).toContain('  2025-S1-1  2025-07-03 2025-08-02    43,349.73    20,000.00    23,349.73   44\n');
    expect(r.stdout).toContain('Ville de Mons en Barœul (mons): credit 11,545.77 in its favour\n');
    expect(r.stdout).toContain('Total: issued 153,287.62, paid 99,206.94,\n       balance 54,080.68, overdue 65,626.45\n');
    expect(r.stderr).toMatch(/^warning: overpaid: mons has paid 11545\.77 more/m);
  });

  it('check reads payments.csv: an unknown notice number or member is an error at its line and column', () => {
    const ws = billed();
    writeFileSync(join(ws, 'payments.csv'), `${payments}\n`);
    const ok = run(['check'], { cwd: ws });
    expect(ok.code, describeRun(ok)).toBe(0);
    writeFileSync(join(ws, 'payments.csv'), `${HEADER}\nV1,vilogia,2025-07-20,10.00,2025-S1-2-vilogia,\nX1,lille,2025-07-20,10.00,,\n`);
    const bad = run(['check'], { cwd: ws });
    expect(bad.code, describeRun(bad)).toBe(1);
    expect(bad.stderr).toContain('payments.csv:2:5: unknown-notice: notice: "2025-S1-2-vilogia" is not the number of an issued notice');
    expect(bad.stderr).toContain('payments.csv:3:2: unknown-member: member: "lille" is not a member of the config');
    const st = run(['status'], { cwd: ws });
    expect(st.code, describeRun(st)).toBe(1);
    expect(st.stderr).toContain('payments.csv:2:5: unknown-notice');
    // another member's notice, in French: « un avis du membre mons, pas du membre vilogia » (« de {{id}} » did not elide
    // before an id starting with a vowel: « un avis de orchies »)
    writeFileSync(join(ws, 'payments.csv'), `${HEADER}\nV1,vilogia,2025-07-20,10.00,2025-S1-1-mons,\n`);
    const fr = run(['check', '--lang', 'fr'], { cwd: ws });
    expect(fr.stderr).toContain('payments.csv:2:5: unknown-notice: notice : 2025-S1-1-mons est un avis du membre mons, pas du membre vilogia\n');
  });

  it('an Excel payments file (";", decimal comma, DD/MM/YYYY, Windows-1252) gives the same figures', () => {
    const ws = billed();
    const text = `payment_id;member;received_on;amount;notice;reference\r\nV1;vilogia;20/07/2025;20 000,00;2025-S1-1-vilogia;Réf 1\r\n`;
    writeFileSync(join(ws, 'payments.csv'), Buffer.from(text, 'latin1'));
    const r = run(['status', '--on', '2025-09-15', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.members.find((m: any) => m.id === 'vilogia').balance).toBe('23349.73');
    expect(j.warnings.map((w: any) => w.code)).toEqual(['windows-1252']);
  });
});

// ------------------------------------------------------------ hand-made issues

interface N { member: string; issue: number; net: string; ht?: string; vat?: string; sub?: string; year?: number; completes?: string[] }

/** Writes OUT/<folder>/manifest.json for one issue, by hand (the contract of issue 11). */
function issue(root: string, semester: string, k: number, issuedOn: string, dueOn: string, notices: N[]): void {
  const folder = k === 1 ? semester : `${semester}-${k}`;
  mkdirSync(join(root, folder), { recursive: true });
  const c = (s: string) => BigInt(s.replace('.', ''));
  const f = (v: bigint) => `${v < 0n ? '-' : ''}${(v < 0n ? -v : v) / 100n}.${String((v < 0n ? -v : v) % 100n).padStart(2, '0')}`;
  const doc = {
    tool: 'medcoop', version: 'test', command: 'bill', issued_on: issuedOn,
    semester, issue: k, kind: k === 1 ? 'initial' : 'supplementary', previous: k === 1 ? [] : [{ issue: 1, issued_on: '2025-07-03' }], due_on: dueOn,
    notices: notices.map((n) => {
      const sub = c(n.sub ?? '0.00');
      const ttc = c(n.net) + sub;
      const ht = n.ht !== undefined ? c(n.ht) : ttc;
      const y = { share_ht: f(ht), share_vat: f(ttc - ht), share_ttc: f(ttc), subsidies: f(sub) };
      return { member: n.member, number: `${semester}-${k}-${n.member}`, completes: n.completes ?? [], ...y, net: n.net, years: [{ year: n.year ?? 3, ...y }] };
    }),
  };
  writeFileSync(join(root, folder, 'manifest.json'), `${JSON.stringify(doc, null, 2)}\n`);
}

/**
 * A workspace with three hand-made issues:
 * - 2025-S1 (issue 1, 2025-07-03, due 2025-08-02): mons 1000.00; vilogia net 2000.00 = TTC 2100.00
 *   (HT 1750.00 + VAT 350.00) − subsidies 100.00, all in contract year 3;
 * - 2025-S1-2 (supplementary, 2025-10-01, due 2025-10-31): vilogia −150.00 (HT −125.00, VAT −25.00),
 *   a rectificatif in its favour;
 * - 2025-S2 (issue 1, 2026-01-05, due 2026-02-04): vilogia 800.00 (year 4), mons 300.00.
 */
function handMade(): string {
  const { ws } = tempWorkspace();
  const out = join(ws, 'out');
  issue(out, '2025-S1', 1, '2025-07-03', '2025-08-02', [{ member: 'mons', issue: 1, net: '1000.00' }, { member: 'vilogia', issue: 1, net: '2000.00', sub: '100.00', ht: '1750.00' }]);
  issue(out, '2025-S1', 2, '2025-10-01', '2025-10-31', [{ member: 'vilogia', issue: 2, net: '-150.00', ht: '-125.00', completes: ['2025-S1-1-vilogia'] }]);
  issue(out, '2025-S2', 1, '2026-01-05', '2026-02-04', [{ member: 'vilogia', issue: 1, net: '800.00', year: 4, ht: '666.67' }, { member: 'mons', issue: 1, net: '300.00', year: 4 }]);
  writeFileSync(join(ws, 'payments.csv'), [
    HEADER,
    'V1,vilogia,2025-07-30,1200.00,2025-S1-1-vilogia,',
    'M1,mons,2025-07-15,1000.00,,', // mons is up to date until 2026
    'V2,vilogia,2026-01-20,500.00,,',
    '',
  ].join('\n'));
  return ws;
}

describe('hand-made issues: a supplementary issue with a negative net, a later semester', E2E, () => {
  it('status: the credit note settles the oldest open notice, then the payments settle the rest', () => {
    const ws = handMade();
    const j = json(ws, ['status', '--on', '2026-02-10']);
    const v = j.members.find((m: any) => m.id === 'vilogia');
    // vilogia: 2000.00 − V1 1200.00 = 800.00 open on 2025-S1-1; the credit note (−150.00, 2025-10-01)
    // and V2 (500.00, 2026-01-20) settle the oldest first: 2025-S1-1 gets 150.00 + 500.00 = 650.00 more → 150.00 left,
    // 2025-S2-1 nothing yet: 800.00. Balance 2000.00 − 150.00 + 800.00 − 1700.00 = 950.00 = 150.00 + 800.00.
    // Days overdue on 2026-02-10: 2025-08-02 → 2026-02-10 = 29+30+31+30+31+31+10 = 192; 2026-02-04 → 6.
    expect(v.notices.map((n: any) => [n.number, n.amount, n.paid, n.balance, n.days_overdue])).toEqual([
      ['2025-S1-1-vilogia', '2000.00', '1850.00', '150.00', 192],
      ['2025-S1-2-vilogia', '-150.00', '-150.00', '0.00', 0],
      ['2025-S2-1-vilogia', '800.00', '0.00', '800.00', 6],
    ]);
    expect([v.balance, v.overdue]).toEqual(['950.00', '950.00']);
    // mons: 1000.00 paid; 300.00 open, 6 days overdue. Totals: issued 1000 + 2000 − 150 + 800 + 300 = 3950.00,
    // paid 1200 + 1000 + 500 = 2700.00, balance 1250.00 = 950.00 + 300.00.
    expect(j.totals).toEqual({ issued: '3950.00', paid: '2700.00', balance: '1250.00', overdue: '1250.00' });
    // Before the rectificatif is issued and before V2: only 2025-S1-1, 800.00 open, 2025-08-02 → 2025-09-30 = 59 days.
    const sep = json(ws, ['status', '--on', '2025-09-30']).members.find((m: any) => m.id === 'vilogia');
    expect(sep.notices.map((n: any) => [n.number, n.balance, n.days_overdue])).toEqual([['2025-S1-1-vilogia', '800.00', 59]]);
  });

  it('statement: every notice and payment in date order with the running balance, and the shares per contract year; both dialects', () => {
    const ws = handMade();
    const r = run(['statement', '--member', 'vilogia', '--on', '2026-02-10'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe('Vilogia on 2026-02-10: balance 950.00 (overdue 950.00), 5 entries\nout/statements/statement-vilogia-2026-02-10.csv — written\n');
    const csv = readFileSync(join(ws, 'out', 'statements', 'statement-vilogia-2026-02-10.csv'), 'utf8');
    // 2000.00; −1200.00 → 800.00; credit note −150.00 → 650.00; +800.00 → 1450.00; −500.00 → 950.00
    expect(csv.split('\r\n')).toEqual([
      'type,date,reference,description,debit,credit,balance,share_ht,share_vat,share_ttc,subsidies',
      'member,2026-02-10,vilogia,Vilogia — relevé de compte au 2026-02-10 (Médiation sociale — Nouveau Mons 2023-2026),,,,,,,',
      'notice,2025-07-03,2025-S1-1-vilogia,"Avis des sommes à payer, semestre 2025-S1, échéance 2025-08-02",2000.00,,2000.00,,,,',
      'payment,2025-07-30,V1,Paiement reçu — avis 2025-S1-1-vilogia,,1200.00,800.00,,,,',
      'notice,2025-10-01,2025-S1-2-vilogia,"Avis rectificatif, semestre 2025-S1 (complète 2025-S1-1-vilogia), échéance 2025-10-31",,150.00,650.00,,,,',
      'notice,2026-01-05,2025-S2-1-vilogia,"Avis des sommes à payer, semestre 2025-S2, échéance 2026-02-04",800.00,,1450.00,,,,',
      'payment,2026-01-20,V2,Paiement reçu,,500.00,950.00,,,,',
      'balance,2026-02-10,,Solde dû au 2026-02-10,,,950.00,,,,',
      'overdue,2026-02-10,,Dont échu et impayé au 2026-02-10,,,950.00,,,,',
      // year 3: HT 1750.00 − 125.00 = 1625.00; TTC 2100.00 − 150.00 = 1950.00; VAT 1950.00 − 1625.00 = 325.00; subsidies 100.00
      'year,,annee-3,Année 3 du marché (2025-01-01 – 2025-12-31),,,,1625.00,325.00,1950.00,100.00',
      // year 4: TTC 800.00, HT 666.67, VAT 133.33
      'year,,annee-4,Année 4 du marché (2026-01-01 – 2026-12-31),,,,666.67,133.33,800.00,0.00',
      '',
    ]);
    // The same statement again: the same bytes, left as they are.
    const again = run(['statement', '--member', 'vilogia', '--on', '2026-02-10'], { cwd: ws });
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain('unchanged');
    // excel-fr: ";", decimal comma, DD/MM/YYYY, BOM, French headers
    const fr = run(['statement', '--member', 'vilogia', '--on', '2026-02-10', '--dialect', 'excel-fr', '--force'], { cwd: ws });
    expect(fr.code, describeRun(fr)).toBe(0);
    const frText = readFileSync(join(ws, 'out', 'statements', 'statement-vilogia-2026-02-10.csv'), 'utf8');
    expect(frText.startsWith('\uFEFFnature;date;reference;libelle;debit;credit;solde;part_ht;part_tva;part_ttc;subventions\r\n')).toBe(true);
    expect(frText).toContain('\r\npayment;30/07/2025;V1;Paiement reçu — avis 2025-S1-1-vilogia;;1200,00;800,00;;;;\r\n');
  });

  it('statement never replaces a different file without --force; a bad --member or --on is wrong usage', () => {
    const ws = handMade();
    const p = join(ws, 'out', 'statements', 'statement-mons-2026-02-10.csv');
    mkdirSync(join(ws, 'out', 'statements'), { recursive: true });
    writeFileSync(p, 'my notes\n');
    const r = run(['statement', '--member', 'mons', '--on', '2026-02-10', '--html'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('statement-mons-2026-02-10.csv already exists with other figures; nothing was written. Use --force');
    expect(readFileSync(p, 'utf8')).toBe('my notes\n');
    expect(existsSync(p.replace('.csv', '.html'))).toBe(false);
    expect(run(['statement', '--on', '2026-02-10'], { cwd: ws }).code).toBe(2);
    const unknown = run(['statement', '--member', 'lille'], { cwd: ws });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--member: "lille" is not a member of the config');
    expect(run(['status', '--on', '2026-02-30'], { cwd: ws }).code).toBe(2);
    expect(run(['remind', '--on', 'tomorrow'], { cwd: ws }).code).toBe(2);
  });

  it('remind: one reminder per member with an overdue notice, none for a member up to date', () => {
    const ws = handMade();
    // On 2025-09-30 only vilogia is late (800.00 on 2025-S1-1-vilogia, 59 days); mons has paid.
    const r = run(['remind', '--on', '2025-09-30'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe('Vilogia: 1 overdue notice (2025-S1-1-vilogia), 800.00 left to pay\nout/reminders/2025-09-30/: 1 reminder (CSV and printable HTML) — written\n');
    const dir = join(ws, 'out', 'reminders', '2025-09-30');
    expect(readdirSync(dir).sort()).toEqual(['reminder-vilogia.csv', 'reminder-vilogia.html']);
    expect(readFileSync(join(dir, 'reminder-vilogia.csv'), 'utf8').split('\r\n')).toEqual([
      'type,reference,description,issued_on,due_on,amount,paid,balance,days_overdue',
      'member,vilogia,Vilogia — lettre de relance au 2025-09-30 (Médiation sociale — Nouveau Mons 2023-2026),,2025-09-30,,,,',
      'notice,2025-S1-1-vilogia,"Avis des sommes à payer, semestre 2025-S1",2025-07-03,2025-08-02,2000.00,1200.00,800.00,59',
      'total,,Reste dû sur les avis échus au 2025-09-30,,,,,800.00,',
      '',
    ]);
    const html = readFileSync(join(dir, 'reminder-vilogia.html'), 'utf8');
    expect(html).toContain('Lettre de relance');
    expect(html).toContain('<td class="ref">2025-S1-1-vilogia</td><td>03/07/2025</td><td>02/08/2025</td>');
    expect(html).toContain('800,00\u00A0€');
    // On 2026-02-10 both are late: mons (300.00 on 2025-S2-1-mons) and vilogia (two notices).
    const feb = run(['remind', '--on', '2026-02-10'], { cwd: ws });
    expect(feb.code, describeRun(feb)).toBe(0);
    expect(feb.stdout).toContain('Vilogia: 2 overdue notices (2025-S1-1-vilogia, 2025-S2-1-vilogia), 950.00 left to pay\n');
    expect(readdirSync(join(ws, 'out', 'reminders', '2026-02-10')).sort()).toEqual(['reminder-mons.csv', 'reminder-mons.html', 'reminder-vilogia.csv', 'reminder-vilogia.html']);
    // Before any due date: nothing overdue, nothing written.
    const july = run(['remind', '--on', '2025-07-31'], { cwd: ws });
    expect(july.code, describeRun(july)).toBe(0);
    expect(july.stdout).toBe('no notice is overdue on 2025-07-31: no reminder written\n');
    expect(existsSync(join(ws, 'out', 'reminders', '2025-07-31'))).toBe(false);
  });

  it('reordering the rows of payments.csv changes no figure', () => {
    const ws = handMade();
    const p = join(ws, 'payments.csv');
    const before = run(['status', '--on', '2026-02-10', '--json'], { cwd: ws });
    const [header, ...rows] = readFileSync(p, 'utf8').trimEnd().split('\n');
    writeFileSync(p, `${[header, ...rows.reverse()].join('\n')}\n`);
    const after = run(['status', '--on', '2026-02-10', '--json'], { cwd: ws });
    expect([before.code, after.code]).toEqual([0, 0]);
    expect(after.stdout).toBe(before.stdout);
  });

  it('text from payments.csv is neutralised in the CSV statement and escaped in the HTML one', () => {
    const ws = handMade();
    writeFileSync(join(ws, 'payments.csv'), `${HEADER}\n@P1,vilogia,2025-07-30,10.00,,"=HYPERLINK(""http://x"")<b>"\n`);
    const r = run(['statement', '--member', 'vilogia', '--on', '2025-08-01', '--html'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const csv = readFileSync(join(ws, 'out', 'statements', 'statement-vilogia-2025-08-01.csv'), 'utf8');
    // a leading @ or = gets a ' (OWASP); the amounts keep their plain numbers: 2000.00 − 10.00 = 1990.00
    expect(csv).toContain(`\r\npayment,2025-07-30,'@P1,"Paiement reçu — =HYPERLINK(""http://x"")<b>",,10.00,1990.00,,,,\r\n`);
    const html = readFileSync(join(ws, 'out', 'statements', 'statement-vilogia-2025-08-01.html'), 'utf8');
    expect(html).toContain('<td class="ref">@P1</td><td>Paiement reçu — =HYPERLINK(&quot;http://x&quot;)&lt;b&gt;</td>');
    expect(html).not.toContain('<b>');
  });

  it('an issue written before numbered issues: a clear error naming its folder, exit 1', () => {
    const ws = handMade();
    writeFileSync(join(ws, 'out', '2025-S1', 'manifest.json'), JSON.stringify({ tool: 'medcoop', version: '0.1.0', command: 'bill', issued_on: '2025-07-03' }));
    const r = run(['status'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('out/2025-S1/manifest.json: old-manifest: the issue in 2025-S1/ has no semester, issue, kind, due_on, notices in its manifest');
    expect(r.stderr).not.toMatch(/internal error|at .*\.js/);
  });

  it('no output root yet: every member owes nothing; --out names another root', () => {
    const { ws } = tempWorkspace();
    const j = json(ws, ['status', '--on', '2025-09-15']);
    expect(j.totals).toEqual({ issued: '0.00', paid: '0.00', balance: '0.00', overdue: '0.00' });
    const other = handMade();
    const k = json(ws, ['status', '--on', '2026-02-10', '--out', join(other, 'out')]);
    expect(k.totals.issued).toBe('3950.00');
  });

  it('the same bytes whatever the time zone and locale', () => {
    const [wa, wb] = [handMade(), handMade()];
    const args = ['statement', '--member', 'vilogia', '--on', '2026-02-10', '--html'];
    const a = run(args, { cwd: wa });
    const b = run(args, { cwd: wb, tz: 'Pacific/Kiritimati', lang: 'fr_FR.UTF-8' });
    expect([a.code, b.code]).toEqual([0, 0]);
    for (const f of ['statement-vilogia-2026-02-10.csv', 'statement-vilogia-2026-02-10.html']) {
      expect(readFileSync(join(wb, 'out', 'statements', f))).toEqual(readFileSync(join(wa, 'out', 'statements', f)));
    }
  });
});

describe('the printed statement and reminder (headless Chromium)', () => {
  it.skipIf(!HAS_CHROMIUM)(`each fits one A4 portrait page, 180 mm wide at most${HAS_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} not found)`}`, () => {
    const ws = handMade();
    expect(run(['statement', '--member', 'vilogia', '--on', '2026-02-10', '--html'], { cwd: ws }).code).toBe(0);
    expect(run(['remind', '--on', '2026-02-10'], { cwd: ws }).code).toBe(0);
    for (const page of [join(ws, 'out', 'statements', 'statement-vilogia-2026-02-10.html'), join(ws, 'out', 'reminders', '2026-02-10', 'reminder-vilogia.html')]) {
      const pdf = join(tempDir(), 'p.pdf');
      chromium([`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', pathToFileURL(page).href]);
      const { count, boxes } = pdfPages(readFileSync(pdf));
      expect(count, `pages of ${page}`).toBe(1);
      for (const [x0, y0, x1, y1] of boxes) {
        expect(Math.abs(x1! - x0! - 595)).toBeLessThanOrEqual(1);
        expect(Math.abs(y1! - y0! - 842)).toBeLessThanOrEqual(1);
      }
      const m = measure(page);
      expect(m.contentWidthMm, 'content width (mm)').toBeLessThanOrEqual(180 + 0.5);
      expect(m.contentHeightMm, 'content height (mm)').toBeLessThanOrEqual(297 - 30);
    }
  }, 180_000);
});
