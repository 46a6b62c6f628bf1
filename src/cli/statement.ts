/** `medcoop statement`: a member's statement of account, CSV and optionally printable HTML (SPEC §6). */
import { join } from 'node:path';
import { statementOf } from '../core/settlement.js';
import { renderHtmlStatement, renderStatement, statementFileName } from '../render/account.js';
import { noticeTextWarnings } from '../render/html.js';
import type { FileBytes } from '../render/manifest.js';
import { printDiagnostics, type Io } from './context.js';
import { EXIT, usage } from './errors.js';
import { day, money, t } from './i18n.js';
import { loadAccounts, writeAccountFiles } from './accounts.js';
import { dialectOption } from './options.js';

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
  if (opts.member === undefined) throw usage(t('statement.memberRequired'));
  const asked = opts.dialect !== undefined ? dialectOption(opts.dialect, null) : null;
  const { config, status, on, outRoot, warnings } = loadAccounts(opts, io);
  const m = status.members.find((x) => x.member.id === opts.member);
  if (!m) throw usage(t('statement.notMember', { member: JSON.stringify(opts.member), ids: config.members.map((x) => x.id).join(', ') }));
  const dialect = asked ?? dialectOption(undefined, config.output.dialect);
  const st = statementOf(m);
  const files: FileBytes[] = [{ path: statementFileName(m.member.id, on, 'csv'), bytes: utf8(renderStatement(config, st, on, dialect)) }];
  if (opts.html) files.push({ path: statementFileName(m.member.id, on, 'html'), bytes: utf8(renderHtmlStatement(config, st, on)) });
  const { shown, written } = writeAccountFiles(join(outRoot, 'statements'), files, opts.force === true);
  const owes = m.balance < 0n ? t('statement.credit', { amount: money(-m.balance) }) : t('statement.balance', { balance: money(m.balance), overdue: money(m.overdue) });
  io.out(`${t('statement.done', { name: m.member.name, on: day(on), owes, entries: t('statement.entries', { count: st.entries.length }) })}\n`);
  io.out(`${t('write.files', { files: files.map((f) => join(shown, f.path)).join(', '), status: t(written ? 'write.written' : 'write.unchanged') })}\n`);
  printDiagnostics(io, [...warnings, ...m.warnings, ...(opts.html ? noticeTextWarnings(config) : [])]);
  return EXIT.ok;
}
