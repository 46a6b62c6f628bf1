/**
 * The benchmark's generator, and the proof that the billing run's integer
 * path (the default: `InvoicePricer`, `allocateCents`, lines kept by column)
 * gives exactly the bytes of the exact path (every value an exact rational:
 * the plain reading of the rules), on generated workspaces. No timing here:
 * `npm run bench` prints figures, the tests only check results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_ISSUED_ON, BENCH_SEMESTER, generateWorkspace } from '../src/bench/generate.js';
import { billFiles, billPlan } from '../src/cli/bill.js';
import { writeOutputPlan } from '../src/cli/write.js';
import { billSemester, type BillPath } from '../src/core/bill.js';
import { BigIntSlots } from '../src/core/exact.js';
import type { Dialect } from '../src/core/model.js';
import { parseSemester } from '../src/core/semester.js';
import { billJson } from '../src/render/bill.js';
import { renderExplain } from '../src/render/explain.js';
import { say, useLanguage } from '../src/cli/i18n.js';
import { loadWorkspace, type LoadOptions } from '../src/read/workspace.js';
import { assertBuilt, describeRun, E2E, listFiles, ROOT, run } from './e2e-helpers.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function tempRoot(): string {
  const r = mkdtempSync(join(tmpdir(), 'medcoop-bench-test-'));
  roots.push(r);
  return r;
}

// explain speaks the terminal's language (issue 15): English here.
beforeAll(() => useLanguage('en'));

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Every output of a semester on one path, as text: the files of both dialects (and the HTML notices), the --json document, explanations. */
function outputs(dir: string, semester: string, path: BillPath, load: LoadOptions = {}): Map<string, string> {
  const loaded = loadWorkspace(dir, load);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ws = loaded.workspace!;
  const { bill, diagnostics } = billSemester(ws, parseSemester(semester)!, BENCH_ISSUED_ON, path);
  expect(diagnostics).toEqual([]);
  const out = new Map<string, string>();
  const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
  for (const dialect of ['csv', 'excel-fr'] as Dialect[]) {
    for (const f of billFiles(ws.config, bill!, dialect, loaded.inputs, VERSION)) out.set(`${dialect}/${f.path}`, text(f.bytes));
  }
  for (const f of billFiles(ws.config, bill!, 'csv', loaded.inputs, VERSION, { index: ws.index })) out.set(`html/${f.path}`, text(f.bytes));
  out.set('bill.json', `${JSON.stringify(billJson({ ...bill!, warnings: [...loaded.diagnostics, ...bill!.warnings] }), null, 2)}\n`);
  out.set('explain', renderExplain(ws.config, bill!, {}, say));
  out.set('explain-vilogia', renderExplain(ws.config, bill!, { member: 'vilogia' }, say));
  return out;
}

function expectSame(a: Map<string, string>, b: Map<string, string>): void {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, text] of a) {
    // One assertion per file, so that a failure names it.
    expect({ name, text: b.get(name) }).toEqual({ name, text });
  }
}

/** Invoices the generator does not write: a credit note, amounts beyond 64 bits, a zero line, a rate with 21 decimals, invoiced amounts. */
function addEdgeCases(dir: string): void {
  appendFileSync(
    join(dir, 'invoices', 'part-001.csv'),
    [
      'AVOIR-1,2025-02-03,2025-02-20,2025-01,HSUP,-3.5,,,Avoir — heures non réalisées',
      'AVOIR-1,2025-02-03,2025-02-20,2025-01,REPAS,-7,10,-99.40,',
      'HUGE-1,2025-03-02,2025-03-15,2025-02,KM,123456789012345678.25,,,Kilomètres (sic)',
      'HUGE-1,2025-03-02,2025-03-15,2025-02,FORFAIT,1,,1.00,',
      'ZERO-1,2025-03-02,2025-03-16,2025-02,ANIM,0,,,',
      'RATE-1,2024-12-05,2025-01-03,2024-11,ANIM,1,5.123456789012345678901,,Taux étrange',
      'RATE-1,2024-12-05,2025-01-03,2024-11,ANIM,2,20.0,,',
      '',
    ].join('\n'),
  );
}

describe('bench generator', () => {
  it('is a pure function of N and the seed: same files, N lines, several invoice files, all paid in 2025-S1', () => {
    const a = join(tempRoot(), 'ws');
    const b = join(tempRoot(), 'ws');
    const ga = generateWorkspace(a, { lines: 2500, seed: 42 });
    const gb = generateWorkspace(b, { lines: 2500, seed: 42 });
    expect(ga.lines).toBe(2500);
    expect(gb.invoices).toBe(ga.invoices);
    expect(listFiles(a)).toEqual(listFiles(b));
    expect(listFiles(a).filter((f) => f.startsWith('invoices/')).length).toBeGreaterThanOrEqual(3);
    for (const f of listFiles(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true);
    let lines = 0;
    for (const f of listFiles(a).filter((x) => x.startsWith('invoices/'))) {
      const rows = readFileSync(join(a, f), 'utf8').trim().split('\n').slice(1);
      lines += rows.length;
      for (const row of rows) expect(row.split(',')[2]! >= '2025-01-01' && row.split(',')[2]! <= '2025-06-30').toBe(true);
    }
    expect(lines).toBe(2500);
    const other = join(tempRoot(), 'ws');
    generateWorkspace(other, { lines: 2500, seed: 43 });
    expect(readFileSync(join(other, 'invoices', 'part-001.csv')).equals(readFileSync(join(a, 'invoices', 'part-001.csv')))).toBe(false);
  });

  it('follows the fixture rules: two revised years, a key change, two VAT rates, credit lines, subsidies', () => {
    const dir = join(tempRoot(), 'ws');
    generateWorkspace(dir, { lines: 3000, seed: 5 });
    const ws = loadWorkspace(dir).workspace!;
    expect(ws.config.keys.map((k) => k.from)).toEqual(['2023-01-01', '2025-01-01']);
    const { bill } = billSemester(ws, parseSemester(BENCH_SEMESTER)!, BENCH_ISSUED_ON);
    expect(new Set(bill!.invoices.map((i) => i.priced.contractYear))).toEqual(new Set([2, 3]));
    expect(new Set(bill!.invoices.map((i) => i.key.from))).toEqual(new Set(['2023-01-01', '2025-01-01']));
    expect(bill!.invoices.length).toBe(ws.invoices.length);
    const lines = ws.invoices.flatMap((i) => i.lines);
    expect(new Set(lines.map((l) => l.vatPct ?? ws.config.vatPct))).toEqual(new Set(['20', '10', '20.0']));
    expect(lines.some((l) => l.quantity.startsWith('-'))).toBe(true);
    expect(bill!.subsidies.length).toBeGreaterThanOrEqual(5);
    expect(new Set(bill!.subsidies.map((s) => s.key.from))).toEqual(new Set(['2023-01-01', '2025-01-01']));
  });
});

describe('the integer path gives the bytes of the exact path', () => {
  it.each([1, 2, 3, 11])('on a generated workspace (seed %i), with credit notes and amounts beyond 64 bits', (seed) => {
    const dir = join(tempRoot(), 'ws');
    generateWorkspace(dir, { lines: 1500, seed, linesPerInvoice: 1 + (seed % 4) * 6 });
    addEdgeCases(dir);
    for (const semester of [BENCH_SEMESTER, '2024-S2']) {
      const exact = outputs(dir, semester, 'exact');
      expect(exact.get('csv/recap.csv')).toContain(semester === BENCH_SEMESTER ? 'paid,HUGE-1' : 'pending,F2024-11');
      expectSame(exact, outputs(dir, semester, 'integer'));
    }
  });

  it('also when the inputs are too large to stay in memory: the manifest is the same, read again from disk', () => {
    const dir = join(tempRoot(), 'ws');
    generateWorkspace(dir, { lines: 1200, seed: 9 });
    expectSame(outputs(dir, BENCH_SEMESTER, 'exact'), outputs(dir, BENCH_SEMESTER, 'integer', { keepBytesUpTo: 0 }));
  });

  it('refuses to describe an input that changed after it was read', () => {
    const dir = join(tempRoot(), 'ws');
    generateWorkspace(dir, { lines: 300, seed: 4 });
    const loaded = loadWorkspace(dir, { keepBytesUpTo: 0 });
    const input = loaded.inputs.find((f) => f.path === 'invoices/part-001.csv')!;
    expect(Buffer.from(input.bytes).equals(readFileSync(join(dir, input.path)))).toBe(true);
    writeFileSync(join(dir, input.path), `${readFileSync(join(dir, input.path), 'utf8')}\n`);
    return new Promise<void>((resolve) => {
      // A later task: the bytes read just before are no longer remembered.
      setTimeout(() => {
        expect(() => input.bytes).toThrow(/invoices\/part-001\.csv changed while medcoop was running/);
        resolve();
      }, 0);
    });
  });

  it('copies a large input into the audit pack a MiB at a time: the same files as from bytes held in memory', () => {
    const root = tempRoot();
    const dir = join(root, 'ws');
    // One invoice file of about 2.5 MB: three pieces of 1 MiB.
    generateWorkspace(dir, { lines: 25000, seed: 6, files: 1 });
    expect(readFileSync(join(dir, 'invoices', 'part-001.csv')).length).toBeGreaterThan(2 * 1024 * 1024);
    const semester = parseSemester(BENCH_SEMESTER)!;
    const written = (keepBytesUpTo: number, out: string) => {
      const loaded = loadWorkspace(dir, { keepBytesUpTo });
      const ws = loaded.workspace!;
      expect(loaded.inputs.some((f) => f.pieces !== undefined)).toBe(keepBytesUpTo === 0);
      const { bill } = billSemester(ws, semester, BENCH_ISSUED_ON);
      expect(writeOutputPlan(out, billPlan(ws.config, bill!, 'csv', loaded.inputs, VERSION), false).status).toBe('written');
      return new Map(listFiles(out).map((f) => [f, readFileSync(join(out, f))]));
    };
    const held = written(Number.MAX_SAFE_INTEGER, join(root, 'held'));
    const copied = written(0, join(root, 'copied'));
    expect([...copied.keys()]).toEqual([...held.keys()]);
    for (const [f, bytes] of held) expect({ f, same: bytes.equals(copied.get(f)!) }).toEqual({ f, same: true });
    expect(copied.get('inputs/invoices/part-001.csv')!.equals(readFileSync(join(dir, 'invoices', 'part-001.csv')))).toBe(true);
  });

  it('refuses to copy a large input that changed after it was read, and writes nothing', () => {
    const root = tempRoot();
    const dir = join(root, 'ws');
    generateWorkspace(dir, { lines: 300, seed: 4 });
    const loaded = loadWorkspace(dir, { keepBytesUpTo: 0 });
    const ws = loaded.workspace!;
    const { bill } = billSemester(ws, parseSemester(BENCH_SEMESTER)!, BENCH_ISSUED_ON);
    // The same length, one byte different: only the SHA-256 can tell.
    const file = join(dir, 'invoices', 'part-001.csv');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('FORFAIT', 'FORFAIS'));
    expect(readFileSync(file).length).toBe(Buffer.byteLength(text));
    const out = join(root, 'out', BENCH_SEMESTER);
    expect(() => writeOutputPlan(out, billPlan(ws.config, bill!, 'csv', loaded.inputs, VERSION), false)).toThrow(/invoices\/part-001\.csv changed while medcoop was running/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(root, 'out'))).toEqual([]);
  });

  it('through the real binary: bill --json and its files are those of the exact path', E2E, () => {
    assertBuilt();
    const root = tempRoot();
    const dir = join(root, 'ws');
    generateWorkspace(dir, { lines: 2000, seed: 8 });
    addEdgeCases(dir);
    const exact = outputs(dir, BENCH_SEMESTER, 'exact');
    const r = run(['bill', '--dir', dir, '--semester', BENCH_SEMESTER, '--issued-on', BENCH_ISSUED_ON, '--json', '--out', join(root, 'out')], { cwd: root });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe(exact.get('bill.json'));
    for (const f of listFiles(join(root, 'out', BENCH_SEMESTER))) {
      expect({ f, text: readFileSync(join(root, 'out', BENCH_SEMESTER, f), 'utf8') }).toEqual({ f, text: exact.get(`csv/${f}`) });
    }
  });
});

describe('BigIntSlots', () => {
  it('keeps every value exact, in 64 bits or beyond', () => {
    const s = new BigIntSlots(4);
    s.set(0, 2n ** 63n - 1n);
    s.set(1, -(2n ** 63n));
    expect([s.get(0), s.get(1), s.get(2)]).toEqual([2n ** 63n - 1n, -(2n ** 63n), 0n]);
    s.set(2, 2n ** 63n);
    s.set(3, -(10n ** 30n));
    expect([s.get(0), s.get(1), s.get(2), s.get(3)]).toEqual([2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, -(10n ** 30n)]);
  });
});
