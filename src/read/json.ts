/**
 * A strict JSON (RFC 8259) parser that keeps where every value comes from and
 * the exact source text of numbers (`21437.50` stays `"21437.50"`), so that a
 * config error can say `medcoop.json:LINE:COLUMN` and decimals stay exact.
 *
 * Lines and columns are 1-based; a column counts UTF-16 code units from the
 * start of the line. LF, CRLF and a lone CR each end a line. A leading BOM is
 * skipped and not counted.
 */
import { error, type Diagnostic, type Text } from '../core/diagnostic.js';

export type JsonNode =
  | { kind: 'object'; entries: { key: string; keyLine: number; keyColumn: number; value: JsonNode }[]; line: number; column: number }
  | { kind: 'array'; items: JsonNode[]; line: number; column: number }
  | { kind: 'string'; value: string; line: number; column: number }
  | { kind: 'number'; text: string; line: number; column: number }
  | { kind: 'boolean'; value: boolean; line: number; column: number }
  | { kind: 'null'; line: number; column: number };

/** Deeper nesting is refused rather than overflowing the stack. */
const MAX_DEPTH = 500;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** The message's values and variant, for the terminal's language (issue 15): diag.invalid-json.<variant>. */
    readonly text: Text,
  ) {
    super(message);
  }
}

export function parseJson(file: string, text: string): { node: JsonNode | null; diagnostics: Diagnostic[] } {
  const parser = new Parser(text);
  try {
    const node = parser.document();
    return { node, diagnostics: parser.duplicates.map((d) => ({ ...d, file })) };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { node: null, diagnostics: [error('invalid-json', e.message, { file, line: e.line, column: e.column }, e.text)] };
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  readonly duplicates: Diagnostic[] = [];
  private pos = 0;
  private line = 1;
  /** Index where the current line starts. */
  private lineStart = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
  }

  document(): JsonNode {
    this.skipWhitespace();
    const node = this.value('a JSON value');
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the JSON value`, { values: { found: this.describe() }, variant: 'afterEnd' });
    return node;
  }

  private get column(): number {
    return this.pos - this.lineStart + 1;
  }

  private fail(message: string, text: Text, line = this.line, column = this.column): never {
    throw new JsonSyntaxError(message, line, column, text);
  }

  /** The character at `pos`, for messages. */
  private describe(): string {
    if (this.pos >= this.text.length) return 'end of file';
    const c = this.text.charAt(this.pos);
    const code = c.charCodeAt(0);
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code < 0x20 || code === 0x7f) return `character ${hex}`;
    if (code > 0x7e) return `character ${JSON.stringify(c)} (${hex})`;
    return `character ${JSON.stringify(c)}`;
  }

  /** `expected X` at `pos`, saying what was found instead. */
  private expected(what: string): never {
    if (this.pos >= this.text.length) this.fail(`unexpected end of file: expected ${what}`, { values: { expected: what }, variant: 'eof' });
    const c = this.text.charAt(this.pos);
    if (c === '/' && (this.text.charAt(this.pos + 1) === '/' || this.text.charAt(this.pos + 1) === '*')) {
      this.fail(`comments are not allowed in JSON (expected ${what})`, { values: { expected: what }, variant: 'comment' });
    }
    this.fail(`expected ${what}, found ${this.describe()}`, { values: { expected: what, found: this.describe() }, variant: 'expected' });
  }

  private skipWhitespace(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09) this.pos++;
      else if (c === 0x0a) this.newline(this.pos + 1);
      else if (c === 0x0d) this.newline(text.charCodeAt(this.pos + 1) === 0x0a ? this.pos + 2 : this.pos + 1);
      else return;
    }
  }

  private newline(next: number): void {
    this.pos = next;
    this.line++;
    this.lineStart = next;
  }

  private value(what: string): JsonNode {
    const { line, column } = this;
    const c = this.text.charAt(this.pos);
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return { kind: 'string', value: this.string(), line, column };
      case 't':
        this.literal('true');
        return { kind: 'boolean', value: true, line, column };
      case 'f':
        this.literal('false');
        return { kind: 'boolean', value: false, line, column };
      case 'n':
        this.literal('null');
        return { kind: 'null', line, column };
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return { kind: 'number', text: this.number(), line, column };
        if (c === "'") this.fail(`strings must be in double quotes (expected ${what})`, { values: { expected: what }, variant: 'singleQuote' });
        if (c === ']' || c === '}') {
          const before = this.previousSignificant();
          if (before === ',') this.fail(`a comma cannot come before "${c}" (expected ${what})`, { values: { char: c, expected: what }, variant: 'trailingComma' });
        }
        return this.expected(what);
    }
  }

  /** The last non-whitespace character before `pos`. */
  private previousSignificant(): string {
    let i = this.pos - 1;
    while (i >= 0 && ' \t\r\n'.includes(this.text.charAt(i))) i--;
    return i >= 0 ? this.text.charAt(i) : '';
  }

  private literal(word: 'true' | 'false' | 'null'): void {
    if (this.text.startsWith(word, this.pos)) {
      const after = this.text.charCodeAt(this.pos + word.length);
      // `nullx` or `true1`: the word must end there.
      if (!isWordChar(after)) {
        this.pos += word.length;
        return;
      }
    }
    this.fail(`expected ${word}`, { values: { word }, variant: 'literal' });
  }

  private number(): string {
    const { text } = this;
    const start = this.pos;
    if (text.charAt(this.pos) === '-') this.pos++;
    const first = text.charAt(this.pos);
    if (first === '0') {
      this.pos++;
      if (isDigit(text.charAt(this.pos))) this.fail('a number cannot have leading zeros', { values: {}, variant: 'leadingZeros' });
    } else if (isDigit(first)) {
      while (isDigit(text.charAt(this.pos))) this.pos++;
    } else {
      this.fail('expected a digit after "-"', { values: {}, variant: 'digitMinus' });
    }
    if (text.charAt(this.pos) === '.') {
      this.pos++;
      if (!isDigit(text.charAt(this.pos))) this.fail('expected a digit after the decimal point', { values: {}, variant: 'digitPoint' });
      while (isDigit(text.charAt(this.pos))) this.pos++;
    }
    const e = text.charAt(this.pos);
    if (e === 'e' || e === 'E') {
      this.pos++;
      const sign = text.charAt(this.pos);
      if (sign === '+' || sign === '-') this.pos++;
      if (!isDigit(text.charAt(this.pos))) this.fail('expected a digit in the exponent', { values: {}, variant: 'digitExponent' });
      while (isDigit(text.charAt(this.pos))) this.pos++;
    }
    if (isWordChar(text.charCodeAt(this.pos)) || text.charAt(this.pos) === '.') this.fail(`unexpected ${this.describe()} in a number`, { values: { found: this.describe() }, variant: 'inNumber' });
    return text.slice(start, this.pos);
  }

  /** Reads a string starting at the opening quote at `pos`; returns its value. */
  private string(): string {
    const { text } = this;
    const openLine = this.line;
    const openColumn = this.column;
    this.pos++;
    let value = '';
    let segment = this.pos;
    for (;;) {
      if (this.pos >= text.length) this.fail('unterminated string: the closing quote is missing', { values: {}, variant: 'unterminated' }, openLine, openColumn);
      const code = text.charCodeAt(this.pos);
      if (code === 0x22) {
        value += text.slice(segment, this.pos);
        this.pos++;
        return value;
      }
      if (code === 0x5c) {
        value += text.slice(segment, this.pos);
        value += this.escape();
        segment = this.pos;
        continue;
      }
      if (code === 0x0a || code === 0x0d) {
        this.fail('unterminated string: a string cannot hold a line break (write \\n)', { values: {}, variant: 'lineBreak' }, openLine, openColumn);
      }
      if (code < 0x20) this.fail(`a string cannot hold ${this.describe()} (write it as an escape such as \\t or \\u00XX)`, { values: { found: this.describe() }, variant: 'control' });
      this.pos++;
    }
  }

  /** Reads the escape at `pos` (a backslash); returns the character(s) it stands for. */
  private escape(): string {
    const { text } = this;
    const c = text.charAt(this.pos + 1);
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (c === 'u') {
      const hex = text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('expected four hexadecimal digits after \\u', { values: {}, variant: 'hex' });
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (this.pos + 1 >= text.length) this.fail('unterminated string: the closing quote is missing', { values: {}, variant: 'unterminated' });
    return this.fail(`invalid escape \\${c} in a string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`, { values: { char: c }, variant: 'escape' });
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`, { values: { max: MAX_DEPTH }, variant: 'depth' });
  }

  private object(): JsonNode {
    const { line, column } = this;
    this.enter();
    this.pos++; // {
    const entries: { key: string; keyLine: number; keyColumn: number; value: JsonNode }[] = [];
    const seen = new Map<string, { line: number; column: number }>();
    this.skipWhitespace();
    if (this.text.charAt(this.pos) === '}') {
      this.pos++;
      this.depth--;
      return { kind: 'object', entries, line, column };
    }
    for (;;) {
      if (this.text.charAt(this.pos) !== '"') {
        if (this.text.charAt(this.pos) === '}') this.fail('a comma cannot come before "}" (expected a property name in double quotes)', { values: { char: '}', expected: 'a property name in double quotes' }, variant: 'trailingComma' });
        this.expected(entries.length === 0 ? 'a property name in double quotes or "}"' : 'a property name in double quotes');
      }
      const keyLine = this.line;
      const keyColumn = this.column;
      const key = this.string();
      const first = seen.get(key);
      if (first !== undefined) {
        this.duplicates.push(
          error('duplicate-key', `duplicate key ${JSON.stringify(key)} (first at line ${first.line}, column ${first.column})`, {
            line: keyLine,
            column: keyColumn,
          }, { values: { key: JSON.stringify(key), line: first.line, column: first.column } }),
        );
      } else {
        seen.set(key, { line: keyLine, column: keyColumn });
      }
      this.skipWhitespace();
      if (this.text.charAt(this.pos) !== ':') this.expected('":" after a property name');
      this.pos++;
      this.skipWhitespace();
      const value = this.value('a property value');
      entries.push({ key, keyLine, keyColumn, value });
      this.skipWhitespace();
      const c = this.text.charAt(this.pos);
      if (c === ',') {
        this.pos++;
        this.skipWhitespace();
      } else if (c === '}') {
        this.pos++;
        this.depth--;
        return { kind: 'object', entries, line, column };
      } else {
        this.expected('"," or "}" after a property value');
      }
    }
  }

  private array(): JsonNode {
    const { line, column } = this;
    this.enter();
    this.pos++; // [
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text.charAt(this.pos) === ']') {
      this.pos++;
      this.depth--;
      return { kind: 'array', items, line, column };
    }
    for (;;) {
      items.push(this.value('an array item'));
      this.skipWhitespace();
      const c = this.text.charAt(this.pos);
      if (c === ',') {
        this.pos++;
        this.skipWhitespace();
      } else if (c === ']') {
        this.pos++;
        this.depth--;
        return { kind: 'array', items, line, column };
      } else {
        this.expected('"," or "]" after an array item');
      }
    }
  }
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Letters, digits, `_` and `$`: what may not directly follow a literal or a number. */
function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x24;
}
