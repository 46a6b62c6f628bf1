/**
 * The readers' diagnostics said in the terminal's language (issue 15): for
 * every diagnostic a bad input gives, the English catalogue's text filled
 * with the diagnostic's values is its message, byte for byte (so English
 * never moves), and the French catalogue has the same key. Inputs: CSV,
 * JSON, medcoop.json, SDMX-ML/XML and INSEE BDM CSV, each broken one way.
 */
import { describe, expect, it } from 'vitest';
import { readCsv, type ColumnSpec } from '../src/read/csv.js';
import { parseJson } from '../src/read/json.js';
import { readConfig } from '../src/read/config.js';
import { parseSdmx } from '../src/read/insee-sdmx.js';
import { readInseeFile } from '../src/read/insee.js';
import { parseIssueManifest } from '../src/read/issued-notices.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { en } from '../src/i18n/en.js';
import { fr } from '../src/i18n/fr.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE } from './e2e-helpers.js';

const ABC: ColumnSpec = { required: ['a', 'b', 'c'], optional: ['d'] };
const utf8 = (t: string) => new TextEncoder().encode(t);

function english(d: Diagnostic): { key: string; text: string } {
  const key = `diag.${d.code}${d.variant ? `.${d.variant}` : ''}`;
  const template = (en as Record<string, string>)[key];
  expect(template, `${key} (${d.message})`).toBeDefined();
  return { key, text: template!.replace(/\{\{(\w+)(?:, \w+)?\}\}/g, (_, name: string) => String(d.values![name])) };
}

function check(diagnostics: readonly Diagnostic[]): number {
  for (const d of diagnostics) {
    expect(d.values, `${d.code}: ${d.message}`).toBeDefined();
    const { key, text } = english(d);
    expect(text, key).toBe(d.message);
    expect((fr as Record<string, string>)[key], key).toBeDefined();
  }
  return diagnostics.length;
}

const config = readFileSync(join(FIXTURE, 'medcoop.json'), 'utf8');

describe('every reader diagnostic: the English catalogue text with its values is its message', () => {
  it.each([
    'a,b,c\n1,2\n',
    'a;b;c\n1;2,5\n',
    'a,b,c\n1,"2\n',
    'a,b,c\n1,x"y",3\n',
    'a,b,c\n1,"x"y,3\n',
    'a,b,c\n1,"x\ny\nz"w,3\n',
    '',
    'a,,c\n',
    'a,b,b,c\n',
    'a,b,cc,x\n',
    'a\rb\r',
    'a,b,c\n1,caf\xe9,3\n',
  ])('CSV %j', (text) => {
    const bytes = text.includes('\xe9') ? Uint8Array.from([...text].map((c) => c.charCodeAt(0))) : utf8(text);
    expect(check(readCsv('in.csv', bytes, ABC).diagnostics)).toBeGreaterThan(0);
  });

  it.each(['', '{"a": 1,}', '{"a" 1}', "{'a': 1}", '[1, 2', '{"a": 01}', '{"a": "x', '{"a": tru}', '{"a": 1} x', '{"a": "\\q"}', '{"a": 1, "a": 2}', '[1,]', '{"a": -}', '{"a": 1.}', '{"a": 1e}', '{"a": "\u0001"}', '{"a": "\\u12"}', '// x\n{}', '{"a": 1x}'])(
    'JSON %j',
    (text) => {
      expect(check(parseJson('f.json', text).diagnostics)).toBeGreaterThan(0);
    },
  );

  it.each([
    ['a member id', (c: string) => c.replace('"id": "mons"', '"id": "Mons!"')],
    ['the coordinator', (c: string) => c.replace('"coordinator": "mons"', '"coordinator": "monss"')],
    ['a share', (c: string) => c.replace(/"mons": "(\d+[.\d]*)"/, '"mons": "120"')],
    ['a key date', (c: string) => c.replace('"from": "2023-01-01"', '"from": "2023-02-01"')],
    ['VAT', (c: string) => c.replace('"vat_pct": "20"', '"vat_pct": "200"')],
    ['an unknown key', (c: string) => c.replace('"payment_days": 30', '"payment_days": 30, "revision_x": 1')],
  ])('medcoop.json: %s', (_, change) => {
    const changed = change(config);
    expect(changed).not.toBe(config);
    expect(check(readConfig('medcoop.json', changed).diagnostics)).toBeGreaterThan(0);
  });

  it.each([
    '',
    'hello',
    '<a>',
    '<a></b>',
    '<a x></a>',
    '<a x=1></a>',
    '<a x="1></a>',
    '<a x="1" x="2"></a>',
    '<a></a><b></b>',
    '<a><!-- x</a>',
    '<a>&x;</a>',
    '<!DOCTYPE a><a></a>',
    '<a></a> text',
    '<Error><Text>no such series</Text></Error>',
    '<GenericData></GenericData>',
    '<Other></Other>',
    '<StructureSpecificData><DataSet><Series IDBANK="x"/></DataSet></StructureSpecificData>',
    '<StructureSpecificData><DataSet><Series IDBANK="1"><Obs/><Obs TIME_PERIOD="2025-01" OBS_VALUE="x"/><Obs TIME_PERIOD="2025-02" OBS_STATUS="abc"/></Series></DataSet></StructureSpecificData>',
    '<StructureSpecificData></StructureSpecificData>',
  ])('SDMX-ML %j', (text) => {
    expect(check(parseSdmx('s.xml', text).diagnostics)).toBeGreaterThan(0);
  });

  it.each(['', 'hello;world\n1;2\n', '"Libellé";"x"\n"idBank";"abc"\n', '"Libellé";"x"\n"idBank";"010767832"\n"Dernière mise à jour";"x"\n"Période";""\n"2025-01";"1"\n"2025-01";"2"\n"2025-02";"x"\n'])(
    'INSEE BDM CSV %j',
    (text) => {
      expect(check(readInseeFile('d.csv', utf8(text)).diagnostics)).toBeGreaterThan(0);
    },
  );

  // An issue's manifest.json read back (src/read/issued-notices.ts): every per-field problem.
  const good = { semester: '2025-S1', issue: 1, kind: 'initial', due_on: '2025-08-02', issued_on: '2025-07-03' };
  const notice = { member: 'nouveau-mons', number: '2025-S1-1-01', completes: [], share_ht: '10.00', share_vat: '2.00', share_ttc: '12.00', subsidies: '1.00', net: '11.00', years: [] };
  it.each([
    ['{not json', '2025-S1'],
    ['[1]', '2025-S1'],
    [JSON.stringify({ ...good, semester: '2025-S3', issue: 0, kind: 'other', due_on: '2025-02-30', issued_on: 7, notices: {} }), '2025-S1'],
    [JSON.stringify({ ...good, issue: 2, notices: [] }), '2025-S1'],
    [JSON.stringify({ ...good, notices: [1, { ...notice, member: 'nobody', number: '', completes: 'x', share_ht: 10, net: '12.00', years: [{ year: 0 }, { year: 1, share_ht: '1' }] }] }), '2025-S1'],
  ])('issue manifest %s in %s', (text, folder) => {
    expect(check(parseIssueManifest('out/x/manifest.json', folder, text, new Set(['nouveau-mons'])).diagnostics)).toBeGreaterThan(0);
  });
});
