/** `medcoop bill`: the semester billing run (SPEC §4). Wires reading, computing, rendering and writing. */
import { relative, resolve, join } from 'node:path';
import { billSemester, type Bill } from '../core/bill.js';
import { groupedCents } from '../core/exact.js';
import type { Config, Dialect, IndexRow } from '../core/model.js';
import { semesterName } from '../core/semester.js';
import { billJson, noticeFileName, renderNotice, renderRecap } from '../render/bill.js';
import { htmlNoticeFileName, noticeChart, noticeTextWarnings, renderHtmlNotice } from '../render/html.js';
import { renderManifest, type FileBytes } from '../render/manifest.js';
import type { Io } from './context.js';
import { printDiagnostics, toolVersion } from './context.js';
import { CliError, EXIT } from './errors.js';
import { loadOrFail } from './load.js';
import { dateOption, dialectOption, semesterOption } from './options.js';
import { writeOutputFolder } from './write.js';

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

/**
 * The files of a run, manifest last (it hashes the others). Pure. `html` (the
 * workspace's index, for the chart) adds the printable notice-<member>.html
 * files, and `"html": true` to the manifest's options.
 */
export function billFiles(config: Config, bill: Bill, dialect: Dialect, inputs: readonly FileBytes[], version: string, html: { index: readonly IndexRow[] } | null = null): FileBytes[] {
  const files: FileBytes[] = [{ path: 'recap.csv', bytes: utf8(renderRecap(config, bill, dialect)) }];
  for (const m of bill.members) files.push({ path: noticeFileName(m.member.id), bytes: utf8(renderNotice(config, bill, m, dialect)) });
  const chart = html ? noticeChart(config, bill, html.index) : [];
  if (html) for (const m of bill.members) files.push({ path: htmlNoticeFileName(m.member.id), bytes: utf8(renderHtmlNotice(config, bill, m, chart)) });
  const manifest = renderManifest({
    version,
    command: 'bill',
    options: { semester: semesterName(bill.semester), issued_on: bill.issuedOn, dialect, ...(html ? { html: true } : {}) },
    issuedOn: bill.issuedOn,
    dialect,
    config,
    inputs,
    outputs: files,
  });
  return [...files, { path: 'manifest.json', bytes: utf8(manifest) }];
}

export function runBill(opts: BillOptions, io: Io): number {
  const semester = semesterOption(opts.semester);
  const issuedOn = opts.issuedOn !== undefined ? dateOption('--issued-on', opts.issuedOn) : io.today();
  const asked = opts.dialect !== undefined ? dialectOption(opts.dialect, null) : null;
  const { dir, workspace, inputs, warnings: readWarnings } = loadOrFail(opts.dir, true);
  const dialect = asked ?? dialectOption(undefined, workspace.config.output.dialect);
  const { bill, diagnostics } = billSemester(workspace, semester, issuedOn);
  if (!bill) throw new CliError(EXIT.invalid, `cannot bill ${semesterName(semester)}; nothing was written`, diagnostics);
  const warnings = [...readWarnings, ...bill.warnings, ...(opts.html === true ? noticeTextWarnings(workspace.config) : [])];
  const files = billFiles(workspace.config, bill, dialect, inputs, toolVersion(), opts.html === true ? { index: workspace.index } : null);
  const outRoot = opts.out !== undefined ? resolve(opts.out) : join(dir, 'out');
  const target = join(outRoot, semesterName(semester));
  const rel = relative(process.cwd(), target);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? target : rel;
  let result: ReturnType<typeof writeOutputFolder>;
  try {
    result = writeOutputFolder(target, files, opts.force === true);
  } catch (e) {
    // Node's message names the code, the system call and the path: "ENOENT: no such file or directory, mkdir '/mnt/x'".
    throw new CliError(EXIT.invalid, `cannot write ${shown}: ${(e as Error).message}; nothing was written`);
  }
  if (result.status === 'foreign') {
    throw new CliError(EXIT.invalid, `${shown} already exists and is not the output of a bill run (${result.reason}); nothing was written. medcoop never replaces it, even with --force: use --out to write elsewhere`);
  }
  if (result.status === 'refused') {
    throw new CliError(EXIT.invalid, `${shown} already holds a different output (${result.reason}); nothing was written. Use --force to replace it, or --out to write elsewhere`);
  }
  if (opts.json) {
    io.out(`${JSON.stringify(billJson({ ...bill, warnings }), null, 2)}\n`);
    return EXIT.ok;
  }
  if (opts.quiet) return EXIT.ok;
  io.out(summary(io, workspace.config, bill, warnings.length, shown, result.status, opts.issuedOn === undefined, opts.html === true));
  printDiagnostics(io, warnings);
  return EXIT.ok;
}

/** What a person reads after a run: per member, share, subsidies, net and due date; the totals; where the files are. */
function summary(io: Io, config: Config, bill: Bill, warningCount: number, shown: string, status: string, issuedToday: boolean, html: boolean): string {
  const c = io.style.out;
  const s = semesterName(bill.semester);
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const lines: string[] = [];
  lines.push(c.bold(`${config.name} — ${s}`));
  lines.push(`${n(bill.invoices.length, 'invoice', 'invoices')} paid in the semester, ${n(bill.pending.length, 'pending invoice', 'pending invoices')} not billed, ${n(bill.subsidies.length, 'subsidy', 'subsidies')} deducted`);
  lines.push(`issued on ${bill.issuedOn}${issuedToday ? ' (today; set it with --issued-on)' : ''}, due on ${bill.dueOn} (${config.paymentDays} days)`);
  lines.push('');
  const w = Math.max(6, ...bill.members.map((m) => m.member.name.length));
  const num = (v: bigint) => groupedCents(v, ' ', '.').padStart(14);
  lines.push(c.dim(`  ${'member'.padEnd(w)}  ${'share TTC'.padStart(14)}  ${'subsidies'.padStart(14)}  ${'net'.padStart(14)}  due on`));
  for (const m of bill.members) {
    const credit = m.net < 0n;
    lines.push(`  ${m.member.name.padEnd(w)}  ${num(m.shareTtc)}  ${num(m.subsidies)}  ${c.bold(num(m.net))}  ${credit ? c.green('credit owed to the member') : bill.dueOn}`);
  }
  const t = bill.totals;
  lines.push(`  ${'total'.padEnd(w)}  ${num(t.ttc)}  ${num(t.subsidies)}  ${c.bold(num(t.net))}`);
  lines.push('');
  const verb = status === 'unchanged' ? 'unchanged: the same bytes were already there' : status === 'replaced' ? 'replaced (--force)' : 'written';
  lines.push(`${shown}/: recap.csv, ${n(bill.members.length, 'notice', 'notices')}${html ? ` (CSV and printable HTML)` : ''}, manifest.json — ${verb}`);
  if (warningCount > 0) lines.push(c.yellow(`${n(warningCount, 'warning', 'warnings')} (below, on stderr)`));
  return `${lines.join('\n')}\n`;
}
