#!/usr/bin/env node
'use strict';
// The installed `medcoop` command. It runs dist/medcoop.cjs: tsc's compiled
// JavaScript of src/, joined into one CommonJS file by src/build/bundle.ts
// (both run by `npm install` through the `prepare` script), never TypeScript.
//
// Starting fast is most of what `medcoop bill` costs on a real workspace
// (README, Performance), hence two things here:
// - this folder is CommonJS (bin/package.json): no ES module loader to start;
// - V8's code cache, dist/medcoop.cjs.cache, written by the build after a
//   training run of `bill` on the example workspace, spares compiling the
//   bundle's functions again at every start. It is only a compiled form of
//   the bundle: it is used when it was made from this very bundle file (size
//   and modification time, recorded in its first line) by this very Node.js
//   (V8 checks its version and flags and rejects it otherwise), and ignored
//   in every other case. Nothing here ever writes it.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const BUNDLE = path.join(__dirname, '..', 'dist', 'medcoop.cjs');
const CACHE = `${BUNDLE}.cache`;
const MAGIC = 'medcoop-code-cache 1';

/** What identifies the bundle a cache was made from. */
function bundleStamp() {
  const st = fs.statSync(BUNDLE);
  return `${MAGIC} ${st.size} ${Math.trunc(st.mtimeMs)}\n`;
}

/** The cached data when the cache file was made from the bundle as it is now; otherwise undefined. */
function readCache() {
  let bytes;
  try {
    bytes = fs.readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const stamp = Buffer.from(bundleStamp(), 'latin1');
  if (bytes.length <= stamp.length || !bytes.subarray(0, stamp.length).equals(stamp)) return undefined;
  return bytes.subarray(stamp.length);
}

/**
 * Compiles and runs the bundle as Node would a CommonJS file, with the code
 * cache when it applies. The bundle is written inside Node's CommonJS wrapper
 * already, `(function (exports, require, module, __filename, __dirname) {…})`,
 * so that its text is compiled as read. Returns its exports ({ main }) and the script
 * (src/build/bundle.ts makes the cache from it).
 */
function loadBundle(useCache) {
  let source;
  try {
    source = fs.readFileSync(BUNDLE, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    process.stderr.write(`medcoop: ${BUNDLE} is missing: build it with \`npm install\` (or \`npm run build\`) in ${path.dirname(__dirname)}\n`);
    process.exit(1);
  }
  const script = new vm.Script(source, { filename: BUNDLE, cachedData: useCache ? readCache() : undefined });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  return { exports: mod.exports, script };
}

/** Writes the cache of a script loaded by loadBundle (the build's job only). */
function writeCache(script) {
  const tmp = `${CACHE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(bundleStamp(), 'latin1'), script.createCachedData()]));
  fs.renameSync(tmp, CACHE);
}

module.exports = { BUNDLE, CACHE, loadBundle, writeCache };

if (require.main === module) {
  const { main } = loadBundle(true).exports;

  // Standard output and error, and what happens when they fail (EPIPE, a
  // full disk), are the process Io's business: src/cli/context.ts.
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
