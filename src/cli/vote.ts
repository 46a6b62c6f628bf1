/** `medcoop vote`: the renewal decision of article 4.3 (SPEC §7). */
import { contractYears } from '../core/contract.js';
import type { IsoDate } from '../core/dates.js';
import { decideRenewal, type VoteProblem, type VoteResult } from '../core/vote.js';
import type { Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { loadOrFail } from './load.js';
import { dateOption } from './options.js';

export interface VoteOptions {
  dir?: string;
  yes?: string;
  no?: string;
  abstain?: string;
  on?: string;
  json?: boolean;
}

/** `a,b , c` → ids; an empty name (`a,,b`) is wrong usage. */
function ids(flag: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const list = value.split(',').map((s) => s.trim());
  if (list.some((s) => s === '')) throw usage(`${flag}: expected member ids separated by commas (e.g. ${flag} mons,vilogia), got ${JSON.stringify(value)}`);
  return list;
}

function problemText(p: VoteProblem): string {
  switch (p.code) {
    case 'unknown-member': return `${p.member} is not a member of the group`;
    case 'named-twice': return `${p.member} is named twice: each member has one vote`;
    case 'not-in-key': return `${p.member} is not in the key on that date, so it cannot vote`;
    case 'no-key': return 'no key is in force on that date';
  }
}

function ruleText(r: VoteResult, coordinator: string): string {
  const count = `${r.yes.length} yes, ${r.no.length} no`;
  if (r.rule === 'majority') return `majority of the members' votes: ${count} (art. 4.3)`;
  if (r.rule === 'tie-coordinator') return `tie, ${count}: the coordinator (${coordinator}) voted ${r.renewed ? 'yes' : 'no'} and its vote prevails (art. 4.3)`;
  return `tie, ${count}, and the coordinator (${coordinator}) did not vote: no majority for renewal (art. 4.3)`;
}

export function runVote(opts: VoteOptions, io: Io): number {
  const yes = ids('--yes', opts.yes);
  const no = ids('--no', opts.no);
  const abstain = ids('--abstain', opts.abstain);
  if (opts.yes === undefined && opts.no === undefined && opts.abstain === undefined) throw usage('give the votes: --yes ID[,ID…] and/or --no ID[,ID…] (and --abstain ID[,ID…])');
  const given = opts.on !== undefined ? dateOption('--on', opts.on) : null;
  const { workspace } = loadOrFail(opts.dir);
  const { config } = workspace;
  let on: IsoDate;
  if (given !== null) on = given;
  else {
    const today = io.today();
    const next = contractYears(config.contract).find((y) => y.year >= 2 && y.start >= today);
    if (!next) throw new CliError(EXIT.invalid, `the contract has no renewal left after ${today}: give the vote's date with --on`);
    on = next.start;
  }
  const { result, problems } = decideRenewal(config, on, { yes, no, abstain });
  if (!result) throw usage(`vote on ${on}: ${problems.map(problemText).join('; ')}`);
  const rule = ruleText(result, config.coordinator);
  if (opts.json) {
    io.out(`${JSON.stringify({ on: result.on, yes: result.yes, no: result.no, abstain: result.abstain, absent: result.absent, renewed: result.renewed, rule }, null, 2)}\n`);
    return EXIT.ok;
  }
  const list = (xs: string[]) => (xs.length > 0 ? xs.join(', ') : '(none)');
  io.out(`Renewal vote of ${on} (members in the key on that date):\n`);
  io.out(`  yes:     ${list(result.yes)}\n  no:      ${list(result.no)}\n  abstain: ${list(result.abstain)}\n  absent:  ${list(result.absent)}\n`);
  io.out(`${result.renewed ? 'Renewed' : 'Not renewed'}: ${rule}\n`);
  return EXIT.ok;
}
