/** `medcoop vote`: the renewal decision of article 4.3 (SPEC §7). */
import { contractYears } from '../core/contract.js';
import type { IsoDate } from '../core/dates.js';
import { decideRenewal, type VoteProblem, type VoteResult } from '../core/vote.js';
import type { Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { day, t } from './i18n.js';
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
  if (list.some((s) => s === '')) throw usage(t('vote.ids', { flag, value: JSON.stringify(value) }));
  return list;
}

function problemText(p: VoteProblem): string {
  switch (p.code) {
    case 'unknown-member': return t('vote.unknown-member', { member: p.member });
    case 'named-twice': return t('vote.named-twice', { member: p.member });
    case 'not-in-key': return t('vote.not-in-key', { member: p.member });
    case 'no-key': return t('vote.no-key');
  }
}

function ruleText(r: VoteResult, coordinator: string): string {
  const count = `${r.yes.length} yes, ${r.no.length} no`;
  if (r.rule === 'majority') return `majority of the members' votes: ${count} (art. 4.3)`;
  if (r.rule === 'tie-coordinator') return `tie, ${count}: the coordinator (${coordinator}) voted ${r.renewed ? 'yes' : 'no'} and its vote prevails (art. 4.3)`;
  return `tie, ${count}, and the coordinator (${coordinator}) did not vote: no majority for renewal (art. 4.3)`;
}

function ruleWords(r: VoteResult, coordinator: string): string {
  const count = t('vote.count', { yes: r.yes.length, no: r.no.length });
  if (r.rule === 'majority') return t('vote.rule.majority', { count });
  if (r.rule === 'tie-coordinator') return t(r.renewed ? 'vote.rule.tieYes' : 'vote.rule.tieNo', { count, coordinator });
  return t('vote.rule.tieAbsent', { count, coordinator });
}

export function runVote(opts: VoteOptions, io: Io): number {
  const yes = ids('--yes', opts.yes);
  const no = ids('--no', opts.no);
  const abstain = ids('--abstain', opts.abstain);
  if (opts.yes === undefined && opts.no === undefined && opts.abstain === undefined) throw usage(t('vote.none'));
  const given = opts.on !== undefined ? dateOption('--on', opts.on) : null;
  const { workspace } = loadOrFail(opts.dir);
  const { config } = workspace;
  let on: IsoDate;
  if (given !== null) on = given;
  else {
    const today = io.today();
    const next = contractYears(config.contract).find((y) => y.year >= 2 && y.start >= today);
    if (!next) throw new CliError(EXIT.invalid, t('vote.noRenewal', { date: day(today) }));
    on = next.start;
  }
  const { result, problems } = decideRenewal(config, on, { yes, no, abstain });
  if (!result) throw usage(t('vote.problems', { date: day(on), problems: problems.map(problemText).join(t('list.semicolon')) }));
  const rule = ruleText(result, config.coordinator);
  if (opts.json) {
    io.out(`${JSON.stringify({ on: result.on, yes: result.yes, no: result.no, abstain: result.abstain, absent: result.absent, renewed: result.renewed, rule }, null, 2)}\n`);
    return EXIT.ok;
  }
  // The JSON's `rule` above stays English (a contract for scripts); the terminal says it in its language.
  const list = (xs: string[]) => (xs.length > 0 ? xs.join(', ') : t('vote.nobody'));
  io.out(`${t('vote.head', { date: day(on) })}\n`);
  io.out(`${t('vote.yes', { list: list(result.yes) })}\n${t('vote.no', { list: list(result.no) })}\n${t('vote.abstain', { list: list(result.abstain) })}\n${t('vote.absent', { list: list(result.absent) })}\n`);
  io.out(`${t(result.renewed ? 'vote.renewed' : 'vote.notRenewed', { rule: ruleWords(result, config.coordinator) })}\n`);
  return EXIT.ok;
}
