/**
 * The renewal vote of article 4.3 (src/core/vote.ts): a majority of the
 * members' votes; on a tie the coordinator's vote prevails; a tie where the
 * coordinator cast no vote is no majority for renewal. Every assignment of
 * yes / no / abstain / absent to 2, 3 and 4 voters is checked against the
 * rule written out here, and the tie shapes are named one by one.
 */
import { describe, expect, it } from 'vitest';
import { decideRenewal, voters, type Ballot } from '../src/core/vote.js';
import { CONVENTION_SHARES, key, makeConfig } from './helpers/workspace.js';

// Year 1 has all four members; from 2024 a three-member key, from 2025 a two-member key, 2026 all four again.
const config = makeConfig({
  keys: [
    key('2023-01-01', CONVENTION_SHARES),
    key('2024-01-01', { mons: '40', partenord: '30', vilogia: '30' }),
    key('2025-01-01', { mons: '60', vilogia: '40' }),
    key('2026-01-01', CONVENTION_SHARES),
  ],
});
const ON = { 2: '2025-01-01', 3: '2024-01-01', 4: '2026-01-01' } as const;

type Choice = Ballot | 'absent';
const CHOICES: Choice[] = ['yes', 'no', 'abstain', 'absent'];

function assignments(n: number): Choice[][] {
  if (n === 0) return [[]];
  return assignments(n - 1).flatMap((a) => CHOICES.map((c) => [...a, c]));
}

function cast(ids: readonly string[], choices: readonly Choice[]) {
  const of = (c: Choice) => ids.filter((_, i) => choices[i] === c);
  return { yes: of('yes'), no: of('no'), abstain: of('abstain') };
}

describe('who votes', () => {
  it('the members in the key on the date, in config order', () => {
    expect(voters(config, ON[2])).toEqual(['mons', 'vilogia']);
    expect(voters(config, ON[3])).toEqual(['mons', 'partenord', 'vilogia']);
    expect(voters(config, ON[4])).toEqual(['mons', 'partenord', 'vilogia', 'logis-metropole']);
  });
});

describe.each([2, 3, 4] as const)('%i voters', (n) => {
  const on = ON[n];
  const ids = voters(config, on)!;
  it('every assignment of yes / no / abstain / absent follows art. 4.3', () => {
    let ties = 0;
    for (const choices of assignments(n)) {
      const ballots = cast(ids, choices);
      const { result, problems } = decideRenewal(config, on, ballots);
      expect(problems).toEqual([]);
      const yes = ballots.yes.length;
      const no = ballots.no.length;
      const coordinator = choices[ids.indexOf('mons')];
      const expected = yes !== no ? yes > no : coordinator === 'yes';
      expect(result!.renewed, JSON.stringify(choices)).toBe(expected);
      expect(result!.rule).toBe(yes !== no ? 'majority' : coordinator === 'yes' || coordinator === 'no' ? 'tie-coordinator' : 'tie-no-coordinator-vote');
      expect(result!.absent).toEqual(ids.filter((_, i) => choices[i] === 'absent'));
      expect(result!.abstain).toEqual(ballots.abstain);
      if (yes === no) ties++;
    }
    expect(ties).toBeGreaterThan(0);
  });
});

describe('tie shapes, one by one', () => {
  const decide = (on: string, yes: string[], no: string[], abstain: string[] = []) => decideRenewal(config, on, { yes, no, abstain }).result!;
  it('2 voters: 1–1, the coordinator for → renewed; against → not renewed', () => {
    expect(decide(ON[2], ['mons'], ['vilogia'])).toMatchObject({ renewed: true, rule: 'tie-coordinator', absent: [] });
    expect(decide(ON[2], ['vilogia'], ['mons'])).toMatchObject({ renewed: false, rule: 'tie-coordinator' });
  });
  it('2 voters: 0–0 (both abstain, or one abstains and one is absent) → not renewed', () => {
    expect(decide(ON[2], [], [], ['mons', 'vilogia'])).toMatchObject({ renewed: false, rule: 'tie-no-coordinator-vote' });
    expect(decide(ON[2], [], [], ['vilogia'])).toMatchObject({ renewed: false, absent: ['mons'] });
  });
  it('3 voters: 1–1 and one abstaining or absent: the coordinator decides when it voted', () => {
    expect(decide(ON[3], ['mons'], ['partenord'], ['vilogia'])).toMatchObject({ renewed: true, rule: 'tie-coordinator' });
    expect(decide(ON[3], ['partenord'], ['mons'])).toMatchObject({ renewed: false, rule: 'tie-coordinator', absent: ['vilogia'] });
    // the coordinator abstains and the two others split: no majority for renewal
    expect(decide(ON[3], ['partenord'], ['vilogia'], ['mons'])).toMatchObject({ renewed: false, rule: 'tie-no-coordinator-vote' });
  });
  it('4 voters: 2–2 the coordinator prevails either way; 1–1 with two silent', () => {
    expect(decide(ON[4], ['mons', 'logis-metropole'], ['partenord', 'vilogia'])).toMatchObject({ renewed: true, rule: 'tie-coordinator' });
    expect(decide(ON[4], ['partenord', 'vilogia'], ['mons', 'logis-metropole'])).toMatchObject({ renewed: false, rule: 'tie-coordinator' });
    expect(decide(ON[4], ['vilogia'], ['mons'], ['partenord'])).toMatchObject({ renewed: false, absent: ['logis-metropole'] });
    expect(decide(ON[4], ['partenord'], ['vilogia'])).toMatchObject({ renewed: false, rule: 'tie-no-coordinator-vote', absent: ['mons', 'logis-metropole'] });
  });
  it('a majority needs no coordinator: 3 voters, 2–1 against the coordinator → renewed', () => {
    expect(decide(ON[3], ['partenord', 'vilogia'], ['mons'])).toMatchObject({ renewed: true, rule: 'majority' });
  });
});

describe('refused ballots', () => {
  it('an unknown member, a member named twice, a member not in the key on the date', () => {
    expect(decideRenewal(config, ON[2], { yes: ['lille'], no: [], abstain: [] }).problems).toEqual([{ code: 'unknown-member', member: 'lille' }]);
    expect(decideRenewal(config, ON[2], { yes: ['mons'], no: ['mons'], abstain: [] }).problems).toEqual([{ code: 'named-twice', member: 'mons' }]);
    expect(decideRenewal(config, ON[2], { yes: ['mons'], no: ['partenord'], abstain: [] }).problems).toEqual([{ code: 'not-in-key', member: 'partenord' }]);
    expect(decideRenewal(config, '2022-06-01', { yes: ['mons'], no: [], abstain: [] }).problems).toEqual([{ code: 'no-key', member: null }]);
  });
});
