/**
 * The renewal decision of article 4.3: "La reconduction est décidée à la
 * majorité des voix des membres. En cas d'égalité, la voix du coordonnateur
 * prévaut." One voice per member in the key on the vote's date (a share above
 * 0 %); a member not named has not voted (absent). Renewed when the yes votes
 * outnumber the no votes; on a tie, the coordinator's vote decides — and when
 * the coordinator cast none (abstained or absent), there is no majority for
 * renewal: not renewed.
 */
import { keyInForce } from './contract.js';
import type { IsoDate } from './dates.js';
import { decimal } from './exact.js';
import type { Config } from './model.js';

export type Ballot = 'yes' | 'no' | 'abstain';

export interface VoteResult {
  on: IsoDate;
  yes: string[];
  no: string[];
  abstain: string[];
  absent: string[];
  renewed: boolean;
  /** Which rule decided: `majority`, `tie-coordinator` or `tie-no-coordinator-vote`. */
  rule: 'majority' | 'tie-coordinator' | 'tie-no-coordinator-vote';
}

export type VoteProblem =
  | { code: 'unknown-member'; member: string }
  | { code: 'named-twice'; member: string }
  | { code: 'not-in-key'; member: string }
  | { code: 'no-key'; member: null };

/** The members who may vote on `on`: those with a share above 0 % in the key in force, in config order. */
export function voters(config: Config, on: IsoDate): string[] | null {
  const key = keyInForce(config.keys, on);
  if (!key) return null;
  return key.shares.filter((s) => decimal(s.pct).gt(0)).map((s) => s.member);
}

/** Counts the ballots; every problem is returned, none thrown. Lists come back in config order. */
export function decideRenewal(config: Config, on: IsoDate, ballots: Readonly<Record<Ballot, readonly string[]>>): { result: VoteResult | null; problems: VoteProblem[] } {
  const allowed = voters(config, on);
  if (allowed === null) return { result: null, problems: [{ code: 'no-key', member: null }] };
  const declared = new Set(config.members.map((m) => m.id));
  const cast = new Map<string, Ballot>();
  const problems: VoteProblem[] = [];
  for (const kind of ['yes', 'no', 'abstain'] as const) {
    for (const id of ballots[kind]) {
      if (!declared.has(id)) problems.push({ code: 'unknown-member', member: id });
      else if (cast.has(id)) problems.push({ code: 'named-twice', member: id });
      else if (!allowed.includes(id)) problems.push({ code: 'not-in-key', member: id });
      else cast.set(id, kind);
    }
  }
  if (problems.length > 0) return { result: null, problems };
  const of = (k: Ballot) => allowed.filter((id) => cast.get(id) === k);
  const yes = of('yes');
  const no = of('no');
  const coordinator = cast.get(config.coordinator);
  let renewed: boolean;
  let rule: VoteResult['rule'];
  if (yes.length !== no.length) {
    renewed = yes.length > no.length;
    rule = 'majority';
  } else if (coordinator === 'yes' || coordinator === 'no') {
    renewed = coordinator === 'yes';
    rule = 'tie-coordinator';
  } else {
    renewed = false;
    rule = 'tie-no-coordinator-vote';
  }
  return { result: { on, yes, no, abstain: of('abstain'), absent: allowed.filter((id) => !cast.has(id)), renewed, rule }, problems: [] };
}
