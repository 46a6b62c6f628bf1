/**
 * The CSV writer (csv-stringify behind `stringifyCsv`) against the rules of
 * SPEC §4 written out here: a field holding the delimiter, a quote, CR, LF or
 * white space at an edge is quoted with its quotes doubled; records end with
 * the dialect's line end; excel-fr starts with a BOM. The reference is the
 * hand-written writer the project had before csv-stringify.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { amount, renderTable, stringifyCsv, text } from '../src/render/table.js';

function referenceQuote(field: string, delimiter: string): string {
  if (field === '') return field;
  const needs = field.includes(delimiter) || field.includes('"') || field.includes('\n') || field.includes('\r') || /^\s|\s$/.test(field);
  return needs ? `"${field.replace(/"/g, '""')}"` : field;
}

const field = fc.string({ unit: fc.constantFrom('a', 'é', ',', ';', '"', '\n', '\r', ' ', '\t', '\u00a0', '=', '-', '1', '.'), maxLength: 8 });
const records = fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 });

describe('stringifyCsv', () => {
  it('quotes exactly as the rules say, byte for byte, in both dialects', () => {
    fc.assert(
      fc.property(records, fc.constantFrom(',' as const, ';' as const), (rs, delimiter) => {
        const want = rs.map((r) => r.map((f) => referenceQuote(f, delimiter)).join(delimiter) + '\r\n').join('');
        expect(stringifyCsv(rs, { delimiter, eol: '\r\n' })).toBe(want);
      }),
    );
  });

  it('reads back (csv-parse) to the same fields', () => {
    fc.assert(
      fc.property(records, (rs) => {
        expect(parse(stringifyCsv(rs, { delimiter: ';', eol: '\r\n' }), { delimiter: ';', record_delimiter: '\r\n' })).toEqual(rs);
      }),
    );
  });

  it('writes a table of more rows than one batch (256) as one text, BOM once, every row once', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [String(i), i % 7 === 0 ? ' edge' : 'x;y']);
    const want = '\uFEFF' + rows.map((r) => r.map((f) => referenceQuote(f, ';')).join(';') + '\r\n').join('');
    expect(stringifyCsv(rows, { delimiter: ';', eol: '\r\n', bom: true })).toBe(want);
    expect(stringifyCsv([], { delimiter: ',', eol: '\r\n' })).toBe('');
  });

  it('quotes every field, empty ones too, with quoteAll, and leaves the last record open without eof', () => {
    expect(stringifyCsv([['2025-01', '', 'A']], { delimiter: ',', eol: '\n', quoteAll: true, eof: false })).toBe('"2025-01","","A"');
  });
});

describe('renderTable', () => {
  it('excel-fr: BOM, `;`, decimal comma, CRLF; a formula-like text is neutralised, a negative amount is not', () => {
    const csv = renderTable([{ en: 'label', fr: 'libelle' }, { en: 'ttc', fr: 'ttc' }], [[text('=SUM(A1)'), amount(-1230n)], [text(' a;b '), amount(5n)]], 'excel-fr');
    expect(csv).toBe("\uFEFFlibelle;ttc\r\n'=SUM(A1);-12,30\r\n\" a;b \";0,05\r\n");
  });
});
