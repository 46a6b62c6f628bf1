/**
 * End-to-end: `medcoop bill` on a copy of fixtures/nouveau-mons, through the
 * real binary. The figures are checked against sums recomputed from the CSV
 * files the tool wrote and against an independent oracle (test/e2e-helpers.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  E2E,
  cents,
  cleanupTemp,
  describeRun,
  FIXTURE,
  fmt,
  largestRemainder,
  listFiles,
  MEMBERS,
  oracleSemester,
  parseCsv,
  readCsvTable,
  ROOT,
  runAsync,
  MANY_SPAWNS,
  SEMESTERS,
  sha256,
  sum,
  tempDir,
  tempWorkspace,
  toTable,
  type OracleSemester,
  type Table,
} from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const OUTPUT_FILES = ['manifest.json', 'notice-logis-metropole.csv', 'notice-mons.csv', 'notice-partenord.csv', 'notice-vilogia.csv', 'recap.csv'];
/** The fixture's inputs, as the audit pack inputs/ of every issue holds them (SPEC §5). */
const INPUT_FILES = ['index.csv', 'invoices/2023.csv', 'invoices/2024.csv', 'invoices/2025.csv', 'invoices/2026.csv', 'medcoop.json', 'subsidies.csv'];
const ALL_FILES = [...INPUT_FILES.map((f) => `inputs/${f}`), ...OUTPUT_FILES].sort();
const RECAP_HEADER = ['status', 'invoice_id', 'service_month', 'contract_year', 'received_on', 'paid_on', 'coefficient', 'ht', 'vat', 'ttc', 'ttc_mons', 'ttc_partenord', 'ttc_vilogia', 'ttc_logis-metropole'];
const NOTICE_HEADER = ['type', 'reference', 'description', 'service_month', 'date', 'key_pct', 'base_ht', 'base_ttc', 'share_ht', 'share_vat', 'share_ttc'];
const PCT: Record<string, string> = { mons: '31.61', partenord: '27.58', vilogia: '28.28', 'logis-metropole': '12.53' };
const LATE_F2025_03 = /^invoices\/2025\.csv:5: warning: late-invoice: .*F2025-03/m;

/** The columns the tests rely on are all there, in this relative order (others may be added between them). */
function expectColumns(header: string[], wanted: string[]): void {
  const positions = wanted.map((w) => header.indexOf(w));
  expect(positions.filter((p) => p < 0).length, `missing columns in ${header.join(',')}`).toBe(0);
  expect(positions, `column order in ${header.join(',')}`).toEqual([...positions].sort((a, b) => a - b));
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface Folder {
  recap: Table;
  notices: Record<string, Table>;
}

function readFolder(dir: string): Folder {
  const notices: Record<string, Table> = {};
  for (const m of MEMBERS) notices[m] = readCsvTable(join(dir, `notice-${m}.csv`));
  return { recap: readCsvTable(join(dir, 'recap.csv')), notices };
}

/**
 * Checks one `csv`-dialect output folder: internal sums recomputed from the
 * files (BigInt cents), and every figure against the independent oracle.
 */
function checkFolder(dir: string, issuedOn: string, oracle: OracleSemester): void {
  expect(listFiles(dir)).toEqual(ALL_FILES);
  const { recap, notices } = readFolder(dir);

  // recap.csv
  expectColumns(recap.header, RECAP_HEADER);
  const paid = recap.rows.filter((r) => r.status === 'paid');
  const pending = recap.rows.filter((r) => r.status === 'pending');
  const totals = recap.rows.filter((r) => r.status === 'total');
  // paid rows, then pending rows, then one total (rows of other kinds, e.g. explanations, may follow)
  expect(recap.rows.map((r) => r.status).filter((x) => ['paid', 'pending', 'total'].includes(x!))).toEqual([...paid.map(() => 'paid'), ...pending.map(() => 'pending'), 'total']);
  expect(paid.map((r) => r.invoice_id)).toEqual(oracle.invoices.map((i) => i.id));
  expect(pending.map((r) => r.invoice_id)).toEqual(oracle.pending.map((i) => i.id));
  for (const [k, inv] of oracle.invoices.entries()) {
    const r = paid[k]!;
    expect(r.service_month).toBe(inv.serviceMonth);
    expect(r.contract_year).toBe(String(inv.contractYear));
    expect(r.received_on).toBe(inv.receivedOn);
    expect(r.paid_on).toBe(inv.paidOn);
    expect({ id: inv.id, ht: r.ht, vat: r.vat, ttc: r.ttc }).toEqual({ id: inv.id, ht: fmt(inv.ht), vat: fmt(inv.vat), ttc: fmt(inv.ttc) });
    expect(cents(r.ht!) + cents(r.vat!)).toBe(cents(r.ttc!));
    const want = largestRemainder(inv.ttc);
    for (const m of MEMBERS) expect(cents(r[`ttc_${m}`]!), `${inv.id} ttc_${m}`).toBe(want[m]);
    expect(sum(MEMBERS.map((m) => cents(r[`ttc_${m}`]!)))).toBe(cents(r.ttc!));
  }
  const total = totals[0]!;
  expect(cents(total.ht!)).toBe(sum(paid.map((r) => cents(r.ht!))));
  expect(cents(total.vat!)).toBe(sum(paid.map((r) => cents(r.vat!))));
  expect(cents(total.ttc!)).toBe(sum(paid.map((r) => cents(r.ttc!))));
  for (const m of MEMBERS) expect(cents(total[`ttc_${m}`]!)).toBe(sum(paid.map((r) => cents(r[`ttc_${m}`]!))));

  // notices
  const dueOn = addDays(issuedOn, 30);
  let membersTtc = 0n;
  let membersNet = 0n;
  for (const m of MEMBERS) {
    const n = notices[m]!;
    expectColumns(n.header, NOTICE_HEADER);
    const inv = n.rows.filter((r) => r.type === 'invoice');
    const tot = n.rows.filter((r) => r.type === 'total');
    const sub = n.rows.filter((r) => r.type === 'subsidy');
    const net = n.rows.filter((r) => r.type === 'net');
    // invoices, their total, the subsidies, then the net (rows of other kinds may come around them)
    expect(n.rows.map((r) => r.type).filter((x) => ['invoice', 'total', 'subsidy', 'net'].includes(x!))).toEqual([...inv.map(() => 'invoice'), 'total', ...sub.map(() => 'subsidy'), 'net']);
    expect(inv.map((r) => r.reference)).toEqual(oracle.invoices.map((i) => i.id));
    for (const [k, o] of oracle.invoices.entries()) {
      const r = inv[k]!;
      expect(r.key_pct).toBe(PCT[m]);
      expect(r.service_month).toBe(o.serviceMonth);
      expect(r.date).toBe(o.paidOn);
      expect(cents(r.base_ht!)).toBe(o.ht);
      expect(cents(r.base_ttc!)).toBe(o.ttc);
      expect(cents(r.share_ht!), `${m} ${o.id} share_ht`).toBe(largestRemainder(o.ht)[m]);
      expect(cents(r.share_ttc!), `${m} ${o.id} share_ttc`).toBe(largestRemainder(o.ttc)[m]);
      expect(cents(r.share_vat!)).toBe(cents(r.share_ttc!) - cents(r.share_ht!));
    }
    const t = tot[0]!;
    expect(cents(t.share_ht!)).toBe(sum(inv.map((r) => cents(r.share_ht!))));
    expect(cents(t.share_vat!)).toBe(sum(inv.map((r) => cents(r.share_vat!))));
    expect(cents(t.share_ttc!)).toBe(sum(inv.map((r) => cents(r.share_ttc!))));
    expect(cents(t.share_ttc!)).toBe(cents(total[`ttc_${m}`]!));
    expect(sub.map((r) => r.reference)).toEqual(oracle.subsidies.map((s) => s.id));
    for (const [k, s] of oracle.subsidies.entries()) {
      expect(cents(sub[k]!.base_ttc!)).toBe(s.amount);
      expect(cents(sub[k]!.share_ttc!)).toBe(-s.shares[m]!);
      expect(sub[k]!.key_pct).toBe(PCT[m]);
    }
    expect(net).toHaveLength(1);
    // net = total share_ttc − subsidies (the subsidy rows carry negative amounts)
    const deducted = sum(sub.map((r) => -cents(r.share_ttc!)));
    expect(cents(net[0]!.share_ttc!)).toBe(cents(t.share_ttc!) - deducted);
    expect(net[0]!.date).toBe(dueOn);
    membersTtc += cents(t.share_ttc!);
    membersNet += cents(net[0]!.share_ttc!);
  }
  // the members' totals add up to the recap's total to the cent
  expect(membersTtc).toBe(cents(total.ttc!));
  expect(membersNet).toBe(cents(total.ttc!) - sum(oracle.subsidies.map((s) => s.amount)));
}

describe.concurrent('bill 2025-S1 (csv dialect)', E2E, () => {
  it('run in the workspace: exit 0, the six files, the folder on stdout, the late-invoice warning on stderr', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(listFiles(join(ws, 'out'))).toEqual(ALL_FILES.map((f) => `2025-S1/${f}`));
    expect(r.stdout).toContain('out/2025-S1');
    expect(r.stderr).toMatch(LATE_F2025_03);
    // stderr holds warnings only, each as file:line: warning: code: message
    for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^[^:\s]+(:\d+)?(:\d+)?: warning: [a-z0-9-]+: \S/);
    checkFolder(join(ws, 'out', '2025-S1'), '2025-07-03', oracleSemester('2025-S1'));
  });

  it('run with --dir from another cwd: same files, same bytes, path shown, warning paths relative to the workspace', async () => {
    const { root, ws } = tempWorkspace();
    const a = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(a.code, describeRun(a)).toBe(0);
    const elsewhere = tempDir();
    const b = await runAsync(['bill', '--dir', ws, '--semester', '2025-S1', '--issued-on', '2025-07-03', '--out', join(root, 'other')], { cwd: elsewhere });
    expect(b.code, describeRun(b)).toBe(0);
    expect(b.stdout).toContain(join(root, 'other', '2025-S1'));
    expect(b.stderr).toMatch(LATE_F2025_03);
    expect(listFiles(elsewhere)).toEqual([]);
    for (const f of OUTPUT_FILES) {
      expect(readFileSync(join(root, 'other', '2025-S1', f)).equals(readFileSync(join(ws, 'out', '2025-S1', f))), f).toBe(true);
    }
    // --dir alone: the default out/ is inside the workspace, not in the cwd
    const { ws: ws2 } = tempWorkspace();
    const c = await runAsync(['bill', '--dir', ws2, '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: elsewhere });
    expect(c.code, describeRun(c)).toBe(0);
    expect(listFiles(join(ws2, 'out'))).toEqual(ALL_FILES.map((f) => `2025-S1/${f}`));
    expect(listFiles(elsewhere)).toEqual([]);
    expect(c.stdout).toContain(join(ws2, 'out', '2025-S1'));
  });

  it('hand-checked figures: F2024-12 (paid 2025-01-30) is billed in 2025-S1 at the year-2 price', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const recap = readCsvTable(join(ws, 'out', '2025-S1', 'recap.csv'));
    const f = recap.rows.find((x) => x.invoice_id === 'F2024-12')!;
    // Year 2: C = 0.15 + 0.85 × 134.36 / 129.84 (I = 2023-09 published 2023-12-14,
    // I0 = 2022-10 published 2023-04-07) = 66841/64920 = 1.02959026494146642020948...
    // P = 21437.50 × C = 573161575/25968 = 22071.841304... → 22071.84
    // (python3 -c 'from fractions import Fraction as F; print(float(F("21437.50")*(F("0.15")+F("0.85")*F("134.36")/F("129.84"))))')
    // VAT = 22071.84 × 20 % = 4414.368 → 4414.37; TTC = 26486.21
    expect(f).toMatchObject({ status: 'paid', service_month: '2024-12', contract_year: '2', received_on: '2025-01-08', paid_on: '2025-01-30', ht: '22071.84', vat: '4414.37', ttc: '26486.21' });
    expect(f.coefficient!.startsWith('1.0295902649414664202')).toBe(true);
    // TTC 2648621 cents × 31.61 % = 837229.0981 → 8372.29 (mons), × 12.53 % = 331872.2113 → 3318.72
    expect(f.ttc_mons).toBe('8372.29');
    expect(f['ttc_logis-metropole']).toBe('3318.72');
    // F2025-02 (year 3): FORFAIT 22717.41 + 40 × HSUP 40.80 = 1632.00 → HT 24349.41, VAT 4869.882 → 4869.88
    expect(recap.rows.find((x) => x.invoice_id === 'F2025-02')).toMatchObject({ contract_year: '3', ht: '24349.41', vat: '4869.88', ttc: '29219.29' });
    // the FIPD subsidy 12000.00 by the key: 3793.20 / 3309.60 / 3393.60 / 1503.60
    const mons = readCsvTable(join(ws, 'out', '2025-S1', 'notice-mons.csv'));
    expect(mons.rows.find((x) => x.type === 'subsidy')).toMatchObject({ reference: 'S-2025-FIPD', date: '2025-03-12', share_ttc: '-3793.20' });
    expect(mons.rows.find((x) => x.type === 'net')).toMatchObject({ date: '2025-08-02' });
  });

  it('F2025-10 (unpaid) is pending in the recap of 2025-S2 and billed nowhere', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2025-S2', '--issued-on', '2026-01-05'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const dir = join(ws, 'out', '2025-S2');
    const recap = readCsvTable(join(dir, 'recap.csv'));
    const rows = recap.rows.filter((x) => x.invoice_id === 'F2025-10');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', invoice_id: 'F2025-10', service_month: '2025-10', received_on: '2025-11-06', paid_on: '' });
    // not billed: no amount, no share
    for (const h of ['contract_year', 'ht', 'vat', 'ttc', ...MEMBERS.map((m) => `ttc_${m}`)]) expect(rows[0]![h], h).toBe('');
    for (const m of MEMBERS) expect(readFileSync(join(dir, `notice-${m}.csv`), 'utf8')).not.toContain('F2025-10');
    expect(r.stderr).toMatch(/^invoices\/2025\.csv:15: warning: pending: .*F2025-10/m);
    checkFolder(dir, '2026-01-05', oracleSemester('2025-S2'));
  });

  it('2027-S1, the semester after the end, bills F2026-12 (paid 2027-01-28) at the year-4 price', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2027-S1', '--issued-on', '2027-07-01'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const recap = readCsvTable(join(ws, 'out', '2027-S1', 'recap.csv'));
    // year 4: C = 0.15 + 0.85 × 143.30 / 129.96 (I0 = the 2025-03-14 vintage of 2022-10)
    // 21437.50 × C = 23307.92...; VAT 4661.584 → 4661.58
    expect(recap.rows.filter((x) => x.status === 'paid')).toEqual([
      expect.objectContaining({ invoice_id: 'F2026-12', contract_year: '4', paid_on: '2027-01-28', ht: '23307.92', vat: '4661.58', ttc: '27969.50' }),
    ]);
    checkFolder(join(ws, 'out', '2027-S1'), '2027-07-01', oracleSemester('2027-S1'));
  });

  it('every semester of the contract: sums and figures agree with the oracle', async () => {
    const { ws } = tempWorkspace();
    const results = await Promise.all(SEMESTERS.map((s) => runAsync(['bill', '--semester', s, '--issued-on', '2027-07-01'], { cwd: ws })));
    for (const [k, s] of SEMESTERS.entries()) {
      const r = results[k]!;
      expect(r.code, `${s}: ${describeRun(r)}`).toBe(0);
      checkFolder(join(ws, 'out', s), '2027-07-01', oracleSemester(s));
    }
  }, MANY_SPAWNS);

  it('2024-S2: the credit note AV2024-08 is shared as a negative amount', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2024-S2', '--issued-on', '2025-01-10'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const recap = readCsvTable(join(ws, 'out', '2024-S2', 'recap.csv'));
    // −0.1 × 22071.84 = −2207.184 → −2207.18; VAT −441.436 → −441.44; TTC −2648.62
    // shares of 264862 cents: 83722.8782 / 73048.9396 / 74902.9736 / 33187.2086 → floors 83722+73048+74902+33187 = 264859,
    // 3 cents left to vilogia (.9736), partenord (.9396), mons (.8782)
    expect(recap.rows.find((x) => x.invoice_id === 'AV2024-08')).toMatchObject({
      ht: '-2207.18', vat: '-441.44', ttc: '-2648.62',
      ttc_mons: '-837.23', ttc_partenord: '-730.49', ttc_vilogia: '-749.03', 'ttc_logis-metropole': '-331.87',
    });
    expect(r.stderr).toMatch(/^invoices\/2024\.csv:8: warning: late-payment: .*F2024-05/m);
  });
});

describe.concurrent('bill --json', E2E, () => {
  const SPEC_TOP = ['semester', 'issued_on', 'due_on', 'invoices', 'subsidies', 'members', 'totals', 'warnings'];
  const AMOUNT = /^-?\d+\.\d{2}$/;

  function allStrings(x: unknown, out: string[] = []): string[] {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) for (const v of x) allStrings(v, out);
    else if (x && typeof x === 'object') for (const v of Object.values(x)) allStrings(v, out);
    return out;
  }

  it('stdout is the JSON document alone, with the SPEC §4.1 fields, equal to the CSV files', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout) as any; // throws if anything else is on stdout
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(SPEC_TOP));
    expect(doc).toMatchObject({ semester: '2025-S1', issue: 1, kind: 'initial', previous: [], issued_on: '2025-07-03', due_on: '2025-08-02' });
    for (const i of doc.invoices) {
      expect(Object.keys(i).sort()).toEqual(['coefficient', 'contract_year', 'ht', 'id', 'paid_on', 'received_on', 'service_month', 'ttc', 'vat']);
      expect(typeof i.contract_year).toBe('number');
      for (const k of ['ht', 'vat', 'ttc']) expect(i[k]).toMatch(AMOUNT);
    }
    for (const s of doc.subsidies) expect(Object.keys(s).sort()).toEqual(['amount', 'id', 'key_date']);
    expect(doc.subsidies).toEqual([{ id: 'S-2025-FIPD', amount: '12000.00', key_date: '2025-03-12' }]);
    for (const m of doc.members) {
      expect(Object.keys(m).sort()).toEqual(['id', 'net', 'notice', 'share_ht', 'share_ttc', 'share_vat', 'subsidies']);
      expect(m.notice).toBe(`2025-S1-1-${m.id}`);
      for (const k of ['share_ht', 'share_vat', 'share_ttc', 'subsidies', 'net']) expect(m[k]).toMatch(AMOUNT);
    }
    expect(Object.keys(doc.totals).sort()).toEqual(['ht', 'net', 'subsidies', 'ttc', 'vat']);
    for (const w of doc.warnings) expect(Object.keys(w).sort()).toEqual(['code', 'message']);
    expect(doc.warnings).toContainEqual({ code: 'late-invoice', message: expect.stringContaining('F2025-03') });

    // sorted by paid_on then id; members in config order
    const keys = doc.invoices.map((i: any) => `${i.paid_on} ${i.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(doc.invoices.map((i: any) => i.id)).toEqual(['F2024-12', 'F2025-01', 'F2025-02', 'F2025-03', 'F2025-04', 'F2025-05']);
    expect(doc.invoices[0]).toMatchObject({ id: 'F2024-12', contract_year: 2, paid_on: '2025-01-30', ht: '22071.84' });
    expect(doc.members.map((m: any) => m.id)).toEqual([...MEMBERS]);

    // totals = sums of the members; net = ttc − subsidies; share_vat = ttc − ht
    for (const k of ['share_ht', 'share_vat', 'share_ttc', 'subsidies', 'net'] as const) {
      const t = k.replace('share_', '');
      expect(cents(doc.totals[t]), k).toBe(sum(doc.members.map((m: any) => cents(m[k]))));
    }
    for (const m of doc.members) {
      expect(cents(m.net)).toBe(cents(m.share_ttc) - cents(m.subsidies));
      expect(cents(m.share_vat)).toBe(cents(m.share_ttc) - cents(m.share_ht));
    }
    expect(cents(doc.totals.ttc)).toBe(sum(doc.invoices.map((i: any) => cents(i.ttc))));
    expect(cents(doc.totals.subsidies)).toBe(1200000n);

    // the JSON figures equal the CSV files' figures
    const dir = join(ws, 'out', '2025-S1');
    const recap = readCsvTable(join(dir, 'recap.csv'));
    const paid = recap.rows.filter((x) => x.status === 'paid');
    expect(doc.invoices).toEqual(
      paid.map((x) => ({ id: x.invoice_id, service_month: x.service_month, contract_year: Number(x.contract_year), received_on: x.received_on, paid_on: x.paid_on, coefficient: x.coefficient, ht: x.ht, vat: x.vat, ttc: x.ttc })),
    );
    const total = recap.rows.find((x) => x.status === 'total')!;
    expect([doc.totals.ht, doc.totals.vat, doc.totals.ttc]).toEqual([total.ht, total.vat, total.ttc]);
    for (const m of doc.members) {
      const n = readCsvTable(join(dir, `notice-${m.id}.csv`));
      const t = n.rows.find((x) => x.type === 'total')!;
      const net = n.rows.find((x) => x.type === 'net')!;
      const subs = sum(n.rows.filter((x) => x.type === 'subsidy').map((x) => -cents(x.share_ttc!)));
      const notice = n.rows.find((x) => x.type === 'notice')!;
      expect({ id: m.id, notice: notice.reference, share_ht: t.share_ht, share_vat: t.share_vat, share_ttc: t.share_ttc, subsidies: fmt(subs), net: net.share_ttc }).toEqual(m);
    }
  });

  it('amounts are two-decimal strings and never "-0.00", in every semester', async () => {
    const { ws } = tempWorkspace();
    const results = await Promise.all(SEMESTERS.map((s) => runAsync(['bill', '--semester', s, '--issued-on', '2027-07-01', '--json', '--out', join(ws, 'json-out')], { cwd: ws })));
    for (const [k, s] of SEMESTERS.entries()) {
      const r = results[k]!;
      expect(r.code, `${s}: ${describeRun(r)}`).toBe(0);
      const doc = JSON.parse(r.stdout) as any;
      expect(allStrings(doc)).not.toContain('-0.00');
      expect(doc.semester).toBe(s);
      for (const i of doc.invoices) for (const k of ['ht', 'vat', 'ttc']) expect(i[k]).toMatch(AMOUNT);
      for (const m of doc.members) for (const k of ['share_ht', 'share_vat', 'share_ttc', 'subsidies', 'net']) expect(m[k]).toMatch(AMOUNT);
      for (const k of ['ht', 'vat', 'ttc', 'subsidies', 'net']) expect(doc.totals[k]).toMatch(AMOUNT);
      const o = oracleSemester(s);
      expect(doc.invoices.map((i: any) => i.id)).toEqual(o.invoices.map((i) => i.id));
      expect(cents(doc.totals.ttc)).toBe(sum(o.invoices.map((i) => i.ttc)));
      expect(cents(doc.totals.subsidies)).toBe(sum(o.subsidies.map((x) => x.amount)));
    }
  }, MANY_SPAWNS);
});

describe.concurrent('bill --dialect excel-fr', E2E, () => {
  /** excel-fr cell → csv cell: decimal comma → point, DD/MM/YYYY → ISO. */
  function toCsvCell(s: string): string {
    const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
    if (d) return `${d[3]}-${d[2]}-${d[1]}`;
    if (/^-?\d+,\d+$/.test(s)) return s.replace(',', '.');
    return s;
  }

  const FIGURE_ROWS = ['paid', 'pending', 'total', 'invoice', 'subsidy', 'net'];

  it('BOM, ";", CRLF, decimal commas, DD/MM/YYYY, French headers, and the same figures as csv', async () => {
    const { root, ws } = tempWorkspace();
    const a = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--out', join(root, 'csv')], { cwd: ws });
    const b = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--dialect', 'excel-fr', '--out', join(root, 'xl')], { cwd: ws });
    expect(a.code, describeRun(a)).toBe(0);
    expect(b.code, describeRun(b)).toBe(0);
    expect(listFiles(join(root, 'xl', '2025-S1'))).toEqual(ALL_FILES);
    for (const f of OUTPUT_FILES.filter((x) => x.endsWith('.csv'))) {
      const bytes = readFileSync(join(root, 'xl', '2025-S1', f));
      expect([...bytes.subarray(0, 3)], f).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.endsWith('\r\n'), f).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line ends with CRLF
      const xl = parseCsv(text, ';');
      const csv = parseCsv(readFileSync(join(root, 'csv', '2025-S1', f), 'utf8'), ',');
      expect(xl.length).toBe(csv.length);
      // same figures: every cell of the figure rows, converted back, equals the csv dialect's cell
      const figures = (rows: string[][]) => rows.slice(1).filter((r) => FIGURE_ROWS.includes(r[0]!));
      expect(figures(xl).length).toBeGreaterThan(0);
      expect(figures(xl).map((row) => row.map(toCsvCell))).toEqual(figures(csv));
      // no ISO date and no decimal point left in the figure rows' amounts and dates
      for (const row of figures(xl)) for (const cell of row) {
        expect(cell).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(cell).not.toMatch(/^-?\d+\.\d+$/);
      }
    }
    const recap = toTable(parseCsv(readFileSync(join(root, 'xl', '2025-S1', 'recap.csv'), 'utf8').slice(1), ';'));
    expectColumns(recap.header, ['statut', 'facture', 'mois_de_service', 'annee_du_marche', 'recue_le', 'payee_le', 'coefficient', 'montant_ht', 'tva', 'montant_ttc', 'ttc_mons', 'ttc_partenord', 'ttc_vilogia', 'ttc_logis-metropole']);
    expect(recap.rows.find((x) => x.facture === 'F2024-12')).toMatchObject({ recue_le: '08/01/2025', payee_le: '30/01/2025', montant_ht: '22071,84', tva: '4414,37', montant_ttc: '26486,21' });
    const notice = toTable(parseCsv(readFileSync(join(root, 'xl', '2025-S1', 'notice-mons.csv'), 'utf8').slice(1), ';'));
    expectColumns(notice.header, ['nature', 'reference', 'libelle', 'mois_de_service', 'date', 'cle_pct', 'base_ht', 'base_ttc', 'part_ht', 'part_tva', 'part_ttc']);
    expect(notice.rows.find((x) => x.nature === 'net')).toMatchObject({ date: '02/08/2025', part_ttc: '48454,23' });
    expect(notice.rows.find((x) => x.nature === 'invoice')).toMatchObject({ reference: 'F2024-12', cle_pct: '31,61', part_ttc: '8372,29' });
    const manifest = JSON.parse(readFileSync(join(root, 'xl', '2025-S1', 'manifest.json'), 'utf8'));
    expect(manifest.dialect).toBe('excel-fr');
  });

  it('the csv dialect is RFC 4180: no BOM, CRLF after every record, "," and a quoted label with a comma', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2025-S2', '--issued-on', '2026-01-05'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    for (const f of OUTPUT_FILES.filter((x) => x.endsWith('.csv'))) {
      const bytes = readFileSync(join(ws, 'out', '2025-S2', f));
      expect(bytes[0], f).not.toBe(0xef);
      const text = bytes.toString('utf8');
      expect(text.endsWith('\r\n'), f).toBe(true);
      expect(text.replace(/\r\n/g, ''), f).not.toMatch(/[\r\n]/); // RFC 4180 §2.1: every record ends with CRLF
    }
    // RFC 4180 quoting of a label (the notice's description) holding a comma and quotes
    const { ws: ws2 } = tempWorkspace();
    const p = join(ws2, 'invoices', '2025.csv');
    const t = readFileSync(p, 'utf8').replace('F2025-06,2025-07-04,2025-07-28,2025-06,FORFAIT,1,20,,Forfait mensuel de médiation — juin 2025', 'F2025-06,2025-07-04,2025-07-28,2025-06,FORFAIT,1,20,,"Forfait, juin ""2025"""');
    writeFileSync(p, t);
    const r2 = await runAsync(['bill', '--semester', '2025-S2', '--issued-on', '2026-01-05'], { cwd: ws2 });
    expect(r2.code, describeRun(r2)).toBe(0);
    expect(readFileSync(join(ws2, 'out', '2025-S2', 'notice-mons.csv'), 'utf8')).toContain('invoice,F2025-06,"Forfait, juin ""2025""",2025-06,');
  });
});

describe.concurrent('manifest.json', E2E, () => {
  it('records version, command, options, issue date, dialect, config and the SHA-256 of every input and output', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const dir = join(ws, 'out', '2025-S1');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(m.version).toBe(pkg.version);
    expect(m.command).toBe('bill');
    expect(m.options).toMatchObject({ semester: '2025-S1', issued_on: '2025-07-03', dialect: 'csv' });
    expect(m.issued_on).toBe('2025-07-03');
    expect(m.dialect).toBe('csv');
    expect(m.config).toEqual(JSON.parse(readFileSync(join(FIXTURE, 'medcoop.json'), 'utf8')));
    expect(m.inputs.map((i: any) => i.path)).toEqual(['index.csv', 'invoices/2023.csv', 'invoices/2024.csv', 'invoices/2025.csv', 'invoices/2026.csv', 'medcoop.json', 'subsidies.csv']);
    for (const i of m.inputs) {
      const bytes = readFileSync(join(ws, ...i.path.split('/')));
      expect(i.sha256, i.path).toBe(sha256(bytes));
      expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // the audit pack: a byte-for-byte copy of every input, at its workspace path under inputs/
    for (const i of m.inputs) expect(readFileSync(join(dir, 'inputs', ...i.path.split('/'))).equals(readFileSync(join(ws, ...i.path.split('/')))), i.path).toBe(true);
    // the issue (SPEC §5, and the fields issue 12's status reads)
    expect(m).toMatchObject({ semester: '2025-S1', issue: 1, kind: 'initial', previous: [], due_on: '2025-08-02', replaces: null });
    expect(m.notices.map((n: any) => n.number)).toEqual(['2025-S1-1-mons', '2025-S1-1-partenord', '2025-S1-1-vilogia', '2025-S1-1-logis-metropole']);
    // vilogia: 46743.33 TTC − 3393.60 = 43349.73; by contract year: F2024-12 (service month 2024-12, year 2) is 7490.30 TTC,
    // 6241.92 HT; the rest, year 3: 46743.33 − 7490.30 = 39253.03 TTC, 38952.80 − 6241.92 = 32710.88 HT; the subsidy (key date 2025-03-12) in year 3
    expect(m.notices[2]).toEqual({
      member: 'vilogia', number: '2025-S1-1-vilogia', completes: [],
      share_ht: '38952.80', share_vat: '7790.53', share_ttc: '46743.33', subsidies: '3393.60', net: '43349.73',
      years: [
        { year: 2, share_ht: '6241.92', share_vat: '1248.38', share_ttc: '7490.30', subsidies: '0.00' },
        { year: 3, share_ht: '32710.88', share_vat: '6542.15', share_ttc: '39253.03', subsidies: '3393.60' },
      ],
    });
    const others = listFiles(dir).filter((f) => f !== 'manifest.json' && !f.startsWith('inputs/'));
    expect(m.outputs.map((o: any) => o.path).sort()).toEqual(others);
    for (const o of m.outputs) expect(o.sha256, o.path).toBe(sha256(readFileSync(join(dir, o.path))));
    // no absolute path, no clock: nothing from the machine leaks in
    const text = readFileSync(join(dir, 'manifest.json'), 'utf8');
    expect(text).not.toContain(ws);
    expect(text).not.toContain('\\');
  });
});

describe.concurrent('formula injection', E2E, () => {
  it('text copied from inputs that starts with = + - @ gets a leading quote; amounts keep their minus sign', async () => {
    const { ws } = tempWorkspace();
    writeFileSync(join(ws, 'subsidies.csv'), 'subsidy_id,grantor,received_on,amount,key_date,semester\n@S1,"=HYPERLINK(""http://x"")",2025-03-12,100.00,,\n');
    const p = join(ws, 'invoices', '2025.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace('Forfait mensuel de médiation — janvier 2025', '+cmd|calc'));
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const n = readCsvTable(join(ws, 'out', '2025-S1', 'notice-mons.csv'));
    const s = n.rows.find((x) => x.type === 'subsidy')!;
    expect(s.reference).toBe("'@S1");
    expect(s.description).toBe(`'=HYPERLINK("http://x")`);
    expect(s.share_ttc).toBe('-31.61'); // 10000 cents × 31.61 % = 3161 exactly
    expect(n.rows.find((x) => x.reference === 'F2025-01')!.description).toBe("'+cmd|calc");
  });
});

describe.concurrent('negative net', E2E, () => {
  it('a subsidy larger than the shares gives a credit, shown negative, never clamped', async () => {
    const { ws } = tempWorkspace();
    writeFileSync(join(ws, 'subsidies.csv'), 'subsidy_id,grantor,received_on,amount,key_date,semester\nS-BIG,State,2025-03-12,1000000.00,,\n');
    const r = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    // mons: 52247.43 − 1000000.00 × 31.61 % = 52247.43 − 316100.00 = −263852.57
    expect(doc.members[0]).toMatchObject({ id: 'mons', share_ttc: '52247.43', subsidies: '316100.00', net: '-263852.57' });
    expect(cents(doc.totals.net)).toBe(16528762n - 100000000n);
    const net = readCsvTable(join(ws, 'out', '2025-S1', 'notice-mons.csv')).rows.find((x) => x.type === 'net')!;
    expect(net.share_ttc).toBe('-263852.57');
  });
});
