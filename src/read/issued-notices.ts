/**
 * The notices issued so far, read back from the output root (SPEC §5, §6):
 * every issue folder `YYYY-Sn` (issue 1) or `YYYY-Sn-k` (issue k) holds a
 * manifest.json whose `semester`, `issue`, `kind`, `due_on`, `issued_on` and
 * `notices` say what was sent. Nothing else of the folder is read: the
 * manifest is the record. A manifest written before numbered issues (without
 * these fields) is a diagnostic naming its folder, never a crash.
 */
import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { error, type Diagnostic, type Text } from '../core/diagnostic.js';
import { centsOf } from '../core/exact.js';
import type { IssuedNotice, YearShares } from '../core/settlement.js';
import { parseDate } from './fields.js';
import { readRegularFile, whyUnreadable } from './files.js';

/** An issue folder's name: the semester, and `-k` from the second issue on. */
export const ISSUE_FOLDER = /^(\d{4}-S[12])(?:-([1-9]\d*))?$/;
const AMOUNT = /^-?\d+\.\d{2}$/;
const AMOUNT_FIELDS = ['share_ht', 'share_vat', 'share_ttc', 'subsidies'] as const;

type Obj = Record<string, unknown>;

/** A JSON value as a message shows it (`undefined` when absent, as the English text says). */
const shown = (v: unknown): string => String(JSON.stringify(v));

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The notices of one issue, from its manifest's text. `file` names the
 * manifest in messages; `folder` is the folder's name (it must agree with the
 * manifest's semester and issue); `members` the config's member ids.
 */
export function parseIssueManifest(file: string, folder: string, text: string, members: ReadonlySet<string>): { notices: IssuedNotice[]; diagnostics: Diagnostic[] } {
  const at = { file };
  const fail = (message: string, text: Text, code = 'bad-issue') => ({ notices: [], diagnostics: [error(code, message, at, text)] });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`, { values: { why: (e as Error).message }, variant: 'json' });
  }
  if (!isObj(doc)) return fail('expected a JSON object', { values: {}, variant: 'object' });
  const missing = ['semester', 'issue', 'kind', 'due_on', 'issued_on', 'notices'].filter((k) => !(k in doc));
  if (missing.length > 0) {
    return fail(
      `the issue in ${folder}/ has no ${missing.join(', ')} in its manifest: it was written by a medcoop without numbered issues (SPEC §5), so its notices cannot be followed; bill the semester again with this version (--force replaces it) or move the folder out of the output root`,
      { values: { folder, missing: missing.join(', ') } },
      'old-manifest',
    );
  }
  // Each problem's English text and its values (issue 15: the catalogue's
  // `diag.bad-issue.<variant>` says it in the terminal's language); field
  // paths such as notices[0].net are JSON paths, the same in every language.
  const problems: { message: string; text: Text }[] = [];
  const problem = (message: string, variant: string, values: Readonly<Record<string, string | number>> = {}) => problems.push({ message, text: { values: { folder, ...values }, variant } });
  const date = (v: unknown, name: string): string => {
    const r = typeof v === 'string' ? parseDate(v) : null;
    if (!r || !r.ok || r.value !== v) problem(`${name}: expected a date YYYY-MM-DD, got ${JSON.stringify(v)}`, 'date', { field: name, got: shown(v) });
    return typeof v === 'string' ? v : '';
  };
  const cents = (v: unknown, name: string): bigint => {
    if (typeof v !== 'string' || !AMOUNT.test(v)) {
      problem(`${name}: expected an amount as a string with two decimals, got ${JSON.stringify(v)}`, 'amount', { field: name, got: shown(v) });
      return 0n;
    }
    return centsOf(v);
  };
  const semester = doc.semester;
  const issue = doc.issue;
  const kind = doc.kind;
  const m = ISSUE_FOLDER.exec(folder);
  if (typeof semester !== 'string' || !/^\d{4}-S[12]$/.test(semester)) problem(`semester: expected YYYY-S1 or YYYY-S2, got ${JSON.stringify(semester)}`, 'semester', { got: shown(semester) });
  if (typeof issue !== 'number' || !Number.isInteger(issue) || issue < 1) problem(`issue: expected a number 1, 2, …, got ${JSON.stringify(issue)}`, 'number', { got: shown(issue) });
  if (kind !== 'initial' && kind !== 'supplementary') problem(`kind: expected "initial" or "supplementary", got ${JSON.stringify(kind)}`, 'kind', { got: shown(kind) });
  if (m && typeof semester === 'string' && typeof issue === 'number' && (m[1] !== semester || Number(m[2] ?? '1') !== issue || (issue === 1 && m[2] !== undefined))) {
    const expected = issue === 1 ? semester : `${semester}-${issue}`;
    problem(`the folder's name ${folder} does not match issue ${issue} of ${semester} (${expected})`, 'folderName', { issue, semester, named: expected });
  }
  const issuedOn = date(doc.issued_on, 'issued_on');
  const dueOn = date(doc.due_on, 'due_on');
  const notices: IssuedNotice[] = [];
  if (!Array.isArray(doc.notices)) problem('notices: expected a list', 'list', { field: 'notices' });
  else {
    doc.notices.forEach((n: unknown, i: number) => {
      const where = `notices[${i}]`;
      if (!isObj(n)) {
        problem(`${where}: expected an object`, 'notObject', { field: where });
        return;
      }
      const member = n.member;
      if (typeof member !== 'string' || !members.has(member)) problem(`${where}.member: ${JSON.stringify(member)} is not a member of the config`, 'member', { field: `${where}.member`, member: shown(member) });
      const number = n.number;
      if (typeof number !== 'string' || number === '') problem(`${where}.number: expected the notice number, got ${JSON.stringify(number)}`, 'noticeNumber', { field: `${where}.number`, got: shown(number) });
      const completes = Array.isArray(n.completes) && n.completes.every((x) => typeof x === 'string') ? (n.completes as string[]) : (problem(`${where}.completes: expected a list of notice numbers`, 'completes', { field: `${where}.completes` }), []);
      const [shareHt, shareVat, shareTtc, subsidies] = AMOUNT_FIELDS.map((f) => cents(n[f], `${where}.${f}`)) as [bigint, bigint, bigint, bigint];
      const net = cents(n.net, `${where}.net`);
      if (net !== shareTtc - subsidies) problem(`${where}.net: ${String(n.net)} is not share_ttc − subsidies`, 'net', { field: `${where}.net`, net: String(n.net) });
      const years: YearShares[] = [];
      if (!Array.isArray(n.years)) problem(`${where}.years: expected a list`, 'list', { field: `${where}.years` });
      else {
        n.years.forEach((y: unknown, j: number) => {
          const w = `${where}.years[${j}]`;
          if (!isObj(y) || typeof y.year !== 'number' || !Number.isInteger(y.year) || y.year < 1) {
            problem(`${w}: expected { "year": 1, 2, …, "share_ht", "share_vat", "share_ttc", "subsidies" }`, 'year', { field: w });
            return;
          }
          const [h, v, t, s] = AMOUNT_FIELDS.map((f) => cents(y[f], `${w}.${f}`)) as [bigint, bigint, bigint, bigint];
          years.push({ year: y.year, shareHt: h, shareVat: v, shareTtc: t, subsidies: s });
        });
      }
      notices.push({
        number: String(number), member: String(member), semester: String(semester), issue: Number(issue), kind: kind as IssuedNotice['kind'],
        issuedOn, dueOn, completes, shareHt, shareVat, shareTtc, subsidies, net, years,
      });
    });
  }
  if (problems.length > 0) return { notices: [], diagnostics: problems.map((p) => error('bad-issue', `${folder}/manifest.json: ${p.message}`, at, p.text)) };
  return { notices, diagnostics: [] };
}

/**
 * Every notice issued in the output root `root` (absolute), in folder order.
 * `shown` is the root as messages name it (e.g. `out`). A missing root means
 * nothing issued yet. Other folders (statements/, reminders/) are ignored.
 */
export function readIssuedNotices(root: string, shown: string, members: ReadonlySet<string>): { notices: IssuedNotice[]; diagnostics: Diagnostic[] } {
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && ISSUE_FOLDER.test(e.name)).map((e) => e.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { notices: [], diagnostics: [] };
    return { notices: [], diagnostics: [error('unreadable-file', `cannot read the output root: ${whyUnreadable(e)}`, { file: shown }, { values: { why: whyUnreadable(e) }, variant: 'outputRoot' })] };
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const notices: IssuedNotice[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = posix.join(shown.split('\\').join('/'), name, 'manifest.json');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readRegularFile(join(root, name, 'manifest.json')));
    } catch (e) {
      diagnostics.push(error('bad-issue', `the issue folder ${name}/ has no readable manifest.json: ${whyUnreadable(e)}`, { file }, { values: { folder: name, why: whyUnreadable(e) }, variant: 'noManifest' }));
      continue;
    }
    const r = parseIssueManifest(file, name, text, members);
    diagnostics.push(...r.diagnostics);
    for (const n of r.notices) {
      const other = seen.get(n.number);
      if (other !== undefined) diagnostics.push(error('bad-issue', `notice ${n.number} is also issued in ${other}/`, { file }, { values: { notice: n.number, folder: other }, variant: 'twice' }));
      else {
        seen.set(n.number, name);
        notices.push(n);
      }
    }
  }
  return { notices, diagnostics };
}
