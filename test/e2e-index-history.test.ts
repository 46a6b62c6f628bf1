/**
 * End-to-end: adopting medcoop mid-contract with INSEE's history (issue 13).
 * An INSEE download carries no date per value: imported with one
 * --published-on, every past revision is impossible, and the error says how
 * to fix it; `--estimated-dates` dates each quarter by INSEE's release rule,
 * marked estimated; a real date of the same release overrides an estimate;
 * revise, explain and the notices say when an estimate decided a value.
 *
 * The sample (fixtures/insee/bdm-010767832, an industrial production index,
 * not ICHTrev-TS) serves as the index here: only the dates matter.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, assertBuilt, cleanupTemp, describeRun, run, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const SAMPLE = join(ROOT, 'fixtures', 'insee', 'bdm-010767832', 'valeurs_mensuelles.csv');

/** The example workspace, its index emptied, its series the sample's. */
function freshIndex(): string {
  const { ws } = tempWorkspace();
  const path = join(ws, 'medcoop.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  config.revision.series = '010767832';
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(ws, 'index.csv'), 'period,value,published_on,status\n');
  return ws;
}

describe('index history with estimated dates', { timeout: 120_000 }, () => {
  it('one date for the whole history: revise says how to fix it; --estimated-dates fixes it; a real date overrides an estimate', () => {
    const ws = freshIndex();
    const once = run(['index', 'import', SAMPLE, '--published-on', '2026-04-03'], { cwd: ws });
    expect(once.code, describeRun(once)).toBe(0);
    const stuck = run(['revise', '--year', '3'], { cwd: ws });
    expect(stuck.code, describeRun(stuck)).toBe(1);
    expect(stuck.stderr).toContain('index.csv: no-index-value: contract year 3 (revised on 2025-01-01): no value of the base month 2022-10 published on or before the cut-off 2025-01-01, so I0 is unknown; the index file records 2022-10 as published on 2026-04-03 at the earliest: if that is the date of one import of INSEE\'s history, import it again with `medcoop index import FILE --estimated-dates`');

    const est = run(['index', 'import', SAMPLE, '--estimated-dates'], { cwd: ws });
    expect(est.code, describeRun(est)).toBe(0);
    expect(est.stdout).toContain('publication dates estimated by INSEE\'s release calendar');
    // 434 values: 2026-01 and 2026-02 (Q1 2026, estimated 2026-06-14, capped at INSEE's update of
    // 2026-04-03) already have a row on that date: unchanged; the other 432 get an earlier estimated row.
    expect(est.stdout).toContain('0 new periods, 0 new vintages, 432 periods dated earlier by estimate, 2 unchanged, 0 skipped; written');
    const index = readFileSync(join(ws, 'index.csv'), 'utf8');
    expect(index.split('\n')[0]).toBe('period,value,published_on,status,estimated');
    // Q3 2024 ends 2024-09-30, + 75 days = 2024-12-14; Q4 2022 ends 2022-12-31, + 100 days = 2023-04-10.
    expect(index).toMatch(/^2024-09,[\d.]+,2024-12-14,A,yes$/m);
    expect(index).toMatch(/^2022-10,[\d.]+,2023-04-10,A,yes$/m);
    expect(index).toMatch(/^2022-10,[\d.]+,2026-04-03,A,$/m);

    const revise = run(['revise', '--year', '3'], { cwd: ws });
    expect(revise.code, describeRun(revise)).toBe(0);
    expect(revise.stdout).toMatch(/I {2}= [\d.]+ \(2024-09, published 2024-12-14, an estimated date\)/);
    expect(revise.stdout).toContain('Note: estimated publication dates decided which values were used: 2024-09');
    const json = JSON.parse(run(['revise', '--year', '3', '--json'], { cwd: ws }).stdout);
    expect(json.years[0].I).toMatchObject({ period: '2024-09', published_on: '2024-12-14', estimated: true });
    expect(json.years[0].decided_by_estimate.map((r: { period: string }) => r.period)).toEqual(['2024-09', '2022-10']);

    // The notices and explain say it too.
    const bill = run(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(bill.code, describeRun(bill)).toBe(0);
    expect(readFileSync(join(ws, 'out', '2025-S1', 'notice-vilogia.csv'), 'utf8')).toContain('annee-3-dates-estimees');
    const explain = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(explain.stdout).toContain('Note: estimated publication dates decided which values were used: 2024-09');

    // INSEE's real release of Q3 2024 was on 2024-12-13: that date overrides the estimate of those three months only.
    const real = run(['index', 'import', SAMPLE, '--published-on', '2024-12-13'], { cwd: ws });
    expect(real.code, describeRun(real)).toBe(0);
    expect(real.stdout).toContain('3 estimated dates given the real date 2024-12-13, 431 unchanged');
    const after = JSON.parse(run(['revise', '--year', '3', '--json'], { cwd: ws }).stdout);
    expect(after.years[0].I).toEqual({ period: '2024-09', value: json.years[0].I.value, published_on: '2024-12-13' });
    expect(after.years[0].decided_by_estimate.map((r: { period: string }) => r.period)).toEqual(['2022-10']);
    // Re-importing the same changes nothing.
    const again = run(['index', 'import', SAMPLE, '--estimated-dates'], { cwd: ws });
    expect(again.stdout).toContain('nothing to write');
  });

  it('--estimated-dates with --published-on is wrong usage', () => {
    const ws = freshIndex();
    const r = run(['index', 'import', SAMPLE, '--estimated-dates', '--published-on', '2026-04-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('--estimated-dates and --published-on exclude each other');
  });
});
