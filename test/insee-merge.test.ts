/**
 * Merging imported values into the index (src/core/index-merge.ts) and
 * writing them into the index file in its own dialect, existing bytes
 * untouched (src/render/index-rows.ts).
 */
import { describe, expect, it } from 'vitest';
import { mergeIndex, type ImportedValue, type NewIndexRow } from '../src/core/index-merge.js';
import { readCsv } from '../src/read/csv.js';
import { INDEX_COLUMNS, parseIndexFile } from '../src/read/inputs.js';
import { detectDialect, insertRows, newIndexFile } from '../src/render/index-rows.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

function rowsOf(text: string | Uint8Array) {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  const r = parseIndexFile('index.csv', bytes);
  expect(r.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'no-rows')).toEqual([]);
  return r.rows;
}

const imported = (period: string, value: string, status = 'A', line = 5): ImportedValue => ({ period, value, status, src: { file: 'v.csv', line } });

const INDEX = `period,value,published_on,status
2022-09,129.47,2023-01-06,A
2022-10,129.84,2023-04-07,A
2022-10,129.96,2025-03-14,R
2022-11,130.23,2023-04-07,A
`;

describe('mergeIndex', () => {
  const existing = rowsOf(INDEX);

  it('a period not in the file is a new row, published on the given date', () => {
    const r = mergeIndex(existing, [imported('2022-12', '130.72')], '2025-06-13');
    expect(r.diagnostics).toEqual([]);
    expect(r.newPeriods).toEqual([{ period: '2022-12', value: '130.72', publishedOn: '2025-06-13', status: 'A' }]);
    expect(r.newVintages).toEqual([]);
    expect(r.unchanged).toBe(0);
  });

  it('the same value as the latest vintage changes nothing, compared as exact decimals (129.96 = 129.960), whatever the status', () => {
    const r = mergeIndex(existing, [imported('2022-10', '129.960', 'A'), imported('2022-09', '129.470', 'P')], '2025-06-13');
    expect(r).toEqual({ newPeriods: [], newVintages: [], unchanged: 2, dated: [], diagnostics: [] });
  });

  it('another value than the latest vintage is a new vintage, announced with the previous one', () => {
    const r = mergeIndex(existing, [imported('2022-11', '130.31', 'R')], '2025-06-13');
    expect(r.diagnostics).toEqual([]);
    expect(r.newVintages).toHaveLength(1);
    const v = r.newVintages[0]!;
    expect(v.row).toEqual({ period: '2022-11', value: '130.31', publishedOn: '2025-06-13', status: 'R' });
    expect(v.previous).toMatchObject({ period: '2022-11', value: '130.23', publishedOn: '2023-04-07', src: { line: 5 } });
    expect(v.sameAsOlder).toBeNull();
  });

  it('going back to an older vintage value is a new vintage, flagged (is the file older than the index?)', () => {
    const r = mergeIndex(existing, [imported('2022-10', '129.84')], '2025-06-13');
    expect(r.newVintages[0]!.sameAsOlder).toMatchObject({ value: '129.84', publishedOn: '2023-04-07' });
  });

  it('a different value on the date of the latest vintage is refused: same period and date twice', () => {
    const r = mergeIndex(existing, [imported('2022-10', '130.01', 'A', 9)], '2025-03-14');
    expect(r.newVintages).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'vintage-conflict', file: 'v.csv', line: 9 })]);
    expect(r.diagnostics[0]!.message).toContain('index.csv line 4 already records 129.96 published on 2025-03-14');
  });

  it('a different value dated before the latest vintage is refused', () => {
    const r = mergeIndex(existing, [imported('2022-10', '129.84')], '2024-01-01');
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'vintage-conflict' })]);
    expect(r.diagnostics[0]!.message).toContain('published on 2025-03-14, after 2024-01-01');
  });

  it('but the same value dated before the latest vintage is just unchanged', () => {
    expect(mergeIndex(existing, [imported('2022-10', '129.96')], '2024-01-01')).toMatchObject({ unchanged: 1, diagnostics: [] });
  });

  it('into an empty index: every value is a new period, sorted', () => {
    const r = mergeIndex([], [imported('2026-02', '116.51'), imported('2026-01', '116.18')], '2026-04-03');
    expect(r.newPeriods.map((x) => x.period)).toEqual(['2026-01', '2026-02']);
  });
});

describe('insertRows: the index file keeps its bytes and its dialect', () => {
  const add = (text: string | Buffer, rows: NewIndexRow[]) => {
    const bytes = typeof text === 'string' ? utf8(text) : text;
    const existing = rowsOf(bytes);
    const table = readCsv('index.csv', bytes, INDEX_COLUMNS).table!;
    const out = insertRows(bytes, existing, rows, detectDialect(bytes, table));
    // it reads back, with every row
    expect(rowsOf(out)).toHaveLength(existing.length + rows.length);
    return Buffer.from(out);
  };
  const row = (period: string, value: string, publishedOn: string, status = 'A'): NewIndexRow => ({ period, value, publishedOn, status });

  it('inserts in (period, published_on) order, existing lines untouched', () => {
    const out = add(INDEX, [row('2022-12', '130.72', '2025-06-13'), row('2022-10', '130.01', '2025-06-13', 'R'), row('2022-08', '129.02', '2025-06-13')]);
    expect(out.toString()).toBe(`period,value,published_on,status
2022-08,129.02,2025-06-13,A
2022-09,129.47,2023-01-06,A
2022-10,129.84,2023-04-07,A
2022-10,129.96,2025-03-14,R
2022-10,130.01,2025-06-13,R
2022-11,130.23,2023-04-07,A
2022-12,130.72,2025-06-13,A
`);
  });

  it('the Excel-FR way: BOM, ";", decimal comma, DD/MM/YYYY, CRLF', () => {
    const text = '\uFEFFperiod;value;published_on;status\r\n2022-10;129,84;07/04/2023;A\r\n2022-11;130,23;07/04/2023;A\r\n';
    const out = add(text, [row('2022-12', '130.72', '2025-06-13')]);
    expect(out.toString()).toBe(`${text}2022-12;130,72;13/06/2025;A\r\n`);
  });

  it('its column order, no status column, quoted fields, MM/YYYY months', () => {
    const text = '"Published_On","Value","Period"\n"2023-04-07","129.84","10/2022"\n';
    const out = add(text, [row('2022-11', '130.23', '2023-04-07', 'A')]);
    expect(out.toString()).toBe(`${text}"2023-04-07","130.23","11/2022"\n`);
  });

  it('a decimal comma with "," as delimiter is quoted', () => {
    const text = 'period,value,published_on\n2022-10,"129,84",2023-04-07\n';
    expect(add(text, [row('2022-11', '130.23', '2023-04-07')]).toString()).toBe(`${text}2022-11,"130,23",2023-04-07\n`);
  });

  it('a file without a final line ending keeps none; blank lines and comments stay', () => {
    const text = 'period,value,published_on,status\n\n2022-10,129.84,2023-04-07,A\n\n2022-11,130.23,2023-04-07,A';
    const out = add(text, [row('2022-12', '130.72', '2025-06-13'), row('2022-09', '129.47', '2023-01-06')]);
    expect(out.toString()).toBe('period,value,published_on,status\n\n2022-09,129.47,2023-01-06,A\n2022-10,129.84,2023-04-07,A\n\n2022-11,130.23,2023-04-07,A\n2022-12,130.72,2025-06-13,A');
  });

  it('an unsorted file: existing order kept, new rows after the row preceding them', () => {
    const text = 'period,value,published_on\n2022-11,130.23,2023-04-07\n2022-09,129.47,2023-01-06\n';
    expect(add(text, [row('2022-10', '129.84', '2023-04-07')]).toString()).toBe(
      'period,value,published_on\n2022-11,130.23,2023-04-07\n2022-09,129.47,2023-01-06\n2022-10,129.84,2023-04-07\n',
    );
  });

  it('a header-only file gets its rows after the header', () => {
    expect(add('period;value;published_on;status\r\n', [row('2022-10', '129.84', '2023-04-07')]).toString()).toBe('period;value;published_on;status\r\n2022-10;129.84;2023-04-07;A\r\n');
  });

  it('a Windows-1252 file comes back byte for byte', () => {
    const text = Buffer.concat([Buffer.from('period;value;published_on;status\r\n2022-10;129,84;07/04/2023;'), Buffer.from([0xe9]), Buffer.from('t\r\n')]);
    const out = add(text, [row('2022-11', '130.23', '2023-04-07')]);
    expect(out.subarray(0, text.length).equals(text)).toBe(true);
    expect(out.subarray(text.length).toString()).toBe('2022-11;130,23;07/04/2023;A\r\n');
  });

  it('newIndexFile: the plain CSV dialect, sorted', () => {
    expect(Buffer.from(newIndexFile([row('2026-02', '116.51', '2026-04-03'), row('2026-01', '116.18', '2026-04-03')])).toString()).toBe(
      'period,value,published_on,status\n2026-01,116.18,2026-04-03,A\n2026-02,116.51,2026-04-03,A\n',
    );
  });
});
