import { resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { Workspace } from '../core/model.js';
import { loadWorkspace, type InputFile } from '../read/workspace.js';
import { CliError, EXIT } from './errors.js';

export interface Loaded {
  dir: string;
  workspace: Workspace;
  inputs: InputFile[];
  /** Warnings met while reading (e.g. a file read as Windows-1252). */
  warnings: Diagnostic[];
}

/** Loads the workspace or throws exit 1 with every problem found. */
export function loadOrFail(dirOption: string | undefined, writes = false): Loaded {
  const dir = resolve(dirOption ?? '.');
  const r = loadWorkspace(dir);
  if (!r.workspace || hasErrors(r.diagnostics)) {
    const n = r.diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliError(EXIT.invalid, `${n} error${n === 1 ? '' : 's'} in the workspace ${dir}${writes ? '; nothing was written' : ''}`, r.diagnostics);
  }
  return { dir, workspace: r.workspace, inputs: r.inputs, warnings: r.diagnostics };
}
