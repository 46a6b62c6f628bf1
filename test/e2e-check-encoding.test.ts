/**
 * End-to-end: `medcoop check` (SPEC §4) and reading a Windows-1252 invoice
 * file as Excel saves it (SPEC §3.1).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, E2E, cents, cleanupTemp, describeRun, listEntries, readCsvTable, runAsync, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const WARNING_LINE = /^[^:\s]+(:\d+)?(:\d+)?: warning: [a-z0-9-]+: \S/;

describe.concurrent('check', E2E, () => {
  it('on the fixture: exit 0, stdout empty, stderr holds warnings only, nothing written', async () => {
    const { root, ws } = tempWorkspace();
    const before = listEntries(root);
    const r = await runAsync(['check'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(WARNING_LINE);
    // the fixture's special cases (README): late payment F2024-05, late invoice F2025-03, unpaid F2025-10
    expect(r.stderr).toMatch(/^invoices\/2024\.csv:8: warning: late-payment: .*F2024-05/m);
    expect(r.stderr).toMatch(/^invoices\/2025\.csv:5: warning: late-invoice: .*F2025-03/m);
    expect(r.stderr).toMatch(/^invoices\/2025\.csv:15: warning: pending: .*F2025-10/m);
    expect(listEntries(root)).toEqual(before);
  });

  it('a key summing to 99.99 → exit 1 with medcoop.json:<line>:<column>: key-sum:', async () => {
    const { ws } = tempWorkspace();
    const p = join(ws, 'medcoop.json');
    const text = readFileSync(p, 'utf8');
    expect(text).toContain('"partenord": "27.58"');
    writeFileSync(p, text.replace('"partenord": "27.58"', '"partenord": "27.57"'));
    const r = await runAsync(['check'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    const m = /^medcoop\.json:(\d+):(\d+): key-sum: .*99\.99/m.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    // the place is inside the "keys" block of the file
    const lines = text.split('\n');
    const keysLine = lines.findIndex((l) => l.includes('"keys"')) + 1;
    const pricesLine = lines.findIndex((l) => l.includes('"prices"')) + 1;
    const line = Number(m![1]);
    expect(line).toBeGreaterThan(keysLine);
    expect(line).toBeLessThan(pricesLine);
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(Number(m![2])).toBeLessThanOrEqual(lines[line - 1]!.length);
    // bill refuses the same workspace, and writes nothing
    const b = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(b.code, describeRun(b)).toBe(1);
    expect(b.stderr).toMatch(/^medcoop\.json:\d+:\d+: key-sum:/m);
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });

  it.each([
    ['a key without the coordinator', (c: any) => { c.keys[0].shares = { partenord: '50', vilogia: '37.47', 'logis-metropole': '12.53' }; }],
    ['a key naming an unknown member', (c: any) => { c.keys[0].shares.lille = '0'; }],
    ['a first key not on the contract start', (c: any) => { c.keys[0].from = '2023-02-01'; }],
    ['a bad member id', (c: any) => { c.members[1].id = 'Partenord'; }],
  ])('%s → exit 1 naming medcoop.json', async (_name, edit) => {
    const { ws } = tempWorkspace();
    const p = join(ws, 'medcoop.json');
    const c = JSON.parse(readFileSync(p, 'utf8'));
    edit(c);
    writeFileSync(p, JSON.stringify(c, null, 2));
    const r = await runAsync(['check'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^medcoop\.json(:\d+:\d+)?: [a-z0-9-]+: /m);
  });

  it('an invoice id in two files → exit 1 naming both places', async () => {
    const { ws } = tempWorkspace();
    const p = join(ws, 'invoices', '2026.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace('F2026-02;', 'F2025-02;'));
    const r = await runAsync(['check'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('F2025-02');
    expect(r.stderr).toMatch(/invoices\/2026\.csv:\d+/);
  });
});

describe.concurrent('reading the input CSV files (SPEC §3.1)', E2E, () => {
  /** Replaces the first match of `from` in a workspace file. */
  const edit = (file: string, from: string | RegExp, to: string) => (ws: string) => {
    const p = join(ws, ...file.split('/'));
    const t = readFileSync(p, 'utf8');
    const n = t.replace(from, to);
    expect(n, `${file}: ${String(from)} not found`).not.toBe(t);
    writeFileSync(p, n);
  };

  it.each([
    ['an unknown column', edit('invoices/2023.csv', 'label\n', 'label,extra\n'), /^invoices\/2023\.csv:1:10: unknown-column: .*extra/m],
    ['a missing column', edit('invoices/2025.csv', ',paid_on', ''), /^invoices\/2025\.csv:1(:\d+)?: missing-column: .*paid_on/m],
    ['a wrong field count', edit('invoices/2025.csv', 'février 2025\n', 'février 2025,x\n'), /^invoices\/2025\.csv:3(:\d+)?: [a-z-]+: .*10/m],
    ['the same index period and date twice', edit('index.csv', '2022-11,', '2022-10,129.99,2023-04-07,A\n2022-11,'), /^index\.csv:\d+(:\d+)?: [a-z-]+: .*2022-10/m],
    ['a service month outside the contract', edit('invoices/2023.csv', 'F2023-01,2023-02-07,2023-02-28,2023-01', 'F2023-01,2023-02-07,2023-02-28,2022-12'), /^invoices\/2023\.csv:2:4: [a-z-]+: .*2022-12/m],
    ['an unknown price code', edit('invoices/2023.csv', '2023-03,FORFAIT', '2023-03,FORFAITX'), /^invoices\/2023\.csv:5:5: [a-z-]+: .*FORFAITX/m],
    ['a bad quantity', edit('invoices/2024.csv', 'HSUP;6;', 'HSUP;6x;'), /^invoices\/2024\.csv:3:6: bad-number: .*6x/m],
    ['a bad subsidy amount', edit('subsidies.csv', '9600.00', '9600.0.0'), /^subsidies\.csv:2:4: bad-number: /m],
    ['a bad index date', edit('index.csv', '2019-01,114.71,2019-07-09', '2019-01,114.71,2019-07-32'), /^index\.csv:2:3: bad-date: /m],
  ])('%s → exit 1, the error names file:line(:column)', async (_name, change, where) => {
    const { ws } = tempWorkspace();
    change(ws);
    const r = await runAsync(['check'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(where);
  });

  it('header names in any case and padded, a BOM and CRLF are accepted', async () => {
    const { ws } = tempWorkspace();
    edit('invoices/2025.csv', /^invoice_id,received_on,paid_on/, ' Invoice_ID , Received_On,PAID_ON')(ws);
    const p = join(ws, 'subsidies.csv');
    writeFileSync(p, `\uFEFF${readFileSync(p, 'utf8').replace(/\n/g, '\r\n')}`);
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.invoices).toHaveLength(6);
    expect(doc.subsidies).toEqual([{ id: 'S-2025-FIPD', amount: '12000.00', key_date: '2025-03-12' }]);
  });
});

describe.concurrent('a Windows-1252 invoice file', E2E, () => {
  // As French Excel saves "CSV (séparateur: point-virgule)": Windows-1252, ';', decimal comma, DD/MM/YYYY, CRLF.
  // Only Latin-1 characters, so Buffer 'latin1' gives the Windows-1252 bytes (é = 0xE9).
  const LINES = [
    'invoice_id;received_on;paid_on;service_month;price_code;quantity;vat_pct;invoiced_ht;label',
    'F2025-01;06/02/2025;28/02/2025;2025-01;FORFAIT;1;;;Forfait mensuel de médiation janvier 2025',
    'F2025-02;04/03/2025;25/03/2025;2025-02;FORFAIT;1;;;Forfait février 2025',
    'F2025-02;04/03/2025;25/03/2025;2025-02;HSUP;40,5;;;Heures supplémentaires février 2025',
  ];

  it('is read with a windows-1252 warning, and bills with the right figures', async () => {
    const { ws } = tempWorkspace();
    const bytes = Buffer.from(`${LINES.join('\r\n')}\r\n`, 'latin1');
    expect(bytes.includes(0xe9)).toBe(true);
    writeFileSync(join(ws, 'invoices', '2025.csv'), bytes);

    const c = await runAsync(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(0);
    expect(c.stderr).toMatch(/^invoices\/2025\.csv: warning: windows-1252: /m);

    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stderr).toMatch(/^invoices\/2025\.csv: warning: windows-1252: /m);
    const recap = readCsvTable(join(ws, 'out', '2025-S1', 'recap.csv'));
    expect(recap.rows.filter((x) => x.status === 'paid').map((x) => x.invoice_id)).toEqual(['F2024-12', 'F2025-01', 'F2025-02']);
    // F2025-02 (year 3): 22717.41 + 40.5 × 40.80 = 22717.41 + 1652.40 = 24369.81; VAT 4873.962 → 4873.96
    expect(recap.rows.find((x) => x.invoice_id === 'F2025-02')).toMatchObject({ service_month: '2025-02', received_on: '2025-03-04', paid_on: '2025-03-25', ht: '24369.81', vat: '4873.96', ttc: '29243.77' });
    const total = recap.rows.find((x) => x.status === 'total')!;
    expect(cents(total.ttc!)).toBe(2648621n + 2726089n + 2924377n);
    // the label is decoded (é), and written back as UTF-8
    const notice = readFileSync(join(ws, 'out', '2025-S1', 'notice-mons.csv'));
    expect(notice.toString('utf8')).toContain('Forfait février 2025');
    expect(notice.includes(Buffer.from([0xc3, 0xa9]))).toBe(true); // é in UTF-8
    expect(notice.toString('latin1')).not.toMatch(/f\xe9vrier/);
  });

  it('the same content saved as UTF-8 reads without the warning and gives the same figures', async () => {
    const a = tempWorkspace().ws;
    const b = tempWorkspace().ws;
    writeFileSync(join(a, 'invoices', '2025.csv'), Buffer.from(`${LINES.join('\r\n')}\r\n`, 'latin1'));
    writeFileSync(join(b, 'invoices', '2025.csv'), `\uFEFF${LINES.join('\r\n')}\r\n`, 'utf8');
    const ra = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: a });
    const rb = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: b });
    expect(ra.code, describeRun(ra)).toBe(0);
    expect(rb.code, describeRun(rb)).toBe(0);
    expect(rb.stderr).not.toContain('windows-1252');
    for (const f of ['recap.csv', 'notice-mons.csv', 'notice-partenord.csv', 'notice-vilogia.csv', 'notice-logis-metropole.csv']) {
      expect(readFileSync(join(a, 'out', '2025-S1', f)).equals(readFileSync(join(b, 'out', '2025-S1', f))), f).toBe(true);
    }
  });
});
