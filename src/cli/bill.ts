/** `medcoop bill`: the semester billing run (SPEC §4). Wires reading, computing, rendering and writing. */
import { isAbsolute, relative, resolve, join } from 'node:path';
import { hasErrors } from '../core/diagnostic.js';
import { initialIssue, issueDateProblems, issueFolderName, noticeNumber, supplementaryIssue, type IssueInfo } from '../core/issues.js';
import { SNAPSHOT_DIR } from '../read/issues.js';
import { billOfIssue, earlierNotices, findIssues } from './issues.js';
import { billSemester, nothingToBill, type Bill } from '../core/bill.js';
import type { Config, Dialect, IndexRow } from '../core/model.js';
import { semesterName } from '../core/semester.js';
import { jsonChunks } from '../render/json-chunks.js';
import { billJson, noticeFileName, renderNoticeChunks, renderRecapChunks } from '../render/bill.js';
import { htmlNoticeFileName, noticeChart, noticeTextWarnings, renderHtmlNotice } from '../render/html.js';
import { issueFields, renderManifest, sha256, type FileBytes, type FileDigest } from '../render/manifest.js';
import type { Io } from './context.js';
import { printDiagnostics, toolVersion } from './context.js';
import { CliError, EXIT } from './errors.js';
import { day, diagnosticMessage, errorText, money, t, writeReason } from './i18n.js';
import { andList } from '../i18n/list.js';
import { largeRun } from './large.js';
import { loadOrFail, workspaceDir } from './load.js';
import { invoiceBytes, loadConfigFile, type ConfigFile } from '../read/workspace.js';
import { dateOption, dialectOption, semesterOption } from './options.js';
import { writeOutputPlan, type OutputPlan, type StreamedFile } from './write.js';

export interface BillOptions {
  dir?: string;
  semester?: string;
  out?: string;
  issuedOn?: string;
  dialect?: string;
  json?: boolean;
  force?: boolean;
  /** Also write a printable notice-<member>.html per member. */
  html?: boolean;
  quiet?: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** What an issue is beside its bill: its description, and the semester's figures before it and with it (SPEC §5). */
export interface IssueContext {
  info: IssueInfo;
  /** The semester as the earlier issues left it; null for issue 1. */
  before: Bill | null;
  /** The semester with this issue; the bill itself for issue 1. */
  after: Bill;
}

/**
 * The files of an issue, manifest last (it hashes the others): recap,
 * notices, the audit pack `inputs/` (a copy of every input read), manifest.
 * Pure. `html` (the workspace's index, for the chart) adds the printable
 * notice-<member>.html files, and `"html": true` to the manifest's options.
 * `bill` is what the issue bills: the semester for issue 1, the differences
 * for a supplementary issue. Each file's bytes are held whole: for writing,
 * `billPlan` streams them instead.
 */
export function billFiles(config: Config, bill: Bill, dialect: Dialect, inputs: readonly FileBytes[], version: string, html: { index: readonly IndexRow[] } | null = null, issue: IssueContext = { info: initialIssue(bill), before: null, after: bill }): FileBytes[] {
  const plan = billPlan(config, bill, dialect, inputs, version, html, issue);
  const outputs: FileBytes[] = plan.streamed.map((f) => ({ path: f.path, bytes: joinChunks(f.chunks()) }));
  return [...outputs, ...plan.files, plan.last!(outputs.map((f) => ({ path: f.path, sha256: sha256(f.bytes), size: f.bytes.length })))];
}

function joinChunks(chunks: Iterable<string | Uint8Array>): Uint8Array {
  return Buffer.concat([...chunks].map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
}

/**
 * `billFiles` as a plan for `writeOutputPlan`: the recap and notices are
 * made a batch of rows at a time while they are written and hashed, the
 * audit pack's inputs are read one at a time when written, and the manifest
 * is made last from the hashes. A semester of 300 000 invoices is never
 * held as text.
 */
export function billPlan(config: Config, bill: Bill, dialect: Dialect, inputs: readonly FileBytes[], version: string, html: { index: readonly IndexRow[] } | null = null, issue: IssueContext = { info: initialIssue(bill), before: null, after: bill }): OutputPlan {
  const info = issue.info;
  const streamed: StreamedFile[] = [{ path: 'recap.csv', chunks: () => renderRecapChunks(config, bill, dialect, info) }];
  for (const m of bill.members) streamed.push({ path: noticeFileName(m.member.id), chunks: () => renderNoticeChunks(config, bill, m, dialect, info) });
  if (html) {
    let chart: ReturnType<typeof noticeChart> | null = null;
    for (const m of bill.members) streamed.push({ path: htmlNoticeFileName(m.member.id), chunks: () => [renderHtmlNotice(config, bill, m, (chart ??= noticeChart(config, bill, html.index)), info)] });
  }
  // Read when written, one at a time: a large input's bytes are not all held at once (src/read/workspace.ts).
  // A large input (its bytes not kept) is copied a piece at a time.
  const pack: FileBytes[] = inputs.map((f) => ({ path: `${SNAPSHOT_DIR}/${f.path}`, get bytes() { return f.bytes; }, ...(f.pieces ? { pieces: () => f.pieces!() } : {}) }));
  const last = (outputs: readonly FileDigest[]): FileBytes => ({
    path: 'manifest.json',
    bytes: utf8(renderManifest({
      version,
      command: 'bill',
      options: { semester: semesterName(bill.semester), issued_on: bill.issuedOn, dialect, ...(html ? { html: true } : {}) },
      issuedOn: bill.issuedOn,
      dialect,
      config,
      inputs,
      outputs,
      issue: issueFields(config, bill, info, issue.before, issue.after),
    })),
  });
  return { streamed, files: pack, last };
}

/** An input the audit pack cannot hold at the same relative path (outside the workspace), or null. */
function outsidePath(inputs: readonly FileBytes[]): string | null {
  for (const f of inputs) if (isAbsolute(f.path) || f.path.split(/[\\/]/).includes('..')) return f.path;
  return null;
}

/**
 * `bill` as the command line runs it: a large workspace in a worker thread
 * with a bounded young generation (src/cli/large.ts), any other here.
 * medcoop.json is read once, to size the run, and not again.
 */
export async function billCommand(opts: BillOptions, io: Io, argv: readonly string[]): Promise<number> {
  const dir = workspaceDir(opts.dir);
  const configFile = loadConfigFile(dir);
  if (configFile.config !== null) {
    const config = configFile.config;
    const elsewhere = await largeRun(() => invoiceBytes(dir, config));
    if (elsewhere !== null) return elsewhere(argv, io);
  }
  return runBill(opts, io, configFile);
}

export function runBill(opts: BillOptions, io: Io, configFile?: ConfigFile): number {
  const semester = semesterOption(opts.semester);
  const issuedOn = opts.issuedOn !== undefined ? dateOption('--issued-on', opts.issuedOn) : io.today();
  const asked = opts.dialect !== undefined ? dialectOption(opts.dialect, null) : null;
  const { dir, workspace, inputs, warnings: readWarnings } = loadOrFail(opts.dir, true, configFile);
  const dialect = asked ?? dialectOption(undefined, workspace.config.output.dialect);
  const s = semesterName(semester);
  const outside = outsidePath(inputs);
  if (outside !== null) throw new CliError(EXIT.invalid, t('bill.outside', { path: outside }));
  const { bill: after, diagnostics } = billSemester(workspace, semester, issuedOn);
  if (!after) throw new CliError(EXIT.invalid, t('bill.cannot', { semester: s }), diagnostics);

  // The earlier issues of the semester, and which issue this run is.
  const outRoot = opts.out !== undefined ? resolve(opts.out) : join(dir, 'out');
  const issues = findIssues(outRoot, semester);
  const latest = issues[issues.length - 1];
  if (latest === undefined) {
    // A first issue needs something to bill; a supplementary one may remove everything an earlier one billed.
    const empty = nothingToBill(after);
    if (empty) throw new CliError(EXIT.invalid, t('error.nothingWritten', { message: diagnosticMessage(empty) }), [...readWarnings, ...after.warnings]);
  }
  const force = opts.force === true && latest !== undefined;
  const k = latest === undefined ? 1 : force ? latest.issue : latest.issue + 1;
  const earlier = issues.filter((f) => f.issue < k);
  const previous = earlier.map((f) => ({ issue: f.issue, issuedOn: f.manifest.issued_on }));
  const dated = issueDateProblems(after, issuedOn, previous);
  if (hasErrors(dated)) throw new CliError(EXIT.invalid, t('bill.cannotIssue', { semester: s, date: day(issuedOn) }), dated);
  const before = earlier.length > 0 ? billOfIssue(earlier[earlier.length - 1]!, semester) : null;

  const target = join(outRoot, issueFolderName(semester, k));
  const rel = relative(process.cwd(), target);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? target : rel;
  const make = (replaces: unknown): { bill: Bill; context: IssueContext } | null => {
    if (before === null) return { bill: after, context: { info: initialIssue(after, replaces), before: null, after } };
    const sup = supplementaryIssue(workspace.config, before, after, k, previous, earlierNotices(earlier), replaces);
    return sup.changed ? { bill: sup.bill, context: { info: sup.info, before, after } } : null;
  };
  const html = opts.html === true ? { index: workspace.index } : null;
  let made = make(force ? latest.manifest.replaces ?? null : null);
  if (made === null) {
    const last = earlier[earlier.length - 1]!;
    if (force) throw new CliError(EXIT.invalid, t('bill.forceSame', { semester: s, issue: last.issue, date: day(last.manifest.issued_on), next: k }));
    if (opts.json) io.out(`${JSON.stringify({ semester: s, unchanged: true, issue: last.issue, issued_on: last.manifest.issued_on, previous: previous.map((p) => ({ issue: p.issue, issued_on: p.issuedOn })) }, null, 2)}\n`);
    else if (!opts.quiet) io.out(`${t('bill.unchangedSince', { semester: s, issue: last.issue, date: day(last.manifest.issued_on) })}\n`);
    return EXIT.ok;
  }
  const warnings = [...readWarnings, ...made.bill.warnings, ...dated, ...(opts.html === true ? noticeTextWarnings(workspace.config) : [])];
  let result: ReturnType<typeof writeOutputPlan>;
  try {
    result = writeOutputPlan(target, billPlan(workspace.config, made.bill, dialect, inputs, toolVersion(), html, made.context), false);
    if (force && result.status === 'refused') {
      // Replacing the latest issue (a mistaken issue never sent): unless it holds these very bytes, the manifest records what it replaces.
      made = make({ issue: latest.issue, issued_on: latest.manifest.issued_on, manifest_sha256: sha256(latest.bytes), previous: latest.manifest.replaces ?? null })!;
      result = writeOutputPlan(target, billPlan(workspace.config, made.bill, dialect, inputs, toolVersion(), html, made.context), true);
    }
  } catch (e) {
    // Node's message names the code, the system call and the path: "ENOENT: no such file or directory, mkdir '/mnt/x'".
    throw new CliError(EXIT.invalid, t('bill.cannotWrite', { folder: shown, reason: errorText((e as Error).message) }));
  }
  if (result.status === 'foreign') {
    throw new CliError(EXIT.invalid, t('bill.foreign', { folder: shown, reason: writeReason(result) }));
  }
  if (result.status === 'refused') {
    throw new CliError(EXIT.invalid, t('bill.refused', { folder: shown, reason: writeReason(result) }));
  }
  if (opts.json) {
    // Written a piece at a time, the invoices made as they go: the same bytes as JSON.stringify(…, null, 2).
    for (const piece of jsonChunks(billJson({ ...made.bill, warnings }, made.context.info, true))) io.out(piece);
    return EXIT.ok;
  }
  if (opts.quiet) return EXIT.ok;
  io.out(summary(io, workspace.config, made.bill, made.context.info, warnings.length, shown, result.status, opts.issuedOn === undefined, opts.html === true));
  printDiagnostics(io, warnings);
  return EXIT.ok;
}

/** What a person reads after a run: per member, share, subsidies, net, notice number; the totals; where the files are. In the terminal's language (issue 15). */
function summary(io: Io, config: Config, bill: Bill, info: IssueInfo, warningCount: number, shown: string, status: string, issuedToday: boolean, html: boolean): string {
  const c = io.style.out;
  const s = semesterName(bill.semester);
  const supplementary = info.kind === 'supplementary';
  const lines: string[] = [];
  lines.push(c.bold(t('bill.title', { name: config.name, semester: s, issue: info.issue })));
  if (supplementary) {
    const list = andList(t, info.previous.map((p) => t('bill.issueOf', { issue: p.issue, date: day(p.issuedOn) })));
    lines.push(t('bill.supplementary', { count: info.previous.length, list }));
    const count = (change: string) => [...info.invoiceChanges.values()].filter((x) => x.change === change).length;
    lines.push(
      t('bill.changes', {
        added: t('bill.added', { count: count('added') }),
        changed: t('bill.changed', { count: count('changed') }),
        removed: t('bill.removed', { count: count('removed') }),
        subsidies: t('bill.subsidiesChanged', { count: info.subsidyChanges.size }),
        pending: t('bill.pendingNotBilled', { count: bill.pending.length }),
      }),
    );
  } else {
    lines.push(
      t('bill.counts', {
        paid: t('bill.paid', { count: bill.invoices.length }),
        pending: t('bill.pending', { count: bill.pending.length }),
        deducted: t('bill.deducted', { count: bill.subsidies.length }),
      }),
    );
  }
  lines.push(t('bill.issued', { issued: day(bill.issuedOn), today: issuedToday ? t('bill.issuedToday') : '', due: day(bill.dueOn), days: config.paymentDays }));
  lines.push('');
  // Columns as wide as their widest figure, so that the table fits 80 columns (issue 13).
  const w = Math.max(6, ...bill.members.map((m) => m.member.name.length));
  const tt = bill.totals;
  const figures = [tt.ttc, tt.subsidies, tt.net, ...bill.members.flatMap((m) => [m.shareTtc, m.subsidies, m.net])];
  const head = t(supplementary ? 'bill.col.diff' : 'bill.col.share');
  const subsidies = t('bill.col.subsidies');
  const nw = Math.max(head.length, subsidies.length, ...figures.map((v) => money(v).length));
  const num = (v: bigint) => money(v).padStart(nw);
  const memberWidth = Math.max(w, t('bill.col.member').length, t('bill.total').length);
  lines.push(c.dim(`  ${t('bill.col.member').padEnd(memberWidth)}  ${head.padStart(nw)}  ${subsidies.padStart(nw)}  ${t('bill.col.net').padStart(nw)}  ${t('bill.col.due')}`));
  for (const m of bill.members) {
    const credit = m.net < 0n;
    lines.push(`  ${m.member.name.padEnd(memberWidth)}  ${num(m.shareTtc)}  ${num(m.subsidies)}  ${c.bold(num(m.net))}  ${credit ? c.green(t('bill.credit')) : day(bill.dueOn)}`);
  }
  lines.push(`  ${t('bill.total').padEnd(memberWidth)}  ${num(tt.ttc)}  ${num(tt.subsidies)}  ${c.bold(num(tt.net))}`);
  if (bill.members.length > 0) lines.push(t('bill.numbers', { pattern: `${s}-${info.issue}-${t('bill.memberId')}`, example: noticeNumber(bill.semester, info.issue, bill.members[0]!.member.id) }));
  if (supplementary) {
    const quiet = info.allMembers.filter((m) => !m.notice).map((m) => m.total.member.name);
    if (quiet.length > 0) lines.push(t('bill.noNotice', { names: andList(t, quiet) }));
  }
  lines.push('');
  const verb = status === 'unchanged' ? t('bill.status.unchanged') : status === 'replaced' ? t('bill.status.replaced', { issue: info.issue }) : t('bill.status.written');
  lines.push(t('bill.files', { folder: shown, notices: t('bill.notices', { count: bill.members.length }), html: html ? t('bill.html') : '', status: verb }));
  if (warningCount > 0) lines.push(c.yellow(t('bill.warnings', { count: warningCount })));
  return `${lines.join('\n')}\n`;
}
