/**
 * What no command turned into a message (issue 4): a bug in medcoop is one
 * line on stderr and exit 70, its stack only with --debug; a refusal of the
 * system (ENOENT, EACCES, ENOSPC…) is said as the system says it, exit 1.
 * And no run may hang on a folder it cannot create.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAIN, type Io } from '../src/cli/context.js';
import { useLanguage } from '../src/cli/i18n.js';
import { internalError, main } from '../src/cli/main.js';
import { makeDirs } from '../src/cli/write.js';
import { assertBuilt, BIN, cleanupTemp, describeRun, E2E, FIXTURE, run, tempDir, tempWorkspace } from './e2e-helpers.js';

afterAll(cleanupTemp);
// internalError speaks the language main() chose; called on its own here, it is English.
beforeAll(() => useLanguage('en'));

function recordingIo(out: (t: string) => void = () => {}): { io: Io; err: string[] } {
  const err: string[] = [];
  return { io: { out, err: (t) => void err.push(t), today: () => '2025-07-03', style: { out: PLAIN, err: PLAIN } }, err };
}

describe('internalError', () => {
  it('a bug: one line, exit 70, no stack', () => {
    const { io, err } = recordingIo();
    expect(internalError(new TypeError("Cannot read properties of undefined (reading 'x')"), io, false)).toBe(70);
    expect(err).toEqual([
      "medcoop: internal error (a bug in medcoop, not a problem in your files): TypeError: Cannot read properties of undefined (reading 'x'); please report it; the same command with --debug shows where it happened\n",
    ]);
  });

  it('a bug with --debug: the same line, then the stack', () => {
    const { io, err } = recordingIo();
    const e = new RangeError('boom');
    expect(internalError(e, io, true)).toBe(70);
    expect(err[0]).toBe('medcoop: internal error (a bug in medcoop, not a problem in your files): RangeError: boom; please report it; where it happened follows\n');
    expect(err[1]).toBe(`${e.stack}\n`);
    expect(err[1]).toMatch(/\n\s+at /);
  });

  it('a refusal of the system: its own message, exit 1', () => {
    const { io, err } = recordingIo();
    const e = Object.assign(new Error("EACCES: permission denied, open '/x/recap.csv'"), { code: 'EACCES', syscall: 'open', path: '/x/recap.csv' });
    expect(internalError(e, io, false)).toBe(1);
    expect(err).toEqual(["medcoop: EACCES: permission denied, open '/x/recap.csv'\n"]);
  });

  it('main turns a bug inside a command into exit 70 (here, an output stream that throws)', async () => {
    const { io, err } = recordingIo(() => {
      throw new TypeError('simulated bug');
    });
    const code = await main(['revise', '--dir', FIXTURE], io, { LANG: 'C' });
    expect(code).toBe(70);
    expect(err.join('')).toBe('medcoop: internal error (a bug in medcoop, not a problem in your files): TypeError: simulated bug; please report it; the same command with --debug shows where it happened\n');
  });
});

describe('through the binary', E2E, () => {
  it('a bug exits 70 with one line, writes nothing, and --debug adds the stack', () => {
    assertBuilt();
    const { root, ws } = tempWorkspace();
    // A preload that breaks JSON.stringify stands in for a bug: bill needs it for manifest.json.
    const bug = join(root, 'bug.cjs');
    writeFileSync(bug, "JSON.stringify = () => { throw new TypeError('simulated bug'); };\n");
    const args = ['--require', bug, BIN, 'bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];
    const r = spawnSync(process.execPath, args, { cwd: ws, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LC_ALL: 'C' } });
    expect(r.status, r.stderr).toBe(70);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('medcoop: internal error (a bug in medcoop, not a problem in your files): TypeError: simulated bug; please report it; the same command with --debug shows where it happened\n');
    expect(existsSync(join(ws, 'out'))).toBe(false);
    const d = spawnSync(process.execPath, [...args, '--debug'], { cwd: ws, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LC_ALL: 'C' } });
    expect(d.status).toBe(70);
    expect(d.stderr).toMatch(/^medcoop: internal error .*; where it happened follows\nTypeError: simulated bug\n\s+at /);
  });

  it('--out through a dangling symlink (an unmounted share): exit 1 at once, the path named, nothing written', () => {
    const { root, ws } = tempWorkspace();
    symlinkSync(join(root, 'unmounted'), join(root, 'share'));
    const r = run(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--out', join(root, 'share', 'medcoop')], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toBe(
      `medcoop: cannot write ${join(root, 'share', 'medcoop', '2025-S1')}: ENOTDIR: not a folder (a file, or a link to something missing), mkdir '${join(root, 'share')}'; nothing was written\n`,
    );
    expect(readdirSync(root).sort()).toEqual(['share', 'ws']);
  });

  it('init into a dangling symlink, and under /proc: exit 1 at once, no hang', () => {
    const root = tempDir();
    symlinkSync(join(root, 'unmounted'), join(root, 'share'));
    const r = run(['init', join(root, 'share', 'nm2027')], { cwd: root });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toBe(`medcoop: cannot create the workspace in share/nm2027: ENOTDIR: not a folder (a file, or a link to something missing), mkdir '${join(root, 'share')}'\n`);
    if (existsSync('/proc/self')) {
      const p = run(['init', '/proc/medcoop-test/nm2027'], { cwd: root });
      expect(p.code, describeRun(p)).toBe(1);
      expect(p.stderr).toMatch(/ENOENT: no such file or directory, mkdir '\/proc\/medcoop-test'\n$/);
    }
  });
});

describe('makeDirs', () => {
  it('makes every missing level, accepts existing folders, and throws (never loops) where a folder cannot be', () => {
    const root = tempDir();
    makeDirs(join(root, 'a', 'b', 'c'));
    makeDirs(join(root, 'a', 'b', 'c')); // again: nothing to do
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['c']);
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    expect(() => makeDirs(join(root, 'dangling', 'x'))).toThrow(`ENOTDIR: not a folder (a file, or a link to something missing), mkdir '${join(root, 'dangling')}'`);
    expect(() => makeDirs(join(root, 'dangling'))).toThrow(/^ENOTDIR/);
    writeFileSync(join(root, 'file'), '');
    expect(() => makeDirs(join(root, 'file', 'x'))).toThrow(/ENOTDIR/);
    expect(() => makeDirs(join(root, 'file'))).toThrow(`ENOTDIR: not a folder (a file, or a link to something missing), mkdir '${join(root, 'file')}'`);
    mkdirSync(join(root, 'ok'));
    expect(() => makeDirs(join(root, 'ok'))).not.toThrow();
  });
});
