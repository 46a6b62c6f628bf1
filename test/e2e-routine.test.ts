/**
 * The finance officer's routine: a new workspace, what the terminal shows,
 * colour rules, --quiet, --json alone, help texts with examples, --version.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, cleanupTemp, describeRun, E2E, readBytes, run, tempDir, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const BILL = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];
const ESC = '\u001b[';

/** Runs the binary on a pseudo-terminal (util-linux `script`), so that stdout and stderr are TTYs. */
function runOnTty(args: string[], cwd: string, env: Record<string, string | undefined> = {}): string {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm', LC_ALL: 'C', ...env } });
  if (r.error) throw r.error;
  return r.stdout;
}
const haveScript = spawnSync('script', ['--version']).status === 0;

describe('init', E2E, () => {
  it('writes a ready-to-edit workspace that passes check, and never overwrites', () => {
    const root = tempDir();
    const r = run(['init', 'nm2027'], { cwd: root });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('Created a workspace in nm2027/');
    const ws = join(root, 'nm2027');
    expect(readdirSync(ws).sort()).toEqual(['README.md', 'index.csv', 'invoices', 'medcoop.json', 'payments.csv', 'rates.csv', 'subsidies.csv']);
    expect(readdirSync(join(ws, 'invoices'))).toEqual([]);
    const config = JSON.parse(readFileSync(join(ws, 'medcoop.json'), 'utf8'));
    expect(config.members.map((m: { id: string }) => m.id)).toEqual(['mons', 'partenord', 'vilogia', 'logis-metropole']);
    expect(config.keys[0].shares).toEqual({ mons: '31.61', partenord: '27.58', vilogia: '28.28', 'logis-metropole': '12.53' });
    expect(config.revision).toMatchObject({ fixed: '0.15', variable: '0.85', base: { month: '2022-10' } });
    const readme = readFileSync(join(ws, 'README.md'), 'utf8');
    for (const f of ['medcoop.json', 'index.csv', 'invoices/', 'subsidies.csv', 'rates.csv', 'payments.csv']) expect(readme).toContain(`## ${f}`);

    // The price init leaves at 0.00 must be set before anything is computed (issue 13) ...
    const unset = run(['check', '--dir', 'nm2027'], { cwd: root });
    expect(unset.code, describeRun(unset)).toBe(1);
    expect(unset.stderr).toMatch(/^medcoop\.json:\d+:\d+: bad-price: prices\[0\]\.p0: the initial price of "FORFAIT" is 0\.00/m);
    // ... and once set, the workspace passes check.
    writeFileSync(join(ws, 'medcoop.json'), readFileSync(join(ws, 'medcoop.json'), 'utf8').replace('"p0": "0.00"', '"p0": "21437.50"'));
    const c = run(['check', '--dir', 'nm2027'], { cwd: root });
    expect(c.code, describeRun(c)).toBe(0);
    expect(c.stdout).toBe('');

    // never overwrites: an edited config survives a second init
    writeFileSync(join(ws, 'medcoop.json'), '{"edited": true}\n');
    const again = run(['init', 'nm2027'], { cwd: root });
    expect(again.code, describeRun(again)).toBe(1);
    expect(again.stderr).toContain('init never overwrites');
    expect(readFileSync(join(ws, 'medcoop.json'), 'utf8')).toBe('{"edited": true}\n');
  });

  it('fills an existing empty folder, and refuses a folder holding one of its files', () => {
    const root = tempDir();
    mkdirSync(join(root, 'empty'));
    expect(run(['init'], { cwd: join(root, 'empty') }).code).toBe(0);
    expect(existsSync(join(root, 'empty', 'medcoop.json'))).toBe(true);
    mkdirSync(join(root, 'busy'));
    writeFileSync(join(root, 'busy', 'index.csv'), 'mine\n');
    const r = run(['init', 'busy'], { cwd: root });
    expect(r.code, describeRun(r)).toBe(1);
    expect(readdirSync(join(root, 'busy'))).toEqual(['index.csv']);
  });

  it('takes the folder as --dir too, as every command does (SPEC §4); given twice differently, it is wrong usage', () => {
    const root = tempDir();
    const r = run(['init', '--dir', 'nm2028'], { cwd: root });
    expect(r.code, describeRun(r)).toBe(0);
    expect(readdirSync(join(root, 'nm2028')).sort()).toEqual(['README.md', 'index.csv', 'invoices', 'medcoop.json', 'payments.csv', 'rates.csv', 'subsidies.csv']);
    // check reads nm2028 (its only error is the price init leaves at 0.00)
    expect(run(['check', '--dir', 'nm2028'], { cwd: root }).stderr).toMatch(/\nmedcoop\.json:\d+:\d+: bad-price: .*\nmedcoop: 1 error in the workspace .*nm2028\n$/);
    // the same folder both ways is fine
    const same = run(['init', 'nm2029', '--dir', './nm2029'], { cwd: root });
    expect(same.code, describeRun(same)).toBe(0);
    const twice = run(['init', 'a', '--dir', 'b'], { cwd: root });
    expect(twice.code).toBe(2);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toBe('medcoop: usage: init: the folder is given twice, as "a" and --dir "b"; give it once\n');
    expect(readdirSync(root).sort()).toEqual(['nm2028', 'nm2029']);
  });
});

describe('the terminal summary of bill', E2E, () => {
  it('shows each member\'s share TTC, subsidies, net and due date, the totals and the warnings', () => {
    const { ws } = tempWorkspace();
    const r = run(BILL, { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    // Vilogia: 46,743.33 TTC − 3,393.60 = 43,349.73 (English groups thousands with a comma, issue 15), due 2025-07-03 + 30 days = 2025-08-02
    expect(r.stdout).toMatch(/^ {2}Vilogia +46,743\.33 +3,393\.60 +43,349\.73 +2025-08-02$/m);
    expect(r.stdout).toContain('\nnotice numbers: 2025-S1-1-<member id>, e.g. 2025-S1-1-mons\n');
    expect(r.stdout).toMatch(/^ {2}total +165,287\.62 +12,000\.00 +153,287\.62$/m);
    expect(r.stdout).toContain('1 warning (below, on stderr)');
    expect(r.stderr).toContain('invoices/2025.csv:5: warning: late-invoice:');
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).not.toContain(ESC);
  });

  it('--quiet prints nothing but errors, and still writes the files', () => {
    const { ws } = tempWorkspace();
    const r = run([...BILL, '--quiet'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect([r.stdout, r.stderr]).toEqual(['', '']);
    expect(readdirSync(join(ws, 'out', '2025-S1'))).toContain('notice-vilogia.csv');
    const bad = run(['bill', '--semester', '2022-S1', '--quiet'], { cwd: ws });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('semester-outside-contract');
  });

  it('--json prints the JSON alone: stdout parses, stderr is empty even with warnings', () => {
    const { ws } = tempWorkspace();
    const r = run([...BILL, '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(['late-invoice']);
  });

  it.skipIf(!haveScript)('colours only on a terminal; NO_COLOR and --no-color turn it off', () => {
    const { ws } = tempWorkspace();
    const coloured = runOnTty([...BILL, '--out', join(ws, 'a')], ws);
    expect(coloured).toContain(`${ESC}1m`); // bold title and nets
    expect(coloured).toContain(`${ESC}33m`); // the warning in yellow
    expect(coloured).toContain('43,349.73');
    expect(runOnTty([...BILL, '--out', join(ws, 'b')], ws, { NO_COLOR: '1' })).not.toContain(ESC);
    expect(runOnTty([...BILL, '--out', join(ws, 'c'), '--no-color'], ws)).not.toContain(ESC);
    // colour never reaches the files
    for (const d of ['a', 'b', 'c']) for (const [, bytes] of readBytes(join(ws, d, '2025-S1'))) expect(bytes.includes(ESC)).toBe(false);
  });
});

describe('help and version', E2E, () => {
  it('medcoop --version prints the package version', () => {
    const r = run(['--version'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(BIN, '..', '..', 'package.json'), 'utf8')).version);
  });

  it('every command\'s --help ends with an example', () => {
    const cwd = tempDir();
    const top = run(['--help'], { cwd });
    const commands = [...top.stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['bill', 'revise', 'split', 'check', 'explain', 'verify', 'init']));
    const all = [[], ...commands.map((c) => [c])];
    if (commands.includes('index')) all.push(['index', 'import']);
    for (const c of all) {
      const r = run([...c, '--help'], { cwd });
      expect(r.code, `${c.join(' ')} --help`).toBe(0);
      expect(r.stdout.trimEnd(), `${c.join(' ')} --help`).toMatch(/\nExample:\n {2}medcoop [^\n]+$/);
    }
  });
});
