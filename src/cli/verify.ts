/**
 * `medcoop verify OUTDIR`: for auditors (SPEC §5). Checks the issue's audit
 * pack (OUTDIR/inputs/, SHA-256 in manifest.json), recomputes the issue from
 * it (and, for a supplementary issue, from the earlier issues beside it), and
 * compares every output byte for byte. Needs no workspace; with one at hand
 * (--dir, or OUTDIR inside one) it also says whether the workspace would now
 * bill the semester differently. Never writes anything.
 */
import { readRegularFile, whyUnreadable } from '../read/files.js';
import { dirname, join, resolve } from 'node:path';
import { billSemester, type Bill } from '../core/bill.js';
import { warning, hasErrors } from '../core/diagnostic.js';
import { initialIssue, signedCents, supplementaryIssue } from '../core/issues.js';
import { parseSemester, semesterName, type Semester } from '../core/semester.js';
import { listFilesUnder, loadSnapshot, readIssueManifest, SNAPSHOT_DIR } from '../read/issues.js';
import { diffCsv, diffJson, formatDifference, type Difference } from '../render/diff.js';
import { diffHtml } from '../render/html.js';
import { findWorkspaceDir, loadWorkspace } from '../read/workspace.js';
import { billFiles, type IssueContext } from './bill.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT } from './errors.js';
import { money, readerText, say, snapshotProblem, t, why } from './i18n.js';
import { andList } from '../i18n/list.js';
import { billOfIssue, earlierNotices, findIssues, type FoundIssue } from './issues.js';

export interface VerifyOptions {
  dir?: string;
}

/** The workspace to compare with: --dir, else the nearest folder above OUTDIR holding medcoop.json, else none. */
function findWorkspace(outDir: string, dir: string | undefined): string | null {
  if (dir !== undefined) return resolve(dir);
  return findWorkspaceDir(dirname(outDir));
}

export function runVerify(outDirArg: string, opts: VerifyOptions, io: Io): number {
  const outDir = resolve(outDirArg);
  const read = readIssueManifest(outDir);
  if ('error' in read) throw new CliError(EXIT.invalid, readerText(`manifest.${read.words.key}`, read.words.values, read.error));
  const manifest = read.manifest;
  const semester = parseSemester(manifest.options.semester)!;
  if (manifest.issue === undefined) {
    throw new CliError(EXIT.invalid, t('verify.unnumbered', { folder: outDir }));
  }
  const k = manifest.issue;

  // 1. The audit pack must be the run's, file for file.
  const snap = loadSnapshot(outDir, manifest);
  if (snap.problems.length > 0) {
    for (const p of snap.problems) io.err(`${snapshotProblem(p)}\n`);
    throw new CliError(EXIT.invalid, t('verify.packNotRuns', { folder: join(outDir, SNAPSHOT_DIR) }));
  }
  if (!snap.workspace || hasErrors(snap.diagnostics)) throw new CliError(EXIT.invalid, t('verify.packLoad', { folder: join(outDir, SNAPSHOT_DIR) }), snap.diagnostics);

  // 2. Recompute, with the run's version so that the manifest itself can match.
  const { bill: after, diagnostics } = billSemester(snap.workspace, semester, manifest.issued_on);
  if (!after) throw new CliError(EXIT.invalid, t('verify.cannot', { semester: manifest.options.semester }), diagnostics);
  let earlier: FoundIssue[] = [];
  let context: IssueContext = { info: initialIssue(after, manifest.replaces ?? null), before: null, after };
  let bill: Bill = after;
  if (k > 1) {
    const beside = findIssues(dirname(outDir), semester).filter((f) => f.issue < k);
    if (beside.length !== k - 1) {
      throw new CliError(EXIT.invalid, t('verify.earlier', { folder: outDir, issue: k, semester: manifest.options.semester, last: k - 1, parent: dirname(outDir) }));
    }
    earlier = beside;
    const before = billOfIssue(earlier[earlier.length - 1]!, semester);
    const previous = earlier.map((f) => ({ issue: f.issue, issuedOn: f.manifest.issued_on }));
    const sup = supplementaryIssue(snap.workspace.config, before, after, k, previous, earlierNotices(earlier), manifest.replaces ?? null);
    context = { info: sup.info, before, after };
    bill = sup.bill;
  }
  const expected = billFiles(snap.workspace.config, bill, manifest.dialect, snap.inputs, manifest.version, manifest.options.html === true ? { index: snap.workspace.index } : null, context);

  // 3. Compare every file, byte for byte (the audit pack was checked above).
  const differences: Difference[] = [];
  const present = listFilesUnder(outDir).filter((p) => !p.startsWith(`${SNAPSHOT_DIR}/`));
  const outputs = expected.filter((f) => !f.path.startsWith(`${SNAPSHOT_DIR}/`));
  for (const f of outputs) {
    if (!present.includes(f.path)) {
      differences.push({ file: f.path, expected: 'the file', found: 'no such file' });
      continue;
    }
    let found: Buffer;
    try {
      found = readRegularFile(join(outDir, f.path));
    } catch (e) {
      differences.push({ file: f.path, expected: 'the file', found: why(whyUnreadable(e)) });
      continue;
    }
    if (Buffer.compare(found, Buffer.from(f.bytes)) === 0) continue;
    differences.push(...(f.path.endsWith('.json') ? diffJson(f.path, f.bytes, found) : f.path.endsWith('.html') ? diffHtml(f.path, f.bytes, found) : diffCsv(f.path, f.bytes, found)));
  }
  for (const name of present) {
    if (!outputs.some((f) => f.path === name)) differences.push({ file: name, expected: 'no such file', found: 'a file the run did not write' });
  }

  // 4. The workspace at hand, if any: would it bill the semester differently from its latest issue?
  const wsDir = findWorkspace(outDir, opts.dir);
  if (wsDir !== null) workspaceChanged(io, wsDir, outDir, semester, k, after);

  if (differences.length > 0) {
    for (const d of differences) io.out(`${formatDifference(d, say)}\n`);
    io.err(`medcoop: ${t('verify.differences', { count: differences.length, folder: outDir })}\n`);
    return EXIT.differences;
  }
  const beside = k > 1 ? t('verify.beside', { count: k - 1, list: andList(t, earlier.map((f) => String(f.issue))) }) : '';
  io.out(`${t('verify.ok', { files: outputs.length, folder: outDir, issue: k, semester: manifest.options.semester, inputs: manifest.inputs.length, beside })}\n`);
  return EXIT.ok;
}

/**
 * The warning `workspace-changed` (SPEC §5), when the workspace's current
 * inputs give the semester other figures than its latest issue (this one,
 * or a later one beside it): each member's difference, and that a
 * supplementary issue is due. Later months merely added change nothing.
 */
function workspaceChanged(io: Io, wsDir: string, outDir: string, semester: Semester, k: number, thisIssue: Bill): void {
  const loaded = loadWorkspace(wsDir);
  const s = thisIssue.semester;
  const name = semesterName(s);
  if (!loaded.workspace || hasErrors(loaded.diagnostics)) {
    printDiagnostics(io, [warning('workspace-unreadable', `the workspace ${wsDir} does not load, so verify cannot say whether it still gives the figures of ${name}`, {}, { values: { dir: wsDir, semester: name } })]);
    return;
  }
  const { bill: now } = billSemester(loaded.workspace, semester, thisIssue.issuedOn);
  if (!now) return;
  let latest = k;
  let last = thisIssue;
  try {
    const later = findIssues(dirname(outDir), semester).filter((f) => f.issue > k);
    const top = later[later.length - 1];
    if (top) {
      last = billOfIssue(top, semester);
      latest = top.issue;
    }
  } catch {
    // the issues beside it are not readable as a series: compare with this one
  }
  const diff = supplementaryIssue(loaded.workspace.config, last, now, latest + 1, [], new Map());
  if (!diff.changed) return;
  const each = diff.bill.members.map((m) => `${m.member.id} ${signedCents(m.net)}`).join(', ');
  // the terminal's words: in French each net grouped as every amount on the terminal (+8 617,16); English says `each`
  const eachSaid = diff.bill.members.map((m) => `${m.member.id} ${m.net > 0n ? '+' : ''}${money(m.net)}`).join(', ');
  printDiagnostics(io, [
    warning('workspace-changed', `the workspace ${wsDir} now bills ${name} differently from issue ${latest}: net ${each}; a supplementary issue is due (medcoop bill --semester ${name})`, {}, {
      values: { dir: wsDir, semester: name, issue: latest, each: eachSaid },
    }),
  ]);
}
