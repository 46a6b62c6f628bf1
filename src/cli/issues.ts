/**
 * Finding the earlier issues of a semester in an output root (SPEC §5) and
 * recomputing a semester as an issue left it, from the issue's audit pack.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { billSemester, type Bill } from '../core/bill.js';
import { issueOfFolderName } from '../core/issues.js';
import { semesterName, type Semester } from '../core/semester.js';
import { loadSnapshot, readIssueManifest, type IssueManifest } from '../read/issues.js';
import { CliError, EXIT } from './errors.js';
import { readerText, snapshotProblem, t } from './i18n.js';

export interface FoundIssue {
  issue: number;
  dir: string;
  manifest: IssueManifest;
  /** The manifest's bytes (for the SHA-256 that --force records). */
  bytes: Buffer;
}

/**
 * The issues of `semester` in `root`, by number: every folder `2025-S1`,
 * `2025-S1-2`, … holding a manifest.json. A folder without one is no issue
 * (the writer refuses to fill it when it is not empty). They must be numbered
 * 1, 2, … without a gap, each manifest saying its own semester and number.
 */
export function findIssues(root: string, semester: Semester): FoundIssue[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const s = semesterName(semester);
  const found: FoundIssue[] = [];
  for (const name of names) {
    const issue = issueOfFolderName(semester, name);
    if (issue === null) continue;
    const dir = join(root, name);
    if (!existsSync(join(dir, 'manifest.json'))) continue;
    const r = readIssueManifest(dir);
    if ('error' in r) throw new CliError(EXIT.invalid, t('issues.cannotTell', { error: readerText(`manifest.${r.words.key}`, r.words.values, r.error), semester: s }));
    if (r.manifest.issue === undefined) {
      throw new CliError(EXIT.invalid, t('issues.unnumbered', { folder: dir, semester: s }));
    }
    if (r.manifest.issue !== issue || r.manifest.semester !== s) {
      throw new CliError(EXIT.invalid, t('issues.misplaced', { manifest: join(dir, 'manifest.json'), said: r.manifest.issue, saidSemester: r.manifest.semester ?? '', issue, semester: s }));
    }
    found.push({ issue, dir, manifest: r.manifest, bytes: r.bytes });
  }
  found.sort((a, b) => a.issue - b.issue);
  found.forEach((f, i) => {
    if (f.issue !== i + 1) throw new CliError(EXIT.invalid, t('issues.missing', { issue: i + 1, semester: s, root, found: found.map((x) => x.issue).join(', ') }));
  });
  return found;
}

/** The semester as an issue left it: recomputed from its audit pack with its issue date. Exit 1 when the pack is damaged. */
export function billOfIssue(found: FoundIssue, semester: Semester): Bill {
  const snap = loadSnapshot(found.dir, found.manifest);
  if (snap.problems.length > 0) {
    throw new CliError(EXIT.invalid, t('issues.damaged', { issue: found.issue, semester: semesterName(semester), folder: found.dir, problems: snap.problems.map(snapshotProblem).join(t('list.semicolon')) }));
  }
  if (!snap.workspace) throw new CliError(EXIT.invalid, t('issues.noLoad', { issue: found.issue, folder: found.dir }), snap.diagnostics);
  const { bill, diagnostics } = billSemester(snap.workspace, semester, found.manifest.issued_on);
  if (!bill) throw new CliError(EXIT.invalid, t('issues.cannotRecompute', { issue: found.issue, semester: semesterName(semester) }), diagnostics);
  return bill;
}

/** Per member, the notice numbers of the given issues, in issue order. */
export function earlierNotices(issues: readonly FoundIssue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of issues) {
    for (const n of f.manifest.notices ?? []) {
      let list = out.get(n.member);
      if (!list) out.set(n.member, (list = []));
      list.push(n.number);
    }
  }
  return out;
}
