/**
 * What a command needs from the outside world, passed in so that the
 * commands themselves stay testable: output streams, the clock, the cwd.
 */
import { readFileSync } from 'node:fs';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { makeDate, type IsoDate } from '../core/dates.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Today's date, local to the machine: only a default, never inside a computation. */
  today(): IsoDate;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  today: () => {
    const d = new Date();
    return makeDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
  },
};

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(diagnostics)) io.err(`${formatDiagnostic(d)}\n`);
}

let cachedVersion: string | null = null;
export function toolVersion(): string {
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}
