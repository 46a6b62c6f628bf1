/**
 * The file-system side of reading a workspace: finds and reads the files the
 * config names, keeps their bytes (for the manifest's SHA-256), and hands
 * them to the pure parsers. Everything read is listed in `inputs`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { error, hasErrors, warning, type Diagnostic } from '../core/diagnostic.js';
import type { Config, IndexRow, Invoice, Subsidy, Workspace } from '../core/model.js';
import { readConfig } from './config.js';
import { checkInvoiceIds, parseIndexFile, parseInvoiceFile, parseSubsidyFile } from './inputs.js';

export const CONFIG_FILE = 'medcoop.json';

export interface InputFile {
  /** Relative to the workspace, with `/` separators, as written in the config. */
  path: string;
  bytes: Uint8Array;
}

export interface LoadedWorkspace {
  workspace: Workspace | null;
  inputs: InputFile[];
  /** Errors and warnings, in reading order (the CLI sorts them). */
  diagnostics: Diagnostic[];
}

function readBytes(dir: string, path: string, what: string, diagnostics: Diagnostic[]): Uint8Array | null {
  try {
    return readFileSync(join(dir, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    diagnostics.push(error(code === 'ENOENT' ? 'missing-file' : 'unreadable-file', `cannot read the ${what}: ${why}`, { file: path }));
    return null;
  }
}

/** The invoices input: a file, or every `*.csv` of a folder in name order (code-unit order, not locale). */
function invoiceFiles(dir: string, path: string, diagnostics: Diagnostic[]): string[] {
  let isDir = false;
  try {
    isDir = statSync(join(dir, path)).isDirectory();
  } catch {
    diagnostics.push(error('missing-file', 'cannot read the invoices: not found', { file: path }));
    return [];
  }
  if (!isDir) return [path];
  const names = readdirSync(join(dir, path)).filter((n) => n.toLowerCase().endsWith('.csv') && !n.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) diagnostics.push(warning('no-invoices', 'the invoices folder holds no .csv file yet: nothing to bill', { file: path }));
  return names.map((n) => posix.join(path.split('\\').join('/'), n));
}

export function loadWorkspace(dir: string): LoadedWorkspace {
  const diagnostics: Diagnostic[] = [];
  const inputs: InputFile[] = [];
  let configBytes: Uint8Array;
  try {
    configBytes = readFileSync(join(dir, CONFIG_FILE));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT'
      ? `no ${CONFIG_FILE} in ${dir}: run medcoop in a workspace folder, or name one with --dir`
      : `cannot read ${CONFIG_FILE}: ${(e as Error).message}`;
    return { workspace: null, inputs, diagnostics: [error(code === 'ENOENT' ? 'missing-config' : 'unreadable-file', msg, { file: CONFIG_FILE })] };
  }
  inputs.push({ path: CONFIG_FILE, bytes: configBytes });
  const text = decodeUtf8(configBytes);
  if (text === null) {
    return { workspace: null, inputs, diagnostics: [error('bad-encoding', `${CONFIG_FILE} is not valid UTF-8`, { file: CONFIG_FILE })] };
  }
  const { config, diagnostics: configDiagnostics } = readConfig(CONFIG_FILE, text);
  if (!config) return { workspace: null, inputs, diagnostics: configDiagnostics };
  return loadInputs(dir, config, inputs, diagnostics);
}

function loadInputs(dir: string, config: Config, inputs: InputFile[], diagnostics: Diagnostic[]): LoadedWorkspace {
  let index: IndexRow[] = [];
  const indexBytes = readBytes(dir, config.inputs.index, 'index file', diagnostics);
  if (indexBytes) {
    inputs.push({ path: config.inputs.index, bytes: indexBytes });
    const r = parseIndexFile(config.inputs.index, indexBytes);
    index = r.rows;
    diagnostics.push(...r.diagnostics);
  }
  const invoices: Invoice[] = [];
  for (const path of invoiceFiles(dir, config.inputs.invoices, diagnostics)) {
    const bytes = readBytes(dir, path, 'invoices file', diagnostics);
    if (!bytes) continue;
    inputs.push({ path, bytes });
    const r = parseInvoiceFile(path, bytes, config);
    invoices.push(...r.invoices);
    diagnostics.push(...r.diagnostics);
  }
  diagnostics.push(...checkInvoiceIds(invoices));
  let subsidies: Subsidy[] = [];
  if (config.inputs.subsidies !== null) {
    const bytes = readBytes(dir, config.inputs.subsidies, 'subsidies file', diagnostics);
    if (bytes) {
      inputs.push({ path: config.inputs.subsidies, bytes });
      const r = parseSubsidyFile(config.inputs.subsidies, bytes);
      subsidies = r.subsidies;
      diagnostics.push(...r.diagnostics);
    }
  }
  if (hasErrors(diagnostics)) return { workspace: null, inputs, diagnostics };
  return { workspace: { config, index, invoices, subsidies }, inputs, diagnostics };
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
