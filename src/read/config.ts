/**
 * Reads and validates `medcoop.json` (SPEC §3, §2.4). Every problem is
 * reported, each at its line and column, rather than stopping at the first.
 */
import { addYears, isValidDate, monthOf, type IsoDate } from '../core/dates.js';
import { error, type Diagnostic, type Text } from '../core/diagnostic.js';
import { decimal, showDecimal, ZERO } from '../core/exact.js';
import type { CoefficientRounding, Config, Dialect, KeyDef, Member, Price, RevisionConfig } from '../core/model.js';
import { closest, didYouMean } from '../core/suggest.js';

/** didYouMean's word as a message value: `variant` with `Near` appended when there is one (issue 15). */
function near(word: string, candidates: readonly string[], variant: string, values: Record<string, string | number>): Text {
  const c = closest(word, candidates);
  return c === null ? { values, variant } : { values: { ...values, near: c }, variant: `${variant}Near` };
}
import { parseJson, type JsonNode } from './json.js';

export const MEMBER_ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const CONFIG_DECIMAL_RE = /^-?\d+(\.\d+)?$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

type ObjectNode = Extract<JsonNode, { kind: 'object' }>;

class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}

  fail(node: { line: number; column: number }, code: string, message: string, text?: Text): void {
    this.diagnostics.push(error(code, message, { file: this.file, line: node.line, column: node.column }, text));
  }

  /** Checks the keys of an object against the allowed ones and returns a lookup. */
  object(node: JsonNode | undefined, path: string, allowed: readonly string[]): Map<string, JsonNode> | null {
    if (!node) return null;
    if (node.kind !== 'object') {
      this.fail(node, 'bad-config', `${path}: expected an object`, { values: { path }, variant: 'object' });
      return null;
    }
    const out = new Map<string, JsonNode>();
    for (const e of node.entries) {
      if (!allowed.includes(e.key)) {
        const near = closest(e.key, allowed);
        this.diagnostics.push(
          error('unknown-key', `${path ? `${path}.` : ''}${e.key}: unknown key${didYouMean(e.key, allowed)}`, { file: this.file, line: e.keyLine, column: e.keyColumn }, {
            values: { key: `${path ? `${path}.` : ''}${e.key}`, ...(near === null ? {} : { near }) },
            variant: near === null ? 'plain' : 'near',
          }),
        );
        continue;
      }
      out.set(e.key, e.value);
    }
    return out;
  }

  required(obj: Map<string, JsonNode>, key: string, path: string, parent: { line: number; column: number }): JsonNode | undefined {
    const v = obj.get(key);
    if (v === undefined) this.fail(parent, 'missing-key', `${path ? `${path}.` : ''}${key}: required`, { values: { key: `${path ? `${path}.` : ''}${key}` } });
    return v;
  }

  string(node: JsonNode | undefined, path: string): string | null {
    if (!node) return null;
    if (node.kind !== 'string') {
      this.fail(node, 'bad-config', `${path}: expected a string`, { values: { path }, variant: 'string' });
      return null;
    }
    return node.value;
  }

  /** A string that says something: not empty, not only spaces. */
  text(node: JsonNode | undefined, path: string): string | null {
    const value = this.string(node, path);
    if (value !== null && value.trim() === '') {
      this.fail(node!, 'bad-config', `${path}: must not be empty`, { values: { path }, variant: 'empty' });
      return null;
    }
    return value;
  }

  /** A decimal given as a JSON string or number, kept as its exact text. */
  decimal(node: JsonNode | undefined, path: string): string | null {
    if (!node) return null;
    const text = node.kind === 'string' ? node.value.trim() : node.kind === 'number' ? node.text : null;
    if (text === null || !CONFIG_DECIMAL_RE.test(text)) {
      this.fail(node, 'bad-number', `${path}: expected a decimal number such as "31.61"${text !== null ? `, got ${JSON.stringify(text)}` : ''}`, text !== null ? { values: { path, got: JSON.stringify(text) }, variant: 'configGot' } : { values: { path }, variant: 'config' });
      return null;
    }
    return canonicalDecimal(text);
  }

  integer(node: JsonNode | undefined, path: string, min: number, max: number): number | null {
    if (!node) return null;
    const text = node.kind === 'number' ? node.text : node.kind === 'string' ? node.value : null;
    if (text === null || !/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      this.fail(node, 'bad-number', `${path}: expected a whole number from ${min} to ${max}`, { values: { path, min, max }, variant: 'integer' });
      return null;
    }
    return Number(text);
  }

  date(node: JsonNode | undefined, path: string): IsoDate | null {
    const s = this.string(node, path);
    if (s === null || !node) return null;
    const m = ISO_DATE_RE.exec(s);
    if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
      this.fail(node, 'bad-date', `${path}: expected a date as YYYY-MM-DD, got ${JSON.stringify(s)}`, { values: { path, got: JSON.stringify(s) }, variant: 'config' });
      return null;
    }
    return s;
  }

  oneOf<T extends string>(node: JsonNode | undefined, path: string, values: readonly T[]): T | null {
    const s = this.string(node, path);
    if (s === null || !node) return null;
    if (!(values as readonly string[]).includes(s)) {
      this.fail(node, 'bad-config', `${path}: expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(s)}${didYouMean(s, values)}`, near(s, values, 'oneOf', { path, values: values.map((v) => JSON.stringify(v)).join(', '), got: JSON.stringify(s) }));
      return null;
    }
    return s as T;
  }

  array(node: JsonNode | undefined, path: string): JsonNode[] | null {
    if (!node) return null;
    if (node.kind !== 'array') {
      this.fail(node, 'bad-config', `${path}: expected an array`, { values: { path }, variant: 'array' });
      return null;
    }
    return node.items;
  }
}

/** `0031.610` → `31.610`; `-0` → `0`. Trailing zeros are kept: the text is quoted as written. */
export function canonicalDecimal(text: string): string {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const [int = '0', frac] = body.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const out = frac !== undefined ? `${i}.${frac}` : i;
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
}

const TOP_KEYS = ['name', 'contract', 'coordinator', 'members', 'keys', 'prices', 'revision', 'vat_pct', 'payment_days', 'inputs', 'output', 'notice', 'forecast', 'renewal', 'invoices_from'] as const;
const REVISION_KEYS = ['fixed', 'variable', 'base', 'current', 'known_on', 'rounding', 'series'] as const;
/**
 * The texts of the printable notice (`bill --html`), all strings: the name and
 * the position of the person who issues the notice, the issuer's address (line
 * breaks kept), the appeal routes and deadlines, and payment instructions.
 */
export const NOTICE_KEYS = ['issuer_name', 'issuer_position', 'issuer_address', 'appeal', 'payment_instructions'] as const;

/**
 * `unsetPrices`: an error for each price still at 0.00 (or below), as `init`
 * leaves them. They do not stop reading the config (`index import` needs no
 * price), only loading a workspace to compute with it.
 */
export function readConfig(file: string, text: string): { config: Config | null; diagnostics: Diagnostic[]; unsetPrices?: Diagnostic[] } {
  const parsed = parseJson(file, text);
  if (!parsed.node) return { config: null, diagnostics: parsed.diagnostics };
  const r = new Reader(file);
  r.diagnostics.push(...parsed.diagnostics);
  const root = parsed.node;
  const top = r.object(root, '', TOP_KEYS);
  if (!top) return { config: null, diagnostics: r.diagnostics };
  const at = root;

  const name = r.text(r.required(top, 'name', '', at), 'name');

  // contract
  let contract: Config['contract'] | null = null;
  const cNode = r.required(top, 'contract', '', at);
  const c = r.object(cNode, 'contract', ['start', 'end']);
  if (c && cNode) {
    const start = r.date(r.required(c, 'start', 'contract', cNode), 'contract.start');
    const end = r.date(r.required(c, 'end', 'contract', cNode), 'contract.end');
    if (start && end) {
      if (end < start) r.fail(c.get('end')!, 'bad-config', `contract.end (${end}) is before contract.start (${start})`, { values: { end, start }, variant: 'contractEnd' });
      else contract = { start, end };
    }
  }

  // members
  const members: Member[] = [];
  const memberIds = new Set<string>();
  const mItems = r.array(r.required(top, 'members', '', at), 'members');
  mItems?.forEach((item, i) => {
    const path = `members[${i}]`;
    const m = r.object(item, path, ['id', 'name']);
    if (!m) return;
    const idNode = r.required(m, 'id', path, item);
    const id = r.string(idNode, `${path}.id`);
    const mname = r.string(r.required(m, 'name', path, item), `${path}.name`);
    if (id === null || !idNode) return;
    if (!MEMBER_ID_RE.test(id)) {
      r.fail(idNode, 'bad-member-id', `${path}.id: ${JSON.stringify(id)} is not a valid member id (lowercase letters, digits and '-', starting with a letter or digit; it names the notice file)`, { values: { path, id: JSON.stringify(id) } });
      return;
    }
    if (memberIds.has(id)) {
      r.fail(idNode, 'duplicate-member', `${path}.id: member ${JSON.stringify(id)} is declared twice`, { values: { path: `${path}.id`, member: JSON.stringify(id) } });
      return;
    }
    memberIds.add(id);
    members.push({ id, name: mname ?? id });
  });
  if (mItems && mItems.length === 0) r.fail(top.get('members')!, 'bad-config', 'members: at least one member is needed', { values: {}, variant: 'noMember' });

  // coordinator
  const coordNode = r.required(top, 'coordinator', '', at);
  const coordinator = r.string(coordNode, 'coordinator');
  if (coordinator !== null && coordNode && mItems && !memberIds.has(coordinator)) {
    r.fail(coordNode, 'unknown-member', `coordinator: ${JSON.stringify(coordinator)} is not a declared member${didYouMean(coordinator, [...memberIds])}`, near(coordinator, [...memberIds], 'coordinator', { member: JSON.stringify(coordinator) }));
  }

  // keys
  const keys: KeyDef[] = [];
  const kItems = r.array(r.required(top, 'keys', '', at), 'keys');
  kItems?.forEach((item, i) => {
    const path = `keys[${i}]`;
    const k = r.object(item, path, ['from', 'shares']);
    if (!k) return;
    const fromNode = r.required(k, 'from', path, item);
    const from = r.date(fromNode, `${path}.from`);
    const sharesNode = r.required(k, 'shares', path, item);
    if (!sharesNode) return;
    if (sharesNode.kind !== 'object') {
      r.fail(sharesNode, 'bad-config', `${path}.shares: expected an object of member id → percentage`, { values: { path }, variant: 'shares' });
      return;
    }
    const given = new Map<string, string>();
    let sum = ZERO;
    let ok = true;
    for (const e of sharesNode.entries) {
      if (!memberIds.has(e.key)) {
        r.diagnostics.push(error('unknown-member', `${path}.shares: ${JSON.stringify(e.key)} is not a declared member${didYouMean(e.key, [...memberIds])}`, { file, line: e.keyLine, column: e.keyColumn }, near(e.key, [...memberIds], 'shares', { path, member: JSON.stringify(e.key) })));
        ok = false;
        continue;
      }
      const pct = r.decimal(e.value, `${path}.shares.${e.key}`);
      if (pct === null) { ok = false; continue; }
      if (decimal(pct).isNegative() && !decimal(pct).isZero() || decimal(pct).greaterThan(100)) {
        r.fail(e.value, 'bad-key', `${path}.shares.${e.key}: a percentage must be between 0 and 100, got ${pct}`, { values: { path, member: e.key, pct } });
        ok = false;
        continue;
      }
      if (given.has(e.key)) {
        r.diagnostics.push(error('duplicate-key', `${path}.shares: ${JSON.stringify(e.key)} is given twice`, { file, line: e.keyLine, column: e.keyColumn }, { values: { path, member: JSON.stringify(e.key) }, variant: 'shares' }));
        ok = false;
        continue;
      }
      given.set(e.key, pct);
      sum = sum.plus(decimal(pct));
    }
    if (ok && !sum.eq(100)) {
      r.fail(sharesNode, 'key-sum', `${path}.shares: the percentages add up to ${showDecimal(sum)}, not 100`, { values: { path: `${path}.shares`, sum: showDecimal(sum) } });
      ok = false;
    }
    if (coordinator !== null && memberIds.has(coordinator) && ok && !(given.has(coordinator) && decimal(given.get(coordinator)!).greaterThan(0))) {
      r.fail(sharesNode, 'coordinator-missing', `${path}.shares: the coordinator ${JSON.stringify(coordinator)} has no share; without it the group is dissolved (article 9)`, { values: { path: `${path}.shares`, coordinator: JSON.stringify(coordinator) } });
      ok = false;
    }
    if (from === null || !ok) return;
    keys.push({ from, shares: members.filter((m) => given.has(m.id)).map((m) => ({ member: m.id, pct: given.get(m.id)! })) });
  });
  if (kItems && kItems.length === 0) r.fail(top.get('keys')!, 'bad-config', 'keys: at least one key is needed', { values: {}, variant: 'noKey' });
  if (contract && kItems && keys.length === kItems.length && keys.length > 0) {
    const sorted = [...keys].sort((a, b) => (a.from < b.from ? -1 : 1));
    keys.forEach((k, i) => {
      const node = kItems[i]!;
      const anniversaries: string[] = [];
      for (let y = 0; ; y++) {
        const d = addYears(contract!.start, y);
        if (d > contract!.end) break;
        anniversaries.push(d);
      }
      if (!anniversaries.includes(k.from)) {
        r.fail(node, 'key-date', `keys[${i}].from: ${k.from} is not the contract's start or one of its anniversaries (${anniversaries.join(', ')}): a key changes only at a renewal date`, { values: { index: i, from: k.from, dates: anniversaries.join(', ') }, variant: 'anniversary' });
      }
      if (keys.filter((o) => o.from === k.from).length > 1) r.fail(node, 'key-date', `keys[${i}].from: two keys start on ${k.from}`, { values: { index: i, from: k.from }, variant: 'twice' });
    });
    if (sorted[0]!.from !== contract.start) {
      r.fail(kItems[keys.indexOf(sorted[0]!)]!, 'key-date', `keys: the first key starts on ${sorted[0]!.from}, but it must start on the contract's start ${contract.start}`, { values: { from: sorted[0]!.from, start: contract.start }, variant: 'first' });
    } else {
      const first = sorted[0]!;
      const missing = members.filter((m) => !first.shares.some((s) => s.member === m.id && decimal(s.pct).greaterThan(0)));
      if (missing.length > 0) {
        r.fail(kItems[keys.indexOf(first)]!, 'member-dropped', `keys: the first key has no share for ${missing.map((m) => JSON.stringify(m.id)).join(', ')}; no member can leave during year 1 (article 7)`, { values: { members: missing.map((m) => JSON.stringify(m.id)).join(', ') } });
      }
    }
    keys.sort((a, b) => (a.from < b.from ? -1 : 1));
  }

  // prices
  const prices: Price[] = [];
  const unset: Diagnostic[] = [];
  const pItems = r.array(r.required(top, 'prices', '', at), 'prices');
  pItems?.forEach((item, i) => {
    const path = `prices[${i}]`;
    const p = r.object(item, path, ['code', 'label', 'p0']);
    if (!p) return;
    const codeNode = r.required(p, 'code', path, item);
    const code = r.string(codeNode, `${path}.code`);
    const label = r.string(p.get('label'), `${path}.label`);
    const p0Node = r.required(p, 'p0', path, item);
    const p0 = r.decimal(p0Node, `${path}.p0`);
    if (p0 !== null && p0Node && decimal(p0).lte(0)) {
      // init writes 0.00 as a placeholder: billing it would send notices of 0.00 (issue 13).
      // Kept apart: `index import` may run before the prices are set.
      unset.push(error('bad-price', `${path}.p0: the initial price of ${code !== null ? JSON.stringify(code) : 'this code'} is ${p0}: write the contract's price (excl. VAT), above 0`, { file, line: p0Node.line, column: p0Node.column }, { values: { path, ...(code !== null ? { code: JSON.stringify(code) } : {}), p0 }, variant: code !== null ? 'code' : 'noCode' }));
    }
    if (code === null || !codeNode || p0 === null) return;
    if (code.trim() === '') { r.fail(codeNode, 'bad-config', `${path}.code: must not be empty`, { values: { path: `${path}.code` }, variant: 'empty' }); return; }
    if (prices.some((q) => q.code === code)) { r.fail(codeNode, 'duplicate-price', `${path}.code: price code ${JSON.stringify(code)} is declared twice`, { values: { path, code: JSON.stringify(code) } }); return; }
    prices.push({ code, label: label ?? code, p0: withCents(p0) });
  });

  // revision
  let revision: RevisionConfig | null = null;
  const revNode = r.required(top, 'revision', '', at);
  const rev = r.object(revNode, 'revision', REVISION_KEYS);
  if (rev && revNode) {
    const fixed = r.decimal(r.required(rev, 'fixed', 'revision', revNode), 'revision.fixed');
    const variable = r.decimal(r.required(rev, 'variable', 'revision', revNode), 'revision.variable');
    const baseNode = r.required(rev, 'base', 'revision', revNode);
    const b = r.object(baseNode, 'revision.base', ['month', 'rule']);
    let base: RevisionConfig['base'] | null = null;
    if (b && baseNode) {
      const monthNode = r.required(b, 'month', 'revision.base', baseNode);
      const month = r.string(monthNode, 'revision.base.month');
      if (month !== null && monthNode && !MONTH_RE.test(month)) r.fail(monthNode, 'bad-date', `revision.base.month: expected a month as YYYY-MM, got ${JSON.stringify(month)}`, { values: { got: JSON.stringify(month) }, variant: 'baseMonth' });
      const rule = b.has('rule') ? r.oneOf(b.get('rule'), 'revision.base.rule', ['month', 'known-at'] as const) : 'month';
      if (month !== null && monthNode && MONTH_RE.test(month) && contract && month >= monthOf(contract.start)) {
        // SPEC §2.2: I0 is a value known before the contract; a later month would make year 2's I0 a value after its I.
        r.fail(monthNode, 'bad-base-month', `revision.base.month: ${month} is not before the contract's start (${contract.start}): the base month must be an earlier month (the convention's is 2022-10)`, { values: { month, start: contract.start } });
      } else if (month !== null && MONTH_RE.test(month) && rule) base = { month, rule };
    }
    let current: RevisionConfig['current'] | null = { rule: 'known-at' };
    if (rev.has('current')) {
      const cur = r.object(rev.get('current'), 'revision.current', ['rule']);
      const rule = cur?.has('rule') ? r.oneOf(cur.get('rule'), 'revision.current.rule', ['known-at'] as const) : 'known-at';
      current = cur && rule ? { rule } : null;
    }
    const knownOn = rev.has('known_on') ? r.oneOf(rev.get('known_on'), 'revision.known_on', ['revision-date', 'month-end'] as const) : 'revision-date';
    let rounding: CoefficientRounding | null = { target: 'none' };
    if (rev.has('rounding')) {
      const rn = rev.get('rounding')!;
      const ro = r.object(rn, 'revision.rounding', ['target', 'decimals', 'mode']);
      rounding = null;
      if (ro) {
        const target = r.oneOf(r.required(ro, 'target', 'revision.rounding', rn), 'revision.rounding.target', ['none', 'coefficient', 'ratio'] as const);
        if (target === 'none') rounding = { target };
        else if (target) {
          const decimals = r.integer(r.required(ro, 'decimals', 'revision.rounding', rn), 'revision.rounding.decimals', 0, 12);
          const mode = r.oneOf(r.required(ro, 'mode', 'revision.rounding', rn), 'revision.rounding.mode', ['up', 'half-up', 'down'] as const);
          if (decimals !== null && mode) rounding = { target, decimals, mode };
        }
      }
    }
    const series = rev.has('series') ? r.string(rev.get('series'), 'revision.series') : null;
    if (fixed && variable && base && current && knownOn && rounding) {
      revision = { fixed, variable, base, current, knownOn, rounding, series };
    }
  }

  // vat, payment days
  let vatPct: string | null = '20';
  if (top.has('vat_pct')) {
    vatPct = r.decimal(top.get('vat_pct'), 'vat_pct');
    if (vatPct !== null && (vatPct.startsWith('-') || decimal(vatPct).greaterThan(100))) {
      r.fail(top.get('vat_pct')!, 'bad-number', `vat_pct: expected a rate from 0 to 100, got ${vatPct}`, { values: { got: vatPct }, variant: 'vat' });
      vatPct = null;
    }
  }
  const paymentDays = top.has('payment_days') ? r.integer(top.get('payment_days'), 'payment_days', 0, 366) : 30;

  // inputs
  let inputs: Config['inputs'] | null = null;
  const inNode = r.required(top, 'inputs', '', at);
  const inp = r.object(inNode, 'inputs', ['index', 'invoices', 'subsidies', 'payments', 'rates']);
  if (inp && inNode) {
    const index = r.text(r.required(inp, 'index', 'inputs', inNode), 'inputs.index');
    const invoices = r.text(r.required(inp, 'invoices', 'inputs', inNode), 'inputs.invoices');
    const subsidies = inp.has('subsidies') ? r.text(inp.get('subsidies'), 'inputs.subsidies') : null;
    const rates = inp.has('rates') ? r.text(inp.get('rates'), 'inputs.rates') : null;
    const payments = inp.has('payments') ? r.text(inp.get('payments'), 'inputs.payments') : null;
    if (index && invoices) inputs = { index, invoices, subsidies, ...(payments !== null ? { payments } : {}), ...(rates !== null ? { rates } : {}) };
  }

  // output, notice
  let dialect: Dialect | null = null;
  if (top.has('output')) {
    const o = r.object(top.get('output'), 'output', ['dialect']);
    if (o?.has('dialect')) dialect = r.oneOf(o.get('dialect'), 'output.dialect', ['csv', 'excel-fr'] as const);
  }
  const notice: Record<string, string> = {};
  if (top.has('notice')) {
    // Texts of the printable notice (bill --html): known keys only, non-empty strings.
    const n = r.object(top.get('notice'), 'notice', NOTICE_KEYS);
    for (const [k, node] of n ?? []) {
      const v = r.string(node, `notice.${k}`);
      if (v !== null && v.trim() === '') r.fail(node, 'bad-config', `notice.${k}: must not be empty (leave the key out instead)`, { values: { key: k }, variant: 'notice' });
      else if (v !== null) notice[k] = v;
    }
  }

  const { forecast, renewal } = readCalendarSettings(r, top, prices);
  // invoices_from: the first service month this workspace holds invoices for (adopted mid-contract).
  let invoicesFrom: string | null = null;
  if (top.has('invoices_from')) {
    const node = top.get('invoices_from')!;
    const m = r.string(node, 'invoices_from');
    if (m !== null && !MONTH_RE.test(m)) r.fail(node, 'bad-date', `invoices_from: expected a month as YYYY-MM (the first service month with invoices in this workspace), got ${JSON.stringify(m)}`, { values: { got: JSON.stringify(m) }, variant: 'invoicesFrom' });
    else if (m !== null && contract && (m < monthOf(contract.start) || m > monthOf(contract.end))) {
      r.fail(node, 'bad-date', `invoices_from: ${m} is outside the contract (${monthOf(contract.start)} to ${monthOf(contract.end)})`, { values: { month: m, start: monthOf(contract.start), end: monthOf(contract.end) }, variant: 'invoicesFromOutside' });
    } else invoicesFrom = m;
  }

  if (r.diagnostics.length > 0 || !name || !contract || !coordinator || !revision || vatPct === null || paymentDays === null || !inputs) {
    // Never a refusal without a reason: every path above should have said why.
    if (r.diagnostics.length === 0) r.fail(root, 'bad-config', 'the configuration is incomplete: a required value is empty or missing', { values: {}, variant: 'incomplete' });
    return { config: null, diagnostics: r.diagnostics };
  }
  return {
    config: {
      name, contract, coordinator, members, keys, prices, revision, vatPct, paymentDays, inputs, output: { dialect }, notice,
      ...(forecast ? { forecast } : {}), ...(renewal ? { renewal } : {}), ...(invoicesFrom !== null ? { invoicesFrom } : {}),
    },
    diagnostics: [],
    unsetPrices: unset,
  };
}

/**
 * SPEC §7's optional settings: `forecast.quantities` (price code → quantity
 * for one contract year, each code a declared price) and
 * `renewal.deadline_days` (the market's renewal deadline, that many days
 * before each anniversary).
 */
function readCalendarSettings(r: Reader, top: Map<string, JsonNode>, prices: readonly Price[]): { forecast: Config['forecast']; renewal: Config['renewal'] } {
  let forecast: Config['forecast'] = null;
  if (top.has('forecast')) {
    const f = r.object(top.get('forecast'), 'forecast', ['quantities']);
    const qNode = f?.get('quantities');
    if (qNode && qNode.kind !== 'object') r.fail(qNode, 'bad-config', 'forecast.quantities: expected an object of price code → quantity, e.g. { "FORFAIT": "12" }', { values: {}, variant: 'quantities' });
    else if (qNode) {
      const quantities: Record<string, string> = {};
      for (const e of qNode.entries) {
        if (!prices.some((p) => p.code === e.key)) {
          r.diagnostics.push(error('unknown-price', `forecast.quantities: ${JSON.stringify(e.key)} is not a declared price code${didYouMean(e.key, prices.map((p) => p.code))}`, { file: r.file, line: e.keyLine, column: e.keyColumn }, near(e.key, prices.map((p) => p.code), 'forecast', { code: JSON.stringify(e.key) })));
          continue;
        }
        const q = r.decimal(e.value, `forecast.quantities.${e.key}`);
        if (q !== null) quantities[e.key] = q;
      }
      forecast = { quantities };
    }
  }
  let renewal: Config['renewal'] = null;
  if (top.has('renewal')) {
    const o = r.object(top.get('renewal'), 'renewal', ['deadline_days']);
    if (o?.has('deadline_days')) {
      const d = r.integer(o.get('deadline_days'), 'renewal.deadline_days', 0, 366);
      if (d !== null) renewal = { deadlineDays: d };
    }
  }
  return { forecast, renewal };
}

/**
 * A price as every output shows amounts: at least two decimals (`21437.5` and
 * `412`, as JSON numbers may be written, become `21437.50` and `412.00`); a
 * contract price with more decimals (`38.505`) keeps them all.
 */
export function withCents(decimal: string): string {
  const dot = decimal.indexOf('.');
  if (dot < 0) return `${decimal}.00`;
  return decimal.length - dot - 1 < 2 ? `${decimal}0` : decimal;
}
