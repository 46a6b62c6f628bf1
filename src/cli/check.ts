/** `medcoop check`: validates the whole workspace; prints nothing but problems; exit 0 when it holds. */
import { checkWorkspace } from '../core/check.js';
import { hasErrors } from '../core/diagnostic.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT } from './errors.js';
import { loadOrFail } from './load.js';

export interface CheckOptions {
  dir?: string;
}

export function runCheck(opts: CheckOptions, io: Io): number {
  const { workspace, warnings } = loadOrFail(opts.dir);
  const found = [...warnings, ...checkWorkspace(workspace)];
  if (hasErrors(found)) {
    const n = found.filter((d) => d.severity === 'error').length;
    throw new CliError(EXIT.invalid, `${n} error${n === 1 ? '' : 's'} in the workspace`, found);
  }
  printDiagnostics(io, found);
  return EXIT.ok;
}
