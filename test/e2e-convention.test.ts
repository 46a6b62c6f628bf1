/**
 * SPEC §7 through the real binary: calendar (text, JSON, ICS read back with
 * ical.js, time-zone independence), vote, forecast and interest, with their
 * help examples and exit codes (SPEC §4).
 */
import ICAL from 'ical.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATES_CSV } from '../src/cli/init.js';
import { assertBuilt, cleanupTemp, describeRun, E2E, run, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

/** A copy of the fixture with init's rate table configured. */
function withRates(): string {
  const { ws } = tempWorkspace();
  writeFileSync(join(ws, 'rates.csv'), RATES_CSV);
  const config = JSON.parse(readFileSync(join(ws, 'medcoop.json'), 'utf8'));
  config.inputs.rates = 'rates.csv';
  writeFileSync(join(ws, 'medcoop.json'), `${JSON.stringify(config, null, 2)}\n`);
  return ws;
}

describe('help', E2E, () => {
  it.each(['calendar', 'vote', 'forecast', 'interest'])('%s --help ends with an example', (cmd) => {
    const { ws } = tempWorkspace();
    const r = run([cmd, '--help'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Example:\\n  medcoop ${cmd} .*\\n+$`));
    expect(r.stdout).toContain('--json');
    expect(r.stdout).toContain('--dir');
  });
});

describe('calendar', E2E, () => {
  it('--json lists the obligations of the period, sorted by date then kind', () => {
    const { ws } = tempWorkspace();
    const r = run(['calendar', '--from', '2024-07-01', '--to', '2024-07-31', '--meeting', '2024-07-20:other', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const { events } = JSON.parse(r.stdout) as { events: { date: string; kind: string; article: string; text: string }[] };
    expect(Object.keys(events[0]!)).toEqual(['date', 'kind', 'article', 'text']);
    // F2024-05 received 2024-06-05 → due 2024-07-05; paid 2024-07-19
    expect(events).toContainEqual(expect.objectContaining({ date: '2024-07-05', kind: 'payment-due', article: '5.3' }));
    expect(events.find((e) => e.date === '2024-07-05')!.text).toContain('F2024-05');
    // 10 jours francs before 20 July → 9 July
    expect(events).toContainEqual(expect.objectContaining({ date: '2024-07-09', kind: 'convocation-deadline', article: '4.1' }));
    expect(events).toContainEqual(expect.objectContaining({ date: '2024-07-01', kind: 'semester-notices' }));
    const keys = events.map((e) => `${e.date} ${e.kind}`);
    expect(keys).toEqual([...keys].sort());
    expect(r.stderr).toBe('');
  });

  it('reads the issued notices of out/: a bill run gives notice-due events on its due date', () => {
    const { ws } = tempWorkspace();
    const b = run(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '-q'], { cwd: ws });
    expect(b.code, describeRun(b)).toBe(0);
    const r = run(['calendar', '--from', '2025-08-01', '--to', '2025-08-31', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const due = JSON.parse(r.stdout).events.filter((e: { kind: string }) => e.kind === 'notice-due');
    expect(due.length).toBeGreaterThan(0);
    for (const e of due) expect(e.date).toBe('2025-08-02'); // 2025-07-03 + 30
  });

  it('--ics writes a calendar that ical.js reads back with the same events; the same bytes whatever TZ or LANG (but DTSTAMP)', () => {
    const { ws } = tempWorkspace();
    const args = ['calendar', '--meeting', '2025-03-12:commission', '--evaluation', '2025-11-25', '--ics', 'medcoop.ics'];
    const a = run([...args, '--json'], { cwd: ws, tz: 'Pacific/Kiritimati', lang: 'fr_FR.UTF-8' });
    expect(a.code, describeRun(a)).toBe(0);
    const first = readFileSync(join(ws, 'medcoop.ics'), 'utf8');
    const b = run([...args, '--json'], { cwd: ws, tz: 'America/Los_Angeles' });
    expect(b.code, describeRun(b)).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const second = readFileSync(join(ws, 'medcoop.ics'), 'utf8');
    const noStamp = (t: string) => t.replace(/^DTSTAMP:.*$/gm, '');
    expect(noStamp(second)).toBe(noStamp(first));
    const json = JSON.parse(a.stdout).events as { date: string; kind: string; text: string }[];
    const vevents = new ICAL.Component(ICAL.parse(second)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(vevents.map((v) => [v.startDate.toString(), v.summary])).toEqual(json.map((e) => [e.date, `${e.kind}: ${e.text}`]));
    expect(new Set(vevents.map((v) => v.uid)).size).toBe(vevents.length);
  });

  it('never overwrites a file it did not write; wrong usage is exit 2', () => {
    const { ws } = tempWorkspace();
    writeFileSync(join(ws, 'notes.ics'), 'my own notes\n');
    const r = run(['calendar', '--ics', 'notes.ics'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('notes.ics exists and is not a calendar written by medcoop');
    expect(readFileSync(join(ws, 'notes.ics'), 'utf8')).toBe('my own notes\n');
    for (const bad of [['--meeting', '2025-03-12:council'], ['--meeting', '2025-13-12:other'], ['--from', '2025-02-30'], ['--from', '2025-03-01', '--to', '2025-02-01']]) {
      const u = run(['calendar', ...bad], { cwd: ws });
      expect(u.code, describeRun(u)).toBe(2);
    }
  });
});

describe('vote', E2E, () => {
  it('--json: renewed on a tie by the coordinator; the silent members are absent', () => {
    const { ws } = tempWorkspace();
    const r = run(['vote', '--yes', 'mons,logis-metropole', '--no', 'partenord,vilogia', '--on', '2026-01-01', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({ on: '2026-01-01', yes: ['mons', 'logis-metropole'], no: ['partenord', 'vilogia'], abstain: [], absent: [], renewed: true });
    expect(v.rule).toContain('coordinator');
  });
  it('text: abstentions and absences reported', () => {
    const { ws } = tempWorkspace();
    const r = run(['vote', '--yes', 'partenord', '--no', 'vilogia', '--abstain', 'mons', '--on', '2025-01-01'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('abstain: mons');
    expect(r.stdout).toContain('absent:  logis-metropole');
    expect(r.stdout).toContain('Not renewed');
  });
  it('an unknown member, a member named twice → exit 2', () => {
    const { ws } = tempWorkspace();
    for (const args of [['--yes', 'lille', '--on', '2025-01-01'], ['--yes', 'mons', '--no', 'mons', '--on', '2025-01-01'], ['--yes', 'mons,,vilogia', '--on', '2025-01-01']]) {
      const r = run(['vote', ...args], { cwd: ws });
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe('forecast', E2E, () => {
  it('--json for year 4 of the fixture, from the quantities invoiced in year 3', () => {
    const { ws } = tempWorkspace();
    const r = run(['forecast', '--year', '4', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const f = JSON.parse(r.stdout);
    // year 4 prices (test/e2e-helpers.ts PRICES): FORFAIT 23307.92, HSUP 41.86, ANIM 447.95
    // year 3 quantities: FORFAIT 12, HSUP 40 + 11 + … = 94.5, ANIM 3
    // 12 × 23307.92 = 279695.04; 94.5 × 41.86 = 3955.77; 3 × 447.95 = 1343.85 → HT 284994.66
    // VAT 20 % = 56998.932 → 56998.93; TTC 341993.59
    expect(f).toMatchObject({ year: 4, provisional: false });
    expect(f.prices).toEqual([
      { code: 'FORFAIT', price: '23307.92', quantity: '12', ht: '279695.04' },
      { code: 'HSUP', price: '41.86', quantity: '94.5', ht: '3955.77' },
      { code: 'ANIM', price: '447.95', quantity: '3', ht: '1343.85' },
    ]);
    expect(f.totals).toEqual({ ht: '284994.66', vat: '56998.93', ttc: '341993.59' });
    const sum = (k: string) => f.members.reduce((s: bigint, m: Record<string, string>) => s + BigInt(m[k]!.replace('.', '')), 0n);
    expect([sum('ht'), sum('vat'), sum('ttc')]).toEqual([28499466n, 5699893n, 34199359n]);
    expect(f.members.map((m: { id: string }) => m.id)).toEqual(['mons', 'partenord', 'vilogia', 'logis-metropole']);
  });
  it('--year missing or out of the contract → exit 2', () => {
    const { ws } = tempWorkspace();
    expect(run(['forecast'], { cwd: ws }).code).toBe(2);
    expect(run(['forecast', '--year', '9'], { cwd: ws }).code).toBe(2);
  });
});

describe('interest', E2E, () => {
  it('without a rate table: exit 1, says what to add', () => {
    const { ws } = tempWorkspace();
    const r = run(['interest'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('no rate table is configured');
  });
  it('with the rates init writes: F2024-05, paid 14 days late, and the late-payment warning gives the amount', () => {
    const ws = withRates();
    const r = run(['interest', '--json'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    // TTC of F2024-05 (year 2): 22071.84 + 4414.37 = 26486.21; deadline 2024-06-05 + 30 = 2024-07-05; paid 2024-07-19: 14 days.
    // The delay began 2024-07-06: ECB rate on 2024-07-01 = 4.25 (from 2024-06-12) + 8 = 12.25 %.
    // 26486.21 × 12.25 × 14 / 36500 = 124.4488… → 124.45; + 40.00 → total 164.45
    expect(JSON.parse(r.stdout)).toEqual({
      invoices: [{ id: 'F2024-05', deadline: '2024-07-05', paid_on: '2024-07-19', days: 14, rate: '12.25', interest: '124.45', indemnity: '40.00' }],
      total: '164.45',
    });
    const c = run(['check'], { cwd: ws });
    expect(c.code, describeRun(c)).toBe(0);
    expect(c.stderr).toMatch(/^invoices\/2024\.csv:8: warning: late-payment: .*F2024-05.*late-payment interest 124\.45 .*indemnity 40\.00/m);
  });
  it('a bad rate row is an error at its file, line and column, and bill writes nothing', () => {
    const ws = withRates();
    writeFileSync(join(ws, 'rates.csv'), 'from,rate\n2024-01-01,4.50\n2024-06-12,4,25x\n');
    const r = run(['bill', '--semester', '2024-S2', '--issued-on', '2025-01-10'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toMatch(/^rates\.csv:3:3: field-count: /m);
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });
  it("bill lists the rate table among the manifest's inputs, and verify holds", () => {
    const ws = withRates();
    const b = run(['bill', '--semester', '2024-S2', '--issued-on', '2025-01-10', '-q'], { cwd: ws });
    expect(b.code, describeRun(b)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(ws, 'out', '2024-S2', 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { path: string }) => i.path)).toContain('rates.csv');
    expect(manifest.config.inputs.rates).toBe('rates.csv');
    const v = run(['verify', join(ws, 'out', '2024-S2')], { cwd: ws });
    expect(v.code, describeRun(v)).toBe(0);
  });
});

