/**
 * Hostile workspaces and environments found by a hunt for hangs, data loss
 * and silent errors (second session): each case through the real binary,
 * checking the exit code, the message and that nothing was written or lost.
 * A hang would show as the spawn's timeout (run() gives up after 30 s).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../src/read/insee-zip.js';
import { assertBuilt, cleanupTemp, describeRun, E2E, FIXTURE, listEntries, run, tempDir, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const BILL = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];

describe('inputs that are not regular files are refused at once, never read', E2E, () => {
  it('a named pipe (FIFO) among the invoices: exit 1, named, no hang', () => {
    const { ws } = tempWorkspace();
    execFileSync('mkfifo', [join(ws, 'invoices', '2027.csv')]);
    const before = listEntries(ws);
    for (const args of [['check'], BILL]) {
      const r = run(args, { cwd: ws });
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.stderr).toContain('invoices/2027.csv: unreadable-file: cannot read the invoices file: is a named pipe (FIFO), not a file\n');
    }
    expect(listEntries(ws)).toEqual(before);
  });

  it('a link to /dev/zero as an invoices file: exit 1 at once (it used to read until memory ran out)', () => {
    const { ws } = tempWorkspace();
    symlinkSync('/dev/zero', join(ws, 'invoices', 'zero.csv'));
    const r = run(['check'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('invoices/zero.csv: unreadable-file: cannot read the invoices file: is a character device, not a file\n');
  });

  it('a FIFO given to index import, and a FIFO as medcoop.json', () => {
    const { root, ws } = tempWorkspace();
    execFileSync('mkfifo', [join(root, 'download.csv')]);
    const r = run(['index', 'import', join(root, 'download.csv'), '--published-on', '2026-04-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toBe(`medcoop: cannot read ${join(root, 'download.csv')}: is a named pipe (FIFO), not a file\n`);
    rmSync(join(ws, 'medcoop.json'));
    execFileSync('mkfifo', [join(ws, 'medcoop.json')]);
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(1);
    expect(c.stderr).toBe(`medcoop.json: unreadable-file: cannot read medcoop.json: is a named pipe (FIFO), not a file\nmedcoop: 1 error in the workspace ${ws}\n`);
  });
});

describe('--force replaces a previous output, never anything else', E2E, () => {
  it('a workspace standing where the output would go is never replaced, --force or not', () => {
    // The hunt's case: --out one level above a workspace named like the semester.
    const root = tempDir();
    const ws = join(root, 'p', '2025-S1');
    cpSync(FIXTURE, ws, { recursive: true, filter: (s) => !s.includes('/out') });
    const before = listEntries(ws);
    const r = run([...BILL, '--dir', ws, '--out', join(root, 'p'), '--force'], { cwd: root });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toBe('medcoop: p/2025-S1 already exists and is not the output of a bill run (README.md is not a file medcoop writes); nothing was written. medcoop never replaces it, even with --force: use --out to write elsewhere\n');
    expect(listEntries(ws)).toEqual(before);
  });

  it("someone's notes in an output folder are kept: --force refuses, and says which file", () => {
    const { ws } = tempWorkspace();
    expect(run(BILL, { cwd: ws }).code).toBe(0);
    writeFileSync(join(ws, 'out', '2025-S1', 'notes.txt'), 'signed copy sent on 2025-07-04\n');
    const r = run([...BILL.slice(0, -1), '2025-07-04', '--force'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('(notes.txt is not a file medcoop writes)');
    expect(readFileSync(join(ws, 'out', '2025-S1', 'notes.txt'), 'utf8')).toBe('signed copy sent on 2025-07-04\n');
  });

  it('a previous output is still replaced with --force, and an empty folder is simply filled', () => {
    const { ws } = tempWorkspace();
    expect(run(BILL, { cwd: ws }).code).toBe(0);
    const r = run([...BILL.slice(0, -1), '2025-07-04', '--force'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('replaced (--force)');
    mkdirSync(join(ws, 'out', '2025-S2'));
    const e = run(['bill', '--semester', '2025-S2', '--issued-on', '2026-01-05'], { cwd: ws });
    expect(e.code, describeRun(e)).toBe(0);
    expect(readdirSync(join(ws, 'out', '2025-S2'))).toContain('manifest.json');
  });
});

describe('no bill goes ahead with money that would be lost or a date that cannot be written', E2E, () => {
  it('a subsidy whose semester no bill can reach stops every bill, as check does (it used to be dropped silently)', () => {
    const { ws } = tempWorkspace();
    const p = join(ws, 'subsidies.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace('2025-03-12,12000.00,,', '2025-03-12,12000.00,,2099-S1'));
    const c = run(['check'], { cwd: ws });
    const b = run(BILL, { cwd: ws });
    for (const r of [c, b]) {
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.stderr).toContain('subsidies.csv:3: bad-semester: subsidy S-2025-FIPD: its semester 2099-S1 is outside the billable semesters 2023-S1 to 2027-S1, so no bill would ever deduct it\n');
    }
    expect(readdirSync(ws)).not.toContain('out');
  });

  it('--issued-on 9999-12-31 would make notices due in year 10000: exit 1, nothing written', () => {
    const { ws } = tempWorkspace();
    const r = run([...BILL.slice(0, -1), '9999-12-31'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    // 9999-12-31 + 30 days = 10000-01-30
    expect(r.stderr).toContain('bad-issue-date: issued on 9999-12-31, the notices would be due on 10000-01-30, after 9999-12-31: check the issue date\n');
    expect(readdirSync(ws)).not.toContain('out');
  });

  it('verify refuses a manifest whose issue date is not a date', () => {
    const { ws } = tempWorkspace();
    expect(run(BILL, { cwd: ws }).code).toBe(0);
    const m = join(ws, 'out', '2025-S1', 'manifest.json');
    for (const bad of ['garbage', '2025-02-30']) {
      writeFileSync(m, readFileSync(m, 'utf8').replace(/"issued_on": "[^"]*"/g, `"issued_on": "${bad}"`));
      const r = run(['verify', 'out/2025-S1'], { cwd: ws });
      expect(r.code, `${bad}: ${describeRun(r)}`).toBe(1);
      expect(r.stderr).toContain('not a medcoop bill manifest (needs command, options.semester, issued_on as a valid YYYY-MM-DD date');
    }
  });

  it('an empty name or input path in medcoop.json is named, not "0 errors"', () => {
    for (const [edit, where] of [
      [(c: Record<string, any>) => (c.name = ''), 'name: must not be empty'],
      [(c: Record<string, any>) => (c.inputs.index = ' '), 'inputs.index: must not be empty'],
      [(c: Record<string, any>) => (c.inputs.invoices = ''), 'inputs.invoices: must not be empty'],
      [(c: Record<string, any>) => (c.inputs.subsidies = ''), 'inputs.subsidies: must not be empty'],
    ] as const) {
      const { ws } = tempWorkspace();
      const p = join(ws, 'medcoop.json');
      const c = JSON.parse(readFileSync(p, 'utf8'));
      edit(c);
      writeFileSync(p, JSON.stringify(c, null, 2));
      const r = run(['check'], { cwd: ws });
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^medcoop\\.json:\\d+:\\d+: bad-config: ${where.replace('.', '\\.')}\\nmedcoop: 1 error in the workspace`));
    }
  });
});

describe('ZIP bombs in index import', () => {
  /** A ZIP of one deflated entry, its declared size chosen by the test. */
  function zipOf(name: string, content: Buffer, declaredSize: number): Buffer {
    const data = deflateRawSync(content);
    const n = Buffer.from(name);
    const crc = 0; // never reached: the size checks come first
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declaredSize, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declaredSize, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(0, 42);
    const body = Buffer.concat([local, n, data]);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length + n.length, 12);
    eocd.writeUInt32LE(body.length, 16);
    return Buffer.concat([body, central, n, eocd]);
  }

  it('an entry that inflates past the size it declares is stopped there (10 MB of zeros declared as 1 000 bytes)', () => {
    const { entries, diagnostics } = readZip('bomb.zip', zipOf('valeurs_mensuelles.csv', Buffer.alloc(10_000_000, 0x30), 1000));
    expect(entries).toBeNull();
    expect(diagnostics.map((d) => d.message)).toEqual(['a damaged ZIP: valeurs_mensuelles.csv unzips to more than the 1000 bytes it declares']);
  });

  it('an entry that declares more than 64 MiB is refused before inflating', () => {
    const { entries, diagnostics } = readZip('big.zip', zipOf('valeurs_mensuelles.csv', Buffer.from('x'), 4_000_000_000));
    expect(entries).toBeNull();
    expect(diagnostics.map((d) => d.message)).toEqual(['valeurs_mensuelles.csv would unzip to 4000000000 bytes, more than the 67108864 an INSEE download ever holds: not an INSEE download']);
  });
});
