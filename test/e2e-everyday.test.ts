/**
 * End-to-end: the everyday mistakes of issue 13, each through the real binary
 * in a copy of the example workspace: a lock file left by Excel, next year's
 * file prepared in advance, a price left at 0.00, a base month after the
 * start, a semester with nothing to bill, a minus sign typed by mistake, a
 * command run from invoices/, a semester given without --semester, explain's
 * default issue date, and a summary that fits an 80-column terminal.
 */
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanupTemp, describeRun, listEntries, run, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const BILL = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];

/** Replaces the one occurrence of `from` in a text file; returns the 1-based line where it was. */
function replaceOnce(path: string, from: string, to: string): { line: number; column: number } {
  const text = readFileSync(path, 'utf8');
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`${path}: expected exactly one ${JSON.stringify(from)}, found ${n}`);
  const i = text.indexOf(from);
  const before = text.slice(0, i);
  writeFileSync(path, text.replace(from, () => to));
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

describe('files that are not invoices', { timeout: 60_000 }, () => {
  it("skips Excel's and LibreOffice's lock files and hidden files in invoices/, in one line", () => {
    const { ws } = tempWorkspace();
    // What Excel leaves beside an open 2025.csv: a small binary file full of NUL bytes.
    writeFileSync(join(ws, 'invoices', '~$2025.csv'), Buffer.from([0x0c, 0, 0x4a, 0x65, 0x61, 0x6e, 0, 0, 0, 0x20, 0]));
    writeFileSync(join(ws, 'invoices', '.~lock.2025.csv#'), ',Jean,poste,02.12.2026 10:12,file:///home/jean/.config/libreoffice/4;\n');
    writeFileSync(join(ws, 'invoices', '.old.csv'), 'not,an,invoice\n');
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(0);
    expect(c.stderr).not.toContain('\0');
    const skipped = c.stderr.split('\n').filter((l) => l.includes('skipped-file'));
    expect(skipped).toEqual([
      'invoices: warning: skipped-file: skipped 3 files that are not invoices: .old.csv (a hidden file), .~lock.2025.csv# (a LibreOffice lock file), ~$2025.csv (an Excel lock file)',
    ]);
    const b = run(BILL, { cwd: ws });
    expect(b.code, describeRun(b)).toBe(0);
    expect(b.stdout).toContain('6 invoices paid in the semester');
  });

  it('accepts a header-only invoices file prepared in advance, as an empty folder', () => {
    const { ws } = tempWorkspace();
    const header = readFileSync(join(ws, 'invoices', '2025.csv'), 'utf8').split('\n')[0]!;
    writeFileSync(join(ws, 'invoices', '2027.csv'), `${header}\n`);
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(0);
    expect(c.stderr).not.toContain('2027.csv');
    const b = run(BILL, { cwd: ws });
    expect(b.code, describeRun(b)).toBe(0);
    expect(existsSync(join(ws, 'out', '2025-S1', 'recap.csv'))).toBe(true);
  });
});

describe('settings left as init wrote them', { timeout: 60_000 }, () => {
  it('a price at 0.00 is an error at its line and column for check and bill', () => {
    const { ws } = tempWorkspace();
    const at = replaceOnce(join(ws, 'medcoop.json'), '"p0": "38.50"', '"p0": "0.00"');
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(1);
    // The value starts 6 characters after the key: `"p0": "`.
    expect(c.stderr).toContain(`medcoop.json:${at.line}:${at.column + 6}: bad-price: prices[1].p0: the initial price of "HSUP" is 0.00: write the contract's price (excl. VAT), above 0\n`);
    const before = listEntries(ws);
    const b = run(BILL, { cwd: ws });
    expect(b.code, describeRun(b)).toBe(1);
    expect(b.stderr).toContain('bad-price');
    expect(b.stderr).toContain('nothing was written');
    expect(listEntries(ws)).toEqual(before);
  });

  it('a base month that is not before the contract start is refused (SPEC §2.2)', () => {
    const { ws } = tempWorkspace();
    const at = replaceOnce(join(ws, 'medcoop.json'), '"month": "2022-10"', '"month": "2023-03"');
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(1);
    expect(c.stderr).toContain(`medcoop.json:${at.line}:${at.column + 9}: bad-base-month: revision.base.month: 2023-03 is not before the contract's start (2023-01-01)`);
    const r = run(['revise'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
  });
});

describe('billing', { timeout: 60_000 }, () => {
  it('a semester with nothing to bill writes nothing and exits 1', () => {
    const { ws } = tempWorkspace();
    // 2027-S1 only settles F2026-12 (paid 2027-01-28): without it, nothing is paid in it.
    unlinkSync(join(ws, 'invoices', '2026.csv'));
    const before = listEntries(ws);
    const b = run(['bill', '--semester', '2027-S1', '--issued-on', '2027-07-03'], { cwd: ws });
    expect(b.code, describeRun(b)).toBe(1);
    expect(b.stdout).toBe('');
    expect(b.stderr).toContain('medcoop: nothing to bill in 2027-S1: no invoice was paid in it and no subsidy is deducted in it');
    expect(b.stderr).toContain('nothing was written');
    expect(listEntries(ws)).toEqual(before);
    // The same with --json: nothing on stdout either.
    const j = run(['bill', '--semester', '2027-S1', '--issued-on', '2027-07-03', '--json'], { cwd: ws });
    expect(j.code, describeRun(j)).toBe(1);
    expect(j.stdout).toBe('');
  });

  it('warns about a negative quantity on an invoice with positive lines, not on a credit note', () => {
    const { ws } = tempWorkspace();
    const at = replaceOnce(join(ws, 'invoices', '2025.csv'), 'HSUP,40,', 'HSUP,-40,');
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(0);
    const lines = c.stderr.split('\n').filter((l) => l.includes('negative-quantity'));
    // Only F2025-02's line; the credit note AV2024-08 (-0,1 of FORFAIT alone) is no mistake.
    expect(lines).toEqual([
      `invoices/2025.csv:${at.line}: warning: negative-quantity: invoice F2025-02: HSUP has the negative quantity -40 on an invoice whose other lines are positive; a credit note is a separate invoice with only negative lines; if this credit line is meant, ignore this warning`,
    ]);
    const b = run([...BILL, '--json'], { cwd: ws });
    expect(b.code, describeRun(b)).toBe(0);
    expect(JSON.parse(b.stdout).warnings.filter((w: { code: string }) => w.code === 'negative-quantity')).toHaveLength(1);
  });
});

describe('adopting medcoop mid-contract', { timeout: 60_000 }, () => {
  it('months before the first invoices are one missing-month warning, and invoices_from silences them', () => {
    const { ws } = tempWorkspace();
    for (const y of ['2023', '2024']) unlinkSync(join(ws, 'invoices', `${y}.csv`));
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(0);
    // 2023-01 to 2024-12: 24 months, said once, with the setting that says so.
    expect(c.stderr.split('\n').filter((l) => l.includes('missing-month'))).toEqual([
      'invoices: warning: missing-month: no invoice for the 24 service months 2023-01 to 2024-12; if this workspace starts later, set "invoices_from": "2025-01" in medcoop.json',
    ]);
    replaceOnce(join(ws, 'medcoop.json'), '"payment_days": 30,', '"payment_days": 30,\n  "invoices_from": "2025-01",');
    const again = run(['check'], { cwd: ws });
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stderr).not.toContain('missing-month');
    const b = run([...BILL, '--json'], { cwd: ws });
    expect(b.code, describeRun(b)).toBe(0);
    expect(JSON.parse(b.stdout).warnings.map((w: { code: string }) => w.code)).not.toContain('missing-month');
    expect(JSON.parse(readFileSync(join(ws, 'out', '2025-S1', 'manifest.json'), 'utf8')).config.invoices_from).toBe('2025-01');
  });

  it('an invoices_from outside the contract is refused at its place', () => {
    const { ws } = tempWorkspace();
    const at = replaceOnce(join(ws, 'medcoop.json'), '"payment_days": 30,', '"payment_days": 30, "invoices_from": "2022-12",');
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(1);
    expect(c.stderr).toContain(`medcoop.json:${at.line}:${at.column + 37}: bad-date: invoices_from: 2022-12 is outside the contract (2023-01 to 2026-12)`);
  });
});

describe('French column names, as an Excel-FR user writes them', { timeout: 60_000 }, () => {
  it('reads French headers (accents, spaces, any case) in invoices, index and subsidies with the same figures', () => {
    const { ws: plain } = tempWorkspace();
    const { ws } = tempWorkspace();
    const header = (file: string, from: string, to: string) => replaceOnce(join(ws, file), from, to);
    header('invoices/2024.csv', 'invoice_id;received_on;paid_on;service_month;price_code;quantity;vat_pct;invoiced_ht;label', 'Facture;Reçue le;Payée le;Mois de service;Code prix;Quantité;Taux TVA;HT facturé;Libellé');
    header('invoices/2025.csv', 'invoice_id,received_on,paid_on,service_month,price_code,quantity,vat_pct,invoiced_ht,label', 'facture,recue_le,payee_le,mois_de_service,code_prix,quantite,taux_tva,ht_facture,libelle');
    header('index.csv', 'period,value,published_on,status', 'Période,Valeur,Publiée le,Statut');
    header('subsidies.csv', 'subsidy_id,grantor,received_on,amount,key_date,semester', 'subvention,financeur,reçue_le,montant,date_clé,semestre');
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(0);
    const a = run([...BILL, '--json'], { cwd: plain });
    const b = run([...BILL, '--json'], { cwd: ws });
    expect(b.code, describeRun(b)).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(b.stdout).totals.net).toBe('153287.62');
  });
});

describe('the command line', { timeout: 60_000 }, () => {
  it('every command run from a subfolder finds the workspace above, as verify does', () => {
    const { ws } = tempWorkspace();
    const sub = join(ws, 'invoices');
    for (const args of [['check'], ['revise', '--year', '3'], ['split', '--amount', '100', '--on', '2025-03-12'], ['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03']]) {
      const r = run(args, { cwd: sub });
      expect(r.code, `${args.join(' ')}\n${describeRun(r)}`).toBe(0);
    }
    const b = run(BILL, { cwd: sub });
    expect(b.code, describeRun(b)).toBe(0);
    expect(existsSync(join(ws, 'out', '2025-S1', 'recap.csv'))).toBe(true);
    expect(existsSync(join(sub, 'out'))).toBe(false);
    const v = run(['verify', join(ws, 'out', '2025-S1')], { cwd: sub });
    expect(v.code, describeRun(v)).toBe(0);
  });

  it('bill 2025-S1 (positional) suggests --semester 2025-S1', () => {
    const { ws } = tempWorkspace();
    for (const word of ['2025-S1', '2025-s1']) {
      const r = run(['bill', word], { cwd: ws });
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stderr).toBe(`medcoop: usage: bill takes no argument, got "${word}": to name the semester, write --semester 2025-S1\n`);
    }
    const e = run(['explain', '2025-S1'], { cwd: ws });
    expect(e.code, describeRun(e)).toBe(2);
    expect(e.stderr).toContain('--semester 2025-S1');
    const c = run(['check', 'fixtures/nouveau-mons'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(2);
    expect(c.stderr).toContain('write --dir fixtures/nouveau-mons');
    const y = run(['revise', '3'], { cwd: ws });
    expect(y.code, describeRun(y)).toBe(2);
    expect(y.stderr).toBe('medcoop: usage: revise takes no argument, got "3": to name the contract year, write --year 3\n');
    const a = run(['split', '15000', '--on', '2025-03-12'], { cwd: ws });
    expect(a.code, describeRun(a)).toBe(2);
    expect(a.stderr).toContain('write --amount 15000');
  });

  it('explain says when the issue date is today by default, and not when it is given', () => {
    const { ws } = tempWorkspace();
    const today = run(['explain', '--semester', '2025-S1'], { cwd: ws });
    expect(today.code, describeRun(today)).toBe(0);
    expect(today.stdout.split('\n')[0]).toMatch(/Issued on \d{4}-\d{2}-\d{2} \(today: no --issued-on was given; set it with --issued-on to match the notices\); due on/);
    const given = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(given.stdout.split('\n')[0]).toContain('Issued on 2025-07-03; due on 2025-08-02');
  });

  it('the terminal summary fits 80 columns', () => {
    const { ws } = tempWorkspace();
    const r = run([...BILL, '--out', 'o'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const lines = r.stdout.split('\n');
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(80);
    expect(lines).toContain('  Vilogia                   46,743.33    3,393.60   43,349.73  2025-08-02');
    expect(lines).toContain('  total                    165,287.62   12,000.00  153,287.62');
  });
});
