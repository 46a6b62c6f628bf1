/**
 * End-to-end: `medcoop revise` (SPEC §2.2, §4.1) and `medcoop split` (§2.5).
 * Expected values are worked out by hand in the comments (checked with
 * python3's fractions module).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, E2E, cents, cleanupTemp, describeRun, largestRemainder, runAsync, sum, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

describe.concurrent('revise', E2E, () => {
  it('--json: four years, cut-offs, I and I0 with their vintages, coefficients and prices', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['revise', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['years']);
    expect(doc.years.map((y: { year: number }) => y.year)).toEqual([1, 2, 3, 4]);
    for (const y of doc.years) {
      expect(Object.keys(y).sort()).toEqual(['I', 'I0', 'coefficient', 'coefficient_exact', 'cutoff', 'end', 'prices', 'start', 'year']);
      for (const p of y.prices) {
        expect(Object.keys(p).sort()).toEqual(['code', 'p0', 'price']);
        expect(p.price).toMatch(/^\d+\.\d{2}$/);
      }
    }
    const [y1, y2, y3, y4] = doc.years;
    // year 1: not revised
    expect(y1).toMatchObject({ start: '2023-01-01', end: '2023-12-31', cutoff: null, I: null, I0: null, coefficient: '1', coefficient_exact: '1' });
    expect(y1.prices).toEqual([
      { code: 'FORFAIT', p0: '21437.50', price: '21437.50' },
      { code: 'HSUP', p0: '38.50', price: '38.50' },
      { code: 'ANIM', p0: '412.00', price: '412.00' },
    ]);
    // year 2: cut-off 2024-01-01; 2023-09 is the latest period published by then (2023-12-14),
    // its 2024-03-15 vintage (134.66) comes after the cut-off and is ignored.
    expect(y2).toMatchObject({
      start: '2024-01-01', end: '2024-12-31', cutoff: '2024-01-01',
      I: { period: '2023-09', value: '134.36', published_on: '2023-12-14' },
      I0: { period: '2022-10', value: '129.84', published_on: '2023-04-07' },
    });
    // C = 0.15 + 0.85 × 134.36 / 129.84 = 66841/64920 = 1.0295902649414664202094886...
    expect(y2.coefficient_exact.startsWith('1.0295902649414664202')).toBe(true);
    // 21437.50 × C = 22071.8413… → 22071.84; 38.50 × C = 39.6392… → 39.64; 412 × C = 424.1911… → 424.19
    expect(y2.prices.map((p: { price: string }) => p.price)).toEqual(['22071.84', '39.64', '424.19']);
    // year 3: cut-off 2025-01-01, I = 2024-09 (published 2024-12-13)
    expect(y3).toMatchObject({ cutoff: '2025-01-01', I: { period: '2024-09', value: '138.96', published_on: '2024-12-13' }, I0: { period: '2022-10', value: '129.84', published_on: '2023-04-07' } });
    expect(y3.prices.map((p: { price: string }) => p.price)).toEqual(['22717.41', '40.80', '436.60']);
    // year 4: I0 is now the 2025-03-14 vintage of 2022-10 (129.96)
    expect(y4).toMatchObject({ cutoff: '2026-01-01', I: { period: '2025-09', value: '143.30', published_on: '2025-12-12' }, I0: { period: '2022-10', value: '129.96', published_on: '2025-03-14' } });
    expect(y4.prices.map((p: { price: string }) => p.price)).toEqual(['23307.92', '41.86', '447.95']);
  });

  it('--year 2 (text) shows the cut-off 2024-01-01 and the values used', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['revise', '--year', '2'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('2024-01-01');
    expect(r.stdout).toContain('134.36');
    expect(r.stdout).toContain('129.84');
    expect(r.stdout).toContain('22,071.84'); // thousands grouped on the terminal (issue 15)
    expect(r.stdout).not.toContain('134.66');
    expect(r.stdout).not.toMatch(/Year [134]\b/);
  });

  it('--year 4 --json gives that year only', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['revise', '--year', '4', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.years).toHaveLength(1);
    expect(doc.years[0]).toMatchObject({ year: 4, I0: { value: '129.96' } });
  });

  it('--year 9 → exit 2', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['revise', '--year', '9'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--year');
  });

  it('"month-end" cut-off and coefficient rounding "up" to 3 decimals', async () => {
    const { ws } = tempWorkspace();
    const p = join(ws, 'medcoop.json');
    const cfg = JSON.parse(readFileSync(p, 'utf8'));
    cfg.revision.known_on = 'month-end';
    cfg.revision.rounding = { target: 'coefficient', decimals: 3, mode: 'up' };
    writeFileSync(p, JSON.stringify(cfg, null, 2));
    const r = await runAsync(['revise', '--year', '2', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const y2 = JSON.parse(r.stdout).years[0];
    // cut-off = last day of January 2024: nothing new published in January, still 2023-09 / 134.36
    expect(y2).toMatchObject({ cutoff: '2024-01-31', I: { period: '2023-09', value: '134.36' } });
    // C = 1.02959... rounded up to the thousandth = 1.030; 21437.50 × 1.030 = 22080.625 → 22080.63 (half away from zero)
    expect(y2.coefficient).toMatch(/^1\.030?$/);
    expect(y2.prices[0]).toEqual({ code: 'FORFAIT', p0: '21437.50', price: '22080.63' });
  });

  it('p0 shows with at least two decimals, whether written "412", 21437.5 or "38.505"', async () => {
    const { ws } = tempWorkspace();
    const p = join(ws, 'medcoop.json');
    const cfg = JSON.parse(readFileSync(p, 'utf8'));
    cfg.prices[0].p0 = 21437.5; // a JSON number
    cfg.prices[1].p0 = '38.505';
    cfg.prices[2].p0 = '412';
    writeFileSync(p, JSON.stringify(cfg, null, 2));
    const r = await runAsync(['revise', '--year', '1', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    // year 1: C = 1; 38.505 → 38.51 (half away from zero)
    expect(JSON.parse(r.stdout).years[0].prices).toEqual([
      { code: 'FORFAIT', p0: '21437.50', price: '21437.50' },
      { code: 'HSUP', p0: '38.505', price: '38.51' },
      { code: 'ANIM', p0: '412.00', price: '412.00' },
    ]);
    const text = await runAsync(['revise', '--year', '1'], { cwd: ws });
    // On the terminal, thousands are grouped as every amount is (issue 15).
    expect(text.stdout).toContain('  FORFAIT: 21,437.50 → 21,437.50\n');
    expect(text.stdout).toContain('  HSUP: 38.505 → 38.51\n');
    expect(text.stdout).toContain('  ANIM: 412.00 → 412.00\n');
  });

  it('base rule "known-at" and the ratio rounded half-up to 3 decimals', async () => {
    const { ws } = tempWorkspace();
    const p = join(ws, 'medcoop.json');
    const cfg = JSON.parse(readFileSync(p, 'utf8'));
    cfg.revision.base = { month: '2022-10', rule: 'known-at' };
    cfg.revision.rounding = { target: 'ratio', decimals: 3, mode: 'half-up' };
    writeFileSync(p, JSON.stringify(cfg, null, 2));
    const r = await runAsync(['revise', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const years = JSON.parse(r.stdout).years;
    // I0 = the value known on 2022-10-01: 2022-04..06 were published on 2022-10-07, so it is 2022-03 (2022-07-08)
    for (const y of years.slice(1)) expect(y.I0).toEqual({ period: '2022-03', value: '126.98', published_on: '2022-07-08' });
    // year 2: I/I0 = 134.36/126.98 = 1.05812… → 1.058; C = 0.15 + 0.85 × 1.058 = 1.0493; 21437.50 × 1.0493 = 22494.36875 → 22494.37
    // year 3: 138.96/126.98 = 1.09434… → 1.094; C = 1.0799; → 23150.36 (23150.356…)
    // year 4: 143.30/126.98 = 1.12852… → 1.129; C = 1.10965; → 23788.12 (23788.121875)
    expect(years.slice(1).map((y: { coefficient: string }) => Number(y.coefficient))).toEqual([1.0493, 1.0799, 1.10965]);
    expect(years[1].coefficient_exact.startsWith('1.0494014805481178')).toBe(true);
    expect(years.slice(1).map((y: { prices: { price: string }[] }) => y.prices[0]!.price)).toEqual(['22494.37', '23150.36', '23788.12']);
  });
});

describe.concurrent('split', E2E, () => {
  it('--amount 100.01: largest remainder to the cent', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['split', '--amount', '100.01', '--on', '2025-03-12', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    // 10001 cents × 31.61 % = 3161.3161 → 3161 (.3161); × 27.58 % = 2758.2758 → 2758 (.2758);
    // × 28.28 % = 2828.2828 → 2828 (.2828); × 12.53 % = 1253.1253 → 1253 (.1253).
    // Floors sum to 10000: the one cent left goes to the largest remainder, mons (.3161).
    expect(doc).toEqual({
      amount: '100.01',
      on: '2025-03-12',
      shares: [
        { id: 'mons', pct: '31.61', amount: '31.62' },
        { id: 'partenord', pct: '27.58', amount: '27.58' },
        { id: 'vilogia', pct: '28.28', amount: '28.28' },
        { id: 'logis-metropole', pct: '12.53', amount: '12.53' },
      ],
    });
  });

  it('--amount -0.03: shared as 0.03 then negated, and never "-0.00"', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['split', '--amount', '-0.03', '--on', '2025-03-12', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    // 3 cents: 0.9483 / 0.8274 / 0.8484 / 0.3759 → floors all 0, the 3 cents go to
    // mons (.9483), vilogia (.8484), partenord (.8274); logis-metropole gets 0.
    expect(doc.amount).toBe('-0.03');
    expect(doc.shares.map((s: { amount: string }) => s.amount)).toEqual(['-0.01', '-0.01', '-0.01', '0.00']);
  });

  it.each(['0.01', '0.02', '1.00', '15000', '15 000,00', '99999999.99', '-12345.67', '0'])('--amount %j: the shares add up exactly and follow the largest remainder', async (amount) => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['split', '--amount', amount, '--on', '2024-06-01', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    const total = cents(doc.amount);
    const want = largestRemainder(total);
    expect(doc.shares.map((s: { id: string; amount: string }) => [s.id, cents(s.amount)])).toEqual(Object.entries(want));
    expect(sum(doc.shares.map((s: { amount: string }) => cents(s.amount)))).toBe(total);
    for (const s of doc.shares) expect(s.amount).not.toBe('-0.00');
  });

  it('text output lists every member with its share', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['split', '--amount', '15000', '--on', '2025-03-12'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    // 15000.00 × 31.61 % = 4741.50 exactly, etc.; the terminal groups thousands, with a comma in English (issue 15).
    for (const [id, a] of [['mons', '4,741.50'], ['partenord', '4,137.00'], ['vilogia', '4,242.00'], ['logis-metropole', '1,879.50']] as const) {
      expect(r.stdout).toMatch(new RegExp(`^\\s*${id}\\s.*\\s${a.replace('.', '\\.')}\\b`, 'm'));
    }
    expect(r.stderr).toBe('');
  });

  it('a date before the first key → exit 1', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['split', '--amount', '5', '--on', '2022-12-31'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('2023-01-01');
  });
});
