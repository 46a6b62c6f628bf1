/**
 * `JSON.stringify(value, null, 2)`, one piece of text at a time, the same
 * bytes: a `--json` document of 300 000 invoices is written as it is made,
 * never held whole. Arrays (and `JsonList`s, made element by element when
 * written) and the objects holding them are laid out here; every other value
 * by `JSON.stringify` itself, its lines indented to where it sits.
 */

/** An array made one element at a time when written (e.g. one object per invoice). */
export class JsonList {
  constructor(readonly items: () => Iterable<unknown>) {}
}

/** Pieces of about `size` characters (the last one shorter). */
export function* jsonChunks(value: unknown, size = 1 << 16): Generator<string> {
  let buf = '';
  for (const piece of layout(value, '')) {
    buf += piece;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}\n`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && !('toJSON' in v);
}

function* layout(value: unknown, indent: string): Generator<string> {
  const inner = `${indent}  `;
  if (Array.isArray(value) || value instanceof JsonList) {
    let first = true;
    for (const item of Array.isArray(value) ? value : value.items()) {
      yield `${first ? '[' : ','}\n${inner}`;
      first = false;
      // As JSON.stringify: an element that has no JSON form is null.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* layout(item, inner);
    }
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  if (isPlainObject(value)) {
    let first = true;
    for (const [key, v] of Object.entries(value)) {
      // As JSON.stringify: a property that has no JSON form is left out.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      first = false;
      yield* layout(v, inner);
    }
    yield first ? '{}' : `\n${indent}}`;
    return;
  }
  // A string holds no raw line break (JSON escapes them), so every \n here is between lines.
  yield JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}
