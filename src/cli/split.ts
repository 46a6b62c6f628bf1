/** `medcoop split`: shares any amount by the key in force on a date (e.g. damages, article 8). */
import { allocateLargestRemainder } from '../core/allocate.js';
import { keyInForce } from '../core/contract.js';
import { centsOf, formatCents } from '../core/exact.js';
import type { Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { loadOrFail } from './load.js';
import { amountOption, dateOption } from './options.js';

export interface SplitOptions {
  dir?: string;
  amount?: string;
  on?: string;
  json?: boolean;
}

export function runSplit(opts: SplitOptions, io: Io): number {
  const amount = centsOf(amountOption(opts.amount));
  if (opts.on === undefined) throw usage('--on is required: the date whose key applies (e.g. --on 2025-03-12)');
  const on = dateOption('--on', opts.on);
  const { workspace } = loadOrFail(opts.dir);
  const key = keyInForce(workspace.config.keys, on);
  if (!key) throw new CliError(EXIT.invalid, `no key is in force on ${on}: the first key starts on ${workspace.config.keys[0]?.from}`);
  const shares = allocateLargestRemainder(amount, key.shares);
  if (opts.json) {
    io.out(`${JSON.stringify({ amount: formatCents(amount), on, shares: shares.map((s) => ({ id: s.member, pct: s.pct, amount: formatCents(s.cents) })) }, null, 2)}\n`);
    return EXIT.ok;
  }
  const names = new Map(workspace.config.members.map((m) => [m.id, m.name]));
  io.out(`${formatCents(amount)} shared by the key in force on ${on} (from ${key.from}), largest remainder to the cent:\n`);
  const w = Math.max(...shares.map((s) => s.member.length));
  for (const s of shares) io.out(`  ${s.member.padEnd(w)}  ${s.pct.padStart(6)} %  ${formatCents(s.cents).padStart(14)}  ${names.get(s.member) ?? ''}\n`);
  return EXIT.ok;
}
