/**
 * The floor of the benchmark: a bare csv-parse pass over the same CSV files
 * that `medcoop bill` reads (no cast, no column names: arrays of strings),
 * counting the records. Run as its own process, timed like `medcoop bill`:
 *   node dist/bench/floor.js WORKSPACE
 * prints the number of records read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: node dist/bench/floor.js WORKSPACE\n');
  process.exit(2);
}
const files = ['index.csv', 'subsidies.csv', ...readdirSync(join(dir, 'invoices')).filter((n) => n.endsWith('.csv')).sort().map((n) => join('invoices', n))];
let records = 0;
for (const f of files) {
  const rows = parse(readFileSync(join(dir, f))) as string[][];
  records += rows.length;
}
process.stdout.write(`${records}\n`);
