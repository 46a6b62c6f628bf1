/**
 * The file-system side of reading a workspace: finds and reads the files the
 * config names, keeps their bytes (for the manifest's SHA-256), and hands
 * them to the pure parsers. Everything read is listed in `inputs`.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { assertRegularFile, PIECE, readRegularFile, whyUnreadable } from './files.js';
import { dirname, join, posix } from 'node:path';
import { error, hasErrors, warning, type Diagnostic, type Text } from '../core/diagnostic.js';
import type { Config, IndexRow, Invoice, Payment, Workspace } from '../core/model.js';
import { readConfig } from './config.js';
import { checkInvoiceIds, parseIndexFile, parseInvoiceFile, parsePaymentFile, parseRatesFile, parseSubsidyFile } from './inputs.js';

export const CONFIG_FILE = 'medcoop.json';

export interface InputFile {
  /** Relative to the workspace, with `/` separators, as written in the config. */
  path: string;
  bytes: Uint8Array;
  /** SHA-256 (hex) and length of the bytes read, given when the bytes are not kept in memory. */
  sha256?: string;
  size?: number;
  /** The bytes a piece at a time, checked against `sha256` at the end (given with `sha256`). */
  pieces?: () => Iterable<Uint8Array>;
}

export interface LoadOptions {
  /**
   * Inputs totalling at most this many bytes stay in memory for the
   * manifest (the usual case); above it (a million invoice lines), each
   * file's SHA-256 and size are taken when it is read, for the manifest,
   * and its `bytes` are read again from disk only if asked, and refused if
   * they no longer have that SHA-256: the manifest always describes the
   * bytes the figures come from. Default 8 MiB.
   */
  keepBytesUpTo?: number;
  /** medcoop.json as `loadConfigFile` already read it (`bill` reads it first to size the run): not read again. */
  configFile?: ConfigFile;
}

const KEEP_BYTES_UP_TO = 8 * 1024 * 1024;

/** An input whose bytes are read again on demand and checked against the SHA-256 taken at the first reading. */
class RereadInput implements InputFile {
  constructor(
    readonly path: string,
    private readonly absolute: string,
    readonly sha256: string,
    readonly size: number,
  ) {}
  get bytes(): Uint8Array {
    // `f.bytes` is often read twice in a row (hash, then length): the last
    // bytes read are kept until the current task ends, no longer.
    if (recent?.input === this) return recent.bytes;
    let bytes: Uint8Array | null = null;
    try {
      bytes = readRegularFile(this.absolute);
    } catch {
      bytes = null;
    }
    if (bytes === null || bytes.length !== this.size || createHash('sha256').update(bytes).digest('hex') !== this.sha256) throw this.changed();
    if (recent === null) queueMicrotask(() => (recent = null));
    recent = { input: this, bytes };
    return bytes;
  }

  /**
   * The file read again a MiB at a time into one buffer (each piece valid
   * until the next), hashed on the way; throws at the end, as `bytes` does,
   * if it is no longer the file that was read. The audit pack copies a large
   * input this way: the copy is never held whole, and a folder with a copy
   * that changed is never renamed into place (src/cli/write.ts).
   */
  *pieces(): Generator<Uint8Array> {
    let fd: number;
    try {
      assertRegularFile(this.absolute);
      fd = openSync(this.absolute, 'r');
    } catch {
      throw this.changed();
    }
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(PIECE);
    let size = 0;
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, PIECE, null);
        if (n === 0) break;
        size += n;
        const piece = buffer.subarray(0, n);
        hash.update(piece);
        yield piece;
      }
    } finally {
      closeSync(fd);
    }
    if (size !== this.size || hash.digest('hex') !== this.sha256) throw this.changed();
  }

  private changed(): Error {
    return new Error(`${this.path} changed while medcoop was running (its SHA-256 is no longer that of the bytes read): run it again`);
  }
}

let recent: { input: RereadInput; bytes: Uint8Array } | null = null;

/** The inputs read so far: their bytes kept while they total at most the limit, then let go once parsed. */
class Inputs {
  readonly list: InputFile[] = [];
  private kept = 0;
  constructor(
    private readonly dir: string,
    private readonly limit: number,
  ) {}
  /** `bytes` may be a view of `FileReader`'s buffer: what is kept is copied. */
  add(path: string, bytes: Uint8Array): void {
    if (this.kept + bytes.length <= this.limit) {
      this.kept += bytes.length;
      this.list.push({ path, bytes: Buffer.from(bytes) });
    } else {
      this.list.push(new RereadInput(path, join(this.dir, path), createHash('sha256').update(bytes).digest('hex'), bytes.length));
    }
  }
}

export interface LoadedWorkspace {
  workspace: Workspace | null;
  inputs: InputFile[];
  /** Errors and warnings, in reading order (the CLI sorts them). */
  diagnostics: Diagnostic[];
}

/**
 * The bytes of a file, read into a buffer reused from file to file (a view
 * valid until the next call): the files of a large workspace are parsed one
 * after the other, and a fresh 10 MB buffer per file would only wait for the
 * garbage collector. `Inputs.add` copies the bytes it keeps.
 */
class FileReader {
  private buffer = Buffer.allocUnsafeSlow(64 * 1024);

  read(absolute: string): Uint8Array {
    assertRegularFile(absolute); // a FIFO would block the open below
    const fd = openSync(absolute, 'r');
    try {
      const size = fstatSync(fd).size;
      if (this.buffer.length <= size) this.buffer = Buffer.allocUnsafeSlow(size + 1);
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafeSlow(length * 2);
          this.buffer.copy(bigger, 0, 0, length);
          this.buffer = bigger;
        }
        const n = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      return this.buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }
}

function readBytes(reader: FileReader, dir: string, path: string, what: string, diagnostics: Diagnostic[]): Uint8Array | null {
  try {
    return reader.read(join(dir, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    diagnostics.push(error(code === 'ENOENT' ? 'missing-file' : 'unreadable-file', `cannot read the ${what}: ${whyUnreadable(e)}`, { file: path }, { values: { why: whyUnreadable(e) }, variant: what.replace(/ file$/, 'File') }));
    return null;
  }
}

/**
 * Why a file of the invoices folder is not read, or null when it is an
 * invoices file: the lock file Excel (`~$2025.csv`) or LibreOffice
 * (`.~lock.2025.csv#`) keeps beside an open file, and any hidden file.
 */
export function notAnInvoiceFile(name: string): string | null {
  if (name.startsWith('~$')) return 'an Excel lock file';
  if (name.startsWith('.~lock.')) return 'a LibreOffice lock file';
  if (name.startsWith('.')) return 'a hidden file';
  return null;
}

/**
 * The bytes of the invoice files the config names, from their sizes on disk,
 * without reading them: how large a `bill` run will be (src/cli/large.ts).
 * What cannot be found counts 0 (reading the workspace will say why).
 */
export function invoiceBytes(dir: string, config: Config): number {
  let total = 0;
  for (const path of invoiceFiles(dir, config.inputs.invoices, [])) {
    try {
      total += statSync(join(dir, path)).size;
    } catch {
      // reported when read
    }
  }
  return total;
}

/** The invoices input: a file, or every `*.csv` of a folder in name order (code-unit order, not locale). */
function invoiceFiles(dir: string, path: string, diagnostics: Diagnostic[]): string[] {
  let isDir = false;
  try {
    isDir = statSync(join(dir, path)).isDirectory();
  } catch {
    diagnostics.push(error('missing-file', 'cannot read the invoices: not found', { file: path }, { values: {}, variant: 'invoices' }));
    return [];
  }
  if (!isDir) return [path];
  let all: string[];
  try {
    all = readdirSync(join(dir, path));
  } catch (e) {
    diagnostics.push(error('unreadable-file', `cannot read the invoices folder: ${whyUnreadable(e)}`, { file: path }, { values: { why: whyUnreadable(e) }, variant: 'invoicesFolder' }));
    return [];
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const names = all.filter((n) => n.toLowerCase().endsWith('.csv') && notAnInvoiceFile(n) === null).sort(byName);
  const skipped = all.filter((n) => notAnInvoiceFile(n) !== null && (n.toLowerCase().endsWith('.csv') || notAnInvoiceFile(n) !== 'a hidden file')).sort(byName);
  if (skipped.length > 0) {
    const list = skipped.map((n) => `${n} (${notAnInvoiceFile(n)})`).join(', ');
    diagnostics.push(warning('skipped-file', `skipped ${skipped.length === 1 ? 'a file that is' : `${skipped.length} files that are`} not invoices: ${list}`, { file: path }, { values: { count: skipped.length, files: list } }));
  }
  if (names.length === 0) diagnostics.push(warning('no-invoices', 'the invoices folder holds no .csv file yet: nothing to bill', { file: path }, { values: {} }));
  return names.map((n) => posix.join(path.split('\\').join('/'), n));
}

/**
 * The workspace that holds `start`: the nearest folder, `start` itself or one
 * above it, holding medcoop.json; null when there is none. Every command
 * without --dir looks from the current folder, `verify` from its OUTDIR, so a
 * command run in `invoices/` finds its workspace as git finds its repository.
 */
export function findWorkspaceDir(start: string): string | null {
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, CONFIG_FILE))) return d;
    if (dirname(d) === d) return null;
  }
}

/**
 * medcoop.json alone, read and checked: what `index import` needs, and the
 * first step of loadWorkspace. `bytes` is null when the file could not be read.
 */
export interface ConfigFile {
  config: Config | null;
  bytes: Uint8Array | null;
  diagnostics: Diagnostic[];
  unsetPrices?: Diagnostic[];
}

export function loadConfigFile(dir: string): ConfigFile {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(join(dir, CONFIG_FILE));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT'
      ? `no ${CONFIG_FILE} in ${dir}: run medcoop in a workspace folder, or name one with --dir`
      : `cannot read ${CONFIG_FILE}: ${whyUnreadable(e)}`;
    const text: Text = code === 'ENOENT' ? { values: { file: CONFIG_FILE, dir } } : { values: { file: CONFIG_FILE, why: whyUnreadable(e) }, variant: 'config' };
    return { config: null, bytes: null, diagnostics: [error(code === 'ENOENT' ? 'missing-config' : 'unreadable-file', msg, { file: CONFIG_FILE }, text)] };
  }
  const text = decodeUtf8(bytes);
  if (text === null) {
    return { config: null, bytes, diagnostics: [error('bad-encoding', `${CONFIG_FILE} is not valid UTF-8`, { file: CONFIG_FILE }, { values: { file: CONFIG_FILE } })] };
  }
  return { ...readConfig(CONFIG_FILE, text), bytes };
}

export function loadWorkspace(dir: string, options: LoadOptions = {}): LoadedWorkspace {
  const read = new Inputs(dir, options.keepBytesUpTo ?? KEEP_BYTES_UP_TO);
  const { config, bytes, diagnostics, unsetPrices } = options.configFile ?? loadConfigFile(dir);
  if (bytes !== null) read.add(CONFIG_FILE, bytes);
  if (!config) return { workspace: null, inputs: read.list, diagnostics };
  return loadInputs(dir, config, read, [...(unsetPrices ?? [])]);
}

function loadInputs(dir: string, config: Config, read: Inputs, diagnostics: Diagnostic[]): LoadedWorkspace {
  const inputs = read.list;
  const reader = new FileReader();
  let index: IndexRow[] = [];
  const indexBytes = readBytes(reader, dir, config.inputs.index, 'index file', diagnostics);
  if (indexBytes) {
    const r = parseIndexFile(config.inputs.index, indexBytes);
    read.add(config.inputs.index, indexBytes);
    index = r.rows;
    pushAll(diagnostics, r.diagnostics);
  }
  const invoices: Invoice[] = [];
  for (const path of invoiceFiles(dir, config.inputs.invoices, diagnostics)) {
    const bytes = readBytes(reader, dir, path, 'invoices file', diagnostics);
    if (!bytes) continue;
    const r = parseInvoiceFile(path, bytes, config);
    read.add(path, bytes);
    pushAll(invoices, r.invoices);
    pushAll(diagnostics, r.diagnostics);
  }
  pushAll(diagnostics, checkInvoiceIds(invoices));
  // An optional input the config names: read, recorded for the manifest, parsed; null when not named or unreadable.
  const optional = <T>(path: string | null | undefined, what: string, parse: (file: string, bytes: Uint8Array) => { rows: T[]; diagnostics: Diagnostic[] }): T[] | null => {
    if (!path) return null;
    const bytes = readBytes(reader, dir, path, what, diagnostics);
    if (!bytes) return null;
    const r = parse(path, bytes);
    read.add(path, bytes);
    pushAll(diagnostics, r.diagnostics);
    return r.rows;
  };
  const subsidies = optional(config.inputs.subsidies, 'subsidies file', (f, b) => { const r = parseSubsidyFile(f, b); return { rows: r.subsidies, diagnostics: r.diagnostics }; }) ?? [];
  // The rate table (SPEC §7), read like every input when the config names one.
  const rates = optional(config.inputs.rates, 'rates file', (f, b) => { const r = parseRatesFile(f, b); return { rows: r.rates, diagnostics: r.diagnostics }; });
  if (hasErrors(diagnostics)) return { workspace: null, inputs, diagnostics };
  return { workspace: { config, index, invoices, subsidies, ...(rates !== null ? { rates } : {}) }, inputs, diagnostics };
}

/** Where the payments are read from: `inputs.payments`, or `payments.csv` by default (SPEC §6). */
export const DEFAULT_PAYMENTS = 'payments.csv';

/**
 * The members' payments (SPEC §6), read apart from the other inputs: they are
 * no input of a bill run (nor of its manifest). The file named by
 * `inputs.payments` must exist; without that key, `payments.csv` is read when
 * present, and no file means no payment yet.
 */
export function loadPayments(dir: string, config: Config): { path: string; payments: Payment[]; diagnostics: Diagnostic[] } {
  const path = config.inputs.payments ?? DEFAULT_PAYMENTS;
  const diagnostics: Diagnostic[] = [];
  if (!config.inputs.payments && !existsSync(join(dir, path))) return { path, payments: [], diagnostics };
  const bytes = readBytes(new FileReader(), dir, path, 'payments file', diagnostics);
  if (!bytes) return { path, payments: [], diagnostics };
  const r = parsePaymentFile(path, bytes, config);
  return { path, payments: r.payments, diagnostics: [...diagnostics, ...r.diagnostics] };
}

/** `into.push(...from)` without the argument-count limit of a spread (a million diagnostics or invoices). */
function pushAll<T>(into: T[], from: readonly T[]): void {
  for (const x of from) into.push(x);
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
