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
  /** Styles for what a person reads on stdout and stderr: colourless unless wanted. */
  style: { out: Style; err: Style };
}

/** The few styles medcoop uses; chalk's when colour is wanted, the identity otherwise. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const same = (text: string) => text;
export const PLAIN: Style = { bold: same, dim: same, red: same, yellow: same, green: same };

/**
 * Colour only on a terminal, never when NO_COLOR is set (to anything but the
 * empty string, as no-color.org says) or --no-color is given. chalk's own
 * detection ignores NO_COLOR, so the level is decided here.
 */
export function colourWanted(isTTY: boolean | undefined, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

/**
 * The real process. chalk is only loaded when some stream wants colour: the
 * batch runs of June and December, on no terminal, never pay for it.
 */
export async function processIo(noColorFlag = false): Promise<Io> {
  const wantOut = colourWanted(process.stdout.isTTY, process.env, noColorFlag);
  const wantErr = colourWanted(process.stderr.isTTY, process.env, noColorFlag);
  let out = PLAIN;
  let err = PLAIN;
  if (wantOut || wantErr) {
    const { Chalk } = await import('chalk');
    const coloured = new Chalk({ level: 1 });
    if (wantOut) out = coloured;
    if (wantErr) err = coloured;
  }
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    today: () => {
      const d = new Date();
      return makeDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
    },
    style: { out, err },
  };
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  const c = io.style.err;
  for (const d of sortDiagnostics(diagnostics)) {
    const line = formatDiagnostic(d);
    io.err(`${d.severity === 'error' ? c.red(line) : c.yellow(line)}\n`);
  }
}

/**
 * package.json's version, written into the bundle by src/build/bundle.ts so
 * that the installed command reads no extra file; undefined when the sources
 * or tsc's output run (the tests), which read package.json instead.
 */
declare const __MEDCOOP_VERSION__: string | undefined;

let cachedVersion: string | null = null;
export function toolVersion(): string {
  if (typeof __MEDCOOP_VERSION__ === 'string') return __MEDCOOP_VERSION__;
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}
