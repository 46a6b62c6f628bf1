/**
 * End-to-end: how `medcoop bill` writes its output folder — determinism,
 * re-runs, --force, and nothing written on failure (SPEC §4).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, E2E, cleanupTemp, describeRun, listEntries, listFiles, MANY_SPAWNS, readBytes, runAsync, sha256, stats, tempDir, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const BILL = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];

/** The output root holds only these issue folders (no temporary or backup folder), with exactly these files. */
function expectOnly(outRoot: string, folders: string[], files: Map<string, Buffer>, folder = '2025-S1'): void {
  expect(readdirSync(outRoot).sort()).toEqual(folders);
  expect(listFiles(join(outRoot, folder))).toEqual([...files.keys()]);
}

function expectSameBytes(a: Map<string, Buffer>, b: Map<string, Buffer>, what: string): void {
  expect([...b.keys()], what).toEqual([...a.keys()]);
  for (const [f, bytes] of a) expect(bytes.equals(b.get(f)!), `${what}: ${f} differs`).toBe(true);
}

describe.concurrent('determinism', E2E, () => {
  it('the same run into two --out folders, under different TZ and LANG, gives byte-identical files', async () => {
    const { root, ws } = tempWorkspace();
    const envs = [
      { tz: 'UTC', lang: 'C.UTF-8' },
      { tz: 'Pacific/Kiritimati', lang: 'fr_FR.UTF-8' }, // UTC+14
      { tz: 'America/Adak', lang: 'C' }, // UTC−10/−9
      { tz: 'Pacific/Kiritimati', lang: 'C' },
      { tz: 'America/Adak', lang: 'fr_FR.UTF-8' },
    ];
    for (const dialect of ['csv', 'excel-fr']) {
      const runs = await Promise.all(envs.map((e, k) => runAsync([...BILL, '--dialect', dialect, '--out', join(root, `out-${dialect}-${k}`)], { cwd: ws, ...e })));
      const results = runs.map((r, k) => {
        expect(r.code, describeRun(r)).toBe(0);
        return { e: envs[k]!, files: readBytes(join(root, `out-${dialect}-${k}`, '2025-S1')) };
      });
      expect(results[0]!.files.size).toBe(6 + 7); // recap, 4 notices, manifest; the 7 inputs in inputs/
      for (const r of results.slice(1)) expectSameBytes(results[0]!.files, r.files, `${dialect} TZ=${r.e.tz} LANG=${r.e.lang}`);
    }
  }, MANY_SPAWNS);

  it('the default out/ and a run with --dir from another cwd give the same bytes as --out', async () => {
    const { root, ws } = tempWorkspace();
    const a = await runAsync(BILL, { cwd: ws });
    const b = await runAsync(['bill', '--dir', ws, '--semester', '2025-S1', '--issued-on', '2025-07-03', '--out', join(root, 'b')], { cwd: tempDir() });
    expect(a.code, describeRun(a)).toBe(0);
    expect(b.code, describeRun(b)).toBe(0);
    expectSameBytes(readBytes(join(ws, 'out', '2025-S1')), readBytes(join(root, 'b', '2025-S1')), '--dir');
  });
});

describe.concurrent('re-running', E2E, () => {
  it('identical run: exit 0 and the files are left untouched (same bytes, mtime and inode)', async () => {
    const { ws } = tempWorkspace();
    const dir = join(ws, 'out', '2025-S1');
    const first = await runAsync(BILL, { cwd: ws });
    expect(first.code, describeRun(first)).toBe(0);
    const bytes = readBytes(dir);
    const before = stats(dir);
    await new Promise((r) => setTimeout(r, 20));
    const again = await runAsync(BILL, { cwd: ws });
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toBe('2025-S1: unchanged since issue 1 of 2025-07-03; nothing was written\n');
    expectSameBytes(bytes, readBytes(dir), 'rerun');
    expect(stats(dir)).toEqual(before);
    expectOnly(join(ws, 'out'), ['2025-S1'], bytes);
  });

  it('a different --issued-on with the same figures writes nothing (exit 0); --force replaces the issue and the manifest says what it replaced', async () => {
    const { ws } = tempWorkspace();
    const dir = join(ws, 'out', '2025-S1');
    expect((await runAsync(BILL, { cwd: ws })).code).toBe(0);
    const bytes = readBytes(dir);
    const before = stats(dir);

    const same = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-04'], { cwd: ws });
    expect(same.code, describeRun(same)).toBe(0);
    expect(same.stdout).toBe('2025-S1: unchanged since issue 1 of 2025-07-03; nothing was written\n');
    expectSameBytes(bytes, readBytes(dir), 'after an unchanged re-run');
    expect(stats(dir)).toEqual(before);
    expectOnly(join(ws, 'out'), ['2025-S1'], bytes);

    const forced = await runAsync(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-04', '--force'], { cwd: ws });
    expect(forced.code, describeRun(forced)).toBe(0);
    expect(forced.stdout).toContain('replaced (--force), as issue 1; its manifest records what it replaced');
    const after = readBytes(dir);
    expect([...after.keys()]).toEqual([...bytes.keys()]);
    expect(after.get('manifest.json')!.equals(bytes.get('manifest.json')!)).toBe(false);
    const manifest = JSON.parse(after.get('manifest.json')!.toString('utf8'));
    expect(manifest.issued_on).toBe('2025-07-04');
    expect(manifest.issue).toBe(1);
    expect(manifest.replaces).toEqual({ issue: 1, issued_on: '2025-07-03', manifest_sha256: sha256(bytes.get('manifest.json')!), previous: null });
    // due date = 2025-07-04 + 30 days
    expect(after.get('notice-mons.csv')!.toString('utf8')).toMatch(/^net,.*,2025-08-03,.*,48454\.23$/m);
    expectOnly(join(ws, 'out'), ['2025-S1'], bytes);
  });

  it('a stray file in an issue folder is left alone: the re-run compares figures, not folders', async () => {
    const { ws } = tempWorkspace();
    expect((await runAsync(BILL, { cwd: ws })).code).toBe(0);
    writeFileSync(join(ws, 'out', '2025-S1', 'notes.txt'), 'mine');
    const r = await runAsync(BILL, { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('unchanged since issue 1');
    expect(readFileSync(join(ws, 'out', '2025-S1', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe.concurrent('nothing written on failure', E2E, () => {
  it.each([
    // file, the line to corrupt (1-based), the field (1-based), the bad value
    ['invoices/2025.csv', 6, 2, '2024-02-30'],
    ['invoices/2024.csv', 4, 3, '30/02/2024'],
    ['invoices/2023.csv', 3, 6, 'un'],
  ])('a bad field in %s line %i column %i → exit 1 naming file:line:column, no out/ and no temporary folder', async (file, line, column, bad) => {
    const { root, ws } = tempWorkspace();
    const p = join(ws, ...file.split('/'));
    const text = readFileSync(p, 'utf8');
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const delimiter = text.split(eol)[0]!.includes(';') ? ';' : ',';
    const lines = text.split(eol);
    const fields = lines[line - 1]!.split(delimiter);
    fields[column - 1] = bad;
    lines[line - 1] = fields.join(delimiter);
    writeFileSync(p, lines.join(eol));
    const before = listEntries(root);

    const r = await runAsync(BILL, { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:${line}:${column}:`);
    expect(r.stderr).toContain(bad);
    expect(existsSync(join(ws, 'out'))).toBe(false);
    expect(listEntries(root)).toEqual(before);

    const out = join(root, 'elsewhere');
    const r2 = await runAsync([...BILL, '--out', out, '--json'], { cwd: ws });
    expect(r2.code, describeRun(r2)).toBe(1);
    expect(r2.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('an index that cannot give I0 → exit 1 naming the year and the cut-off, nothing written', async () => {
    const { root, ws } = tempWorkspace();
    const p = join(ws, 'index.csv');
    writeFileSync(p, readFileSync(p, 'utf8').split('\n').filter((l) => !l.startsWith('2022-10,')).join('\n'));
    const before = listEntries(root);
    const r = await runAsync(BILL, { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/year 2\b.*2024-01-01|2024-01-01.*year 2\b/);
    expect(r.stderr).toContain('2022-10');
    expect(listEntries(root)).toEqual(before);
  });

  it('an existing output folder is left as it was when a later run fails', async () => {
    const { ws } = tempWorkspace();
    expect((await runAsync(BILL, { cwd: ws })).code).toBe(0);
    const bytes = readBytes(join(ws, 'out', '2025-S1'));
    const p = join(ws, 'invoices', '2025.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace('F2025-04,2025-05-07', 'F2025-04,2025-02-30'));
    const r = await runAsync([...BILL, '--force'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expectSameBytes(bytes, readBytes(join(ws, 'out', '2025-S1')), 'after failure');
    expectOnly(join(ws, 'out'), ['2025-S1'], bytes);
  });
});
