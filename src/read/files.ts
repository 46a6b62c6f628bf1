/**
 * Reading only regular files. Opening a named pipe (FIFO) blocks until some
 * other program writes into it, and a device such as /dev/zero never ends:
 * either would hang medcoop. The kind of a path is checked first (following
 * links), and anything but a regular file is refused with its kind named.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';

/** What stands at a path, in words, when it is not a regular file. */
function kind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Throws, with code EISDIR for a folder and ENOTFILE otherwise, unless `path` is a regular file. */
export function assertRegularFile(path: string): void {
  const st = statSync(path);
  if (st.isFile()) return;
  const what = kind(st);
  throw Object.assign(new Error(`${what}, not a file: ${path}`), { code: st.isDirectory() ? 'EISDIR' : 'ENOTFILE', path, why: `is ${what}, not a file` });
}

/** Bytes read at a time where a file is read in pieces rather than whole (a large input copied, two files compared). */
export const PIECE = 1024 * 1024;

export function readRegularFile(path: string): Buffer {
  assertRegularFile(path);
  return readFileSync(path);
}

/** A short reason for a failed read, for a message: "not found", "is a folder, not a file"… */
export function whyUnreadable(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { why?: string };
  if (err.why) return err.why;
  if (err.code === 'ENOENT') return 'not found';
  if (err.code === 'EISDIR') return 'is a folder, not a file';
  if (err.code === 'EACCES') return 'permission denied';
  return String(err.message);
}
