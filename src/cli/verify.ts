/**
 * `medcoop verify OUTDIR`: for auditors. Checks that the inputs are those of
 * the run (SHA-256 in manifest.json), recomputes, and compares every output
 * byte for byte. Never writes anything.
 */
import { readdirSync } from 'node:fs';
import { readRegularFile, whyUnreadable } from '../read/files.js';
import { dirname, join, resolve } from 'node:path';
import { billSemester } from '../core/bill.js';
import { parseSemester } from '../core/semester.js';
import { parseDate } from '../read/fields.js';
import { diffCsv, diffJson, formatDifference, type Difference } from '../render/diff.js';
import { diffHtml } from '../render/html.js';
import { sha256 } from '../render/manifest.js';
import { CONFIG_FILE, findWorkspaceDir, loadWorkspace } from '../read/workspace.js';
import { billFiles } from './bill.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT } from './errors.js';

export interface VerifyOptions {
  dir?: string;
}

interface ManifestFile {
  path: string;
  sha256: string;
}

interface Manifest {
  version: string;
  command: string;
  options: { semester: string; html?: boolean };
  issued_on: string;
  dialect: 'csv' | 'excel-fr';
  inputs: ManifestFile[];
  outputs: ManifestFile[];
}

function readManifest(outDir: string): Manifest {
  const path = join(outDir, 'manifest.json');
  let text: string;
  try {
    text = readRegularFile(path).toString('utf8');
  } catch (e) {
    throw new CliError(EXIT.invalid, `${path}: ${whyUnreadable(e)}; verify needs the folder of a bill run (holding manifest.json)`);
  }
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(text) as Partial<Manifest>;
  } catch (e) {
    throw new CliError(EXIT.invalid, `${path}: not valid JSON (${(e as Error).message})`);
  }
  const files = (x: unknown) => Array.isArray(x) && x.every((f) => typeof f?.path === 'string' && typeof f?.sha256 === 'string');
  if (m.command !== 'bill' || typeof m.options?.semester !== 'string' || parseSemester(m.options.semester) === null
    || typeof m.issued_on !== 'string' || !isIsoDate(m.issued_on) || (m.dialect !== 'csv' && m.dialect !== 'excel-fr') || typeof m.version !== 'string'
    || !files(m.inputs) || !files(m.outputs)) {
    throw new CliError(EXIT.invalid, `${path}: not a medcoop bill manifest (needs command, options.semester, issued_on as a valid YYYY-MM-DD date, dialect, version, inputs, outputs)`);
  }
  return m as Manifest;
}

/** The workspace of a run: --dir, else the nearest folder above OUTDIR holding medcoop.json. */
function findWorkspace(outDir: string, dir: string | undefined): string {
  if (dir !== undefined) return resolve(dir);
  const found = findWorkspaceDir(dirname(outDir));
  if (found !== null) return found;
  throw new CliError(EXIT.invalid, `no ${CONFIG_FILE} in any folder above ${outDir}: name the workspace with --dir`);
}

export function runVerify(outDirArg: string, opts: VerifyOptions, io: Io): number {
  const outDir = resolve(outDirArg);
  const manifest = readManifest(outDir);
  const wsDir = findWorkspace(outDir, opts.dir);

  // 1. The inputs must be those of the run: hashed as the workspace reads them,
  // so that each file is read once; a file the workspace did not read is looked at directly.
  const problems: string[] = [];
  const loaded = loadWorkspace(wsDir);
  const read = new Map(loaded.inputs.map((f) => [f.path, f]));
  for (const f of manifest.inputs) {
    const got = read.get(f.path);
    let bytes: Uint8Array | null = got ? got.bytes : null;
    if (!got) {
      try {
        bytes = readRegularFile(join(wsDir, f.path));
      } catch (e) {
        problems.push(`${f.path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : whyUnreadable(e)} (the run read it; sha256 ${f.sha256})`);
        continue;
      }
    }
    const h = got?.sha256 ?? sha256(bytes!);
    if (h !== f.sha256) problems.push(`${f.path}: changed since the run (sha256 was ${f.sha256}, is ${h})`);
  }
  const known = new Set(manifest.inputs.map((f) => f.path));
  for (const f of loaded.inputs) if (!known.has(f.path)) problems.push(`${f.path}: not an input of the run (a file added since)`);
  if (problems.length > 0) {
    for (const p of problems) io.err(`${p}\n`);
    throw new CliError(EXIT.invalid, `the inputs in ${wsDir} are not those of the run: cannot verify`);
  }
  if (!loaded.workspace) throw new CliError(EXIT.invalid, `the workspace ${wsDir} does not load`, loaded.diagnostics);

  // 2. Recompute, with the run's version so that the manifest itself can match.
  const semester = parseSemester(manifest.options.semester)!;
  const { bill, diagnostics } = billSemester(loaded.workspace, semester, manifest.issued_on);
  if (!bill) throw new CliError(EXIT.invalid, `cannot recompute ${manifest.options.semester}`, diagnostics);
  const expected = billFiles(loaded.workspace.config, bill, manifest.dialect, loaded.inputs, manifest.version, manifest.options.html === true ? { index: loaded.workspace.index } : null);

  // 3. Compare every file, byte for byte.
  const differences: Difference[] = [];
  const present = readdirSync(outDir).sort();
  for (const f of expected) {
    if (!present.includes(f.path)) {
      differences.push({ file: f.path, expected: 'the file', found: 'no such file' });
      continue;
    }
    let found: Buffer;
    try {
      found = readRegularFile(join(outDir, f.path));
    } catch (e) {
      differences.push({ file: f.path, expected: 'the file', found: whyUnreadable(e) });
      continue;
    }
    if (Buffer.compare(found, Buffer.from(f.bytes)) === 0) continue;
    differences.push(...(f.path.endsWith('.json') ? diffJson(f.path, f.bytes, found) : f.path.endsWith('.html') ? diffHtml(f.path, f.bytes, found) : diffCsv(f.path, f.bytes, found)));
  }
  for (const name of present) {
    if (!expected.some((f) => f.path === name)) differences.push({ file: name, expected: 'no such file', found: 'a file the run did not write' });
  }
  if (differences.length > 0) {
    for (const d of differences) io.out(`${formatDifference(d)}\n`);
    io.err(`medcoop: ${differences.length} difference(s) between ${outDir} and a recomputation from the inputs\n`);
    return EXIT.differences;
  }
  io.out(`verified: the ${expected.length} files of ${outDir} are byte for byte those recomputed from the ${manifest.inputs.length} inputs in ${wsDir}\n`);
  return EXIT.ok;
}

/** A valid date written `YYYY-MM-DD` (parseDate also reads DD/MM/YYYY, and returns the ISO form). */
function isIsoDate(text: string): boolean {
  const r = parseDate(text);
  return r.ok && r.value === text;
}
