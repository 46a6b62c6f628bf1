/**
 * Reading an issue back (SPEC §5): its manifest.json, and the audit pack in
 * its `inputs/` folder, checked file by file against the SHA-256 the manifest
 * recorded, then loaded as a workspace. Problems are returned, not thrown.
 */
import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseSemester } from '../core/semester.js';
import type { Workspace } from '../core/model.js';
import { parseDate } from './fields.js';
import { readRegularFile, whyUnreadable } from './files.js';
import { loadWorkspace, type InputFile } from './workspace.js';

/** The folder of an issue's audit pack, inside the issue's folder. */
export const SNAPSHOT_DIR = 'inputs';

export interface ManifestFile {
  path: string;
  sha256: string;
}

export interface IssueManifest {
  version: string;
  command: string;
  options: { semester: string; html?: boolean };
  issued_on: string;
  dialect: 'csv' | 'excel-fr';
  inputs: ManifestFile[];
  outputs: ManifestFile[];
  /** The fields of SPEC §5; absent from the manifest of a medcoop that did not number issues. */
  semester?: string;
  issue?: number;
  kind?: 'initial' | 'supplementary';
  previous?: { issue: number; issued_on: string }[];
  due_on?: string;
  replaces?: unknown;
  notices?: { member: string; number: string }[];
}

/** A valid date written `YYYY-MM-DD` (parseDate also reads DD/MM/YYYY, and returns the ISO form). */
export function isIsoDate(text: string): boolean {
  const r = parseDate(text);
  return r.ok && r.value === text;
}

/** Which of readIssueManifest's errors, and its values: the catalogue's `manifest.<key>` says it in the terminal's language (issue 15). */
export interface ManifestWords {
  key: 'unreadable' | 'json' | 'notBill' | 'issueFields';
  values: Readonly<Record<string, string>>;
}

/** The manifest.json of an output folder, checked for the fields verify and bill read; `bytes` for its SHA-256. */
export function readIssueManifest(outDir: string): { manifest: IssueManifest; bytes: Buffer } | { error: string; words: ManifestWords } {
  const path = join(outDir, 'manifest.json');
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path);
  } catch (e) {
    return { error: `${path}: ${whyUnreadable(e)}; this needs the folder of a bill run (holding manifest.json)`, words: { key: 'unreadable', values: { path, why: whyUnreadable(e) } } };
  }
  let m: Partial<IssueManifest>;
  try {
    m = JSON.parse(bytes.toString('utf8')) as Partial<IssueManifest>;
  } catch (e) {
    return { error: `${path}: not valid JSON (${(e as Error).message})`, words: { key: 'json', values: { path, why: (e as Error).message } } };
  }
  // Paths relative to the folder, never leaving it: verify reads them.
  const inside = (p: string) => p !== '' && !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..');
  const files = (x: unknown) => Array.isArray(x) && x.every((f) => typeof f?.path === 'string' && inside(f.path) && typeof f?.sha256 === 'string');
  if (typeof m !== 'object' || m === null || m.command !== 'bill' || typeof m.options?.semester !== 'string' || parseSemester(m.options.semester) === null
    || typeof m.issued_on !== 'string' || !isIsoDate(m.issued_on) || (m.dialect !== 'csv' && m.dialect !== 'excel-fr') || typeof m.version !== 'string'
    || !files(m.inputs) || !files(m.outputs)) {
    return { error: `${path}: not a medcoop bill manifest (needs command, options.semester, issued_on as a valid YYYY-MM-DD date, dialect, version, inputs, outputs)`, words: { key: 'notBill', values: { path } } };
  }
  if (m.issue !== undefined) {
    const notices = (x: unknown) => Array.isArray(x) && x.every((n) => typeof n?.member === 'string' && typeof n?.number === 'string');
    const previous = (x: unknown) => Array.isArray(x) && x.every((p) => Number.isInteger(p?.issue) && typeof p?.issued_on === 'string');
    if (!Number.isInteger(m.issue) || m.issue < 1 || m.semester !== m.options.semester || (m.kind !== 'initial' && m.kind !== 'supplementary')
      || !previous(m.previous) || !notices(m.notices)) {
      return { error: `${path}: its issue fields are not those medcoop writes (needs semester, issue ≥ 1, kind, previous, notices)`, words: { key: 'issueFields', values: { path } } };
    }
  }
  return { manifest: m as IssueManifest, bytes };
}

/** Every regular file under `dir`, as `/`-separated paths relative to it, sorted. */
export function listFilesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const rel = prefix === '' ? e.name : posix.join(prefix, e.name);
    if (e.isDirectory()) out.push(...listFilesUnder(dir, rel));
    else out.push(rel);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface SnapshotProblem {
  text: string;
  words: { key: 'missing' | 'unreadable' | 'changed' | 'added'; values: Readonly<Record<string, string>> };
}

export interface LoadedSnapshot {
  /** Each file of the audit pack that is missing, changed, or was not read by the run, in words (English), with its values for the catalogue's `snapshot.<key>`. */
  problems: SnapshotProblem[];
  workspace: Workspace | null;
  inputs: InputFile[];
  diagnostics: Diagnostic[];
}

/**
 * An issue's audit pack (`OUTDIR/inputs/`), checked against its manifest:
 * every input the run read must be there with the same SHA-256, and nothing
 * else; then loaded as the workspace it is.
 */
export function loadSnapshot(outDir: string, manifest: IssueManifest): LoadedSnapshot {
  const dir = join(outDir, SNAPSHOT_DIR);
  const problems: SnapshotProblem[] = [];
  for (const f of manifest.inputs) {
    const shown = posix.join(SNAPSHOT_DIR, f.path);
    let bytes: Buffer;
    try {
      bytes = readRegularFile(join(dir, f.path));
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push({
        text: `${shown}: ${missing ? 'missing' : whyUnreadable(e)} (the run read it; sha256 ${f.sha256})`,
        words: missing ? { key: 'missing', values: { path: shown, sha256: f.sha256 } } : { key: 'unreadable', values: { path: shown, why: whyUnreadable(e), sha256: f.sha256 } },
      });
      continue;
    }
    const h = createHash('sha256').update(bytes).digest('hex');
    if (h !== f.sha256) problems.push({ text: `${shown}: changed since the run (sha256 was ${f.sha256}, is ${h})`, words: { key: 'changed', values: { path: shown, was: f.sha256, is: h } } });
  }
  const known = new Set(manifest.inputs.map((f) => f.path));
  for (const path of listFilesUnder(dir)) {
    if (!known.has(path)) problems.push({ text: `${posix.join(SNAPSHOT_DIR, path)}: not an input of the run (a file added since)`, words: { key: 'added', values: { path: posix.join(SNAPSHOT_DIR, path) } } });
  }
  if (problems.length > 0) return { problems, workspace: null, inputs: [], diagnostics: [] };
  const loaded = loadWorkspace(dir);
  return { problems, workspace: loaded.workspace, inputs: loaded.inputs, diagnostics: loaded.diagnostics };
}
