/** `medcoop remind`: one printable reminder per member with an overdue notice on a date (SPEC §6). */
import { join } from 'node:path';
import { overdueNotices } from '../core/settlement.js';
import { groupedCents } from '../core/exact.js';
import { reminderFileName, renderHtmlReminder, renderReminder } from '../render/account.js';
import { noticeTextWarnings } from '../render/html.js';
import type { FileBytes } from '../render/manifest.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT } from './errors.js';
import { loadAccounts, shownPath } from './accounts.js';
import { dialectOption } from './options.js';
import { writeFiles } from './write.js';

export interface RemindOptions {
  dir?: string;
  on?: string;
  out?: string;
  dialect?: string;
  force?: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function runRemind(opts: RemindOptions, io: Io): number {
  const asked = opts.dialect !== undefined ? dialectOption(opts.dialect, null) : null;
  const { config, status, on, outRoot, warnings } = loadAccounts(opts, io);
  const dialect = asked ?? dialectOption(undefined, config.output.dialect);
  const due = overdueNotices(status);
  if (due.length === 0) {
    io.out(`no notice is overdue on ${on}: no reminder written\n`);
    printDiagnostics(io, [...warnings, ...status.warnings]);
    return EXIT.ok;
  }
  const files: FileBytes[] = [];
  for (const { member, notices } of due) {
    files.push({ path: reminderFileName(member.member.id, 'csv'), bytes: utf8(renderReminder(config, member, notices, on, dialect)) });
    files.push({ path: reminderFileName(member.member.id, 'html'), bytes: utf8(renderHtmlReminder(config, member, notices, on)) });
  }
  const dir = join(outRoot, 'reminders', on);
  const shown = shownPath(dir);
  let r: ReturnType<typeof writeFiles>;
  try {
    r = writeFiles(dir, files, opts.force === true);
  } catch (e) {
    throw new CliError(EXIT.invalid, `cannot write ${shown}: ${(e as Error).message}`);
  }
  if (r.status === 'refused') throw new CliError(EXIT.invalid, `${join(shown, r.path)} already exists with other figures; nothing was written. Use --force to replace it`);
  for (const { member, notices } of due) {
    const left = notices.reduce((s, n) => s + n.balance, 0n);
    io.out(`${member.member.name}: ${notices.length} overdue notice${notices.length > 1 ? 's' : ''} (${notices.map((n) => n.notice.number).join(', ')}), ${groupedCents(left, ' ', '.')} left to pay\n`);
  }
  io.out(`${shown}/: ${due.length} reminder${due.length > 1 ? 's' : ''} (CSV and printable HTML) — ${r.written.length > 0 ? 'written' : 'unchanged: the same bytes were already there'}\n`);
  printDiagnostics(io, [...warnings, ...status.warnings, ...noticeTextWarnings(config)]);
  return EXIT.ok;
}
