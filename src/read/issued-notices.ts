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
  const problems: string[] = [];
  const date = (v: unknown, name: string): string => {
    const r = typeof v === 'string' ? parseDate(v) : null;
    if (!r || !r.ok || r.value !== v) problems.push(`${name}: expected a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
    return typeof v === 'string' ? v : '';
  };
  const cents = (v: unknown, name: string): bigint => {
    if (typeof v !== 'string' || !AMOUNT.test(v)) {
      problems.push(`${name}: expected an amount as a string with two decimals, got ${JSON.stringify(v)}`);
      return 0n;
    }
    return centsOf(v);
  };
  const semester = doc.semester;
  const issue = doc.issue;
  const kind = doc.kind;
  const m = ISSUE_FOLDER.exec(folder);
  if (typeof semester !== 'string' || !/^\d{4}-S[12]$/.test(semester)) problems.push(`semester: expected YYYY-S1 or YYYY-S2, got ${JSON.stringify(semester)}`);
  if (typeof issue !== 'number' || !Number.isInteger(issue) || issue < 1) problems.push(`issue: expected a number 1, 2, …, got ${JSON.stringify(issue)}`);
  if (kind !== 'initial' && kind !== 'supplementary') problems.push(`kind: expected "initial" or "supplementary", got ${JSON.stringify(kind)}`);
  if (m && typeof semester === 'string' && typeof issue === 'number' && (m[1] !== semester || Number(m[2] ?? '1') !== issue || (issue === 1 && m[2] !== undefined))) {
    problems.push(`the folder's name ${folder} does not match issue ${issue} of ${semester} (${issue === 1 ? semester : `${semester}-${issue}`})`);
  }
  const issuedOn = date(doc.issued_on, 'issued_on');
  const dueOn = date(doc.due_on, 'due_on');
  const notices: IssuedNotice[] = [];
  if (!Array.isArray(doc.notices)) problems.push('notices: expected a list');
  else {
    doc.notices.forEach((n: unknown, i: number) => {
      const where = `notices[${i}]`;
      if (!isObj(n)) {
        problems.push(`${where}: expected an object`);
        return;
      }
      const member = n.member;
      if (typeof member !== 'string' || !members.has(member)) problems.push(`${where}.member: ${JSON.stringify(member)} is not a member of the config`);
      const number = n.number;
      if (typeof number !== 'string' || number === '') problems.push(`${where}.number: expected the notice number, got ${JSON.stringify(number)}`);
      const completes = Array.isArray(n.completes) && n.completes.every((x) => typeof x === 'string') ? (n.completes as string[]) : (problems.push(`${where}.completes: expected a list of notice numbers`), []);
      const [shareHt, shareVat, shareTtc, subsidies] = AMOUNT_FIELDS.map((f) => cents(n[f], `${where}.${f}`)) as [bigint, bigint, bigint, bigint];
      const net = cents(n.net, `${where}.net`);
      if (net !== shareTtc - subsidies) problems.push(`${where}.net: ${String(n.net)} is not share_ttc − subsidies`);
      const years: YearShares[] = [];
      if (!Array.isArray(n.years)) problems.push(`${where}.years: expected a list`);
      else {
        n.years.forEach((y: unknown, j: number) => {
          const w = `${where}.years[${j}]`;
          if (!isObj(y) || typeof y.year !== 'number' || !Number.isInteger(y.year) || y.year < 1) {
            problems.push(`${w}: expected { "year": 1, 2, …, "share_ht", "share_vat", "share_ttc", "subsidies" }`);
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
  if (problems.length > 0) return { notices: [], diagnostics: problems.map((p) => error('bad-issue', `${folder}/manifest.json: ${p}`, at)) };
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
