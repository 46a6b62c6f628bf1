/**
 * What a command needs from the outside world, passed in so that the
 * commands themselves stay testable: output streams, the clock, the cwd.
 */
import { fstatSync, readFileSync, writeSync } from 'node:fs';
import { formatDiagnosticAs, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { makeDate, type IsoDate } from '../core/dates.js';
import { diagnosticMessage, t } from './i18n.js';

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
  const stdout = standardStream(1);
  const stderr = standardStream(2);
  return makeIo(stdout.write, stderr.write, colourWanted(stdout.isTTY, process.env, noColorFlag), colourWanted(stderr.isTTY, process.env, noColorFlag));
}

/**
 * The process's descriptors 1 and 2 written directly, for a worker thread
 * (src/cli/large.ts): there, `process.stdout` would be a pipe to the main
 * thread, and not a terminal. Coloured as the main thread decided.
 */
export async function descriptorIo(colour: { out: boolean; err: boolean }): Promise<Io> {
  const writer = (fd: 1 | 2) => {
    let gone = false;
    return (text: string) => {
      if (!gone) gone = writeAll(fd, text);
    };
  };
  return makeIo(writer(1), writer(2), colour.out, colour.err);
}

async function makeIo(write: (text: string) => void, writeErr: (text: string) => void, wantOut: boolean, wantErr: boolean): Promise<Io> {
  let out = PLAIN;
  let err = PLAIN;
  if (wantOut || wantErr) {
    const { Chalk } = await import('chalk');
    const coloured = new Chalk({ level: 1 });
    if (wantOut) out = coloured;
    if (wantErr) err = coloured;
  }
  return {
    out: write,
    err: writeErr,
    today: () => {
      const d = new Date();
      return makeDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
    },
    style: { out, err },
  };
}

/**
 * Where standard output or error goes. A terminal (any character device)
 * gets Node's own stream. A file, pipe or socket is written with
 * fs.writeSync, which is what Node's stream does there on Linux anyway
 * (synchronous writes), without creating the stream: for a pipe that means
 * loading Node's net module, about a tenth of `bill`'s whole start on a real
 * workspace (docs/performance.md).
 *
 * Either way a reader that goes away (`medcoop revise | head -3`, EPIPE)
 * ends the output quietly, and any other failure to write on a terminal
 * (a full disk) is said in one line, exit 1.
 */
export function standardStream(fd: 1 | 2): { isTTY: boolean; write(text: string): void } {
  let device = true;
  try {
    device = fstatSync(fd).isCharacterDevice();
  } catch {
    // a closed descriptor: Node's stream knows what to do
  }
  if (device) {
    const stream = fd === 1 ? process.stdout : process.stderr;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (fd === 1) writeAll(2, `medcoop: ${t('error.stdout', { reason: e.message })}\n`);
      process.exit(1);
    });
    return { isTTY: stream.isTTY === true, write: (text) => void stream.write(text) };
  }
  let gone = false;
  return {
    isTTY: false,
    write: (text) => {
      if (!gone) gone = writeAll(fd, text);
    },
  };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to `fd`; true when the reader has gone (EPIPE), after which nothing is worth writing. */
function writeAll(fd: number, text: string): boolean {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 1); // a full non-blocking pipe: give the reader a millisecond
        continue;
      }
      if (code === 'EPIPE') return true;
      throw e;
    }
  }
  return false;
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  const c = io.style.err;
  for (const d of sortDiagnostics(diagnostics)) {
    const line = formatDiagnosticAs(d, diagnosticMessage(d));
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
