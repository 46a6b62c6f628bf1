/**
 * `npm run build`, second step: bundles tsc's output (dist/cli/main.js and
 * everything it imports, commander and chalk included) into one CommonJS
 * file, dist/medcoop.cjs, which bin/medcoop.js runs.
 *
 * Why: the installed command must feel instant (issue 5). Loading about
 * fifty ES modules one by one cost more than all of a semester's billing on
 * the example workspace; one CommonJS file is read, compiled and linked in a
 * single step (measured figures in docs/performance.md). esbuild only joins
 * files: the type checking and the JavaScript are tsc's, and the tests run
 * the very same bundle through bin/medcoop.js.
 *
 * Then it writes V8's code cache of the bundle, dist/medcoop.cjs.cache, from
 * a training run of `bill` on the example workspace (see bin/medcoop.js for
 * when the cache is used, and why it can never change a result).
 *
 * Run as `node dist/build/bundle.js` after `tsc`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Script } from 'node:vm';
import { build, type Plugin } from 'esbuild';
import { PLAIN, type Io } from '../cli/context.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** bin/medcoop.js: the one place that knows how the bundle is loaded and its cache read and written. */
interface Loader {
  BUNDLE: string;
  CACHE: string;
  loadBundle(useCache: boolean): { exports: { main(argv: readonly string[], io?: Io): Promise<number> }; script: Script };
  writeCache(script: Script): void;
}
const loader = createRequire(import.meta.url)(join(ROOT, 'bin', 'medcoop.js')) as Loader;

/**
 * commander requires node:child_process when it loads, only to start
 * executable subcommands (`git-style`), which medcoop has none of. Loading it
 * costs about 4 ms at every start; this stand-in loads it on first use.
 */
const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}commander${sep}`) ? { path: 'child_process', namespace: 'medcoop-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'medcoop-lazy' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };\n",
      loader: 'js',
    }));
  },
};

export async function bundle(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  rmSync(loader.CACHE, { force: true });
  rmSync(loader.BUNDLE, { force: true });
  const result = await build({
    entryPoints: [join(ROOT, 'dist', 'cli', 'main.js')],
    outfile: loader.BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Shorter to read and compile; names are kept so that a stack trace
    // still says where it comes from.
    minifyWhitespace: true,
    minifySyntax: true,
    // The file is written already inside Node's CommonJS wrapper (the one
    // `require('node:module').wrap` gives), so that bin/medcoop.js compiles
    // it as it is, without first copying 250 kB into a wrapped string.
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
    define: { __MEDCOOP_VERSION__: JSON.stringify(pkg.version) },
    // `await import('node:worker_threads')` becomes a require when it runs:
    // the bundle is compiled by vm.Script (bin/medcoop.js), where a real
    // import() has no loader to call and throws.
    supported: { 'dynamic-import': false },
    // context.ts reads package.json through import.meta.url only when
    // __MEDCOOP_VERSION__ is not set, which never happens in the bundle.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
    legalComments: 'eof',
    plugins: [lazyChildProcess],
  });
  if (result.errors.length > 0 || result.warnings.length > 0) throw new Error('esbuild reported problems (above)');
}

/**
 * What medcoop does at nearly every start: bill a semester, for a person
 * (the summary) and for a script (--json). Every function these runs compile
 * goes into the cache; the rest is compiled on first use, as without a cache.
 */
const TRAINING: readonly (readonly string[])[] = [
  ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'],
  ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json'],
];

export async function writeCodeCache(): Promise<void> {
  const { exports, script } = loader.loadBundle(false);
  const said: string[] = [];
  const io: Io = { out: (t) => void said.push(t), err: (t) => void said.push(t), today: () => '2025-07-03', style: { out: PLAIN, err: PLAIN } };
  const work = mkdtempSync(join(tmpdir(), 'medcoop-code-cache-'));
  try {
    for (const [k, argv] of TRAINING.entries()) {
      const code = await exports.main([...argv, '--dir', join(ROOT, 'fixtures', 'nouveau-mons'), '--out', join(work, String(k))], io);
      if (code !== 0) throw new Error(`code cache: the training run \`medcoop ${argv.join(' ')}\` exited with ${code}:\n${said.join('')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  loader.writeCache(script);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundle();
  await writeCodeCache();
}
