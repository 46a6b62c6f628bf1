/**
 * Golden test: every output a user sees on the example workspace, byte for
 * byte. The SHA-256 of each file written and of each command's stdout,
 * stderr and exit code are pinned in test/golden/nouveau-mons.json, captured
 * with the hand-written CSV, rational and calendar code BEFORE they moved onto
 * csv-parse, csv-stringify, decimal.js and date-fns (issue 10): the libraries
 * must change nothing a user sees. Captured again when issues 11-14 changed the
 * outputs on purpose (numbered issues, audit pack, new warnings), from the
 * merge of those issues without issue 10's changes, then checked with them;
 * and when issue 15 grouped English terminal amounts with a comma (stdout only).
 *
 * Regenerate (only for a deliberate change of output): GOLDEN_UPDATE=1 npx vitest run test/e2e-golden.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, assertBuilt, cleanupTemp, describeRun, E2E, listFiles, MANY_SPAWNS, readBytes, run, sha256, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const GOLDEN = join(ROOT, 'test', 'golden', 'nouveau-mons.json');
const INSEE = join(ROOT, 'fixtures', 'insee');
const SEMESTERS = ['2023-S1', '2023-S2', '2024-S1', '2024-S2', '2025-S1', '2025-S2', '2026-S1', '2026-S2'];

/** Every command of the golden run, in order (later ones read what earlier ones wrote). */
function commands(): string[][] {
  const list: string[][] = [['check'], ['revise'], ['revise', '--json'], ['revise', '--year', '3']];
  for (const s of SEMESTERS) {
    list.push(['bill', '--semester', s, '--issued-on', '2027-01-15', '--out', 'out-csv', '--html', '--json']);
    list.push(['bill', '--semester', s, '--issued-on', '2027-01-15', '--out', 'out-fr', '--html', '--dialect', 'excel-fr']);
  }
  list.push(['verify', 'out-csv/2025-S1'], ['verify', 'out-fr/2024-S2']);
  list.push(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03'], ['explain', '--semester', '2024-S2', '--member', 'vilogia', '--issued-on', '2025-01-06']);
  list.push(['split', '--amount', '12345.67', '--on', '2025-03-01'], ['split', '--amount', '-0.05', '--on', '2024-06-30', '--json']);
  list.push(['index', 'import', join(INSEE, 'bdm-010767832', 'valeurs_mensuelles.csv'), '--published-on', '2026-11-20', '--dry-run']);
  return list;
}

/** Runs every command in a fresh copy of the workspace: name → SHA-256 of what the user sees. */
function goldenRun(tz: string, lang: string, env: NodeJS.ProcessEnv = {}): Record<string, string> {
  const { ws } = tempWorkspace();
  const config = JSON.parse(readFileSync(join(ws, 'medcoop.json'), 'utf8'));
  config.revision.series = '010767832';
  writeFileSync(join(ws, 'medcoop.json'), `${JSON.stringify(config, null, 2)}\n`);
  const out: Record<string, string> = {};
  for (const args of commands()) {
    const r = run(args, { cwd: ws, tz, lang, env });
    const name = args.map((a) => a.replace(ROOT, '<root>/')).join(' ');
    expect(r.code === 0 || args[0] === 'check', `${name}\n${describeRun(r)}`).toBe(true);
    out[`${name} :: exit`] = String(r.code);
    // The temporary workspace and the checkout differ from run to run: named by placeholders.
    const plain = (t: string) => t.split(ws).join('<ws>').split(ROOT).join('<root>/');
    out[`${name} :: stdout`] = sha256(Buffer.from(plain(r.stdout)));
    out[`${name} :: stderr`] = sha256(Buffer.from(plain(r.stderr)));
  }
  for (const dir of ['out-csv', 'out-fr']) {
    const bytes = readBytes(join(ws, dir));
    for (const f of listFiles(join(ws, dir))) out[`${dir}/${f}`] = sha256(bytes.get(f)!);
  }
  return out;
}

describe('golden outputs of the example workspace', { ...E2E, timeout: MANY_SPAWNS * 3 }, () => {
  it('are byte-identical to those captured before the libraries (UTC, C.UTF-8)', () => {
    const got = goldenRun('UTC', 'C.UTF-8');
    if (process.env.GOLDEN_UPDATE === '1') writeFileSync(GOLDEN, `${JSON.stringify(got, null, 1)}\n`);
    const want = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    expect(Object.keys(got).length).toBeGreaterThan(150);
    expect(got).toEqual(want);
  });

  it('do not depend on the time zone or the locale (Pacific/Apia, fr_FR)', () => {
    const want = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    // LANG=fr_FR with LC_MESSAGES=C: a French locale whose messages are English (issue 15 makes the
    // terminal French otherwise; test/e2e-lang.test.ts proves that files and --json do not move then).
    expect(goldenRun('Pacific/Apia', 'fr_FR.UTF-8', { LC_MESSAGES: 'C' })).toEqual(want);
  });
});
