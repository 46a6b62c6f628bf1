import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { decodeCsvBytes, readCsv as readCsvInWords, type ColumnSpec, type CsvTable } from '../src/read/csv.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { diagnosticMessage, useLanguage } from '../src/cli/i18n.js';

/**
 * readCsv with each diagnostic as its English message alone: the comparisons
 * below pin the English text; the values and variant the terminal translates
 * (issue 15) are checked in "readCsv: its diagnostics in French".
 */
function readCsv(...args: Parameters<typeof readCsvInWords>): ReturnType<typeof readCsvInWords> {
  const result = readCsvInWords(...args);
  return { ...result, diagnostics: result.diagnostics.map(({ values: _v, variant: _w, ...d }: Diagnostic) => d) };
}

const INVOICES: ColumnSpec = {
  required: ['invoice_id', 'received_on', 'paid_on', 'service_month', 'price_code', 'quantity'],
  optional: ['vat_pct', 'invoiced_ht', 'label'],
};
const ACCEPTED =
  '(accepted columns: invoice_id, received_on, paid_on, service_month, price_code, quantity, and optionally vat_pct, invoiced_ht, label)';
const ABC: ColumnSpec = { required: ['a', 'b', 'c'], optional: [] };
const LABELLED: ColumnSpec = { required: ['invoice_id'], optional: ['label', 'quantity'] };

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const read = (text: string, spec: ColumnSpec = ABC) => readCsv('in.csv', utf8(text), spec);

/** The text of every cell, row by row. */
function texts(table: CsvTable | null): Record<string, string>[] {
  expect(table).not.toBeNull();
  return table!.rows.map((r) => Object.fromEntries([...r.cells].map(([k, c]) => [k, c.text])));
}

describe('readCsv: a plain file', () => {
  it('reads the header, the rows and where every cell is', () => {
    const { table, diagnostics } = read('a,b,c\n1,2,3\n4,5,6\n');
    expect(diagnostics).toEqual([]);
    // Rows keep their fields as strings; the column names live once in the table.
    expect(table!.rows.map((r) => [r.line, r.fields, r.fieldLines])).toEqual([[2, ['1', '2', '3'], null], [3, ['4', '5', '6'], null]]);
    expect(table!.rows[1]!.cell('b')).toEqual({ text: '5', line: 3, column: 2 });
    expect(table!.rows[1]!.text('c')).toBe('6');
    expect(table!.rows[1]!.cell('d')).toBeUndefined();
    // Every cell still knows its text, line and column (`cells`, built on demand).
    expect({ ...table!, rows: table!.rows.map((r) => ({ line: r.line, cells: r.cells })) }).toEqual({
      file: 'in.csv',
      encoding: 'utf-8',
      delimiter: ',',
      columns: ['a', 'b', 'c'],
      columnIndex: new Map([['a', 0], ['b', 1], ['c', 2]]),
      rows: [
        {
          line: 2,
          cells: new Map([
            ['a', { text: '1', line: 2, column: 1 }],
            ['b', { text: '2', line: 2, column: 2 }],
            ['c', { text: '3', line: 2, column: 3 }],
          ]),
        },
        {
          line: 3,
          cells: new Map([
            ['a', { text: '4', line: 3, column: 1 }],
            ['b', { text: '5', line: 3, column: 2 }],
            ['c', { text: '6', line: 3, column: 3 }],
          ]),
        },
      ],
    });
  });

  it('normalises header names (trimmed, lowercased) and accepts optional columns in any order', () => {
    const { table, diagnostics } = read(
      ' Label ,INVOICE_ID, Received_On,paid_on,service_month,price_code,Quantity\nx,F1,2024-01-05,,2024-01,FORFAIT,1\n',
      INVOICES,
    );
    expect(diagnostics).toEqual([]);
    expect(table!.columns).toEqual(['label', 'invoice_id', 'received_on', 'paid_on', 'service_month', 'price_code', 'quantity']);
    expect(texts(table)).toEqual([
      { label: 'x', invoice_id: 'F1', received_on: '2024-01-05', paid_on: '', service_month: '2024-01', price_code: 'FORFAIT', quantity: '1' },
    ]);
    expect(table!.rows[0]!.cells.get('vat_pct')).toBeUndefined();
  });

  it('drops a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b,c\n1,2,3\n')]);
    const { table, diagnostics } = readCsv('in.csv', bytes, ABC);
    expect(diagnostics).toEqual([]);
    expect(table!.columns).toEqual(['a', 'b', 'c']);
    expect(table!.encoding).toBe('utf-8');
    expect(texts(table)).toEqual([{ a: '1', b: '2', c: '3' }]);
  });

  it('lines ended by CR alone are one clear error, not a header of unknown columns', () => {
    const { table, diagnostics } = read('a,b,c\r1,2,3\r4,5,6\r');
    expect(table).toBeNull();
    expect(diagnostics.map((d) => `${d.line}: ${d.code}: ${d.message}`)).toEqual([
      '1: cr-line-ends: lines end with a carriage return alone (the old Mac format): save the file again as CSV, with LF or CRLF line ends',
    ]);
    // CRLF, and a header ending the file with a lone CR, are not that case
    expect(read('a,b,c\r\n1,2,3\r\n').table).not.toBeNull();
  });

  it('reads CRLF line endings without leaving a carriage return in the last field', () => {
    const { table, diagnostics } = read('a,b,c\r\n1,2,3\r\n4,5,6\r\n');
    expect(diagnostics).toEqual([]);
    expect(texts(table)).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: '4', b: '5', c: '6' },
    ]);
    expect(table!.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('reads a last line without a newline, and ignores trailing empty lines', () => {
    expect(texts(read('a,b,c\n1,2,3').table)).toEqual([{ a: '1', b: '2', c: '3' }]);
    const { table, diagnostics } = read('a,b,c\r\n1,2,3\r\n\r\n\n');
    expect(diagnostics).toEqual([]);
    expect(texts(table)).toEqual([{ a: '1', b: '2', c: '3' }]);
  });

  it('skips rows whose fields are all empty, whatever their field count', () => {
    const { table, diagnostics } = read('a,b,c\n1,2,3\n\n,,\n  ,  ,\t\n,,,,,\n"",,\n4,5,6\n');
    expect(diagnostics).toEqual([]);
    expect(table!.rows.map((r) => r.line)).toEqual([2, 8]);
  });

  it('keeps empty fields of a row that has other values', () => {
    expect(texts(read('a,b,c\n,2,\n').table)).toEqual([{ a: '', b: '2', c: '' }]);
  });

  it('trims whitespace around unquoted fields but not inside quotes', () => {
    const { table } = read('a,b,c\n  x  ,\t" y "\t, "z,"\n');
    expect(texts(table)).toEqual([{ a: 'x', b: ' y ', c: 'z,' }]);
  });

  it('takes the first non-blank line as the header', () => {
    const { table, diagnostics } = read('\n  \na,b,c\n1,2,3\n');
    expect(diagnostics).toEqual([]);
    expect(table!.rows.map((r) => r.line)).toEqual([4]);
  });

  it('returns a table with no rows and no diagnostic for a header alone', () => {
    for (const text of ['a,b,c', 'a,b,c\n', 'a;b;c\r\n', 'a,b,c\n\n\n']) {
      const { table, diagnostics } = read(text);
      expect(diagnostics).toEqual([]);
      expect(table).not.toBeNull();
      expect(table!.columns).toEqual(['a', 'b', 'c']);
      expect(table!.rows).toEqual([]);
    }
  });
});

describe('readCsv: delimiter', () => {
  it('detects ";" and keeps decimal commas as text', () => {
    const { table, diagnostics } = read('invoice_id;quantity;label\nF1;1,5;21 437,50\nF2;"2,25";"a;b"\n', LABELLED);
    expect(diagnostics).toEqual([]);
    expect(table!.delimiter).toBe(';');
    expect(texts(table)).toEqual([
      { invoice_id: 'F1', quantity: '1,5', label: '21 437,50' },
      { invoice_id: 'F2', quantity: '2,25', label: 'a;b' },
    ]);
  });

  it('uses "," when the header holds as many "," as ";" or more', () => {
    expect(read('a,b,c\n1,2,3\n').table!.delimiter).toBe(',');
    expect(read('a,b;c\n1,2;3\n', { required: ['a', 'b;c'], optional: [] }).table!.delimiter).toBe(',');
    const tie = read('a;b,c\n1;2,3\n', { required: ['a;b', 'c'], optional: [] });
    expect(tie.table!.delimiter).toBe(',');
    expect(texts(tie.table)).toEqual([{ 'a;b': '1;2', c: '3' }]);
  });

  it('counts only the delimiters outside quotes', () => {
    const { table, diagnostics } = read('"a;b;c",d\n1,2\n', { required: ['a;b;c', 'd'], optional: [] });
    expect(diagnostics).toEqual([]);
    expect(table!.delimiter).toBe(',');
    expect(texts(table)).toEqual([{ 'a;b;c': '1', d: '2' }]);
  });
});

describe('readCsv: quoted fields and line numbers', () => {
  const SAMPLE = [
    'invoice_id,label,quantity', // 1
    'F1,"Forfait, janvier",1', // 2
    'F2,"ligne 1', // 3
    'ligne 2', // 4
    'ligne 3",2', // 5
    'F3,"say ""hi""",3', // 6
    'F4,plain,4', // 7
    '',
  ];

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('knows where each record and each cell starts after a multi-line field (%s)', (_name, eol) => {
    const { table, diagnostics } = read(SAMPLE.join(eol), LABELLED);
    expect(diagnostics).toEqual([]);
    expect(texts(table)).toEqual([
      { invoice_id: 'F1', label: 'Forfait, janvier', quantity: '1' },
      { invoice_id: 'F2', label: `ligne 1${eol}ligne 2${eol}ligne 3`, quantity: '2' },
      { invoice_id: 'F3', label: 'say "hi"', quantity: '3' },
      { invoice_id: 'F4', label: 'plain', quantity: '4' },
    ]);
    expect(table!.rows.map((r) => r.line)).toEqual([2, 3, 6, 7]);
    const f2 = table!.rows[1]!.cells;
    expect(f2.get('invoice_id')).toEqual({ text: 'F2', line: 3, column: 1 });
    expect(f2.get('label')!.line).toBe(3);
    expect(f2.get('quantity')).toEqual({ text: '2', line: 5, column: 3 });
    expect(table!.rows[3]!.cells.get('label')).toEqual({ text: 'plain', line: 7, column: 2 });
  });

  it('reports a wrong field count at the line where a multi-line record starts', () => {
    const { diagnostics } = read('a,b,c\n"x\ny",2\n1,2,3\n4,5\n');
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'field-count', message: 'expected 3 fields, found 2', file: 'in.csv', line: 2, column: 3 },
      { severity: 'error', code: 'field-count', message: 'expected 3 fields, found 2', file: 'in.csv', line: 5, column: 3 },
    ]);
  });

  /**
   * Why the reader does not take positions from csv-parse's `info`: its `info.lines`
   * is the line where a record ends, and in a CRLF file it counts each CRLF
   * inside a quoted field as two lines, shifting every later record.
   */
  it('documents csv-parse 6 line numbering (end line; CRLF in quotes counted twice)', () => {
    const lines = (text: string) =>
      (parse(text, { info: true, relax_column_count: true, trim: true }) as unknown as { info: { lines: number } }[]).map((r) => r.info.lines);
    expect(lines(SAMPLE.join('\n'))).toEqual([1, 2, 5, 6, 7]);
    expect(lines(SAMPLE.join('\r\n'))).toEqual([1, 2, 7, 8, 9]);
    expect(read(SAMPLE.join('\r\n'), LABELLED).table!.rows.map((r) => r.line)).toEqual([2, 3, 6, 7]);
  });
});

describe('readCsv: Windows-1252', () => {
  it('reads a file that is not UTF-8 as Windows-1252, with a warning', () => {
    const bytes = new Uint8Array([
      ...utf8('invoice_id;label\r\nF1;Caf'),
      0xe9, // é
      ...utf8(' '),
      0x80, // €
      ...utf8(' 5\r\n'),
    ]);
    const { table, diagnostics } = readCsv('factures.csv', bytes, LABELLED);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'windows-1252',
        message: 'read as Windows-1252 because the file is not valid UTF-8 (save it as "CSV UTF-8" to silence this warning)',
        file: 'factures.csv',
      },
    ]);
    expect(table!.encoding).toBe('windows-1252');
    expect(table!.delimiter).toBe(';');
    expect(texts(table)).toEqual([{ invoice_id: 'F1', label: 'Café € 5' }]);
  });

  it('maps the bytes 0x80-0x9F as Windows-1252 does, not as ISO-8859-1', () => {
    const high = Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const { text, encoding } = decodeCsvBytes(new Uint8Array([...high, 0xe9, 0xff, 0x41]));
    expect(encoding).toBe('windows-1252');
    expect([...text].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0'))).toEqual([
      ...['20ac', '0081', '201a', '0192', '201e', '2026', '2020', '2021', '02c6', '2030', '0160', '2039', '0152', '008d', '017d', '008f'],
      ...['0090', '2018', '2019', '201c', '201d', '2022', '2013', '2014', '02dc', '2122', '0161', '203a', '0153', '009d', '017e', '0178'],
      ...['00e9', '00ff', '0041'],
    ]);
    expect(decodeCsvBytes(new Uint8Array([0x92, 0x9c, 0x85])).text).toBe('\u2019œ…');
  });

  it('reads valid UTF-8 accents as UTF-8 without a warning', () => {
    const { table, diagnostics } = read('invoice_id;label\nF1;Café € 5 Œ\n', LABELLED);
    expect(diagnostics).toEqual([]);
    expect(table!.encoding).toBe('utf-8');
    expect(texts(table)).toEqual([{ invoice_id: 'F1', label: 'Café € 5 Œ' }]);
  });

  it('drops a BOM before falling back to Windows-1252', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('invoice_id,label\nF1,'), 0x9c, 0x0a]);
    const { table, diagnostics } = readCsv('in.csv', bytes, LABELLED);
    expect(diagnostics.map((d) => d.code)).toEqual(['windows-1252']);
    expect(table!.columns).toEqual(['invoice_id', 'label']);
    expect(texts(table)).toEqual([{ invoice_id: 'F1', label: 'œ' }]);
  });
});

describe('readCsv: header errors', () => {
  it('reports an unknown column with a suggestion, and the missing one', () => {
    const { table, diagnostics } = read('invoice_id,received_on,paid_onn,service_month,price_code,quantity\n', INVOICES);
    expect(table).toBeNull();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'unknown-column',
        message: `unknown column "paid_onn"; did you mean "paid_on"? ${ACCEPTED}`,
        file: 'in.csv',
        line: 1,
        column: 3,
      },
      { severity: 'error', code: 'missing-column', message: 'missing column "paid_on"', file: 'in.csv', line: 1 },
    ]);
  });

  it('suggests only columns the header does not already have, and nothing when none is close', () => {
    const { diagnostics } = read('invoice_id,received_on,paid_on,service_month,price_code,quantity,paid_onn,montant,vat-pct\n', INVOICES);
    expect(diagnostics.map((d) => [d.code, d.column, d.message])).toEqual([
      ['unknown-column', 7, `unknown column "paid_onn" ${ACCEPTED}`],
      ['unknown-column', 8, `unknown column "montant" ${ACCEPTED}`],
      ['unknown-column', 9, `unknown column "vat-pct"; did you mean "vat_pct"? ${ACCEPTED}`],
    ]);
  });

  it('reports a column without a name', () => {
    const { table, diagnostics } = read('a;b;c;\n1;2;3;\n');
    expect(table).toBeNull();
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'unknown-column', message: 'column 4 has no name (accepted columns: a, b, c)', file: 'in.csv', line: 1, column: 4 },
    ]);
  });

  it('reports every missing column at line 1', () => {
    const { table, diagnostics } = read('invoice_id,received_on,paid_on,service_month,label\n', INVOICES);
    expect(table).toBeNull();
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'missing-column', message: 'missing column "price_code"', file: 'in.csv', line: 1 },
      { severity: 'error', code: 'missing-column', message: 'missing column "quantity"', file: 'in.csv', line: 1 },
    ]);
  });

  it('reports a duplicate column at its second occurrence, whatever its case', () => {
    const { table, diagnostics } = read('a,b,c,A\n1,2,3,4\n');
    expect(table).toBeNull();
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'duplicate-column', message: 'duplicate column "a" (already column 1)', file: 'in.csv', line: 1, column: 4 },
    ]);
  });

  it.each([
    ['0 bytes', new Uint8Array([])],
    ['whitespace only', utf8('  \r\n\n\t \n')],
    ['a BOM only', new Uint8Array([0xef, 0xbb, 0xbf])],
    ['a BOM and newlines', new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a])],
  ])('reports an empty file (%s)', (_name, bytes) => {
    expect(readCsv('in.csv', bytes, ABC)).toEqual({
      table: null,
      diagnostics: [
        { severity: 'error', code: 'empty-file', message: 'the file is empty: expected a header line naming the columns', file: 'in.csv', line: 1 },
      ],
    });
  });
});

describe('readCsv: row errors', () => {
  it('reports every row with a wrong field count and keeps the good rows', () => {
    const { table, diagnostics } = read(['a,b,c', '1,2,3', '1,2', '4,5,6', '7,8,9,10', 'x,y,z', ''].join('\n'));
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'field-count', message: 'expected 3 fields, found 2', file: 'in.csv', line: 3, column: 3 },
      { severity: 'error', code: 'field-count', message: 'expected 3 fields, found 4', file: 'in.csv', line: 5, column: 4 },
    ]);
    expect(table!.rows.map((r) => r.line)).toEqual([2, 4, 6]);
    expect(texts(table)).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: '4', b: '5', c: '6' },
      { a: 'x', b: 'y', c: 'z' },
    ]);
  });

  it('reports an unclosed quote at the line where it opens, and returns no table', () => {
    const { table, diagnostics } = read('a,b,c\n1,2,3\n4,"five\n6,7,8\n9,10,11\n');
    expect(table).toBeNull();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'unclosed-quote',
        message: 'a quoted field opens here but its closing quote is missing',
        file: 'in.csv',
        line: 3,
        column: 2,
      },
    ]);
  });

  it('reports an unclosed quote in the header', () => {
    const { table, diagnostics } = read('a,"b,c\n1,2,3\n');
    expect(table).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['unclosed-quote', 1, 2]]);
  });

  it('reports a stray quote as csv-syntax, once per row, and keeps reading', () => {
    const { table, diagnostics } = read('a,b,c\n1,x"y"z,3\n2,"z"w,3\n"p" "q",2,3\n4,5,6\n');
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'csv-syntax',
        message: 'a quote inside an unquoted field (quote the whole field and double the quotes inside it)',
        file: 'in.csv',
        line: 2,
        column: 2,
      },
      {
        severity: 'error',
        code: 'csv-syntax',
        message: 'unexpected text after the closing quote of a quoted field (a quote inside a field must be doubled)',
        file: 'in.csv',
        line: 3,
        column: 2,
      },
      {
        severity: 'error',
        code: 'csv-syntax',
        message: 'unexpected text after the closing quote of a quoted field (a quote inside a field must be doubled)',
        file: 'in.csv',
        line: 4,
        column: 1,
      },
    ]);
    expect(texts(table)).toEqual([{ a: '4', b: '5', c: '6' }]);
    expect(table!.rows[0]!.line).toBe(5);
  });

  it('reports text after the closing quote of a multi-line field where the field opens (issue 13), naming the line of the quote', () => {
    const { diagnostics } = read('a,b,c\n1,"x\ny"!,3\n');
    // Reading resumes on line 3, whose `y"!` is then a quote inside an unquoted field.
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['csv-syntax', 2, 2], ['csv-syntax', 3, 1]]);
    expect(diagnostics[0]!.message).toBe(
      'a quoted field opens here and runs over the next lines to a quote on line 3 followed by other text: is its closing quote missing? (a quote inside a field must be doubled)',
    );
  });

  it('a forgotten closing quote that swallows the next records: reported where it opens, and the records after it are read (issue 13)', () => {
    const text = ['a,b,c', '1,2,"forgotten', '3,4,x', '5,6,y', '7,8,"quoted, label"', '9,10,z', ''].join('\n');
    const { table, diagnostics } = read(text);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['csv-syntax', 2, 3]]);
    expect(diagnostics[0]!.message).toContain('quote on line 5 followed by other text');
    // Reading resumes on line 3: the records the quote swallowed are read (and checked) again.
    expect(table!.rows.map((r) => [r.line, r.fields[2]])).toEqual([[3, 'x'], [4, 'y'], [5, 'quoted, label'], [6, 'z']]);
  });

  it('an unclosed quote many lines before the end is reported where it opens, at its field', () => {
    const text = ['a;b;c', '1;2;3', '4;"five', ...Array.from({ length: 200 }, (_, i) => `${i};x;y`), ''].join('\r\n');
    const { table, diagnostics } = read(text);
    expect(table).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['unclosed-quote', 3, 2]]);
  });

  it('returns no table when the header has a syntax error', () => {
    const { table, diagnostics } = read('a,"b"c,c\n1,2,3\n');
    expect(table).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['csv-syntax', 1, 2]]);
  });
});

describe('readCsv: properties', () => {
  const COLUMNS = ['a', 'b', 'c', 'd'];
  const ALPHABET = ['x', 'Y', '7', ' ', ',', ';', '"', '\n', 'é', '€', '.', '-'];
  /** Cell texts that survive trimming: no whitespace at either end. */
  const cellText = fc
    .array(fc.constantFrom(...ALPHABET), { maxLength: 8 })
    .map((chars) => chars.join(''))
    .filter((s) => s === s.trim());

  const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
    fc.record({
      width: fc.constant(width),
      rows: fc.array(
        fc.array(cellText, { minLength: width, maxLength: width }).filter((row) => row.some((c) => c !== '')),
        { maxLength: 12 },
      ),
      // A single column has no delimiter to detect: such a file is read with ",".
      delimiter: width === 1 ? fc.constant(',' as const) : fc.constantFrom(',' as const, ';' as const),
      eol: fc.constantFrom('unix' as const, 'windows' as const),
      bom: fc.boolean(),
    }),
  );

  it('reads back what csv-stringify writes, with the right lines', () => {
    fc.assert(
      fc.property(table, ({ width, rows, delimiter, eol, bom }) => {
        const columns = COLUMNS.slice(0, width);
        // With record_delimiter "windows", csv-stringify does not quote a field holding a lone
        // "\n" (it only looks for "\r\n"): quoted_match makes it quote such fields, as Excel does.
        const text = stringify([columns, ...rows], { delimiter, record_delimiter: eol, bom, quoted_match: /\n/ });
        const { table: read, diagnostics } = readCsv('p.csv', utf8(text), { required: columns, optional: [] });
        expect(diagnostics).toEqual([]);
        expect(read!.delimiter).toBe(delimiter);
        expect(read!.rows.map((r) => columns.map((c) => r.cells.get(c)!.text))).toEqual(rows);
        // Each record starts one line after the previous one, plus the line breaks inside its fields.
        let line = 2;
        const expectedLines = rows.map((row) => {
          const start = line;
          line += 1 + row.join('').split('\n').length - 1;
          return start;
        });
        expect(read!.rows.map((r) => r.line)).toEqual(expectedLines);
      }),
      { numRuns: 300 },
    );
  });

  /** Random raw CSV text, quoted or not, with spaces around fields, compared with csv-parse. */
  it('splits fields like csv-parse (trim: true) does', () => {
    const unquoted = fc
      .array(fc.constantFrom('x', '1', ' ', '\t', 'é', '.', '-'), { maxLength: 5 })
      .map((c) => c.join(''));
    const quoted = fc
      .array(fc.constantFrom('x', ' ', ',', ';', '""', '\n', '\r\n', 'é'), { maxLength: 5 })
      .map((c) => `${' '.repeat(c.length % 2)}"${c.join('')}"`);
    const raw = fc.record({
      width: fc.integer({ min: 1, max: 3 }),
      cells: fc.array(fc.array(fc.oneof(unquoted, quoted), { minLength: 3, maxLength: 3 }), { maxLength: 8 }),
      delimiter: fc.constantFrom(',', ';'),
      eol: fc.constantFrom('\n', '\r\n'),
    });
    fc.assert(
      fc.property(raw, ({ width, cells, delimiter, eol }) => {
        const columns = COLUMNS.slice(0, width);
        const lines = [columns.join(delimiter), ...cells.map((row) => row.slice(0, width).join(delimiter))];
        const text = lines.join(eol) + eol;
        const records = (parse(text, { delimiter, relax_column_count: true, trim: true, record_delimiter: eol }) as string[][]).slice(1);
        const expected = records.filter((r) => r.some((f) => f !== ''));
        const { table: read, diagnostics } = readCsv('p.csv', utf8(text), { required: columns, optional: [] });
        expect(diagnostics).toEqual([]);
        expect(read!.rows.map((r) => columns.map((c) => r.cells.get(c)!.text))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('readCsv: large files are decoded window by window', () => {
  /** Everything a read gives, in plain values. */
  const snapshot = (text: string | Uint8Array, spec: ColumnSpec, windowBytes?: number) => {
    const bytes = typeof text === 'string' ? utf8(text) : text;
    const { table, diagnostics } = readCsv('w.csv', bytes, spec, windowBytes === undefined ? {} : { windowBytes });
    return {
      diagnostics,
      table: table && { ...table, rows: table.rows.map((r) => ({ line: r.line, fields: r.fields, fieldLines: r.fieldLines })) },
    };
  };

  it('gives the same rows, lines and errors whatever the window, on any text', () => {
    const piece = fc.constantFrom('x', 'é', '€', '𝄞', ' ', ',', ';', '"', '""', '\n', '\r\n', '\r', '\t', 'ab', '1.5');
    const raw = fc.record({
      lead: fc.constantFrom('', '\n', '  \r\n\n', '\uFEFF'),
      header: fc.constantFrom('a,b,c', 'a;b;c', ' A , b ,C', '"a","b\nx",c', '"a;b",c,b', 'a,"b'),
      body: fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
    });
    fc.assert(
      fc.property(raw, fc.constantFrom(1, 2, 3, 5, 8, 13), ({ lead, header, body }, windowBytes) => {
        const text = `${lead}${header}\n${body}`;
        for (const spec of [ABC, { required: ['a'], optional: ['b', 'c', 'b\nx', 'a;b'] }]) {
          expect(snapshot(text, spec, windowBytes)).toEqual(snapshot(text, spec));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds a multi-line quoted field that crosses many windows, and an unclosed one at its line', () => {
    const long = `x${'\n'.repeat(50)}y`;
    const text = `a,b,c\n1,"${long}",3\n4,5,6\n7,"never closed\n8,9,10\n`;
    for (const windowBytes of [1, 4, 64]) {
      const s = snapshot(text, ABC, windowBytes);
      expect(s).toEqual(snapshot(text, ABC));
      expect(s.table).toBeNull();
      expect(s.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['unclosed-quote', 54, 2]]);
    }
    const closed = `a,b,c\n1,"${long}",3\n4,5,6\n`;
    const s = snapshot(closed, ABC, 2);
    expect(s.table!.rows.map((r) => [r.line, r.fields[1]])).toEqual([[2, long], [53, '5']]);
  });

  it('reads a Windows-1252 file whole, whatever the window', () => {
    const bytes = new Uint8Array([...utf8('invoice_id;label\r\nF1;Caf'), 0xe9, ...utf8('\r\nF2;x\r\n')]);
    expect(snapshot(bytes, LABELLED, 1)).toEqual(snapshot(bytes, LABELLED));
  });
});

describe('decodeCsvBytes', () => {
  it('agrees with a fatal TextDecoder on any bytes (UTF-8 when valid, BOM dropped once)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0x80)), { maxLength: 24 });
    fc.assert(
      fc.property(fc.boolean(), bytes, (bom, raw) => {
        const input = new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...raw]);
        const body = bom ? input.subarray(3) : input;
        let expected: string | null;
        try {
          expected = decoder.decode(body);
        } catch {
          expected = null;
        }
        const { text, encoding } = decodeCsvBytes(input);
        expect(encoding).toBe(expected === null ? 'windows-1252' : 'utf-8');
        if (expected !== null) expect(text).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readCsv: its diagnostics in French (issue 15)', () => {
  const inFrench = async (text: string, spec: ColumnSpec = ABC) => {
    await useLanguage('fr');
    try {
      return readCsvInWords('in.csv', utf8(text), spec).diagnostics.map((d) => `${d.line}:${d.column ?? ''}: ${d.code}: ${diagnosticMessage(d)}`);
    } finally {
      await useLanguage('en');
    }
  };

  it('says the header, field-count and quote problems in French, places and codes unchanged', async () => {
    expect(await inFrench('invoice_id,recieved_on,paid_on,service_month,price_code,quantity,quantity\n', INVOICES)).toEqual([
      '1:2: unknown-column: colonne inconnue « recieved_on » ; vouliez-vous dire « received_on » ? (colonnes acceptées : invoice_id, received_on, paid_on, service_month, price_code, quantity, et facultativement vat_pct, invoiced_ht, label)',
      '1:7: duplicate-column: colonne « quantity » en double (déjà colonne 6)',
      '1:: missing-column: colonne « received_on » manquante',
    ]);
    expect(await inFrench('a,b,c\n1,2\n1,2,3,4\n')).toEqual([
      '2:3: field-count: nombre de champs : 2 au lieu de 3 attendus',
      '3:4: field-count: nombre de champs : 4 au lieu de 3 attendus',
    ]);
    expect(await inFrench('a;b;c\n1;2,5\n')).toEqual([
      '2:2: field-count: nombre de champs : 2 au lieu de 3 attendus ; le champ 2 contient un « , » là où un « ; » était sans doute voulu (les champs de ce fichier sont séparés par « ; », comme sur sa ligne d\'en-tête)',
    ]);
    expect(await inFrench('a,b,c\n1,"2,3\n')).toEqual(["2:2: unclosed-quote: un champ entre guillemets s'ouvre ici mais son guillemet fermant manque"]);
    expect(await inFrench('a,b,c\n1,x"y",3\n')).toEqual([
      "2:2: csv-syntax: un guillemet dans un champ qui n'est pas entre guillemets (mettez tout le champ entre guillemets et doublez les guillemets qu'il contient)",
    ]);
    expect(await inFrench('')).toEqual(["1:: empty-file: le fichier est vide : attendu une ligne d'en-tête nommant les colonnes"]);
  });
});
