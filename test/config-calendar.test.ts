/** SPEC §7's config additions: inputs.rates, forecast.quantities, renewal.deadline_days. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/read/config.js';
import { FIXTURE } from './e2e-helpers.js';

const fixture = JSON.parse(readFileSync(join(FIXTURE, 'medcoop.json'), 'utf8'));
const read = (extra: Record<string, unknown>) => readConfig('medcoop.json', JSON.stringify({ ...fixture, ...extra }, null, 2));

describe('SPEC §7 settings', () => {
  it('are absent from a config that does not set them (the fixture)', () => {
    const { config } = read({});
    expect(config!.inputs.rates).toBeUndefined();
    expect(config!.forecast).toBeUndefined();
    expect(config!.renewal).toBeUndefined();
  });
  it('are read when set', () => {
    const { config, diagnostics } = read({
      inputs: { ...fixture.inputs, rates: 'rates.csv' },
      forecast: { quantities: { FORFAIT: '12', HSUP: 100.5 } },
      renewal: { deadline_days: 15 },
    });
    expect(diagnostics).toEqual([]);
    expect(config!.inputs.rates).toBe('rates.csv');
    expect(config!.forecast).toEqual({ quantities: { FORFAIT: '12', HSUP: '100.5' } });
    expect(config!.renewal).toEqual({ deadlineDays: 15 });
  });
  it('an unknown price code, a bad quantity, a bad deadline: errors at their line and column', () => {
    const { config, diagnostics } = read({ forecast: { quantities: { FORFAIX: '12', HSUP: 'many' } }, renewal: { deadline_days: -3 } });
    expect(config).toBeNull();
    expect(diagnostics.map((d) => d.code)).toEqual(['unknown-price', 'bad-number', 'bad-number']);
    expect(diagnostics[0]!.message).toContain('did you mean "FORFAIT"');
    for (const d of diagnostics) expect(d.line).toBeGreaterThan(1);
    for (const d of diagnostics) expect(d.column).toBeGreaterThan(0);
  });
});
