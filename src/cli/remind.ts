/** `medcoop remind`: one printable reminder per member with an overdue notice on a date (SPEC §6). */
import { join } from 'node:path';
import { overdueNotices } from '../core/settlement.js';
import { reminderFileName, renderHtmlReminder, renderReminder } from '../render/account.js';
import { noticeTextWarnings } from '../render/html.js';
import type { FileBytes } from '../render/manifest.js';
import { printDiagnostics, type Io } from './context.js';
import { EXIT } from './errors.js';
import { day, money, t } from './i18n.js';
import { loadAccounts, writeAccountFiles } from './accounts.js';
import { dialectOption } from './options.js';

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
    io.out(`${t('remind.none', { on: day(on) })}\n`);
    printDiagnostics(io, [...warnings, ...status.warnings]);
    return EXIT.ok;
  }
  const files: FileBytes[] = [];
  for (const { member, notices } of due) {
    files.push({ path: reminderFileName(member.member.id, 'csv'), bytes: utf8(renderReminder(config, member, notices, on, dialect)) });
    files.push({ path: reminderFileName(member.member.id, 'html'), bytes: utf8(renderHtmlReminder(config, member, notices, on)) });
  }
  const { shown, written } = writeAccountFiles(join(outRoot, 'reminders', on), files, opts.force === true);
  for (const { member, notices } of due) {
    const left = notices.reduce((s, n) => s + n.balance, 0n);
    io.out(`${t('remind.overdue', { name: member.member.name, count: notices.length, numbers: notices.map((n) => n.notice.number).join(', '), left: money(left) })}\n`);
  }
  io.out(`${t('remind.reminders', { folder: shown, count: due.length, status: t(written ? 'write.written' : 'write.unchanged') })}\n`);
  printDiagnostics(io, [...warnings, ...status.warnings, ...noticeTextWarnings(config)]);
  return EXIT.ok;
}
