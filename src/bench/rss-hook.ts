/**
 * Fallback peak-RSS probe for the benchmark, used only when /usr/bin/time is
 * missing: `node --import <this file> bin/medcoop.js ...` writes the process's
 * peak resident set size (getrusage ru_maxrss, in KiB) to the file named by
 * MEDCOOP_BENCH_RSS_FILE when the process exits.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.MEDCOOP_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
