/**
 * Deadlines of the convention, on `YYYY-MM-DD` strings (pure integer
 * arithmetic through ./dates.js: no `Date`, no time zone).
 *
 * *Jours francs* (SPEC §7, art. 4.1): a period of n jours francs counts only
 * whole days: neither the day of the act (sending the convocation) nor the day
 * of the event (the meeting) counts. So a convocation sent on day S leaves
 * M − S − 1 full days before a meeting on day M, and the last day to send it
 * for n jours francs is M − n − 1. This is the usual reading in French
 * administrative law (e.g. CGCT L2121-12 convocations "cinq jours francs au
 * moins avant"); days are calendar days, weekends and holidays included,
 * and the deadline is not moved off a Sunday (it is a latest date to act, not
 * a time limit that would be extended).
 */
import { addDays, daysBetween, daysInMonth, makeDate, splitDate, type IsoDate } from './dates.js';

/** Art. 4.1: 5 jours francs before a meeting of the commission ad hoc, 10 before any other meeting. */
export const CONVOCATION_JOURS_FRANCS = { commission: 5, other: 10 } as const;
export type MeetingKind = keyof typeof CONVOCATION_JOURS_FRANCS;

/** Art. 4.3: members decide on the renewal within 10 days after the evaluation meeting. */
export const RENEWAL_DECISION_DAYS = 10;
/** Art. 5.2, 7, 9: a registered letter at least 3 months before the renewal deadline. */
export const NOTICE_MONTHS = 3;

/** The last day to act so that `n` jours francs lie between the act and `event`: event − n − 1. */
export function lastDayBeforeJoursFrancs(event: IsoDate, n: number): IsoDate {
  return addDays(event, -(n + 1));
}

/** The number of jours francs between two dates: the whole days strictly between them (0 when none). */
export function joursFrancsBetween(act: IsoDate, event: IsoDate): number {
  return Math.max(0, daysBetween(act, event) - 1);
}

/**
 * The same day `months` later (negative: earlier); a day that the target
 * month lacks becomes its last day (31 May − 3 months = 28 or 29 February).
 */
export function shiftMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = splitDate(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return makeDate(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}
