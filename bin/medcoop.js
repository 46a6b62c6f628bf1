#!/usr/bin/env node
// The installed `medcoop` command. It runs the compiled JavaScript in dist/
// (built by `npm install` through the `prepare` script), never TypeScript.
import { main } from '../dist/cli/main.js';

// A reader that goes away (`medcoop revise | head -3`) ends the run quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
