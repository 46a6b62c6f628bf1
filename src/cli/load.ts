import { resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { Workspace } from '../core/model.js';
import { findWorkspaceDir, loadWorkspace, type ConfigFile, type InputFile } from '../read/workspace.js';
import { CliError, EXIT } from './errors.js';
import { t } from './i18n.js';

export interface Loaded {
  dir: string;
  workspace: Workspace;
  inputs: InputFile[];
  /** Warnings met while reading (e.g. a file read as Windows-1252). */
  warnings: Diagnostic[];
}

/** The workspace folder: --dir as given, else the nearest folder holding medcoop.json from the current one upwards. */
export function workspaceDir(dirOption: string | undefined): string {
  if (dirOption !== undefined) return resolve(dirOption);
  const here = resolve('.');
  return findWorkspaceDir(here) ?? here;
}

/** Loads the workspace or throws exit 1 with every problem found. */
export function loadOrFail(dirOption: string | undefined, writes = false, configFile?: ConfigFile): Loaded {
  const dir = workspaceDir(dirOption);
  const r = loadWorkspace(dir, { configFile });
  if (!r.workspace || hasErrors(r.diagnostics)) {
    const n = r.diagnostics.filter((d) => d.severity === 'error').length;
    const said = t('error.workspace', { count: n, dir });
    throw new CliError(EXIT.invalid, writes ? t('error.nothingWritten', { message: said }) : said, r.diagnostics);
  }
  return { dir, workspace: r.workspace, inputs: r.inputs, warnings: r.diagnostics };
}
