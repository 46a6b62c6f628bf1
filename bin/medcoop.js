#!/usr/bin/env node
// The installed `medcoop` command. It runs the compiled JavaScript in dist/
// (built by `npm install` through the `prepare` script), never TypeScript.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
