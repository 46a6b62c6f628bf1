import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonChunks, JsonList } from '../src/render/json-chunks.js';

const whole = (v: unknown, size?: number) => [...jsonChunks(v, size)].join('');

describe('jsonChunks', () => {
  it('gives the bytes of JSON.stringify(value, null, 2) plus a newline, whatever the piece size', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 200 }), (v, size) => {
        expect(whole(v, size)).toBe(`${JSON.stringify(v, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('lays out empty arrays and objects, and leaves out what JSON leaves out', () => {
    const v = { a: [], b: {}, c: undefined, d: [undefined, 1, { e: 'x\ny' }], f: null };
    expect(whole(v)).toBe(`${JSON.stringify(v, null, 2)}\n`);
    expect(whole(v)).toBe('{\n  "a": [],\n  "b": {},\n  "d": [\n    null,\n    1,\n    {\n      "e": "x\\ny"\n    }\n  ],\n  "f": null\n}\n');
  });

  it('makes a JsonList element by element, as the array it stands for', () => {
    let made = 0;
    const list = new JsonList(function* () {
      for (let i = 0; i < 3; i++) {
        made++;
        yield { i };
      }
    });
    const pieces = jsonChunks({ n: 1, items: list }, 1);
    expect(made).toBe(0); // nothing made before it is written
    expect([...pieces].join('')).toBe(`${JSON.stringify({ n: 1, items: [{ i: 0 }, { i: 1 }, { i: 2 }] }, null, 2)}\n`);
    expect(made).toBe(3);
    expect(whole(new JsonList(() => []))).toBe('[]\n');
  });
});
