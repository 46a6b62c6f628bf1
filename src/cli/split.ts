/** `medcoop split`: shares any amount by the key in force on a date (e.g. damages, article 8). */
import { allocateLargestRemainder } from '../core/allocate.js';
import { keyInForce } from '../core/contract.js';
import { centsOf, formatCents } from '../core/exact.js';
import type { Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { day, decimal, money, t } from './i18n.js';
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
  if (opts.on === undefined) throw usage(t('split.onRequired'));
  const on = dateOption('--on', opts.on);
  const { workspace } = loadOrFail(opts.dir);
  const key = keyInForce(workspace.config.keys, on);
  if (!key) throw new CliError(EXIT.invalid, t('split.noKey', { on: day(on), first: day(workspace.config.keys[0]?.from ?? '') }));
  const shares = allocateLargestRemainder(amount, key.shares);
  if (opts.json) {
    io.out(`${JSON.stringify({ amount: formatCents(amount), on, shares: shares.map((s) => ({ id: s.member, pct: s.pct, amount: formatCents(s.cents) })) }, null, 2)}\n`);
    return EXIT.ok;
  }
  const names = new Map(workspace.config.members.map((m) => [m.id, m.name]));
  io.out(`${t('split.head', { amount: money(amount), on: day(on), from: day(key.from) })}\n`);
  const w = Math.max(...shares.map((s) => s.member.length));
  for (const s of shares) io.out(`  ${s.member.padEnd(w)}  ${decimal(s.pct).padStart(6)} %  ${money(s.cents).padStart(14)}  ${names.get(s.member) ?? ''}\n`);
  return EXIT.ok;
}
