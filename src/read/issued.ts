/**
 * The issues already written in the output root (SPEC §5), as far as the
 * calendar needs them: each folder `YYYY-Sn/` or `YYYY-Sn-k/` holding a
 * manifest.json with `issued_on`, and when present `semester`, `issue`,
 * `due_on` and `notices: [ { member, number, net } ]` (issue 11). Older
 * manifests have only `issued_on`: the due date is then issued_on +
 * payment_days, and the folder gives one event. A manifest that cannot be
 * read is a warning naming it, never a stop.
 */
import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { IssuedNotices } from '../core/calendar.js';
import { addDays, isValidDate, type IsoDate } from '../core/dates.js';
import { warning, type Diagnostic } from '../core/diagnostic.js';
import { readRegularFile } from './files.js';

const ISSUE_DIR_RE = /^(\d{4}-S[12])(?:-([1-9]\d*))?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(v: unknown): v is IsoDate {
  const m = typeof v === 'string' ? DATE_RE.exec(v) : null;
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Reads every issue folder of `root` (a missing root: none), in name order. */
export function readIssued(root: string, shownRoot: string, paymentDays: number): { issued: IssuedNotices[]; diagnostics: Diagnostic[] } {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return { issued: [], diagnostics: [] };
  }
  const issued: IssuedNotices[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names.sort()) {
    const m = ISSUE_DIR_RE.exec(name);
    if (!m) continue;
    const file = posix.join(shownRoot, name, 'manifest.json');
    let doc: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(readRegularFile(join(root, name, 'manifest.json')).toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      doc = parsed as Record<string, unknown>;
    } catch (e) {
      diagnostics.push(warning('unreadable-manifest', `cannot read this issue's manifest (${(e as Error).message}): its notices are not in the calendar`, { file }, { values: { why: (e as Error).message }, variant: 'unreadable' }));
      continue;
    }
    if (!isDate(doc.issued_on)) {
      diagnostics.push(warning('unreadable-manifest', 'issued_on: expected a date as YYYY-MM-DD: its notices are not in the calendar', { file }, { values: {}, variant: 'issuedOn' }));
      continue;
    }
    const semester = typeof doc.semester === 'string' && /^\d{4}-S[12]$/.test(doc.semester) ? doc.semester : m[1]!;
    const issue = typeof doc.issue === 'number' && Number.isInteger(doc.issue) && doc.issue > 0 ? doc.issue : Number(m[2] ?? 1);
    // The payment term the issue was made with (its config), else the workspace's.
    const cfg = (typeof doc.config === 'object' && doc.config !== null ? doc.config : {}) as Record<string, unknown>;
    const days = typeof cfg.payment_days === 'number' && Number.isInteger(cfg.payment_days) && cfg.payment_days >= 0 ? cfg.payment_days : paymentDays;
    const dueOn = isDate(doc.due_on) ? doc.due_on : addDays(doc.issued_on, days);
    let notices: IssuedNotices['notices'] = null;
    if (Array.isArray(doc.notices)) {
      notices = [];
      for (const n of doc.notices as unknown[]) {
        const o = (typeof n === 'object' && n !== null ? n : {}) as Record<string, unknown>;
        if (typeof o.number !== 'string' || typeof o.member !== 'string') continue;
        notices.push({ member: o.member, number: o.number, net: typeof o.net === 'string' ? o.net : null });
      }
    }
    issued.push({ semester, issue, issuedOn: doc.issued_on, dueOn, notices });
  }
  return { issued, diagnostics };
}
