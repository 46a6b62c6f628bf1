/**
 * A large `bill` runs in a worker thread with a bounded young generation
 * (src/cli/large.ts). What it writes, prints and exits with must be exactly
 * what the main thread gives: MEDCOOP_LARGE_BYTES=0 sends the example
 * workspace to the worker, on every Node.js line, and each run is compared
 * with the same run on the main thread.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { descriptorIo } from '../src/cli/context.js';
import { useLanguage } from '../src/cli/i18n.js';
import { CliError, EXIT } from '../src/cli/errors.js';
import { LARGE_INVOICE_BYTES, largeBytes, largeRun } from '../src/cli/large.js';
import { loadConfigFile, invoiceBytes } from '../src/read/workspace.js';
import { assertBuilt, describeRun, E2E, FIXTURE, listFiles, run, tempWorkspace, type RunResult } from './e2e-helpers.js';

// Messages in English here (issue 15: the terminal's language).
beforeAll(() => useLanguage('en'));

describe('the threshold of a large run', () => {
  it('is 32 MiB of invoice files unless MEDCOOP_LARGE_BYTES says otherwise; anything but a number of bytes is wrong usage', () => {
    expect(largeBytes({})).toBe(LARGE_INVOICE_BYTES);
    expect(LARGE_INVOICE_BYTES).toBe(32 * 1024 * 1024);
    expect(largeBytes({ MEDCOOP_LARGE_BYTES: '' })).toBe(LARGE_INVOICE_BYTES);
    expect(largeBytes({ MEDCOOP_LARGE_BYTES: '0' })).toBe(0);
    expect(largeBytes({ MEDCOOP_LARGE_BYTES: '1048576' })).toBe(1048576);
    for (const bad of ['-1', '1e6', '32M', ' 5', 'abc']) {
      let thrown: unknown = null;
      try {
        largeBytes({ MEDCOOP_LARGE_BYTES: bad });
      } catch (e) {
        thrown = e;
      }
      expect(thrown, bad).toBeInstanceOf(CliError);
      expect((thrown as CliError).exitCode).toBe(EXIT.usage);
      expect((thrown as CliError).message).toBe(`MEDCOOP_LARGE_BYTES: expected a number of bytes, got ${JSON.stringify(bad)}`);
    }
  });

  it('sizes a workspace by its invoice files, without reading them', () => {
    const { config } = loadConfigFile(FIXTURE);
    // fixtures/nouveau-mons/invoices/2023.csv … 2026.csv
    const want = ['2023', '2024', '2025', '2026'].reduce((n, y) => n + readFileSync(join(FIXTURE, 'invoices', `${y}.csv`)).length, 0);
    expect(invoiceBytes(FIXTURE, config!)).toBe(want);
  });

  it('stays on the main thread below the threshold, on Node.js 20 unless asked, and outside the bundle (tests on src/)', async () => {
    expect(await largeRun(() => LARGE_INVOICE_BYTES - 1, {}, 24)).toBeNull();
    expect(await largeRun(() => LARGE_INVOICE_BYTES, {}, 20)).toBeNull();
    // At or above it on Node.js 24, only the bundle (dist/medcoop.cjs) starts a worker: here, src/ runs.
    expect(await largeRun(() => LARGE_INVOICE_BYTES, {}, 24)).toBeNull();
  });

  it("a worker's output is coloured as the main thread decided", async () => {
    const io = await descriptorIo({ out: true, err: false });
    expect(io.style.out.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(io.style.err.red('x')).toBe('x');
  });
});

describe('bill in a worker thread gives what the main thread gives', E2E, () => {
  const both = (args: string[], cwd: string, prepare: () => void = () => {}): [RunResult, RunResult] => {
    prepare();
    const main = run(args, { cwd });
    prepare();
    const worker = run(args, { cwd, env: { MEDCOOP_LARGE_BYTES: '0' } });
    return [main, worker];
  };

  it('the same files, stdout, stderr and exit code: a first issue, --json, then an unchanged run', () => {
    assertBuilt();
    const { ws } = tempWorkspace();
    const files = (dir: string) => new Map(listFiles(join(ws, dir)).map((f) => [f, readFileSync(join(ws, dir, f), 'utf8')]));
    const bill = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];
    const main = run([...bill, '--out', 'main'], { cwd: ws });
    const worker = run([...bill, '--out', 'work'], { cwd: ws, env: { MEDCOOP_LARGE_BYTES: '0' } });
    expect(main.code, describeRun(main)).toBe(0);
    expect(main.stderr).toContain('late-invoice');
    expect(main.stdout).toContain('main/2025-S1/');
    expect({ ...worker, stdout: worker.stdout.replaceAll('work/2025-S1/', 'main/2025-S1/') }).toEqual(main);
    expect(files('work')).toEqual(files('main'));
    const json = ['bill', '--semester', '2025-S2', '--issued-on', '2026-01-05', '--json'];
    const jm = run([...json, '--out', 'jm'], { cwd: ws });
    const jw = run([...json, '--out', 'jw'], { cwd: ws, env: { MEDCOOP_LARGE_BYTES: '0' } });
    expect(jm.code, describeRun(jm)).toBe(0);
    expect(JSON.parse(jm.stdout).semester).toBe('2025-S2');
    expect(jw).toEqual(jm);
    expect(files('jw')).toEqual(files('jm'));
    // Again into the same folders: nothing changed, said the same way.
    const again = [run([...json, '--out', 'jm'], { cwd: ws }), run([...json, '--out', 'jw'], { cwd: ws, env: { MEDCOOP_LARGE_BYTES: '0' } })];
    expect(JSON.parse(again[0].stdout).unchanged).toBe(true);
    expect(again[1]).toEqual(again[0]);
  });

  it('the same refusals: wrong usage (exit 2), a bad input (exit 1) with its file:line:column, a bad MEDCOOP_LARGE_BYTES (exit 2)', () => {
    assertBuilt();
    const { ws } = tempWorkspace();
    const usage = both(['bill', '--semester', '2025-S3'], ws);
    expect(usage[0].code).toBe(2);
    expect(usage[1]).toEqual(usage[0]);
    const p = join(ws, 'invoices', '2025.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace('2025-02-28', '2025-02-30'));
    const bad = both(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], ws);
    expect(bad[0].code, describeRun(bad[0])).toBe(1);
    expect(bad[0].stderr).toMatch(/^invoices\/2025\.csv:\d+:\d+: bad-date: /m);
    expect(bad[1]).toEqual(bad[0]);
    const knob = run(['bill', '--semester', '2025-S1'], { cwd: ws, env: { MEDCOOP_LARGE_BYTES: 'lots' } });
    expect(knob.code).toBe(2);
    expect(knob.stderr).toBe('medcoop: usage: MEDCOOP_LARGE_BYTES: expected a number of bytes, got "lots"\n');
  });
});
