/**
 * The convention's calendar (SPEC §7): every dated obligation, from the
 * workspace alone. Pure: the issued notices, the meetings and the evaluation
 * date are given; the clock is never read. Each event has a stable `uid`
 * naming what it is about (an invoice, a month, a notice…), not its text,
 * so that a calendar imported again updates its events instead of doubling
 * them.
 */
import { contractYears } from './contract.js';
import { PAYMENT_DAYS_LIMIT, INVOICE_DAY_LIMIT } from './controls.js';
import { addDays, addMonths, firstDayOf, makeDate, monthOf, splitDate, type IsoDate, type Month } from './dates.js';
import { CONVOCATION_JOURS_FRANCS, lastDayBeforeJoursFrancs, NOTICE_MONTHS, RENEWAL_DECISION_DAYS, shiftMonths, type MeetingKind } from './deadlines.js';
import type { Config, Invoice } from './model.js';
import { cutoffFor } from './revision.js';
import { nextSemester, semesterEnd, semesterName, semesterOf, semesterStart, compareSemesters } from './semester.js';

export type EventKind =
  | 'invoice-due' | 'payment-due' | 'semester-notices' | 'notice-due' | 'revision' | 'index-release'
  | 'renewal' | 'notice-deadline' | 'convocation-deadline' | 'renewal-decisions';

export interface CalendarEvent {
  date: IsoDate;
  kind: EventKind;
  /** The convention's article(s), e.g. "5.3" or "5.2, 7, 9". */
  article: string;
  text: string;
  /** Stable identity, e.g. `payment-due/F2025-03`. */
  uid: string;
  /**
   * What `text` is made of, for the terminal to say it in its language
   * (issue 15: the catalogue's `event.<key>`); `text` stays the English one
   * that --json and the ICS file carry.
   */
  words?: { key: string; values: Readonly<Record<string, string | number>> };
}

/** An issue folder of the output root, as far as the calendar needs it (src/read/issued.ts). */
export interface IssuedNotices {
  semester: string;
  issue: number;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  /** Null when the manifest lists no notices: one event for the whole issue. */
  notices: { member: string; number: string; net: string | null }[] | null;
}

export interface Meeting {
  date: IsoDate;
  kind: MeetingKind;
}

export interface CalendarInput {
  config: Config;
  invoices: readonly Invoice[];
  issued: readonly IssuedNotices[];
  meetings: readonly Meeting[];
  evaluation: IsoDate | null;
  from: IsoDate;
  to: IsoDate;
}

/** INSEE publishes ICHTrev-TS about 75 days after each quarter ends (SPEC §2.2): an estimate. */
export const INDEX_RELEASE_DAYS = 75;

function monthsOfContract(config: Config): Month[] {
  const out: Month[] = [];
  for (let m = monthOf(config.contract.start); m <= monthOf(config.contract.end); m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The events in [from, to], sorted by date, then kind, then uid. */
export function buildCalendar(input: CalendarInput): CalendarEvent[] {
  const { config } = input;
  const events: CalendarEvent[] = [];
  const push = (e: CalendarEvent) => {
    if (e.date >= input.from && e.date <= input.to) events.push(e);
  };

  for (const m of monthsOfContract(config)) {
    const [y, mm] = splitDate(firstDayOf(addMonths(m, 1)));
    push({ date: makeDate(y, mm, INVOICE_DAY_LIMIT), kind: 'invoice-due', article: '5.3', uid: `invoice-due/${m}`, text: `the contractor's invoice for the services of ${m} is due by this day (before the ${INVOICE_DAY_LIMIT}th of the next month)`, words: { key: 'invoice-due', values: { month: m, day: INVOICE_DAY_LIMIT } } });
  }

  for (const inv of input.invoices) {
    const state = inv.paidOn === null ? 'not paid yet' : `paid on ${inv.paidOn}`;
    push({ date: addDays(inv.receivedOn, PAYMENT_DAYS_LIMIT), kind: 'payment-due', article: '5.3', uid: `payment-due/${inv.id}`, text: `pay invoice ${inv.id} (${inv.serviceMonth}, received on ${inv.receivedOn}) within ${PAYMENT_DAYS_LIMIT} days: ${state}`, words: { key: inv.paidOn === null ? 'payment-due.unpaid' : 'payment-due.paid', values: { invoice: inv.id, month: inv.serviceMonth, received: inv.receivedOn, days: PAYMENT_DAYS_LIMIT, paid: inv.paidOn ?? '' } } });
  }

  const last = nextSemester(semesterOf(config.contract.end));
  for (let s = semesterOf(config.contract.start); compareSemesters(s, last) <= 0; s = nextSemester(s)) {
    const name = semesterName(s);
    push({ date: addDays(semesterEnd(s), 1), kind: 'semester-notices', article: '5.3', uid: `semester-notices/${name}`, text: `send the members the recap of the invoices paid in ${name} (${semesterStart(s)} to ${semesterEnd(s)}) and their notices: medcoop bill --semester ${name}`, words: { key: 'semester-notices', values: { semester: name, start: semesterStart(s), end: semesterEnd(s) } } });
  }

  for (const issue of input.issued) {
    const what = `${issue.semester}, issue ${issue.issue} of ${issue.issuedOn}`;
    if (issue.notices === null) {
      push({ date: issue.dueOn, kind: 'notice-due', article: '5.3', uid: `notice-due/${issue.semester}-${issue.issue}`, text: `the members' notices of ${what} are due`, words: { key: 'notice-due.issue', values: { semester: issue.semester, issue: issue.issue, issued: issue.issuedOn } } });
      continue;
    }
    for (const n of issue.notices) {
      const amount = n.net === null ? '' : ` (${n.net})`;
      push({ date: issue.dueOn, kind: 'notice-due', article: '5.3', uid: `notice-due/${n.number}`, text: `notice ${n.number} to ${n.member}${amount}, ${what}, is due`, words: { key: n.net === null ? 'notice-due.notice' : 'notice-due.amount', values: { number: n.number, member: n.member, net: n.net ?? '', semester: issue.semester, issue: issue.issue, issued: issue.issuedOn } } });
    }
  }

  const deadlineDays = config.renewal?.deadlineDays ?? 0;
  for (const y of contractYears(config.contract)) {
    if (y.year < 2) continue;
    push({ date: y.start, kind: 'revision', article: '5.1', uid: `revision/${y.year}`, text: `contract year ${y.year} starts: prices revised with the index known on the cut-off ${cutoffFor(y.start, config.revision.knownOn)} (medcoop revise --year ${y.year})`, words: { key: 'revision', values: { year: y.year, cutoff: cutoffFor(y.start, config.revision.knownOn) } } });
    push({ date: y.start, kind: 'renewal', article: '4.3, 6', uid: `renewal/${y.year}`, text: `renewal of the market for contract year ${y.year} (${y.start} to ${y.end}), as the members decided (art. 4.3)`, words: { key: 'renewal', values: { year: y.year, start: y.start, end: y.end } } });
    const renewalDeadline = addDays(y.start, -deadlineDays);
    push({
      date: shiftMonths(renewalDeadline, -NOTICE_MONTHS), kind: 'notice-deadline', article: '5.2, 7, 9', uid: `notice-deadline/${y.year}`,
      text: `last day for a registered letter (with acknowledgement of receipt), ${NOTICE_MONTHS} months before the renewal deadline ${renewalDeadline} of contract year ${y.year}: a member leaving the group, a request to change the key, or the coordinator withdrawing`,
      words: { key: 'notice-deadline', values: { months: NOTICE_MONTHS, deadline: renewalDeadline, year: y.year } },
    });
  }

  // Quarters whose expected release may fall in the period.
  const [fy] = splitDate(input.from);
  const [ty] = splitDate(input.to);
  for (let y = fy - 1; y <= ty; y++) {
    for (let q = 1; q <= 4; q++) {
      const end = addDays(makeDate(q === 4 ? y + 1 : y, q === 4 ? 1 : 3 * q + 1, 1), -1);
      push({ date: addDays(end, INDEX_RELEASE_DAYS), kind: 'index-release', article: '5.1', uid: `index-release/${y}-Q${q}`, text: `INSEE's expected release of the index values for Q${q} ${y} (about ${INDEX_RELEASE_DAYS} days after the quarter; an estimate): medcoop index import`, words: { key: 'index-release', values: { quarter: q, year: y, days: INDEX_RELEASE_DAYS } } });
    }
  }

  for (const m of input.meetings) {
    const n = CONVOCATION_JOURS_FRANCS[m.kind];
    const what = m.kind === 'commission' ? 'the commission ad hoc' : 'the meeting';
    push({ date: lastDayBeforeJoursFrancs(m.date, n), kind: 'convocation-deadline', article: '4.1', uid: `convocation-deadline/${m.date}/${m.kind}`, text: `last day to send the convocation by e-mail to ${what} of ${m.date}: ${n} jours francs before it (neither the day of sending nor the day of the meeting counts)`, words: { key: m.kind === 'commission' ? 'convocation-deadline.commission' : 'convocation-deadline.meeting', values: { date: m.date, n } } });
  }

  if (input.evaluation !== null) {
    push({ date: addDays(input.evaluation, RENEWAL_DECISION_DAYS), kind: 'renewal-decisions', article: '4.3', uid: `renewal-decisions/${input.evaluation}`, text: `each member tells the coordinator its decision on the renewal, within ${RENEWAL_DECISION_DAYS} days of the evaluation meeting of ${input.evaluation}: medcoop vote`, words: { key: 'renewal-decisions', values: { days: RENEWAL_DECISION_DAYS, date: input.evaluation } } });
  }

  return events.sort((a, b) => (a.date !== b.date ? cmp(a.date, b.date) : a.kind !== b.kind ? cmp(a.kind, b.kind) : cmp(a.uid, b.uid)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
