/**
 * What status, statement and remind share (SPEC §6): the config, the notices
 * issued in the output root, the payments received, settled as of a date.
 * Only medcoop.json, payments.csv and the issues' manifests are read: the
 * invoices and the index are the bill's business.
 */
import { join, relative, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { IsoDate } from '../core/dates.js';
import type { Config } from '../core/model.js';
import { settle, type Status } from '../core/settlement.js';
import { checkPaymentNotices } from '../read/inputs.js';
import { readIssuedNotices } from '../read/issued-notices.js';
import { loadConfigFile, loadPayments } from '../read/workspace.js';
import type { Io } from './context.js';
import { CliError, EXIT } from './errors.js';
import { errorText, t } from './i18n.js';
import { workspaceDir } from './load.js';
import { dateOption } from './options.js';
import type { FileBytes } from '../render/manifest.js';
import { writeFiles } from './write.js';

export interface Accounts {
  dir: string;
  config: Config;
  /** The output root (absolute), and as messages show it. */
  outRoot: string;
  shownRoot: string;
  on: IsoDate;
  status: Status;
  /** Warnings met while reading (a payments file read as Windows-1252…). */
  warnings: Diagnostic[];
}

/** Where a path is shown: relative to the current folder when below it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/**
 * Writes a statement's or the reminders' files into `dir` (never a different
 * existing file without --force) and says whether anything was written;
 * a refusal or a system error is exit 1 with the folder named.
 */
export function writeAccountFiles(dir: string, files: readonly FileBytes[], force: boolean): { shown: string; written: boolean } {
  const shown = shownPath(dir);
  let r: ReturnType<typeof writeFiles>;
  try {
    r = writeFiles(dir, files, force);
  } catch (e) {
    throw new CliError(EXIT.invalid, t('write.cannot', { folder: shown, reason: errorText((e as Error).message) }));
  }
  if (r.status === 'refused') throw new CliError(EXIT.invalid, t('write.refused', { path: join(shown, r.path) }));
  return { shown, written: r.written.length > 0 };
}

/** The output root as a diagnostic names it: relative to the workspace when inside it. */
function rootInMessages(dir: string, outRoot: string): string {
  const rel = relative(dir, outRoot);
  return rel === '' ? '.' : rel.startsWith('..') ? outRoot : rel;
}

export function loadAccounts(opts: { dir?: string; out?: string; on?: string }, io: Io, writes = true): Accounts {
  const on = opts.on !== undefined ? dateOption('--on', opts.on) : io.today();
  const dir = workspaceDir(opts.dir);
  const { config, diagnostics } = loadConfigFile(dir);
  if (!config) throw new CliError(EXIT.invalid, t('accounts.cannotRead', { dir }), diagnostics);
  const outRoot = opts.out !== undefined ? resolve(opts.out) : join(dir, 'out');
  const shownRoot = rootInMessages(dir, outRoot);
  const members = new Set(config.members.map((m) => m.id));
  const issued = readIssuedNotices(outRoot, shownRoot, members);
  const paid = loadPayments(dir, config);
  const found = [...issued.diagnostics, ...paid.diagnostics];
  if (!hasErrors(issued.diagnostics)) found.push(...checkPaymentNotices(paid.payments, new Map(issued.notices.map((n) => [n.number, n.member]))));
  if (hasErrors(found)) {
    const n = found.filter((x) => x.severity === 'error').length;
    const said = t('accounts.errors', { count: n });
    throw new CliError(EXIT.invalid, writes ? t('error.nothingWritten', { message: said }) : said, found);
  }
  const status = settle(config.members, issued.notices, paid.payments, on);
  return { dir, config, outRoot, shownRoot, on, status, warnings: found };
}
