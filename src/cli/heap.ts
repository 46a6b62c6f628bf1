/**
 * How far V8 lets the heap grow between full collections, for a run that
 * reads and bills a large workspace. By default V8 grows the old generation
 * up to about 4 × what survived the last full collection when collecting is
 * cheap: billing a million lines in 333 576 three-line invoices kept about
 * 137 MB alive, yet reached 525 MB of heap and 722 MiB of RSS between
 * collections (`node --trace-gc`). Growing by 50 % at most brings the peak
 * RSS to about 380 MiB, in the same time (docs/performance.md).
 *
 * `--heap-growing-percent` is read by V8 each time it sets the next limit,
 * so setting it while running takes effect. It is set here, once the bundle
 * is loaded (src/cli, the process's business), never in bin/medcoop.js
 * before loading: V8 rejects a code cache made under other flags. For the
 * same reason it is set back to V8's default (0) when the run ends: the
 * build makes the code cache after training runs of `bill` in its own
 * process (src/build/bundle.ts), and a cache made under the changed flag was
 * rejected at every start (measured: 124 → 177 ms; test/e2e-startup.test.ts
 * now checks that the cache is accepted).
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export function restoreHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=0');
}
