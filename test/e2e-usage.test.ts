/**
 * End-to-end: exit codes of wrong usage (2) and of semesters outside the
 * contract (1), SPEC §4. Wrong usage prints a message on stderr, nothing on
 * stdout, and writes nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, E2E, cleanupTemp, describeRun, listEntries, listFiles, ROOT, runAsync, tempDir, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

describe.concurrent('wrong usage → exit 2, a message on stderr, nothing on stdout, nothing written', E2E, () => {
  it.each([
    ['a semester S3', ['bill', '--semester', '2025-S3', '--issued-on', '2025-07-03'], '--semester'],
    ['a semester without S', ['bill', '--semester', '2025-1', '--issued-on', '2025-07-03'], '--semester'],
    ['a month 13', ['bill', '--semester', '2025-S1', '--issued-on', '2025-13-01'], '--issued-on'],
    ['29 February of a common year', ['bill', '--semester', '2025-S1', '--issued-on', '2025-02-29'], '--issued-on'],
    ['an unknown dialect', ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--dialect', 'xls'], '--dialect'],
    ['no --semester', ['bill', '--issued-on', '2025-07-03'], '--semester'],
    ['an amount "abc"', ['split', '--amount', 'abc', '--on', '2025-01-01'], '--amount'],
    ['an amount with three decimals', ['split', '--amount', '1.001', '--on', '2025-01-01'], '--amount'],
    ['a bad --on date', ['split', '--amount', '5', '--on', '31/02/2025'], '--on'],
    ['no --on', ['split', '--amount', '5'], '--on'],
    ['a year 0', ['revise', '--year', '0'], '--year'],
    ['a year "two"', ['revise', '--year', 'two'], '--year'],
    ['a year after the contract', ['revise', '--year', '9'], '--year'],
    ['an unknown option', ['bill', '--semester', '2025-S1', '--bogus'], '--bogus'],
    ['an unknown command', ['frobnicate'], 'frobnicate'],
    ['an extra argument', ['check', 'extra'], 'argument'],
  ])('%s', async (_name, args, mention) => {
    const { root, ws } = tempWorkspace();
    const before = listEntries(root);
    const r = await runAsync(args, { cwd: ws });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(mention);
    expect(listEntries(root)).toEqual(before);
  });

  it('no command at all: exit 2, the usage on stderr, nothing on stdout', async () => {
    const r = await runAsync([], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Usage: medcoop/);
    for (const c of ['bill', 'revise', 'split', 'check']) expect(r.stderr).toContain(c);
  });

  // SPEC §4: "A malformed flag value ... is wrong usage: 2", whatever the workspace holds:
  // run where there is no medcoop.json, the flag must still be the error reported.
  it.each([
    [['bill', '--semester', '2025-S3']],
    [['bill', '--semester', '2025-S1', '--issued-on', '2025-13-01']],
    [['split', '--amount', 'abc', '--on', '2025-01-01']],
    [['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--dialect', 'xls']],
  ])('outside a workspace, %j is still wrong usage (2)', async (args) => {
    const r = await runAsync(args, { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/usage/i);
  });

  it('--help and --version exit 0 and print on stdout', async () => {
    const v = await runAsync(['--version'], { cwd: tempDir() });
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const h = await runAsync(['bill', '--help'], { cwd: tempDir() });
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--semester');
    expect(h.stderr).toBe('');
  });
});

describe.concurrent('semesters and the contract', E2E, () => {
  it.each(['2022-S2', '2027-S2', '2030-S1'])('%s is outside the contract: exit 1, nothing written', async (semester) => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', semester, '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(semester);
    expect(r.stderr).toContain('semester-outside-contract');
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });

  it('2027-S1, the one after the end, is valid: exit 0, and it bills F2026-12', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2027-S1', '--issued-on', '2027-07-01', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.invoices.map((i: { id: string }) => i.id)).toEqual(['F2026-12']);
    expect(doc.invoices[0]).toMatchObject({ service_month: '2026-12', contract_year: 4, paid_on: '2027-01-28' });
    expect(listFiles(join(ws, 'out', '2027-S1')).filter((f) => !f.startsWith('inputs/'))).toHaveLength(6);
  });

  it('the first semester, 2023-S1, bills at P0 (year 1, C = 1)', async () => {
    const { ws } = tempWorkspace();
    const r = await runAsync(['bill', '--semester', '2023-S1', '--issued-on', '2023-07-03', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.invoices.every((i: { contract_year: number; coefficient: string }) => i.contract_year === 1 && i.coefficient === '1')).toBe(true);
    // F2023-02: 21437.50 + 12.5 × 38.50 = 481.25 → HT 21918.75, VAT 4383.75, TTC 26302.50
    expect(doc.invoices.find((i: { id: string }) => i.id === 'F2023-02')).toMatchObject({ ht: '21918.75', vat: '4383.75', ttc: '26302.50' });
  });
});

describe.concurrent('a reader that stops early (medcoop ... | head)', E2E, () => {
  it('a closed stdout ends the run quietly: no stack trace on stderr', async () => {
    const { ws } = tempWorkspace();
    const child = spawn(process.execPath, [BIN, 'revise', '--json'], { cwd: ws, env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // as `| head` does once it has read enough (here: before anything is written)
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('Unhandled');
    expect(code === 0 || code === 141 || code === null, `exit ${code}\n${stderr}`).toBe(true);
  });
});
