import { describe, expect, it } from 'vitest';
import { daysInMonth, isLeapYear, parseDate, parseDecimal, parseInteger, parseMonth } from '../src/read/fields.js';

describe('parseDate', () => {
  it.each([
    ['2024-02-03', '2024-02-03'],
    ['03/02/2024', '2024-02-03'],
    ['  2024-12-31  ', '2024-12-31'],
    ['31/12/2024', '2024-12-31'],
    ['2024-02-29', '2024-02-29'],
    ['29/02/2024', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2023-01-31', '2023-01-31'],
    ['30/04/2023', '2023-04-30'],
  ])('accepts %j as %s', (text, iso) => {
    expect(parseDate(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    '',
    '   ',
    '2024-2-3',
    '2024-02-3',
    '3/2/2024',
    '03/02/24',
    '2024/02/03',
    '03-02-2024',
    '2024-02-03T00:00',
    '20240203',
    '2024-02-03 x',
    '٢٠٢٤-٠٢-٠٣', // Arabic-Indic digits are not ASCII digits
  ])('rejects the form %j', (text) => {
    expect(parseDate(text)).toEqual({ ok: false, expected: 'a date as YYYY-MM-DD or DD/MM/YYYY' });
  });

  it.each([
    ['2024-02-30', 'a date as YYYY-MM-DD or DD/MM/YYYY that exists (2024-02 has 29 days)'],
    ['30/02/2024', 'a date as YYYY-MM-DD or DD/MM/YYYY that exists (2024-02 has 29 days)'],
    ['2023-02-29', 'a date as YYYY-MM-DD or DD/MM/YYYY that exists (2023-02 has 28 days)'],
    ['1900-02-29', 'a date as YYYY-MM-DD or DD/MM/YYYY that exists (1900-02 has 28 days)'],
    ['2024-04-31', 'a date as YYYY-MM-DD or DD/MM/YYYY that exists (2024-04 has 30 days)'],
    ['2024-01-00', 'a date as YYYY-MM-DD or DD/MM/YYYY that exists (2024-01 has 31 days)'],
    ['2024-01-32', 'a date as YYYY-MM-DD or DD/MM/YYYY that exists (2024-01 has 31 days)'],
    ['2024-13-01', 'a date as YYYY-MM-DD or DD/MM/YYYY with a month from 01 to 12'],
    ['01/00/2024', 'a date as YYYY-MM-DD or DD/MM/YYYY with a month from 01 to 12'],
  ])('rejects the non-existent date %j', (text, expected) => {
    expect(parseDate(text)).toEqual({ ok: false, expected });
  });

  it('knows the Gregorian leap years and month lengths', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});

describe('parseMonth', () => {
  it.each([
    ['2022-10', '2022-10'],
    ['10/2022', '2022-10'],
    [' 01/2023 ', '2023-01'],
    ['2023-12', '2023-12'],
  ])('accepts %j as %s', (text, month) => {
    expect(parseMonth(text)).toEqual({ ok: true, value: month });
  });

  it.each(['', '2022-1', '1/2022', '2022/10', '10-2022', '2022-10-01', '22-10', 'oct. 2022'])('rejects the form %j', (text) => {
    expect(parseMonth(text)).toEqual({ ok: false, expected: 'a month as YYYY-MM or MM/YYYY' });
  });

  it.each(['2022-00', '2022-13', '13/2022', '00/2022'])('rejects the month number in %j', (text) => {
    expect(parseMonth(text)).toEqual({ ok: false, expected: 'a month as YYYY-MM or MM/YYYY with a month from 01 to 12' });
  });
});

describe('parseDecimal', () => {
  it.each([
    ['1234', '1234'],
    ['1234.56', '1234.56'],
    ['1234,56', '1234.56'],
    ['  42  ', '42'],
    ['1 234,56', '1234.56'],
    ['1\u00a0234,56', '1234.56'],
    ['1\u202f234.56', '1234.56'],
    ['-12 000.00', '-12000.00'],
    ['12 345 678', '12345678'],
    ['1 234 567,891', '1234567.891'],
    ['1 234,50', '1234.50'],
    ['-0,5', '-0.5'],
    ['+3', '3'],
    ['+3,25', '3.25'],
    ['007', '7'],
    ['007.10', '7.10'],
    ['0', '0'],
    ['000', '0'],
    ['-0', '0'],
    ['+0', '0'],
    ['-0.00', '0.00'],
    ['-000,000', '0.000'],
    ['0.001', '0.001'],
    ['-0.001', '-0.001'],
    ['21437.50', '21437.50'],
    ['1.234', '1.234'],
    ['1,234', '1.234'],
    ['\u00a01 234,5\u202f', '1234.5'],
  ])('accepts %j as %s', (text, canonical) => {
    expect(parseDecimal(text)).toEqual({ ok: true, value: canonical });
  });

  it.each([
    '',
    '   ',
    '12x',
    'x12',
    '1.234,56',
    '1,234.56',
    '1.2.3',
    '1,2,3',
    '1e3',
    '1E3',
    'NaN',
    'Infinity',
    '-Infinity',
    '.5',
    ',5',
    '-.5',
    '5.',
    '5,',
    '--1',
    '+-1',
    '-',
    '+',
    '- 5',
    '1 23',
    '1 2345',
    '1234 567',
    '12  345',
    '1 234 5',
    ' 1 234,',
    '1_234',
    "1'234",
    '0x10',
    '1\t234',
    '١٢٣', // Arabic-Indic digits
    '€12',
    '12 €',
    '12%',
  ])('rejects %j', (text) => {
    expect(parseDecimal(text)).toEqual({ ok: false, expected: 'a decimal number such as 1234.56, 1234,56 or 1 234,56' });
  });
});

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    [' 30 ', 30],
    ['+7', 7],
    ['-3', -3],
    ['-0', 0],
    ['007', 7],
    ['999999999999999', 999999999999999],
    ['0000999999999999999', 999999999999999],
  ])('accepts %j as %d', (text, value) => {
    const r = parseInteger(text);
    expect(r).toEqual({ ok: true, value });
    if (r.ok) expect(Object.is(r.value, -0)).toBe(false);
  });

  it.each(['', '1.0', '1,5', '1 000', '1e3', '--1', '+', '-', 'x', '0x1F', '12a'])('rejects %j', (text) => {
    expect(parseInteger(text)).toEqual({ ok: false, expected: 'a whole number such as 12 or -3' });
  });

  it('rejects integers that a JavaScript number cannot hold exactly', () => {
    expect(parseInteger('1000000000000000')).toEqual({ ok: false, expected: 'a whole number of at most 15 digits' });
    expect(parseInteger('-9007199254740993')).toEqual({ ok: false, expected: 'a whole number of at most 15 digits' });
  });
});
