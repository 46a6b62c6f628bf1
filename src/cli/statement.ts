/** `medcoop statement`: a member's statement of account, CSV and optionally printable HTML (SPEC §6). */
import { join } from 'node:path';
import { groupedCents } from '../core/exact.js';
import { statementOf } from '../core/settlement.js';
import { renderHtmlStatement, renderStatement, statementFileName } from '../render/account.js';
import { noticeTextWarnings } from '../render/html.js';
import type { FileBytes } from '../render/manifest.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { loadAccounts, shownPath } from './accounts.js';
import { dialectOption } from './options.js';
import { writeFiles } from './write.js';

export interface StatementOptions {
  dir?: string;
  member?: string;
  on?: string;
  out?: string;
  dialect?: string;
  html?: boolean;
  force?: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function runStatement(opts: StatementOptions, io: Io): number {
  if (opts.member === undefined) throw usage('--member is required: the id of the member whose statement to write (e.g. --member vilogia)');
  const asked = opts.dialect !== undefined ? dialectOption(opts.dialect, null) : null;
  const { config, status, on, outRoot, warnings } = loadAccounts(opts, io);
  const m = status.members.find((x) => x.member.id === opts.member);
  if (!m) throw usage(`--member: ${JSON.stringify(opts.member)} is not a member of the config (${config.members.map((x) => x.id).join(', ')})`);
  const dialect = asked ?? dialectOption(undefined, config.output.dialect);
  const st = statementOf(m);
  const files: FileBytes[] = [{ path: statementFileName(m.member.id, on, 'csv'), bytes: utf8(renderStatement(config, st, on, dialect)) }];
  if (opts.html) files.push({ path: statementFileName(m.member.id, on, 'html'), bytes: utf8(renderHtmlStatement(config, st, on)) });
  const dir = join(outRoot, 'statements');
  const shown = shownPath(dir);
  let r: ReturnType<typeof writeFiles>;
  try {
    r = writeFiles(dir, files, opts.force === true);
  } catch (e) {
    throw new CliError(EXIT.invalid, `cannot write ${shown}: ${(e as Error).message}`);
  }
  if (r.status === 'refused') throw new CliError(EXIT.invalid, `${join(shown, r.path)} already exists with other figures; nothing was written. Use --force to replace it`);
  const owes = m.balance < 0n ? `a credit of ${groupedCents(-m.balance, ' ', '.')} in its favour` : `balance ${groupedCents(m.balance, ' ', '.')} (overdue ${groupedCents(m.overdue, ' ', '.')})`;
  io.out(`${m.member.name} on ${on}: ${owes}, ${st.entries.length} entr${st.entries.length === 1 ? 'y' : 'ies'}\n${files.map((f) => join(shown, f.path)).join(', ')} — ${r.written.length > 0 ? 'written' : 'unchanged: the same bytes were already there'}\n`);
  printDiagnostics(io, [...warnings, ...m.warnings, ...(opts.html ? noticeTextWarnings(config) : [])]);
  return EXIT.ok;
}
