/**
 * How bin/medcoop.js starts (issue 5): one CommonJS bundle, each command's
 * code loaded only when that command runs, and V8's code cache used only
 * when it was made from the bundle as it is. These tests check behaviour,
 * never time: the figures are `npm run bench`'s job.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanupTemp, describeRun, E2E, FIXTURE, ROOT, tempDir, type RunResult } from './e2e-helpers.js';

const BILL = ['bill', '--dir', FIXTURE, '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'];
/** bill, writing into a new folder each time. */
const bill = () => [...BILL, '--out', tempDir()];

/** A copy of the installed command alone: bin/ and dist/medcoop.cjs, with or without a cache. */
function install(cache: 'copy' | 'none' | Buffer): { bin: string; dist: string } {
  const root = tempDir();
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist'));
  for (const f of ['medcoop.js', 'package.json']) copyFileSync(join(ROOT, 'bin', f), join(root, 'bin', f));
  copyFileSync(join(ROOT, 'dist', 'medcoop.cjs'), join(root, 'dist', 'medcoop.cjs'));
  const cacheFile = join(root, 'dist', 'medcoop.cjs.cache');
  if (cache === 'copy') copyFileSync(join(ROOT, 'dist', 'medcoop.cjs.cache'), cacheFile);
  else if (cache !== 'none') writeFileSync(cacheFile, cache);
  return { bin: join(root, 'bin', 'medcoop.js'), dist: join(root, 'dist') };
}

function runBin(bin: string, args: readonly string[], extra: readonly string[] = []): RunResult {
  const r = spawnSync(process.execPath, [...extra, bin, ...args], {
    cwd: tempDir(),
    env: { ...process.env, TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('starting the installed command', E2E, () => {
  let reference: RunResult;
  beforeAll(() => {
    assertBuilt();
    reference = runBin(join(ROOT, 'bin', 'medcoop.js'), bill());
    expect(reference.code, describeRun(reference)).toBe(0);
  });
  afterAll(cleanupTemp);

  it('the build wrote a code cache stamped with the bundle it was made from', () => {
    const head = readFileSync(join(ROOT, 'dist', 'medcoop.cjs.cache')).subarray(0, 80).toString('latin1');
    const size = readFileSync(join(ROOT, 'dist', 'medcoop.cjs')).length;
    expect(head).toMatch(new RegExp(`^medcoop-code-cache 1 ${size} \\d+\\n`));
  });

  it('V8 accepts the code cache the build wrote (a flag changed during the training runs would make it reject it)', () => {
    const r = spawnSync(process.execPath, ['-e', `const { script } = require(${JSON.stringify(join(ROOT, 'bin', 'medcoop.js'))}).loadBundle(true); process.stdout.write(String(script.cachedDataRejected));`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('false');
  });

  it('gives the same bytes without a cache, with a garbage cache, with a stale cache, and with the cache', () => {
    // A copied bundle has a new modification time, so the copied cache no
    // longer matches its stamp: it must be ignored. Giving the copy the
    // original's time makes the stamp match again, and the cache is used.
    const cases: Array<[string, { bin: string; dist: string }]> = [
      ['no cache', install('none')],
      ['garbage', install(Buffer.from('medcoop-code-cache 1 12 34\nnot V8 data'))],
      ['empty file', install(Buffer.alloc(0))],
      ['stale stamp', install('copy')],
    ];
    const matching = install('copy');
    const original = statSync(join(ROOT, 'dist', 'medcoop.cjs'));
    utimesSync(join(matching.dist, 'medcoop.cjs'), original.atime, original.mtime);
    cases.push(['matching cache', matching]);
    for (const [name, { bin }] of cases) {
      const r = runBin(bin, bill());
      expect(r.code, `${name}: ${describeRun(r)}`).toBe(0);
      expect(r.stdout, name).toBe(reference.stdout);
      expect(r.stderr, name).toBe(reference.stderr);
    }
  });

  it('the cache of an edited bundle is never used: V8 would run the old code', () => {
    // V8 itself only checks the source's length. Same length, other text: with
    // the old cache, the compiled toolVersion() would still return 0.1.0.
    const edited = install('copy');
    const file = join(edited.dist, 'medcoop.cjs');
    const text = readFileSync(file, 'latin1');
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    const other = version.replace(/\d/g, '9');
    expect(other.length).toBe(version.length);
    const needle = `function toolVersion(){return"${version}"}`;
    expect(text).toContain(needle);
    writeFileSync(file, text.replace(needle, needle.replace(version, other)), 'latin1');
    const r = runBin(edited.bin, ['--version']);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe(`${other}\n`);
  });

  it('the cache the build wrote is accepted by V8 (else it would only cost time)', () => {
    const probe = (bin: string) =>
      spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(bin)}).loadBundle(true).script.cachedDataRejected))`], { encoding: 'utf8' }).stdout;
    expect(probe(join(ROOT, 'bin', 'medcoop.js'))).toBe('false');
    expect(probe(install('none').bin)).toBe('undefined'); // none offered
    expect(probe(install('copy').bin)).toBe('undefined'); // stale stamp: not offered
  });

  it('a V8 cache made by other flags is rejected by V8, and the run is the same', () => {
    const r = runBin(join(ROOT, 'bin', 'medcoop.js'), bill(), ['--no-opt']);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe(reference.stdout);
  });

  it('a missing bundle is named, with the command that builds it (exit 1)', () => {
    const root = tempDir();
    mkdirSync(join(root, 'bin'));
    for (const f of ['medcoop.js', 'package.json']) copyFileSync(join(ROOT, 'bin', f), join(root, 'bin', f));
    const r = runBin(join(root, 'bin', 'medcoop.js'), bill());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`medcoop: ${join(root, 'dist', 'medcoop.cjs')} is missing: build it with \`npm install\` (or \`npm run build\`) in ${root}\n`);
  });

  it('bill loads neither the INSEE readers (zlib) nor child_process; index import does load zlib', () => {
    // A preload that records, at exit, which of Node's own modules were loaded.
    const dir = tempDir();
    const hook = join(dir, 'loaded.cjs');
    const report = join(dir, 'loaded.json');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`);
    const loaded = (args: readonly string[]) => {
      const r = runBin(join(ROOT, 'bin', 'medcoop.js'), args, ['--require', hook]);
      return { r, modules: JSON.parse(readFileSync(report, 'utf8')) as string[] };
    };
    const billed = loaded(bill());
    expect(billed.r.code, describeRun(billed.r)).toBe(0);
    expect(billed.modules).toContain('NativeModule crypto'); // the manifest's SHA-256
    expect(billed.modules).not.toContain('NativeModule zlib');
    expect(billed.modules).not.toContain('NativeModule child_process');
    const zip = loaded(['index', 'import', join(ROOT, 'fixtures', 'insee', 'bdm-010767832.zip'), '--dir', FIXTURE, '--dry-run', '--published-on', '2026-04-03']);
    expect(zip.modules, describeRun(zip.r)).toContain('NativeModule zlib');
  });

  it('a full disk on stdout is one line on stderr, not a stack trace (exit 1)', () => {
    if (!existsSync('/dev/full')) return; // Linux only
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'medcoop.js'), 'revise', '--dir', FIXTURE], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('medcoop: cannot write to standard output: ENOSPC: no space left on device, write\n');
    } finally {
      closeSync(fd);
    }
  });

  it('a reader that goes away (EPIPE) on a pipe ends the output quietly: exit 0, nothing on stderr', async () => {
    // The read end of stdout is closed before medcoop writes: every write gets EPIPE.
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'medcoop.js'), 'explain', '--dir', FIXTURE, '--semester', '2025-S1', '--issued-on', '2025-07-03'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
