/**
 * End-to-end: `medcoop bill` on edited copies of the fixture — a change of
 * key at a renewal date (a member leaves), mixed VAT rates, the controls'
 * boundaries, subsidies with an explicit semester and key date, the default
 * issue date and dialect, and an output path that cannot be created.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cents, cleanupTemp, describeRun, E2E, fmt, largestRemainder, listFiles, readCsvTable, runAsync, sum, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

function editConfig(ws: string, edit: (c: any) => void): void {
  const p = join(ws, 'medcoop.json');
  const c = JSON.parse(readFileSync(p, 'utf8'));
  edit(c);
  writeFileSync(p, JSON.stringify(c, null, 2));
}

function appendLines(path: string, lines: string[]): void {
  const t = readFileSync(path, 'utf8');
  writeFileSync(path, t + lines.join('\n') + '\n');
}

describe.concurrent('a new key at the renewal of 2025-01-01: Logis Métropole leaves', E2E, () => {
  const NEW_KEY: Record<string, bigint> = { mons: 3600n, partenord: 3200n, vilogia: 3200n };

  function setup() {
    const { ws } = tempWorkspace();
    editConfig(ws, (c) => c.keys.push({ from: '2025-01-01', shares: { mons: '36.00', partenord: '32.00', vilogia: '32.00' } }));
    return ws;
  }

  it('2025-S1: F2024-12 (service 2024) uses the old key, 2025 invoices and the subsidy the new one', async () => {
    const ws = setup();
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    // Logis Métropole still owes its share of December 2024: it gets a notice
    expect(doc.members.map((m: { id: string }) => m.id)).toEqual(['mons', 'partenord', 'vilogia', 'logis-metropole']);
    const dir = join(ws, 'out', '2025-S1');
    const recap = readCsvTable(join(dir, 'recap.csv'));
    const dec = recap.rows.find((x) => x.invoice_id === 'F2024-12')!;
    expect([dec.ttc_mons, dec.ttc_partenord, dec.ttc_vilogia, dec['ttc_logis-metropole']]).toEqual(['8372.29', '7304.90', '7490.30', '3318.72']);
    // F2025-01 TTC 27260.89: 2726089 × 36 % = 981392.04, × 32 % = 872348.48 twice; floors leave 1 cent,
    // the remainders of partenord and vilogia tie (.48): config order gives it to partenord.
    const jan = recap.rows.find((x) => x.invoice_id === 'F2025-01')!;
    expect([jan.ttc_mons, jan.ttc_partenord, jan.ttc_vilogia, jan['ttc_logis-metropole']]).toEqual(['9813.92', '8723.49', '8723.48', '']);
    for (const row of recap.rows.filter((x) => x.status === 'paid' && x.service_month!.startsWith('2025'))) {
      const want = largestRemainder(cents(row.ttc!), NEW_KEY);
      expect([cents(row.ttc_mons!), cents(row.ttc_partenord!), cents(row.ttc_vilogia!)]).toEqual([want.mons, want.partenord, want.vilogia]);
    }
    // the FIPD subsidy (key date 2025-03-12) by the new key: 12000.00 × 36 % = 4320.00, × 32 % = 3840.00
    expect(doc.members.map((m: { subsidies: string }) => m.subsidies)).toEqual(['4320.00', '3840.00', '3840.00', '0.00']);
    const logis = doc.members[3];
    expect(logis).toMatchObject({ share_ttc: '3318.72', subsidies: '0.00', net: '3318.72' });
    const logisNotice = readCsvTable(join(dir, 'notice-logis-metropole.csv'));
    expect(logisNotice.rows.filter((x) => x.type === 'invoice').map((x) => x.reference)).toEqual(['F2024-12']);
    expect(logisNotice.rows.filter((x) => x.type === 'subsidy')).toEqual([]);
    expect(cents(doc.totals.ttc)).toBe(sum(doc.members.map((m: { share_ttc: string }) => cents(m.share_ttc))));
  });

  it('2025-S2: no share, no deduction for Logis Métropole, so no notice', async () => {
    const ws = setup();
    const r = await runAsync(['bill', '--semester', '2025-S2', '--issued-on', '2026-01-05'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(listFiles(join(ws, 'out', '2025-S2')).filter((f) => !f.startsWith('inputs/'))).toEqual(['manifest.json', 'notice-mons.csv', 'notice-partenord.csv', 'notice-vilogia.csv', 'recap.csv']);
    const recap = readCsvTable(join(ws, 'out', '2025-S2', 'recap.csv'));
    expect(recap.header).not.toContain('ttc_logis-metropole');
  });

  it('split on a date of each key', async () => {
    const ws = setup();
    const before = JSON.parse((await runAsync(['split', '--amount', '100', '--on', '2024-12-31', '--json'], { cwd: ws })).stdout);
    const after = JSON.parse((await runAsync(['split', '--amount', '100', '--on', '2025-01-01', '--json'], { cwd: ws })).stdout);
    expect(before.shares.map((s: { amount: string }) => s.amount)).toEqual(['31.61', '27.58', '28.28', '12.53']);
    expect(after.shares).toEqual([
      { id: 'mons', pct: '36.00', amount: '36.00' },
      { id: 'partenord', pct: '32.00', amount: '32.00' },
      { id: 'vilogia', pct: '32.00', amount: '32.00' },
    ]);
  });

  it('a new key that does not start on an anniversary is an error', async () => {
    const { ws } = tempWorkspace();
    editConfig(ws, (c) => c.keys.push({ from: '2025-02-01', shares: { mons: '36.00', partenord: '32.00', vilogia: '32.00' } }));
    const r = await runAsync(['check'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toMatch(/^medcoop\.json:\d+:\d+: [a-z-]+: .*2025-02-01/m);
  });
});

describe.concurrent('VAT per invoice and rate, and the controls at their limits', E2E, () => {
  it('mixed rates 5.5 / 0 / 20, invoiced-mismatch, late-invoice on the 11th, late-payment after 31 days', async () => {
    const { ws } = tempWorkspace();
    appendLines(join(ws, 'invoices', '2025.csv'), [
      'X2025-01,2025-02-10,2025-03-12,2025-01,ANIM,1,5.5,,Animation',
      'X2025-01,2025-02-10,2025-03-12,2025-01,HSUP,3,0,,Heures',
      'X2025-01,2025-02-10,2025-03-12,2025-01,FORFAIT,0.01,,200.00,Forfait',
      'X2025-02,2025-03-11,2025-04-10,2025-02,HSUP,1,,,received on the 11th; paid in 30 days',
      'X2025-03,2025-04-10,2025-05-11,2025-03,HSUP,1,,,received on the 10th; paid in 31 days',
    ]);
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    // year 3 prices: ANIM 436.60, HSUP 40.80, FORFAIT 22717.41
    // 5.5 %: 436.60 → VAT 24.013 → 24.01;  0 %: 3 × 40.80 = 122.40 → 0.00;
    // 20 %: 0.01 × 22717.41 = 227.1741 → 227.17 → VAT 45.434 → 45.43
    // HT = 436.60 + 122.40 + 227.17 = 786.17; VAT = 69.44; TTC = 855.61
    expect(doc.invoices.find((i: { id: string }) => i.id === 'X2025-01')).toMatchObject({ ht: '786.17', vat: '69.44', ttc: '855.61', contract_year: 3 });
    const codes = (id: string) => doc.warnings.filter((w: { message: string }) => w.message.includes(id)).map((w: { code: string }) => w.code).sort();
    expect(codes('X2025-01')).toEqual(['invoiced-mismatch']); // received on the 10th: on time
    expect(codes('X2025-02')).toEqual(['late-invoice']); // 11th: late; paid 30 days after: on time
    expect(codes('X2025-03')).toEqual(['late-payment']); // 10th: on time; 31 days: late
    expect(r.stderr).not.toContain('{');
    // the places, in text mode
    const t = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--out', join(ws, 'o2')], { cwd: ws });
    expect(t.code, describeRun(t)).toBe(0);
    expect(t.stderr).toMatch(/^invoices\/2025\.csv:22: warning: invoiced-mismatch: .*X2025-01/m);
    expect(t.stderr).toMatch(/^invoices\/2025\.csv:23: warning: late-invoice: .*X2025-02/m);
    expect(t.stderr).toMatch(/^invoices\/2025\.csv:24: warning: late-payment: .*X2025-03/m);
  });
});

describe.concurrent('subsidies', E2E, () => {
  it('an explicit semester moves the deduction; an explicit key_date picks the key; "1 234,56" is read', async () => {
    const { ws } = tempWorkspace();
    editConfig(ws, (c) => c.keys.push({ from: '2025-01-01', shares: { mons: '40.00', partenord: '20.00', vilogia: '20.00', 'logis-metropole': '20.00' } }));
    writeFileSync(
      join(ws, 'subsidies.csv'),
      'subsidy_id,grantor,received_on,amount,key_date,semester\n' +
        'S-A,Etat,2025-03-12,"1 234,56",,2025-S2\n' +
        'S-B,Etat,2025-03-12,100.01,2024-06-01,\n',
    );
    const s1 = JSON.parse((await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'], { cwd: ws })).stdout);
    const s2 = JSON.parse((await runAsync(['bill', '--semester', '2025-S2', '--issued-on', '2026-01-05', '--json'], { cwd: ws })).stdout);
    expect(s1.subsidies).toEqual([{ id: 'S-B', amount: '100.01', key_date: '2024-06-01' }]);
    // S-B by the old key (in force on 2024-06-01): 31.62 / 27.58 / 28.28 / 12.53 (see the split of 100.01)
    expect(s1.members.map((m: { subsidies: string }) => m.subsidies)).toEqual(['31.62', '27.58', '28.28', '12.53']);
    expect(s2.subsidies).toEqual([{ id: 'S-A', amount: '1234.56', key_date: '2025-03-12' }]);
    // S-A by the key in force on 2025-03-12: 123456 × 40 % = 49382.4, × 20 % = 24691.2 (×3);
    // floors 49382 + 3 × 24691 = 123455, the cent left goes to mons (.4 > .2)
    expect(s2.members.map((m: { subsidies: string }) => m.subsidies)).toEqual(['493.83', '246.91', '246.91', '246.91']);
    expect(s2.totals.subsidies).toBe('1234.56');
    for (const d of [s1, s2]) {
      for (const m of d.members) expect(cents(m.net)).toBe(cents(m.share_ttc) - cents(m.subsidies));
      expect(fmt(sum(d.members.map((m: { net: string }) => cents(m.net))))).toBe(d.totals.net);
    }
  });
});

describe.concurrent('defaults', E2E, () => {
  it('--issued-on defaults to today in the local time zone, and says so', async () => {
    const { ws } = tempWorkspace();
    for (const tz of ['Pacific/Kiritimati', 'America/Adak']) {
      const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
      const before = today();
      const r = await runAsync(['bill', '--semester', '2025-S1', '--out', join(ws, tz.replace('/', '-'))], { cwd: ws, tz });
      const after = today();
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).toMatch(/\(today; set it with --issued-on\)/);
      const m = JSON.parse(readFileSync(join(ws, tz.replace('/', '-'), '2025-S1', 'manifest.json'), 'utf8'));
      expect([before, after]).toContain(m.issued_on);
    }
  });

  it('output.dialect in the config sets the default dialect; --dialect overrides it', async () => {
    const { ws } = tempWorkspace();
    editConfig(ws, (c) => (c.output = { dialect: 'excel-fr' }));
    const a = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    const b = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--dialect', 'csv', '--out', join(ws, 'csv')], { cwd: ws });
    expect(a.code, describeRun(a)).toBe(0);
    expect(b.code, describeRun(b)).toBe(0);
    expect([...readFileSync(join(ws, 'out', '2025-S1', 'recap.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readFileSync(join(ws, 'csv', '2025-S1', 'recap.csv'), 'utf8').startsWith('status,')).toBe(true);
    expect(JSON.parse(readFileSync(join(ws, 'out', '2025-S1', 'manifest.json'), 'utf8')).dialect).toBe('excel-fr');
  });
});

describe.concurrent('an output folder that cannot be created', E2E, () => {
  it('out/ is a file: exit 1 with a message naming it, not a stack trace', async () => {
    const { ws } = tempWorkspace();
    writeFileSync(join(ws, 'out'), 'not a folder');
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^medcoop: .*out/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(ws, 'out'), 'utf8')).toBe('not a folder');
  });
});
