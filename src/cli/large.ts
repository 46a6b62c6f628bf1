/**
 * `bill` on a large workspace runs in a worker thread whose young generation
 * is bounded; any other run stays on the main thread.
 *
 * Why: V8 sizes the young generation (where short-lived objects are made)
 * from the machine's memory, and Node.js 24's V8 grows it to several times
 * what Node.js 20's did. Reading a million invoice lines makes a great many
 * short-lived objects while it keeps the invoices, so the young generation
 * grows to its largest and stays there: one million invoice lines in 333 576
 * invoices peaked at 433 MiB on Node.js 24 (327 MiB on Node.js 20). A worker
 * thread is the one documented way to give JavaScript a smaller young
 * generation without starting another process (`resourceLimits`; the
 * command-line flag `--max-semi-space-size` only works when Node.js starts):
 * 346 MiB on Node.js 24, the same bytes out, the same time within the noise
 * (docs/performance.md); not on Node.js 20 (see WORKER_FROM_NODE). Starting a worker costs
 * about 15 ms, nothing next to a run of that size, and too much for the
 * example workspace's 0.15 s: hence the threshold.
 *
 * The worker runs the same command line (src/cli/main.ts, `workerMain`),
 * writes on the process's own descriptors 1 and 2, coloured as this thread
 * decided, and hands back its exit code; a worker that fails is a bug, said
 * as any other (exit 70). The old generation keeps V8's default limit.
 */
import { EXIT } from './errors.js';
import { PLAIN, type Io } from './context.js';
import { CliError } from './errors.js';
import { t } from './i18n.js';
import { dirname, join } from 'node:path';

/** Invoice files totalling this many bytes or more make a large run (about 320 000 invoice lines). */
export const LARGE_INVOICE_BYTES = 32 * 1024 * 1024;

/**
 * Node.js 20's young generation is already small (16 MiB semi-spaces): there
 * a worker only costs (364 to 389 MiB against 327 on the main thread, and
 * more time), so large runs stay on the main thread before Node.js 24.
 * `MEDCOOP_LARGE_BYTES`, when set, applies on every line.
 */
export const WORKER_FROM_NODE = 24;

/** The young generation of the worker, in MiB (`resourceLimits.maxYoungGenerationSizeMb`). */
export const YOUNG_GENERATION_MB = 32;

/**
 * The threshold: LARGE_INVOICE_BYTES, or `MEDCOOP_LARGE_BYTES` when set (a
 * number of bytes; 0 sends every run to a worker). Tests set it to run a
 * small workspace both ways.
 */
export function largeBytes(env: NodeJS.ProcessEnv): number {
  const v = env.MEDCOOP_LARGE_BYTES;
  if (v === undefined || v === '') return LARGE_INVOICE_BYTES;
  if (!/^\d{1,15}$/.test(v)) throw new CliError(EXIT.usage, t('usage.largeBytes', { value: JSON.stringify(v) }));
  return Number(v);
}

/** The bundle's bin/medcoop.js when this code runs from the bundle (dist/medcoop.cjs), else null (tests on src/). */
function binScript(): string | null {
  return typeof __filename === 'string' && __filename.endsWith('.cjs') ? join(dirname(__filename), '..', 'bin', 'medcoop.js') : null;
}

/**
 * How to run a `bill` whose invoice files total `invoiceBytes()` bytes: in a
 * worker (the function returned), or here (null): on the main thread of the
 * bundle only. The files are sized only when a worker could be used at all:
 * never on Node.js 20, never in tests on src/.
 */
export async function largeRun(invoiceBytes: () => number, env: NodeJS.ProcessEnv = process.env, nodeMajor = Number(process.versions.node.split('.')[0])): Promise<((argv: readonly string[], io: Io) => Promise<number>) | null> {
  const threshold = largeBytes(env);
  if (nodeMajor < WORKER_FROM_NODE && env.MEDCOOP_LARGE_BYTES === undefined) return null;
  const bin = binScript();
  if (bin === null || invoiceBytes() < threshold) return null;
  const threads = await import('node:worker_threads');
  if (!threads.isMainThread) return null;
  return (argv, io) =>
    new Promise<number>((resolve, reject) => {
      let code: number | null = null;
      let failure: unknown = null;
      const worker = new threads.Worker(`require(${JSON.stringify(bin)}).loadBundle(true).exports.workerMain();`, {
        eval: true,
        workerData: { argv: [...argv], colour: { out: io.style.out !== PLAIN, err: io.style.err !== PLAIN } },
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
      worker.on('message', (c: unknown) => {
        if (typeof c === 'number') code = c;
      });
      worker.on('error', (e) => (failure = e));
      worker.on('exit', (exitCode) => {
        if (failure !== null) reject(failure);
        else if (code !== null) resolve(code);
        else reject(new Error(`the worker running bill stopped with code ${exitCode} and no result`));
      });
    });
}
