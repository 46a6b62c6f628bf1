/**
 * Writing a run's output folder all at once, or not at all: the files are
 * written into a temporary sibling folder, then renamed into place. An
 * existing folder with the same bytes is left alone; a different one is only
 * replaced with --force.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Dirent } from 'node:fs';
import { assertRegularFile, PIECE, readRegularFile } from '../read/files.js';
import { listFilesUnder, SNAPSHOT_DIR } from '../read/issues.js';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileBytes, FileDigest } from '../render/manifest.js';

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

/** Why an output folder is not written: its English `reason`, and its `words` for the terminal's language (the catalogue's `write.reason.<key>`). */
export interface Refusal {
  reason: string;
  words: { key: RefusalKey; name: string };
}

const REFUSALS = {
  folder: (name: string) => `${name} is a folder`,
  notRegular: (name: string) => `${name} is not a regular file`,
  notOurs: (name: string) => `${name} is not a file medcoop writes`,
  noManifest: () => 'it holds no manifest.json',
  removed: (name: string) => `${name} would be removed`,
  added: (name: string) => `${name} would be added`,
  changed: (name: string) => `${name} would change`,
} as const;

export type RefusalKey = keyof typeof REFUSALS;

export function refusal(key: RefusalKey, name = ''): Refusal {
  return { reason: REFUSALS[key](name), words: { key, name } };
}

export type WriteResult = { status: 'written' | 'unchanged' | 'replaced' } | ({ status: 'refused' | 'foreign' } & Refusal);

/**
 * How the existing folder `target` differs from the files just written into
 * `tmp` (their `/`-separated paths, in writing order), or null if it holds
 * the same files and bytes. Compared a piece at a time: neither is read whole.
 */
function differs(target: string, tmp: string, written: readonly string[]): Refusal | null {
  const existing = listFilesUnder(target);
  const wanted = new Set(written);
  for (const name of existing) if (!wanted.has(name)) return refusal('removed', name);
  const present = new Set(existing);
  for (const path of written) {
    if (!present.has(path)) return refusal('added', path);
    if (!sameBytes(join(target, path), join(tmp, path))) return refusal('changed', path);
  }
  return null;
}

/** Do two files hold the same bytes? `old` must be a regular file (never a pipe or a device). Read 1 MiB at a time. */
function sameBytes(old: string, fresh: string): boolean {
  assertRegularFile(old);
  if (statSync(old).size !== statSync(fresh).size) return false;
  const a = openSync(old, 'r');
  try {
    const b = openSync(fresh, 'r');
    try {
      const x = Buffer.alloc(PIECE);
      const y = Buffer.alloc(PIECE);
      for (;;) {
        const n = readSync(a, x, 0, PIECE, null);
        const m = readSync(b, y, 0, PIECE, null);
        if (n !== m || !x.subarray(0, n).equals(y.subarray(0, m))) return false;
        if (n === 0) return true;
      }
    } finally {
      closeSync(b);
    }
  } finally {
    closeSync(a);
  }
}

/** A file written one piece at a time (text as UTF-8, or bytes), hashed as it is written: never held whole. */
export interface StreamedFile {
  path: string;
  chunks(): Iterable<string | Uint8Array>;
}

/**
 * What a run writes, in this order: the `streamed` files, the `files` (from
 * their bytes, which may be read lazily, one file at a time), then `last`
 * (the manifest), made from the paths, SHA-256 and sizes of the streamed files.
 */
export interface OutputPlan {
  streamed: readonly StreamedFile[];
  files: readonly FileBytes[];
  last?: (written: readonly FileDigest[]) => FileBytes;
}

/** Writes a streamed file into a new file at `path`, hashing it on the way. */
function writeStreamed(path: string, name: string, chunks: Iterable<string | Uint8Array>): FileDigest {
  const hash = createHash('sha256');
  let size = 0;
  writePieces(path, chunks, (b) => {
    hash.update(b);
    size += b.length;
  });
  return { path: name, sha256: hash.digest('hex'), size };
}

/** Writes `chunks` into a new file at `path`, one at a time, each seen by `seen` first. */
function writePieces(path: string, chunks: Iterable<string | Uint8Array>, seen: (b: Uint8Array) => void = () => {}): void {
  const fd = openSync(path, 'wx');
  try {
    for (const c of chunks) {
      const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
      seen(b);
      for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes the files of a run into a fresh folder `tmp`, in order; their paths. */
function writePlan(tmp: string, plan: OutputPlan): string[] {
  const written: string[] = [];
  const place = (path: string) => {
    // The audit pack's files sit in subfolders (inputs/invoices/2025.csv): made inside the fresh temporary folder.
    if (path.includes('/')) mkdirSync(dirname(join(tmp, path)), { recursive: true });
    written.push(path);
    return join(tmp, path);
  };
  const digests: FileDigest[] = [];
  for (const f of plan.streamed) digests.push(writeStreamed(place(f.path), f.path, f.chunks()));
  for (const f of plan.files) {
    if (f.pieces) writePieces(place(f.path), f.pieces());
    else writeFileSync(place(f.path), f.bytes);
  }
  if (plan.last) {
    const f = plan.last(digests);
    writeFileSync(place(f.path), f.bytes);
  }
  return written;
}

/** Writes `files` as the output folder `target` (see `writeOutputPlan`). */
export function writeOutputFolder(target: string, files: readonly FileBytes[], force: boolean): WriteResult {
  return writeOutputPlan(target, { streamed: [], files }, force);
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
function notAnOutput(entries: readonly Dirent[]): Refusal | null {
  for (const e of entries) {
    if (e.name === SNAPSHOT_DIR && e.isDirectory()) continue;
    if (!e.isFile()) return refusal(e.isDirectory() ? 'folder' : 'notRegular', e.name);
    if (!OUTPUT_NAME.test(e.name)) return refusal('notOurs', e.name);
  }
  if (!entries.some((e) => e.name === 'manifest.json')) return refusal('noManifest');
  return null;
}

/**
 * Writes a run's output folder `target` all at once, or not at all: every
 * file is written (streamed files hashed as they go) into a temporary sibling
 * folder, which is then renamed into place. When `target` already holds
 * files, they are compared with the temporary folder's: the same bytes leave
 * it alone ('unchanged'); other bytes replace it only with `force`
 * ('refused' otherwise); a folder that is not a run's output is never
 * touched ('foreign'). On 'unchanged', 'refused' or an error, the temporary
 * folder is removed and nothing else is changed.
 */
export function writeOutputPlan(target: string, plan: OutputPlan, force: boolean): WriteResult {
  const exists = existsSync(target);
  // The target's entries, read once for every check below.
  const present = exists ? readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : [];
  const filled = present.length > 0;
  if (filled) {
    const foreign = notAnOutput(present);
    if (foreign !== null) return { status: 'foreign', ...foreign };
  }
  const parent = dirname(target);
  makeDirs(parent);
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const written = writePlan(tmp, plan);
    if (filled) {
      const why = differs(target, tmp, written);
      if (why === null || !force) {
        rmSync(tmp, { recursive: true, force: true });
        return why === null ? { status: 'unchanged' } : { status: 'refused', ...why };
      }
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
