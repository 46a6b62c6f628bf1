/**
 * The SDMX-ML answer of INSEE's BDM web service
 * (https://bdm.insee.fr/series/sdmx/data/SERIES_BDM/<idbank>), SDMX 2.1
 * "structure specific" data:
 *
 *   <message:StructureSpecificData ...>
 *     <message:Header>...</message:Header>
 *     <message:DataSet ...>
 *       <Series IDBANK="010767832" FREQ="M" TITLE_FR="..." LAST_UPDATE="2026-04-03" ...>
 *         <Obs TIME_PERIOD="2026-02" OBS_VALUE="116.51" OBS_STATUS="A" OBS_QUAL="DEF" OBS_TYPE="A"/>
 *         ...
 *
 * A missing value is `OBS_VALUE="NaN"` (status O) or no OBS_VALUE at all.
 *
 * No XML library: a small, strict reader of the XML this needs (elements,
 * attributes, the five predefined entities and character references, text,
 * comments, CDATA, the XML declaration). Anything else, or anything
 * malformed (a tag not closed, mismatched end tags, an attribute without
 * quotes, a stray `&`...), is an error at its line and column.
 */
import { error, type Diagnostic, type Text } from '../core/diagnostic.js';
import { isValidDate, makeDate } from '../core/dates.js';
import type { InseeSeries } from './insee.js';

export interface XmlElement {
  name: string;
  /** The name without its namespace prefix. */
  local: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Text directly inside the element (concatenated, entities decoded). */
  text: string;
  line: number;
  column: number;
}

class XmlError extends Error {
  constructor(message: string, readonly offset: number, readonly text: Text) {
    super(message);
  }
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string, offset: number): string {
  if (!text.includes('&')) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const amp = text.indexOf('&', i);
    if (amp < 0) return out + text.slice(i);
    out += text.slice(i, amp);
    const semi = text.indexOf(';', amp);
    const ref = semi < 0 ? '' : text.slice(amp + 1, semi);
    let ch: string | undefined;
    if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) ch = String.fromCodePoint(Math.min(parseInt(ref.slice(2), 16), 0x10ffff));
    else if (/^#[0-9]{1,7}$/.test(ref)) ch = String.fromCodePoint(Math.min(parseInt(ref.slice(1), 10), 0x10ffff));
    else ch = ENTITIES[ref];
    if (ch === undefined) throw new XmlError(`"&" must start an entity such as &amp; or &#233;, found ${JSON.stringify(text.slice(amp, amp + 12))}`, offset + amp, { values: { found: JSON.stringify(text.slice(amp, amp + 12)) }, variant: 'entity' });
    out += ch;
    i = semi + 1;
  }
}

/** Parses a whole document into its root element; throws XmlError at the first problem. */
function parseXml(text: string, at: (offset: number) => { line: number; column: number }): XmlElement {
  const offsets = new Map<XmlElement, number>();
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? n : lt);
    if (chunk !== '') {
      if (stack.length === 0) {
        if (chunk.trim() !== '') throw new XmlError('text outside the root element', i + chunk.search(/\S/), { values: {  }, variant: 'textOutside' });
      } else {
        if (chunk.includes(']]>')) throw new XmlError('"]]>" outside a CDATA section', i + chunk.indexOf(']]>'), { values: {  }, variant: 'cdataEnd' });
        stack[stack.length - 1]!.text += decodeEntities(chunk, i);
      }
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) throw new XmlError('a processing instruction "<?" is not closed by "?>"', i, { values: {  }, variant: 'piOpen' });
      if (root !== null || stack.length > 0) throw new XmlError('a processing instruction after the root element starts', i, { values: {  }, variant: 'piLate' });
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError('a comment "<!--" is not closed by "-->"', i, { values: {  }, variant: 'commentOpen' });
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0) throw new XmlError('a CDATA section is not closed by "]]>"', i, { values: {  }, variant: 'cdataOpen' });
      if (stack.length === 0) throw new XmlError('a CDATA section outside the root element', i, { values: {  }, variant: 'cdataOutside' });
      stack[stack.length - 1]!.text += text.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<!', i)) throw new XmlError('a document type or other declaration ("<!") is not expected in an SDMX-ML message', i, { values: {  }, variant: 'doctype' });
    if (text.startsWith('</', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) throw new XmlError('an end tag is not closed by ">"', i, { values: {  }, variant: 'endTagOpen' });
      const name = text.slice(i + 2, end).trimEnd();
      const open = stack.pop();
      if (!open) throw new XmlError(`end tag </${name}> without a start tag`, i, { values: { name }, variant: 'endWithoutStart' });
      if (open.name !== name) throw new XmlError(`end tag </${name}> does not match the start tag <${open.name}> of line ${open.line}`, i, { values: { name, start: open.name, line: open.line }, variant: 'mismatch' });
      i = end + 1;
      continue;
    }
    // A start tag or an empty-element tag.
    const start = i;
    i++;
    let j = i;
    while (j < n && !isSpace(text[j]) && text[j] !== '>' && text[j] !== '/') j++;
    const name = text.slice(i, j);
    if (!NAME_RE.test(name)) throw new XmlError(`expected an element name after "<", found ${JSON.stringify(text.slice(i, i + 20))}`, start, { values: { found: JSON.stringify(text.slice(i, i + 20)) }, variant: 'elementName' });
    if (root !== null && stack.length === 0) throw new XmlError(`a second root element <${name}>`, start, { values: { name }, variant: 'secondRoot' });
    const element: XmlElement = { name, local: name.slice(name.indexOf(':') + 1), attributes: new Map(), children: [], text: '', ...at(start) };
    i = j;
    let empty = false;
    for (;;) {
      const hadSpace = isSpace(text[i]);
      while (isSpace(text[i])) i++;
      if (i >= n) throw new XmlError(`the tag <${name}> is not closed by ">"`, start, { values: { name }, variant: 'tagOpen' });
      if (text[i] === '>') { i++; break; }
      if (text.startsWith('/>', i)) { i += 2; empty = true; break; }
      if (!hadSpace) throw new XmlError(`expected a space, ">" or "/>" in the tag <${name}> of line ${at(start).line}, found ${JSON.stringify(text[i])}`, i, { values: { name, line: at(start).line, found: JSON.stringify(text[i]) }, variant: 'space' });
      let k = i;
      while (k < n && !isSpace(text[k]) && text[k] !== '=' && text[k] !== '>' && text[k] !== '/') k++;
      const attr = text.slice(i, k);
      if (!NAME_RE.test(attr)) throw new XmlError(`expected an attribute name in the tag <${name}> of line ${at(start).line}, found ${JSON.stringify(text.slice(i, i + 20))}`, i, { values: { name, line: at(start).line, found: JSON.stringify(text.slice(i, i + 20)) }, variant: 'attributeName' });
      while (isSpace(text[k])) k++;
      if (text[k] !== '=') throw new XmlError(`attribute ${attr} of <${name}> (line ${at(start).line}) has no value (expected ${attr}="...")`, k, { values: { attr, name, line: at(start).line }, variant: 'noValue' });
      k++;
      while (isSpace(text[k])) k++;
      const quote = text[k];
      if (quote !== '"' && quote !== "'") throw new XmlError(`the value of attribute ${attr} of <${name}> (line ${at(start).line}) must be quoted`, k, { values: { attr, name, line: at(start).line }, variant: 'unquoted' });
      const close = text.indexOf(quote, k + 1);
      if (close < 0) throw new XmlError(`the value of attribute ${attr} of <${name}> (line ${at(start).line}) is not closed`, k, { values: { attr, name, line: at(start).line }, variant: 'valueOpen' });
      const raw = text.slice(k + 1, close);
      const lt2 = raw.indexOf('<');
      if (lt2 >= 0) throw new XmlError(`"<" inside the value of attribute ${attr} of <${name}> (line ${at(start).line}) (is a quote missing?)`, k + 1 + lt2, { values: { attr, name, line: at(start).line }, variant: 'ltInValue' });
      if (element.attributes.has(attr)) throw new XmlError(`attribute ${attr} is given twice in <${name}>`, i, { values: { attr, name }, variant: 'attrTwice' });
      element.attributes.set(attr, decodeEntities(raw, k + 1).replace(/[\t\n\r]/g, ' '));
      i = close + 1;
    }
    offsets.set(element, start);
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else root = element;
    if (!empty) stack.push(element);
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    throw new XmlError(`the element <${open.name}> is never closed (the document ends first)`, offsets.get(open)!, { values: { name: open.name }, variant: 'neverClosed' });
  }
  if (root === null) throw new XmlError('no root element: the file is empty', 0, { values: {  }, variant: 'noRoot' });
  return root;
}

/** Line starts, to turn offsets into lines and columns. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Parses an XML document: the root element, every element knowing its line and column. */
export function readXml(file: string, text: string): { root: XmlElement | null; diagnostics: Diagnostic[] } {
  const at = locator(text);
  try {
    const root = parseXml(text, at);
    return { root, diagnostics: [] };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    return { root: null, diagnostics: [error('bad-xml', e.message, { file, ...at(e.offset) }, e.text)] };
  }
}

const VALUE_RE = /^[+-]?\d+(\.\d+)?$/;

/** The series of an SDMX-ML structure-specific data message. */
export function parseSdmx(file: string, text: string): { series: InseeSeries[] | null; diagnostics: Diagnostic[] } {
  const { root, diagnostics } = readXml(file, text);
  if (!root) return { series: null, diagnostics };
  const where = (e: XmlElement) => ({ file, line: e.line, column: e.column });
  const fail = (e: XmlElement, code: string, message: string, text: Text) => {
    diagnostics.push(error(code, message, where(e), text));
    return { series: null, diagnostics };
  };
  if (root.local === 'Error') {
    const texts: string[] = [];
    const walk = (e: XmlElement) => {
      if (e.text.trim() !== '') texts.push(e.text.trim());
      e.children.forEach(walk);
    };
    walk(root);
    return fail(root, 'sdmx-error', `the web service answered with an error${texts.length > 0 ? `: ${texts.join(' ')}` : ''} (is the idBank right?)`, texts.length > 0 ? { values: { texts: texts.join(' ') }, variant: 'texts' } : { values: {} });
  }
  if (root.local === 'GenericData') {
    return fail(root, 'sdmx-format', 'this is SDMX-ML "generic" data; medcoop reads the "structure specific" data that bdm.insee.fr/series/sdmx/data/SERIES_BDM/<idbank> answers by default', { values: {}, variant: 'generic' });
  }
  if (root.local !== 'StructureSpecificData') {
    return fail(root, 'sdmx-format', `expected an SDMX-ML data message (<message:StructureSpecificData>), found <${root.name}>`, { values: { name: root.name }, variant: 'notData' });
  }
  const series: InseeSeries[] = [];
  const before = diagnostics.length;
  for (const ds of root.children.filter((c) => c.local === 'DataSet')) {
    for (const s of ds.children) {
      if (s.local === 'Obs') return fail(s, 'sdmx-format', '<Obs> directly inside <DataSet>: expected observations grouped by <Series> (dimensionAtObservation=TIME_PERIOD)', { values: {}, variant: 'obsInDataSet' });
      if (s.local !== 'Series') continue;
      const idBank = s.attributes.get('IDBANK');
      if (idBank === undefined || !/^\d{1,12}$/.test(idBank)) {
        diagnostics.push(error('sdmx-series', idBank === undefined ? '<Series> without an IDBANK attribute' : `IDBANK: expected digits such as 010767832, got ${JSON.stringify(idBank)}`, where(s), idBank === undefined ? { values: {}, variant: 'noIdBank' } : { values: { got: JSON.stringify(idBank) }, variant: 'idBank' }));
        continue;
      }
      if (series.some((o) => o.idBank === idBank)) {
        diagnostics.push(error('sdmx-series', `series ${idBank} is given twice (an answer with includeHistory=true is not supported: ask without it)`, where(s), { values: { series: idBank }, variant: 'twice' }));
        continue;
      }
      const lu = /^(\d{4})-(\d{2})-(\d{2})/.exec(s.attributes.get('LAST_UPDATE') ?? '');
      const lastUpdate = lu && isValidDate(Number(lu[1]), Number(lu[2]), Number(lu[3])) ? makeDate(Number(lu[1]), Number(lu[2]), Number(lu[3])) : null;
      const one: InseeSeries = {
        idBank,
        label: s.attributes.get('TITLE_FR') ?? s.attributes.get('TITLE_EN') ?? s.attributes.get('TITLE') ?? '',
        lastUpdate,
        frequency: s.attributes.get('FREQ') ?? null,
        observations: [],
        line: s.line,
        column: s.column,
      };
      const periods = new Map<string, number>();
      for (const o of s.children) {
        if (o.local !== 'Obs') continue;
        const period = o.attributes.get('TIME_PERIOD');
        if (period === undefined || period.trim() === '') {
          diagnostics.push(error('sdmx-obs', '<Obs> without a TIME_PERIOD', where(o), { values: {}, variant: 'noPeriod' }));
          continue;
        }
        const prev = periods.get(period);
        if (prev !== undefined) {
          diagnostics.push(error('sdmx-obs', `series ${idBank}: period ${period} is already given on line ${prev}`, where(o), { values: { series: idBank, period, line: prev }, variant: 'twice' }));
          continue;
        }
        periods.set(period, o.line);
        const raw = o.attributes.get('OBS_VALUE');
        const status = o.attributes.get('OBS_STATUS') ?? '';
        if (status !== '' && !/^[A-Z]{1,2}$/.test(status)) {
          diagnostics.push(error('insee-status', `OBS_STATUS: expected a status code (A, P, SD, R, O...), got ${JSON.stringify(status)}`, where(o), { values: { got: JSON.stringify(status) }, variant: 'sdmx' }));
          continue;
        }
        let value: string | null = null;
        if (raw !== undefined && raw.trim() !== '' && raw.trim() !== 'NaN') {
          const t = raw.trim();
          if (!VALUE_RE.test(t)) {
            diagnostics.push(error('bad-number', `${period}: OBS_VALUE: expected a decimal number such as 116.51, got ${JSON.stringify(raw)}`, where(o), { values: { period, got: JSON.stringify(raw) }, variant: 'obsValue' }));
            continue;
          }
          value = canonical(t);
        }
        one.observations.push({ period: period.trim(), value, status, line: o.line, column: o.column });
      }
      series.push(one);
    }
  }
  if (diagnostics.length > before) return { series: null, diagnostics };
  if (series.length === 0) return fail(root, 'sdmx-series', 'the answer holds no series (no <Series> in a <DataSet>): is the idBank right?', { values: {}, variant: 'none' });
  return { series, diagnostics };
}

/** `+0129.80` → `129.80`: no sign for positives, no leading zeros. */
function canonical(t: string): string {
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const [int = '0', frac] = body.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const out = frac === undefined ? i : `${i}.${frac}`;
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
}
