/** `medcoop check`: validates the whole workspace; prints nothing but problems; exit 0 when it holds. */
import { checkWorkspace } from '../core/check.js';
import { join } from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { Config } from '../core/model.js';
import { checkPaymentNotices } from '../read/inputs.js';
import { readIssuedNotices } from '../read/issued-notices.js';
import { loadPayments } from '../read/workspace.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT } from './errors.js';
import { loadOrFail } from './load.js';
import { t } from './i18n.js';

export interface CheckOptions {
  dir?: string;
}

/**
 * The payments file (SPEC §6): its rows, and the notice each names, among
 * those issued in the workspace's out/ (read only when a payment names one).
 */
function checkPayments(dir: string, config: Config): Diagnostic[] {
  const { payments, diagnostics } = loadPayments(dir, config);
  if (!payments.some((p) => p.notice !== null)) return diagnostics;
  const issued = readIssuedNotices(join(dir, 'out'), 'out', new Set(config.members.map((m) => m.id)));
  if (hasErrors(issued.diagnostics)) return [...diagnostics, ...issued.diagnostics];
  return [...diagnostics, ...checkPaymentNotices(payments, new Map(issued.notices.map((n) => [n.number, n.member])))];
}

export function runCheck(opts: CheckOptions, io: Io): number {
  const { dir, workspace, warnings } = loadOrFail(opts.dir);
  const found = [...warnings, ...checkWorkspace(workspace), ...checkPayments(dir, workspace.config)];
  if (hasErrors(found)) {
    const n = found.filter((d) => d.severity === 'error').length;
    throw new CliError(EXIT.invalid, t('check.errors', { count: n }), found);
  }
  printDiagnostics(io, found);
  return EXIT.ok;
}
