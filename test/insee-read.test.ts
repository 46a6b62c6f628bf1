/**
 * Reading INSEE downloads (src/read/insee.ts): the real BDM sample of
 * fixtures/insee/bdm-010767832 (unchanged bytes), the multi-series and
 * transposed layouts, the ZIP, choosing the series, refusing what is not a
 * monthly index, and malformed files reported at their line and column.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { monthlyValues, pickValuesFile, readInseeFile, selectSeries, type InseeData } from '../src/read/insee.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/insee/', import.meta.url));
const fixture = (path: string) => readFileSync(join(FIXTURES, path));
const utf8 = (text: string) => new TextEncoder().encode(text);

function readOk(name: string, bytes: Uint8Array): InseeData {
  const r = readInseeFile(name, bytes);
  expect(r.diagnostics).toEqual([]);
  expect(r.data).not.toBeNull();
  return r.data!;
}

function readBad(text: string, name = 'in.csv'): Diagnostic[] {
  const r = readInseeFile(name, utf8(text));
  expect(r.data).toBeNull();
  expect(r.diagnostics.length).toBeGreaterThan(0);
  return r.diagnostics;
}

const HEADER = '"Libellé";"Indice";"Codes"\n"idBank";"010767832";""\n"Dernière mise à jour";"03/04/2026 08:45";""\n"Période";"";""\n';

describe('the real BDM sample (series 010767832)', () => {
  const data = readOk('valeurs_mensuelles.csv', fixture('bdm-010767832/valeurs_mensuelles.csv'));
  const s = data.series[0]!;

  it('is one series, idBank 010767832, with its label and last update', () => {
    expect(data.format).toBe('bdm-csv');
    expect(data.series).toHaveLength(1);
    expect(s.idBank).toBe('010767832');
    expect(s.label).toBe('Indice CVS-CJO de la production industrielle (base 100 en 2021) - Industrie pharmaceutique (NAF rév. 2, niveau division, poste 21)');
    expect(s.lastUpdate).toBe('2026-04-03');
    expect({ line: s.line, column: s.column }).toEqual({ line: 2, column: 2 });
  });

  it('has 434 values, newest first: 2026-02 = 116.51 (A) on line 5, 1990-01 = 27.77 on line 438', () => {
    expect(s.observations).toHaveLength(434);
    expect(s.observations[0]).toEqual({ period: '2026-02', value: '116.51', status: 'A', line: 5, column: 2 });
    expect(s.observations[1]).toMatchObject({ period: '2026-01', value: '116.18', status: 'A' });
    expect(s.observations[433]).toEqual({ period: '1990-01', value: '27.77', status: 'A', line: 438, column: 2 });
    // values are kept as written: 125.1 stays 125.1
    expect(s.observations.find((o) => o.period === '2025-03')!.value).toBe('125.1');
  });

  it('gives 434 monthly values, none skipped', () => {
    const m = monthlyValues(data.file, s);
    expect(m.diagnostics).toEqual([]);
    expect(m.skipped).toEqual([]);
    expect(m.values).toHaveLength(434);
    expect(m.values[0]).toEqual({ period: '2026-02', value: '116.51', status: 'A', src: { file: 'valeurs_mensuelles.csv', line: 5 } });
    expect(new Set(m.values.map((v) => v.period)).size).toBe(434);
  });

  it('the same from the ZIP, named file.zip!entry', () => {
    const z = readOk('serie.zip', fixture('bdm-010767832.zip'));
    expect(z.file).toBe('serie.zip!valeurs_mensuelles.csv');
    expect(z.series[0]!.observations).toEqual(s.observations);
  });

  it('the same with a BOM and CRLF line endings', () => {
    const text = fixture('bdm-010767832/valeurs_mensuelles.csv').toString('utf8').replace(/\n/g, '\r\n');
    const d = readOk('v.csv', utf8(`\uFEFF${text}`));
    expect(d.series[0]!.observations).toEqual(s.observations);
  });

  it('refuses its characteristics file, saying which file to import', () => {
    const r = readInseeFile('caractéristiques.csv', fixture('bdm-010767832/caractéristiques.csv'));
    expect(r.data).toBeNull();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'insee-characteristics', line: 1 })]);
    expect(r.diagnostics[0]!.message).toContain('valeurs_mensuelles.csv');
  });
});

describe('several series', () => {
  it('side by side: each series with its Codes column', () => {
    const d = readOk('multi.csv', fixture('bdm-multi/valeurs_mensuelles.csv'));
    expect(d.format).toBe('bdm-csv');
    expect(d.series.map((s) => s.idBank)).toEqual(['010767832', '099999992']);
    const [a, b] = d.series;
    expect(a!.observations).toHaveLength(12);
    expect(a!.observations[0]).toEqual({ period: '2026-02', value: '116.51', status: 'A', line: 5, column: 2 });
    expect(b!.observations[0]).toEqual({ period: '2026-02', value: null, status: 'O', line: 5, column: 4 });
    expect(b!.observations[1]).toEqual({ period: '2026-01', value: '117.02', status: 'P', line: 6, column: 4 });
  });

  it('transposed (series in rows) reads the same values, at their real place', () => {
    const side = readOk('multi.csv', fixture('bdm-multi/valeurs_mensuelles.csv'));
    const rows = readOk('t.csv', fixture('bdm-transposed/valeurs_mensuelles.csv'));
    expect(rows.format).toBe('bdm-csv-transposed');
    const strip = (d: InseeData) => d.series.map((s) => ({ ...s, line: 0, column: 0, observations: s.observations.map((o) => ({ ...o, line: 0, column: 0 })) }));
    expect(strip(rows)).toEqual(strip(side));
    // 2026-01 of the second series: line 4 (its row), column 6 (the second period)
    expect(rows.series[1]!.observations[1]).toEqual({ period: '2026-01', value: '117.02', status: 'P', line: 4, column: 6 });
  });

  it('selectSeries: the config series; another one is refused naming both idBanks', () => {
    const d = readOk('multi.csv', fixture('bdm-multi/valeurs_mensuelles.csv'));
    const pick = selectSeries(d, '099999992');
    expect('series' in pick && pick.series.idBank).toBe('099999992');
    const wrong = selectSeries(d, '001769682');
    expect('diagnostic' in wrong).toBe(true);
    if ('diagnostic' in wrong) {
      expect(wrong.diagnostic.code).toBe('wrong-series');
      expect(wrong.diagnostic.message).toContain('010767832, 099999992');
      expect(wrong.diagnostic.message).toContain('001769682');
    }
  });

  it('selectSeries without a config series: the only one (assumed), or an error listing the idBanks', () => {
    const one = readOk('v.csv', fixture('bdm-010767832/valeurs_mensuelles.csv'));
    const pick = selectSeries(one, null);
    expect(pick).toMatchObject({ assumed: true, series: { idBank: '010767832' } });
    const many = selectSeries(readOk('multi.csv', fixture('bdm-multi/valeurs_mensuelles.csv')), null);
    expect('diagnostic' in many && many.diagnostic.message).toContain('2 series (010767832, 099999992)');
  });

  it('monthlyValues skips and reports the missing value (status O)', () => {
    const d = readOk('multi.csv', fixture('bdm-multi/valeurs_mensuelles.csv'));
    const m = monthlyValues(d.file, d.series[1]!);
    expect(m.diagnostics).toEqual([]);
    expect(m.values).toHaveLength(11);
    expect(m.skipped).toEqual([{ period: '2026-02', status: 'O', hadValue: false, src: { file: 'multi.csv', line: 5 } }]);
  });
});

describe('what is not a monthly index', () => {
  it('a quarterly series (periods 2025-T4) is refused', () => {
    const d = readOk('q.csv', fixture('bdm-quarterly/valeurs_trimestrielles.csv'));
    const m = monthlyValues(d.file, d.series[0]!);
    expect(m.values).toEqual([]);
    expect(m.diagnostics).toEqual([expect.objectContaining({ code: 'not-monthly', line: 5 })]);
    expect(m.diagnostics[0]!.message).toContain('quarterly');
  });

  it('an annual series is refused', () => {
    const d = readOk('a.csv', utf8(`${HEADER}"2024";"";"O"\n"2023";"0.6";"A"\n`));
    const m = monthlyValues(d.file, d.series[0]!);
    expect(m.diagnostics[0]).toMatchObject({ code: 'not-monthly', line: 5 });
    expect(m.diagnostics[0]!.message).toContain('annual');
  });

  it('a value that is not positive is an error (the index file would refuse it)', () => {
    const d = readOk('n.csv', utf8(`${HEADER}"2026-02";"-7.8";"A"\n"2026-01";"0";"A"\n`));
    const m = monthlyValues(d.file, d.series[0]!);
    expect(m.diagnostics.map((x) => [x.code, x.line, x.column])).toEqual([
      ['bad-number', 5, 2],
      ['bad-number', 6, 2],
    ]);
  });

  it('a value with status O is skipped, as an empty one with no status', () => {
    const d = readOk('o.csv', utf8(`${HEADER}"2026-03";"";""\n"2026-02";"116.51";"O"\n"2026-01";"116.18";"A"\n`));
    const m = monthlyValues(d.file, d.series[0]!);
    expect(m.values.map((v) => v.period)).toEqual(['2026-01']);
    expect(m.skipped.map((s) => [s.period, s.status, s.hadValue])).toEqual([
      ['2026-03', '', false],
      ['2026-02', 'O', true],
    ]);
  });
});

describe('malformed BDM CSV files: line and column', () => {
  it('an unclosed quote', () => {
    expect(readBad(`${HEADER}"2026-02";"116.51;A\n`)).toEqual([expect.objectContaining({ code: 'insee-csv-syntax', line: 5, column: 2 })]);
  });

  it('text after a closing quote', () => {
    expect(readBad(`${HEADER}"2026-02";"116"51";"A"\n`)).toEqual([expect.objectContaining({ code: 'insee-csv-syntax', line: 5, column: 2 })]);
  });

  it('a row with a missing field', () => {
    expect(readBad(`${HEADER}"2026-02";"116.51"\n`)).toEqual([expect.objectContaining({ code: 'field-count', line: 5 })]);
  });

  it('a value that is not a number, a bad status, a period given twice', () => {
    const d = readBad(`${HEADER}"2026-02";"11x6";"A"\n"2026-01";"116.18";"a"\n"2026-02";"116.51";"A"\n`);
    expect(d.map((x) => [x.code, x.line, x.column])).toEqual([
      ['bad-number', 5, 2],
      ['insee-status', 6, 3],
      ['insee-period', 7, 1],
    ]);
  });

  it('a file that is not a BDM download', () => {
    expect(readBad('period,value,published_on\n2026-01,116.18,2026-04-03\n')).toEqual([expect.objectContaining({ code: 'insee-header', line: 1 })]);
    expect(readBad('date;montant\n2026-01;116.18\n')).toEqual([expect.objectContaining({ code: 'insee-header', line: 1, column: 1 })]);
    expect(readBad('')).toEqual([expect.objectContaining({ code: 'empty-file' })]);
  });

  it('no idBank line', () => {
    const d = readBad('"Libellé";"Indice";"Codes"\n"Période";"";""\n"2026-02";"116.51";"A"\n');
    expect(d[0]!.message).toContain('idBank');
  });

  it('a bad idBank, a series given twice, a column without idBank that is not Codes', () => {
    expect(readBad('"Libellé";"I"\n"idBank";"01076783X"\n"Période";""\n')[0]).toMatchObject({ code: 'insee-idbank', line: 2, column: 2 });
    expect(readBad('"Libellé";"I";"Codes";"J";"Codes"\n"idBank";"1";"";"1";""\n"Période";"";"";"";""\n')[0]).toMatchObject({ code: 'insee-idbank', line: 2, column: 4 });
    expect(readBad('"Libellé";"I";"J"\n"idBank";"1";""\n"Période";"";""\n')[0]).toMatchObject({ code: 'insee-header', line: 2, column: 3 });
  });

  it('a transposed file with a short row', () => {
    expect(readBad('"Libellé";"idBank";"Dernière mise à jour";"Période";"2026-02"\n"I";"010767832";"";""\n')).toEqual([
      expect.objectContaining({ code: 'field-count', line: 2 }),
    ]);
  });
});

describe('English downloads and spreadsheets', () => {
  it('reads the English header lines (Label, idBank, Last update, Period)', () => {
    const d = readOk('en.csv', utf8('"Label";"Index";"Codes"\n"idBank";"010767832";""\n"Last update";"04/03/2026 08:45";""\n"Period";"";""\n"2026-02";"116.51";"A"\n'));
    expect(d.series[0]!.observations).toEqual([{ period: '2026-02', value: '116.51', status: 'A', line: 5, column: 2 }]);
  });

  it('reads a file saved again by a spreadsheet: unquoted, decimal comma', () => {
    const d = readOk('x.csv', utf8('Libellé;Indice;Codes\r\nidBank;010767832;\r\nPériode;;\r\n2026-02;116,51;A\r\n'));
    expect(d.series[0]!.observations[0]).toMatchObject({ period: '2026-02', value: '116.51', status: 'A' });
  });
});

describe('pickValuesFile (a ZIP or a folder)', () => {
  it('takes the values CSV, never the characteristics', () => {
    expect(pickValuesFile(['caractéristiques.csv', 'valeurs_mensuelles.csv'])).toBe('valeurs_mensuelles.csv');
    expect(pickValuesFile(['characteristics.csv', 'monthly_values.csv'])).toBe('monthly_values.csv');
    expect(pickValuesFile(['caractéristiques.csv'])).toMatchObject({ problem: expect.stringContaining('no values CSV') });
    expect(pickValuesFile(['a.csv', 'b.csv'])).toMatchObject({ problem: expect.stringContaining('several') });
  });

  it('a damaged ZIP is reported', () => {
    const zip = fixture('bdm-010767832.zip');
    const cut = zip.subarray(0, zip.length - 30);
    const r = readInseeFile('cut.zip', cut);
    expect(r.data).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code: 'insee-zip', file: 'cut.zip' });
    const flipped = Buffer.from(zip);
    flipped[60] = flipped[60]! ^ 0xff; // inside the first entry's data
    const f = readInseeFile('flipped.zip', flipped);
    expect(f.data).toBeNull();
    expect(f.diagnostics[0]!.code).toBe('insee-zip');
  });
});
