/** `medcoop status`: per member, every issued notice with what is paid, left and overdue on a date (SPEC §6). */
import { statusJson, statusText } from '../render/account.js';
import { printDiagnostics, type Io } from './context.js';
import { EXIT } from './errors.js';
import { loadAccounts } from './accounts.js';
import { say } from './i18n.js';

export interface StatusOptions {
  dir?: string;
  out?: string;
  on?: string;
  json?: boolean;
}

export function runStatus(opts: StatusOptions, io: Io): number {
  const { config, status, warnings } = loadAccounts(opts, io, false);
  const all = [...warnings, ...status.warnings];
  if (opts.json) {
    io.out(`${JSON.stringify(statusJson({ ...status, warnings: all }), null, 2)}\n`);
    return EXIT.ok;
  }
  io.out(statusText(config, status, io.style.out, say));
  printDiagnostics(io, all);
  return EXIT.ok;
}
