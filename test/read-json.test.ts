import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJson, type JsonNode } from '../src/read/json.js';
import { diagnosticMessage, useLanguage } from '../src/cli/i18n.js';

/** The plain value of a node, numbers kept as their source text. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'number':
      return { number: node.text };
    case 'null':
      return null;
    default:
      return node.value;
  }
}

function ok(text: string): JsonNode {
  const { node, diagnostics } = parseJson('medcoop.json', text);
  expect(diagnostics).toEqual([]);
  expect(node).not.toBeNull();
  return node!;
}

function fails(text: string): { message: string; line: number; column: number } {
  const { node, diagnostics } = parseJson('medcoop.json', text);
  expect(node).toBeNull();
  expect(diagnostics).toHaveLength(1);
  const d = diagnostics[0]!;
  expect(d.severity).toBe('error');
  expect(d.code).toBe('invalid-json');
  expect(d.file).toBe('medcoop.json');
  return { message: d.message, line: d.line!, column: d.column! };
}

describe('parseJson: values and positions', () => {
  it('keeps the position of every value and key', () => {
    const text = '{\n  "name": "Médiation",\n  "prices": [ { "p0": 21437.50 } ],\n  "ok": true,\n  "none": null\n}\n';
    expect(ok(text)).toEqual({
      kind: 'object',
      line: 1,
      column: 1,
      entries: [
        { key: 'name', keyLine: 2, keyColumn: 3, value: { kind: 'string', value: 'Médiation', line: 2, column: 11 } },
        {
          key: 'prices',
          keyLine: 3,
          keyColumn: 3,
          value: {
            kind: 'array',
            line: 3,
            column: 13,
            items: [
              {
                kind: 'object',
                line: 3,
                column: 15,
                entries: [{ key: 'p0', keyLine: 3, keyColumn: 17, value: { kind: 'number', text: '21437.50', line: 3, column: 23 } }],
              },
            ],
          },
        },
        { key: 'ok', keyLine: 4, keyColumn: 3, value: { kind: 'boolean', value: true, line: 4, column: 9 } },
        { key: 'none', keyLine: 5, keyColumn: 3, value: { kind: 'null', line: 5, column: 11 } },
      ],
    });
  });

  it('keeps the exact source text of numbers', () => {
    const node = ok('[21437.50, 0, -0, 0.10, 1e3, 1E+03, -2.5e-7, 12345678901234567890.000000000000000001, 20]');
    expect(plain(node)).toEqual(
      ['21437.50', '0', '-0', '0.10', '1e3', '1E+03', '-2.5e-7', '12345678901234567890.000000000000000001', '20'].map((n) => ({ number: n })),
    );
  });

  it('reads scalars at the top level, surrounded by whitespace', () => {
    expect(ok(' \t\r\n "x" \n')).toEqual({ kind: 'string', value: 'x', line: 2, column: 2 });
    expect(ok('42')).toEqual({ kind: 'number', text: '42', line: 1, column: 1 });
    expect(ok('false')).toEqual({ kind: 'boolean', value: false, line: 1, column: 1 });
    expect(ok('null')).toEqual({ kind: 'null', line: 1, column: 1 });
    expect(ok('{}')).toEqual({ kind: 'object', entries: [], line: 1, column: 1 });
    expect(ok('[ ]')).toEqual({ kind: 'array', items: [], line: 1, column: 1 });
  });

  it('decodes every escape', () => {
    const node = ok(String.raw`"a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\u20AC\ud83d\ude00"`);
    expect(node).toMatchObject({ kind: 'string', value: 'a"b\\c/d\be\ff\ng\rh\ti\u00e9€😀' });
  });

  it('skips a leading BOM without counting it in the columns', () => {
    expect(ok('\ufeff{"a": 1}')).toEqual({
      kind: 'object',
      line: 1,
      column: 1,
      entries: [{ key: 'a', keyLine: 1, keyColumn: 2, value: { kind: 'number', text: '1', line: 1, column: 7 } }],
    });
  });

  it('counts lines over LF, CRLF and a lone CR', () => {
    expect(ok('[\r\n1,\r2,\n3]')).toMatchObject({
      items: [
        { text: '1', line: 2, column: 1 },
        { text: '2', line: 3, column: 1 },
        { text: '3', line: 4, column: 1 },
      ],
    });
  });

  it('counts columns in UTF-16 code units', () => {
    // "😀" is two code units, "é" one.
    expect(ok('["😀", "é", 1]')).toMatchObject({ items: [{ column: 2 }, { column: 8 }, { column: 13 }] });
  });

  it('keeps object entries in source order', () => {
    const node = ok('{"b": 1, "a": 2, "10": 3}');
    expect(node.kind === 'object' && node.entries.map((e) => e.key)).toEqual(['b', 'a', '10']);
  });

  it('reads what JSON.stringify writes, and agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const node = ok(text);
        const toJs = (n: JsonNode): unknown =>
          n.kind === 'object'
            ? Object.fromEntries(n.entries.map((e) => [e.key, toJs(e.value)]))
            : n.kind === 'array'
              ? n.items.map(toJs)
              : n.kind === 'number'
                ? Number(n.text)
                : n.kind === 'null'
                  ? null
                  : n.value;
        expect(toJs(node)).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseJson: duplicate keys', () => {
  it('reports a duplicate key at its second occurrence and still returns the tree', () => {
    const { node, diagnostics } = parseJson('medcoop.json', '{\n  "a": 1,\n  "b": {"x": 1, "x": 2},\n  "a": 3\n}');
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'duplicate-key', message: 'duplicate key "x" (first at line 3, column 9)', file: 'medcoop.json', line: 3, column: 17, values: { key: '"x"', line: 3, column: 9 } },
      { severity: 'error', code: 'duplicate-key', message: 'duplicate key "a" (first at line 2, column 3)', file: 'medcoop.json', line: 4, column: 3, values: { key: '"a"', line: 2, column: 3 } },
    ]);
    expect(node?.kind === 'object' && node.entries.map((e) => e.key)).toEqual(['a', 'b', 'a']);
  });

  it('does not confuse the same key in two objects', () => {
    expect(parseJson('f.json', '[{"a": 1}, {"a": 2}]').diagnostics).toEqual([]);
  });
});

describe('parseJson: syntax errors', () => {
  it.each([
    ['', 'unexpected end of file: expected a JSON value', 1, 1],
    ['   \n  ', 'unexpected end of file: expected a JSON value', 2, 3],
    ['{"a": 1', 'unexpected end of file: expected "," or "}" after a property value', 1, 8],
    ['{"a": 1 "b": 2}', 'expected "," or "}" after a property value, found character "\\""', 1, 9],
    ['{\n  "a": 1\n  "b": 2\n}', 'expected "," or "}" after a property value, found character "\\""', 3, 3],
    ['[1 2]', 'expected "," or "]" after an array item, found character "2"', 1, 4],
    ['[1,]', 'a comma cannot come before "]" (expected an array item)', 1, 4],
    ['{"a": 1,}', 'a comma cannot come before "}" (expected a property name in double quotes)', 1, 9],
    ['{"a": 1,\n  }', 'a comma cannot come before "}" (expected a property name in double quotes)', 2, 3],
    ['{a: 1}', 'expected a property name in double quotes or "}", found character "a"', 1, 2],
    ['{"a" 1}', 'expected ":" after a property name, found character "1"', 1, 6],
    ['{"a": }', 'expected a property value, found character "}"', 1, 7],
    ["{'a': 1}", 'expected a property name in double quotes or "}", found character "\'"', 1, 2],
    ["['a']", 'strings must be in double quotes (expected an array item)', 1, 2],
    ['"abc', 'unterminated string: the closing quote is missing', 1, 1],
    ['{"name": "abc\n"}', 'unterminated string: a string cannot hold a line break (write \\n)', 1, 10],
    ['"a\tb"', 'a string cannot hold character U+0009 (write it as an escape such as \\t or \\u00XX)', 1, 3],
    ['"a\\xb"', 'invalid escape \\x in a string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', 1, 3],
    ['"\\u12G4"', 'expected four hexadecimal digits after \\u', 1, 2],
    ['01', 'a number cannot have leading zeros', 1, 2],
    ['-', 'expected a digit after "-"', 1, 2],
    ['-a', 'expected a digit after "-"', 1, 2],
    ['1.', 'expected a digit after the decimal point', 1, 3],
    ['[1.e3]', 'expected a digit after the decimal point', 1, 4],
    ['1e', 'expected a digit in the exponent', 1, 3],
    ['1e+', 'expected a digit in the exponent', 1, 4],
    ['.5', 'expected a JSON value, found character "."', 1, 1],
    ['+1', 'expected a JSON value, found character "+"', 1, 1],
    ['[1.2.3]', 'unexpected character "." in a number', 1, 5],
    ['[12abc]', 'unexpected character "a" in a number', 1, 4],
    ['[NaN]', 'expected an array item, found character "N"', 1, 2],
    ['[Infinity]', 'expected an array item, found character "I"', 1, 2],
    ['[tru]', 'expected true', 1, 2],
    ['[nulll]', 'expected null', 1, 2],
    ['falsey', 'expected false', 1, 1],
    ['{"a": 1} x', 'unexpected character "x" after the end of the JSON value', 1, 10],
    ['{} {}', 'unexpected character "{" after the end of the JSON value', 1, 4],
    ['{"a": 1 // note\n}', 'comments are not allowed in JSON (expected "," or "}" after a property value)', 1, 9],
    ['/* c */ {}', 'comments are not allowed in JSON (expected a JSON value)', 1, 1],
    ['{"a":\u00a01}', 'expected a property value, found character "\u00a0" (U+00A0)', 1, 6],
    ['\ufeff\ufeff{}', 'expected a JSON value, found character "\ufeff" (U+FEFF)', 1, 1],
    ['[1,\n  2,\n  ]', 'a comma cannot come before "]" (expected an array item)', 3, 3],
  ])('rejects %j: %s at %i:%i', (text, message, line, column) => {
    expect(fails(text)).toEqual({ message, line, column });
  });

  it('refuses nesting deeper than 500 levels instead of overflowing the stack', () => {
    expect(fails('['.repeat(501) + ']'.repeat(501))).toEqual({ message: 'nesting deeper than 500 levels', line: 1, column: 501 });
    expect(ok('['.repeat(500) + ']'.repeat(500)).kind).toBe('array');
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"a"', '"b"', '1', '-0.5', 'true', 'null', ' ', '\n', '01', '1.', '"\\u00"'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const { node, diagnostics } = parseJson('f.json', text);
        expect(node !== null).toBe(valid);
        if (valid) expect(diagnostics.every((d) => d.code === 'duplicate-key')).toBe(true);
        else expect(diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseJson: its errors in French (issue 15)', () => {
  it.each([
    ['', 'fin de fichier inattendue : attendu une valeur JSON'],
    ['{"a": 1,}', 'une virgule ne peut précéder « } » (attendu un nom de propriété entre guillemets doubles)'],
    ['{"a" 1}', 'attendu « : » après un nom de propriété, trouvé le caractère "1"'],
    ["{'a': 1}", 'attendu un nom de propriété entre guillemets doubles ou « } », trouvé le caractère "\'"'],
    ['[1, 2', 'fin de fichier inattendue : attendu « , » ou « ] » après un élément de tableau'],
    ['{"a": 01}', 'un nombre ne peut commencer par des zéros'],
    ['{"a": "x', 'chaîne non terminée : le guillemet fermant manque'],
    ['{"a": tru}', 'attendu true'],
    ['{"a": 1} x', 'le caractère "x" est inattendu après la fin de la valeur JSON'],
    ['{"a": "\\q"}', 'séquence d\'échappement \\q invalide dans une chaîne (admises : \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)'],
    ['{"a": 1, "a": 2}', 'clé "a" en double (première occurrence ligne 1, colonne 2)'],
  ])('%j', async (text, french) => {
    const { diagnostics } = parseJson('f.json', text);
    expect(diagnostics).toHaveLength(1);
    await useLanguage('fr');
    try {
      expect(diagnosticMessage(diagnostics[0]!)).toBe(french);
    } finally {
      await useLanguage('en');
    }
    expect(diagnosticMessage(diagnostics[0]!)).toBe(diagnostics[0]!.message);
  });
});
