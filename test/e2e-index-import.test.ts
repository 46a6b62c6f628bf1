/**
 * End-to-end: `medcoop index import` through the real binary, on the real
 * INSEE sample (fixtures/insee/bdm-010767832) and on the SDMX-ML, ZIP,
 * multi-series and transposed downloads of fixtures/insee.
 */
import { readFileSync, statSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, assertBuilt, cleanupTemp, describeRun, E2E, listEntries, run, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const INSEE = join(ROOT, 'fixtures', 'insee');
const SAMPLE = join(INSEE, 'bdm-010767832', 'valeurs_mensuelles.csv');
const SDMX = join(INSEE, 'sdmx', 'SERIES_BDM-010767832.xml');
const SDMX_LATER = join(INSEE, 'sdmx', 'SERIES_BDM-010767832-later.xml');

/** A copy of the example workspace whose config names `series` (none when null). */
function workspace(series: string | null, index?: string): string {
  const { ws } = tempWorkspace();
  const path = join(ws, 'medcoop.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  if (series !== null) config.revision.series = series;
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  if (index !== undefined) writeFileSync(join(ws, 'index.csv'), index);
  return ws;
}

const indexOf = (ws: string) => readFileSync(join(ws, 'index.csv'));
const HEADER_ONLY = 'period,value,published_on,status\n';

describe.concurrent('medcoop index import', E2E, () => {
  it('imports the real INSEE sample into the example workspace: new periods, new vintages announced, existing rows untouched, check still passes', () => {
    const ws = workspace('010767832');
    const before = indexOf(ws).toString();
    const revise = run(['revise', '--json'], { cwd: ws });
    expect(revise.code, describeRun(revise)).toBe(0);

    const r = run(['index', 'import', SAMPLE, '--published-on', '2026-11-20'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('BDM CSV download, series 010767832');
    expect(r.stdout).toContain('434 values, 1990-01 to 2026-02');
    // the example's values are illustrative, so every month it holds gets a new vintage
    expect(r.stdout).toContain('2022-10: 129.96 (published 2025-03-14) → 105.93, a new vintage published 2026-11-20\n');
    expect(r.stdout).toContain('index.csv: 348 new periods, 86 new vintages, 0 unchanged, 0 skipped; written\n');
    expect(r.stdout).not.toContain('today');

    const after = indexOf(ws).toString();
    const lines = after.split('\n');
    expect(lines).toHaveLength(before.split('\n').length + 434);
    // the existing rows, byte for byte and in the same order
    expect(lines.filter((l) => !l.endsWith(',2026-11-20,A')).join('\n')).toBe(before);
    expect(lines[1]).toBe('1990-01,27.77,2026-11-20,A');
    expect(lines).toContain('2026-02,116.51,2026-11-20,A');
    // sorted by period, then publication date
    const keys = lines.filter((l) => /^\d{4}-\d{2},/.test(l)).map((l) => `${l.slice(0, 7)} ${l.split(',')[2]}`);
    expect(keys).toEqual([...keys].sort());

    const check = run(['check'], { cwd: ws });
    expect(check.code, describeRun(check)).toBe(0);
    // values published after every cut-off change no revision
    const revised = run(['revise', '--json'], { cwd: ws });
    expect(revised.stdout).toBe(revise.stdout);
  });

  it('importing the same file again changes nothing: the file is not even rewritten', () => {
    const ws = workspace('010767832', HEADER_ONLY);
    const first = run(['index', 'import', SAMPLE, '--published-on', '2026-04-03'], { cwd: ws });
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toContain('434 new periods, 0 new vintages, 0 unchanged, 0 skipped; written');
    const bytes = indexOf(ws);
    const mtime = statSync(join(ws, 'index.csv')).mtimeMs;
    const again = run(['index', 'import', SAMPLE, '--published-on', '2026-05-07'], { cwd: ws });
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain('index.csv: 0 new periods, 0 new vintages, 434 unchanged, 0 skipped; nothing to write\n');
    expect(indexOf(ws).equals(bytes)).toBe(true);
    expect(statSync(join(ws, 'index.csv')).mtimeMs).toBe(mtime);
    // In French, each count agrees with its number (French puts 0 and 1 in the singular): not "0 ignorées".
    const fr = run(['index', 'import', SAMPLE, '--published-on', '2026-05-07', '--lang', 'fr'], { cwd: ws });
    expect(fr.stdout).toContain('index.csv : 0 nouvelle période, 0 nouveau millésime, 434 inchangées, 0 ignorée ; rien à écrire\n');
  });

  it('refuses a file of another series than revision.series: exit 1, both idBanks named, index untouched', () => {
    const ws = workspace('001769682');
    const bytes = indexOf(ws);
    const entries = listEntries(ws);
    const r = run(['index', 'import', SAMPLE, '--published-on', '2026-11-20'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('wrong-series');
    expect(r.stderr).toContain('010767832');
    expect(r.stderr).toContain('001769682');
    expect(r.stdout).toBe('');
    expect(indexOf(ws).equals(bytes)).toBe(true);
    expect(listEntries(ws)).toEqual(entries);
  });

  it('without --published-on: today, said so, with the date INSEE last updated the series', () => {
    const ws = workspace('010767832', HEADER_ONLY);
    const r = run(['index', 'import', SAMPLE], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const m = /published on (\d{4}-\d{2}-\d{2}) \(today; use --published-on to set the date INSEE published it; INSEE last updated this series on 2026-04-03\)\n/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(indexOf(ws).toString()).toContain(`2026-02,116.51,${m![1]},A\n`);
  });

  it('a malformed --published-on is wrong usage: exit 2, nothing written', () => {
    const ws = workspace('010767832');
    const bytes = indexOf(ws);
    const r = run(['index', 'import', SAMPLE, '--published-on', '2026-13-01'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('--published-on');
    expect(indexOf(ws).equals(bytes)).toBe(true);
    const missing = run(['index', 'import'], { cwd: ws });
    expect(missing.code, describeRun(missing)).toBe(2);
  });

  it('SDMX-ML answers: then a later one with a revised value, a new month and a missing one', () => {
    const ws = workspace('010767832', HEADER_ONLY);
    const r = run(['index', 'import', SDMX, '--published-on', '2026-04-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('SDMX-ML answer of the BDM web service, series 010767832');
    expect(r.stdout).toContain('12 new periods, 0 new vintages, 0 unchanged, 0 skipped; written');
    const later = run(['index', 'import', SDMX_LATER, '--published-on', '2026-05-07'], { cwd: ws });
    expect(later.code, describeRun(later)).toBe(0);
    expect(later.stdout).toContain('2025-10: 116.53 (published 2026-04-03) → 116.60, a new vintage published 2026-05-07\n');
    expect(later.stdout).toContain('skipped 2026-04: no value (status O, missing)\n');
    expect(later.stdout).toContain('index.csv: 1 new period, 1 new vintage, 11 unchanged, 1 skipped; written\n');
    const text = indexOf(ws).toString();
    expect(text).toContain('2025-10,116.53,2026-04-03,A\n2025-10,116.60,2026-05-07,A\n2025-11,113.57,2026-04-03,A\n');
    expect(text).toContain('2026-02,116.51,2026-04-03,A\n2026-03,117.20,2026-05-07,P\n');
    expect(text).not.toMatch(/^2026-04,/m);
  });

  it('a new value dated on or before the recorded vintage is refused, nothing written', () => {
    const ws = workspace('010767832', HEADER_ONLY);
    expect(run(['index', 'import', SDMX, '--published-on', '2026-04-03'], { cwd: ws }).code).toBe(0);
    const bytes = indexOf(ws);
    const r = run(['index', 'import', SDMX_LATER, '--published-on', '2026-04-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('vintage-conflict');
    expect(r.stderr).toContain('2025-10: the file gives 116.60, but index.csv line 9 already records 116.53 published on 2026-04-03');
    expect(r.stderr).toContain('nothing was written');
    expect(indexOf(ws).equals(bytes)).toBe(true);
  });

  it('the ZIP as downloaded, the folder it unzips to, the multi-series and transposed layouts', () => {
    for (const file of ['bdm-010767832.zip', 'bdm-010767832']) {
      const ws = workspace('010767832', HEADER_ONLY);
      const r = run(['index', 'import', join(INSEE, file), '--published-on', '2026-04-03'], { cwd: ws });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).toContain('434 new periods');
    }
    for (const file of ['bdm-multi', 'bdm-transposed']) {
      const ws = workspace('099999992', HEADER_ONLY);
      const r = run(['index', 'import', join(INSEE, file, 'valeurs_mensuelles.csv'), '--published-on', '2026-04-03'], { cwd: ws });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).toContain('series 099999992');
      expect(r.stdout).toContain('skipped 2026-02: no value (status O, missing)\n');
      expect(r.stdout).toContain('11 new periods, 0 new vintages, 0 unchanged, 1 skipped; written');
      expect(indexOf(ws).toString()).toContain('2026-01,117.02,2026-04-03,P\n');
    }
  });

  it('no revision.series: refused unless --series names it, every message with INSEE\'s title; a title that is not ICHTrev-TS is warned; several series are refused', () => {
    const ws = workspace(null, HEADER_ONLY);
    const title = '010767832 "Indice CVS-CJO de la production industrielle (base 100 en 2021) - Industrie pharmaceutique (NAF rév. 2, niveau division, poste 21)"';
    const refused = run(['index', 'import', SAMPLE, '--published-on', '2026-04-03'], { cwd: ws });
    expect(refused.code, describeRun(refused)).toBe(2);
    expect(refused.stderr).toBe(`medcoop: usage: medcoop.json names no revision.series: say which series is the index with --series <idBank> (the file holds ${title}), and add "series": "<idBank>" to "revision" in medcoop.json; nothing was written\n`);
    expect(indexOf(ws).toString()).toBe(HEADER_ONLY);
    const r = run(['index', 'import', SAMPLE, '--published-on', '2026-04-03', '--series', '010767832'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(`series ${title}: 434 values`);
    expect(r.stderr).toContain(`not-ichtrev: series ${title} is not an ICHTrev-TS series`);
    expect(r.stderr).toContain(`no-series: medcoop.json names no revision.series: importing ${title} as --series says; add "series": "010767832"`);
    // --series against another revision.series is wrong usage, before reading anything
    const other = run(['index', 'import', SAMPLE, '--series', '001769682'], { cwd: workspace('010767832', HEADER_ONLY) });
    expect(other.code, describeRun(other)).toBe(2);
    expect(other.stderr).toContain('--series 001769682 is not the index series 010767832 named by revision.series');
    const many = run(['index', 'import', join(INSEE, 'bdm-multi', 'valeurs_mensuelles.csv'), '--published-on', '2026-04-03'], { cwd: workspace(null, HEADER_ONLY) });
    expect(many.code, describeRun(many)).toBe(2);
    expect(many.stderr).toContain(`the file holds ${title}; 099999992 "Série d'exemple (valeurs inventées, mise en page de l'Insee)")`);
  });

  it('a quarterly series is refused', () => {
    const ws = workspace('099999991', HEADER_ONLY);
    const r = run(['index', 'import', join(INSEE, 'bdm-quarterly', 'valeurs_trimestrielles.csv'), '--published-on', '2026-04-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toMatch(/valeurs_trimestrielles\.csv:5:2: not-monthly: series 099999991 is quarterly/);
    expect(indexOf(ws).toString()).toBe(HEADER_ONLY);
  });

  it('a malformed INSEE file is reported at its line; an invalid index file must be fixed first', () => {
    const ws = workspace('010767832');
    const bad = join(ws, 'bad.xml');
    writeFileSync(bad, '<message:StructureSpecificData>\n<message:DataSet>\n<Series IDBANK="010767832">\n<Obs TIME_PERIOD="2026-02" OBS_VALUE="1"\n</Series>\n');
    const r = run(['index', 'import', 'bad.xml'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('bad.xml:5:1: bad-xml: expected an attribute name in the tag <Obs> of line 4, found "</Series>');
    writeFileSync(join(ws, 'index.csv'), 'period,value,published_on\n2022-10,abc,2023-04-07\n');
    const i = run(['index', 'import', SAMPLE], { cwd: ws });
    expect(i.code, describeRun(i)).toBe(1);
    expect(i.stderr).toContain('index.csv:2:2: bad-number');
    expect(i.stderr).toContain('fix it first');
    const gone = run(['index', 'import', 'nowhere.csv'], { cwd: ws });
    expect(gone.code, describeRun(gone)).toBe(1);
    expect(gone.stderr).toContain('nowhere.csv: not found');
  });

  it('--dry-run shows the changes and writes nothing; a missing index file is created', () => {
    const ws = workspace('010767832');
    rmSync(join(ws, 'index.csv'));
    const dry = run(['index', 'import', SDMX, '--published-on', '2026-04-03', '--dry-run'], { cwd: ws });
    expect(dry.code, describeRun(dry)).toBe(0);
    expect(dry.stdout).toContain('index.csv: 12 new periods, 0 new vintages, 0 unchanged, 0 skipped; dry run, nothing written\n');
    expect(existsSync(join(ws, 'index.csv'))).toBe(false);
    const r = run(['index', 'import', SDMX, '--published-on', '2026-04-03', '--dir', ws], { cwd: ROOT });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('; created\n');
    expect(indexOf(ws).toString()).toMatch(/^period,value,published_on,status\n2025-03,125\.1,2026-04-03,A\n/);
  });

  it('--help ends with an example', () => {
    const r = run(['index', 'import', '--help'], { cwd: ROOT });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('--published-on <date>');
    expect(r.stdout.trimEnd()).toMatch(/Example:\n {2}medcoop index import \S+ --published-on \d{4}-\d{2}-\d{2}$/);
    const parent = run(['index', '--help'], { cwd: ROOT });
    expect(parent.code).toBe(0);
    expect(parent.stdout).toContain('import');
  });
});
