/**
 * The config's `notice` block (texts of the printable notice, `bill --html`):
 * known keys only (with a did-you-mean), non-empty strings, each problem at
 * its line and column.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOTICE_KEYS, readConfig } from '../src/read/config.js';

const FIXTURE = join(fileURLToPath(new URL('..', import.meta.url)), 'fixtures', 'nouveau-mons', 'medcoop.json');

/** The fixture's config with `notice` replaced (or removed with undefined). */
function withNotice(notice: unknown): string {
  const c = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  if (notice === undefined) delete c.notice;
  else c.notice = notice;
  return JSON.stringify(c, null, 2);
}

function locate(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('notice block of medcoop.json', () => {
  it('the known keys', () => {
    expect(NOTICE_KEYS).toEqual(['issuer_name', 'issuer_position', 'issuer_address', 'appeal', 'payment_instructions']);
  });

  it("the fixture's notice block reads as written", () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const { config, diagnostics } = readConfig('medcoop.json', text);
    expect(diagnostics).toEqual([]);
    expect(config!.notice).toEqual(JSON.parse(text).notice);
    expect(Object.keys(config!.notice).sort()).toEqual([...NOTICE_KEYS].sort());
  });

  it('no notice block: an empty set of texts (the HTML notice then shows placeholders and warns)', () => {
    const { config, diagnostics } = readConfig('medcoop.json', withNotice(undefined));
    expect(diagnostics).toEqual([]);
    expect(config!.notice).toEqual({});
  });

  it('an unknown key → unknown-key at the key, with a did-you-mean', () => {
    const text = withNotice({ apeal: 'x', issuer_name: 'y' });
    const { config, diagnostics } = readConfig('medcoop.json', text);
    expect(config).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'unknown-key', file: 'medcoop.json', ...locate(text, '"apeal"') });
    expect(diagnostics[0]!.message).toBe('notice.apeal: unknown key; did you mean "appeal"?');
  });

  it('a value that is not a string → bad-config at the value', () => {
    const text = withNotice({ issuer_name: 42, appeal: ['a'] });
    const { config, diagnostics } = readConfig('medcoop.json', text);
    expect(config).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.message, d.line, d.column])).toEqual([
      ['bad-config', 'notice.issuer_name: expected a string', locate(text, '42').line, locate(text, '42').column],
      ['bad-config', 'notice.appeal: expected a string', locate(text, '"appeal": [').line, locate(text, '"appeal": [').column + '"appeal": '.length],
    ]);
  });

  it('an empty text → bad-config (leave the key out instead)', () => {
    const text = withNotice({ appeal: '   ' });
    const { config, diagnostics } = readConfig('medcoop.json', text);
    expect(config).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'bad-config', line: locate(text, '"   "').line });
    expect(diagnostics[0]!.message).toMatch(/^notice\.appeal: must not be empty/);
  });

  it('notice not an object → bad-config', () => {
    const { config, diagnostics } = readConfig('medcoop.json', withNotice('texts'));
    expect(config).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['bad-config', 'notice: expected an object']]);
  });
});

