/**
 * Writing a run's output folder all at once, or not at all: the files are
 * written into a temporary sibling folder, then renamed into place. An
 * existing folder with the same bytes is left alone; a different one is only
 * replaced with --force.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FileBytes } from '../render/manifest.js';

export type WriteResult = { status: 'written' | 'unchanged' | 'replaced' } | { status: 'refused'; reason: string };

/** How an existing folder differs from what would be written, or null if it holds the same files and bytes. */
export function differs(target: string, files: readonly FileBytes[]): string | null {
  const existing = readdirSync(target).sort();
  const wanted = files.map((f) => f.path).sort();
  for (const name of existing) if (!wanted.includes(name)) return `${name} would be removed`;
  for (const f of files) {
    if (!existing.includes(f.path)) return `${f.path} would be added`;
    const old = readFileSync(join(target, f.path));
    if (!old.equals(Buffer.from(f.bytes))) return `${f.path} would change`;
  }
  return null;
}

export function writeOutputFolder(target: string, files: readonly FileBytes[], force: boolean): WriteResult {
  const exists = existsSync(target);
  if (exists) {
    const why = differs(target, files);
    if (why === null) return { status: 'unchanged' };
    if (!force) return { status: 'refused', reason: why };
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const f of files) writeFileSync(join(tmp, f.path), f.bytes);
    if (exists) {
      const old = join(parent, `.${basename(target)}.old-${process.pid}`);
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
      return { status: 'replaced' };
    }
    renameSync(tmp, target);
    return { status: 'written' };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
