/** `medcoop bill`: the semester billing run (SPEC §4). Wires reading, computing, rendering and writing. */
import { relative, resolve, join } from 'node:path';
import { billSemester, type Bill } from '../core/bill.js';
import { formatCents } from '../core/exact.js';
import type { Config, Dialect } from '../core/model.js';
import { semesterName } from '../core/semester.js';
import { billJson, noticeFileName, renderNotice, renderRecap } from '../render/bill.js';
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
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The files of a run, manifest last (it hashes the others). Pure. */
export function billFiles(config: Config, bill: Bill, dialect: Dialect, inputs: readonly FileBytes[], version: string): FileBytes[] {
  const files: FileBytes[] = [{ path: 'recap.csv', bytes: utf8(renderRecap(config, bill, dialect)) }];
  for (const m of bill.members) files.push({ path: noticeFileName(m.member.id), bytes: utf8(renderNotice(config, bill, m, dialect)) });
  const manifest = renderManifest({
    version,
    command: 'bill',
    options: { semester: semesterName(bill.semester), issued_on: bill.issuedOn, dialect },
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
  const { dir, workspace, inputs, warnings: readWarnings } = loadOrFail(opts.dir);
  const dialect = asked ?? dialectOption(undefined, workspace.config.output.dialect);
  const { bill, diagnostics } = billSemester(workspace, semester, issuedOn);
  if (!bill) throw new CliError(EXIT.invalid, `cannot bill ${semesterName(semester)}; nothing was written`, diagnostics);
  const warnings = [...readWarnings, ...bill.warnings];
  const files = billFiles(workspace.config, bill, dialect, inputs, toolVersion());
  const outRoot = opts.out !== undefined ? resolve(opts.out) : join(dir, 'out');
  const target = join(outRoot, semesterName(semester));
  const rel = relative(process.cwd(), target);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? target : rel;
  let result: ReturnType<typeof writeOutputFolder>;
  try {
    result = writeOutputFolder(target, files, opts.force === true);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(EXIT.invalid, `cannot write ${shown}: ${err.code ?? ''} ${err.path ?? ''} ${err.code === 'EEXIST' || err.code === 'ENOTDIR' ? '(a file stands where a folder is needed)' : err.message}; nothing was written`.replace(/\s+/g, ' '));
  }
  if (result.status === 'refused') {
    throw new CliError(EXIT.invalid, `${shown} already holds a different output (${result.reason}); nothing was written. Use --force to replace it, or --out to write elsewhere`);
  }
  if (opts.json) {
    io.out(`${JSON.stringify(billJson({ ...bill, warnings }), null, 2)}\n`);
    return EXIT.ok;
  }
  io.out(summary(bill, shown, result.status, opts.issuedOn === undefined));
  printDiagnostics(io, warnings);
  return EXIT.ok;
}

function summary(bill: Bill, shown: string, status: string, issuedToday: boolean): string {
  const lines: string[] = [];
  const s = semesterName(bill.semester);
  lines.push(`${s}: ${bill.invoices.length} invoice(s) paid, ${bill.pending.length} pending, ${bill.subsidies.length} subsidy(ies); issued on ${bill.issuedOn}${issuedToday ? ' (today)' : ''}, due on ${bill.dueOn}`);
  const w = Math.max(6, ...bill.members.map((m) => m.member.id.length));
  const num = (c: bigint) => formatCents(c).padStart(12);
  lines.push(`  ${'member'.padEnd(w)}  ${'share TTC'.padStart(12)}  ${'subsidies'.padStart(12)}  ${'net'.padStart(12)}`);
  for (const m of bill.members) {
    lines.push(`  ${m.member.id.padEnd(w)}  ${num(m.shareTtc)}  ${num(m.subsidies)}  ${num(m.net)}${m.net < 0n ? '  (credit owed to the member)' : ''}`);
  }
  const t = bill.totals;
  lines.push(`  ${'total'.padEnd(w)}  ${num(t.ttc)}  ${num(t.subsidies)}  ${num(t.net)}`);
  const verb = status === 'unchanged' ? 'unchanged (same bytes already there)' : status === 'replaced' ? 'replaced (--force)' : 'written';
  lines.push(`${shown}/: ${verb}`);
  return `${lines.join('\n')}\n`;
}

