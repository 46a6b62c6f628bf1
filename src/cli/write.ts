/**
 * Writing a run's output folder all at once, or not at all: the files are
 * written into a temporary sibling folder, then renamed into place. An
 * existing folder with the same bytes is left alone; a different one is only
 * replaced with --force.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { readRegularFile } from '../read/files.js';
import { listFilesUnder, SNAPSHOT_DIR } from '../read/issues.js';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileBytes } from '../render/manifest.js';

/**
 * `mkdir -p`, one level at a time. Not `mkdirSync(path, { recursive: true })`:
 * when a parent exists but cannot hold children (a symlink to an unmounted
 * share, anything under /proc), mkdir answers ENOENT, and Node 20's recursive
 * mkdir then recreates the parent (EEXIST) and retries the child, forever, at
 * 100 % CPU. Here each missing level is made once, and the first refusal is
 * thrown as it is (ENOENT, EACCES, ENOTDIR…).
 */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    if (existsSync(p)) break; // follows symlinks: a dangling one counts as missing
    missing.push(p);
    if (dirname(p) === p) break;
  }
  const notAFolder = (dir: string) =>
    Object.assign(new Error(`ENOTDIR: not a folder (a file, or a link to something missing), mkdir '${dir}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: dir });
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (e) {
      // EEXIST from a dangling symlink, or a race with another process: fine
      // only if a folder now stands there.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (!isDirectory(dir)) throw notAFolder(dir);
    }
  }
  if (missing.length === 0 && !isDirectory(path)) throw notAFolder(resolve(path));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export type WriteResult = { status: 'written' | 'unchanged' | 'replaced' } | { status: 'refused' | 'foreign'; reason: string };

/** How an existing folder (its files, `/`-separated paths) differs from what would be written, or null if it holds the same files and bytes. */
function differs(target: string, existing: readonly string[], files: readonly FileBytes[]): string | null {
  const wanted = files.map((f) => f.path).sort();
  for (const name of existing) if (!wanted.includes(name)) return `${name} would be removed`;
  for (const f of files) {
    if (!existing.includes(f.path)) return `${f.path} would be added`;
    const old = readRegularFile(join(target, f.path));
    if (!old.equals(Buffer.from(f.bytes))) return `${f.path} would change`;
  }
  return null;
}

/** The names a bill run writes (recap, notices, manifest): all that --force may ever replace. */
const OUTPUT_NAME = /^(recap\.csv|manifest\.json|notice-[a-z0-9][a-z0-9-]*\.(csv|html))$/;

/**
 * Why an existing, non-empty folder (its entries, sorted) is not the output
 * of a bill run, or null when it is: a manifest.json, nothing but regular
 * files with the names a run writes, and the `inputs/` folder of its audit
 * pack. Such a folder is never replaced, --force or not: it may be a
 * workspace (`--out` one level above it), or hold someone's notes.
 */
function notAnOutput(entries: readonly Dirent[]): string | null {
  for (const e of entries) {
    if (e.name === SNAPSHOT_DIR && e.isDirectory()) continue;
    if (!e.isFile()) return `${e.name} is ${e.isDirectory() ? 'a folder' : 'not a regular file'}`;
    if (!OUTPUT_NAME.test(e.name)) return `${e.name} is not a file medcoop writes`;
  }
  if (!entries.some((e) => e.name === 'manifest.json')) return 'it holds no manifest.json';
  return null;
}

/** Would writing `files` to `target` change anything? 'unchanged', or why not ('refused'/'foreign' with a reason), or 'written' when nothing stands there. Writes nothing. */
export function compareOutputFolder(target: string, files: readonly FileBytes[]): WriteResult {
  const present = existsSync(target) ? readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : [];
  if (present.length === 0) return { status: 'written' };
  const foreign = notAnOutput(present);
  if (foreign !== null) return { status: 'foreign', reason: foreign };
  const why = differs(target, listFilesUnder(target), files);
  return why === null ? { status: 'unchanged' } : { status: 'refused', reason: why };
}

export function writeOutputFolder(target: string, files: readonly FileBytes[], force: boolean): WriteResult {
  const exists = existsSync(target);
  // The target's entries, read once for every check below.
  const present = exists ? readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : [];
  const filled = present.length > 0;
  if (filled) {
    const foreign = notAnOutput(present);
    if (foreign !== null) return { status: 'foreign', reason: foreign };
    const why = differs(target, listFilesUnder(target), files);
    if (why === null) return { status: 'unchanged' };
    if (!force) return { status: 'refused', reason: why };
  }
  const parent = dirname(target);
  makeDirs(parent);
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const f of files) {
      // The audit pack's files sit in subfolders (inputs/invoices/2025.csv): made inside the fresh temporary folder.
      if (f.path.includes('/')) mkdirSync(dirname(join(tmp, f.path)), { recursive: true });
      writeFileSync(join(tmp, f.path), f.bytes);
    }
    if (exists) {
      const old = join(parent, `.${basename(target)}.old-${process.pid}`);
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
      return { status: filled ? 'replaced' : 'written' };
    }
    renameSync(tmp, target);
    return { status: 'written' };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

export type FilesResult = { status: 'written'; written: string[]; unchanged: string[] } | { status: 'refused'; path: string };

/**
 * Writes a few files (statements, reminders) into `dir`: a file already there
 * with the same bytes is left alone; one with other bytes is only replaced
 * with `force` (else nothing at all is written). Each file is written to a
 * temporary name, then renamed: never half a file.
 */
export function writeFiles(dir: string, files: readonly FileBytes[], force: boolean): FilesResult {
  const unchanged: string[] = [];
  const todo: FileBytes[] = [];
  for (const f of files) {
    const target = join(dir, f.path);
    if (existsSync(target)) {
      if (readRegularFile(target).equals(Buffer.from(f.bytes))) {
        unchanged.push(f.path);
        continue;
      }
      if (!force) return { status: 'refused', path: f.path };
    }
    todo.push(f);
  }
  makeDirs(dir);
  for (const f of todo) {
    const tmp = join(dir, `.${f.path}.tmp-${process.pid}`);
    try {
      writeFileSync(tmp, f.bytes);
      renameSync(tmp, join(dir, f.path));
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
  return { status: 'written', written: todo.map((f) => f.path), unchanged };
}
