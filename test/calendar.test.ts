/**
 * The convention's calendar (src/core/calendar.ts) and its iCalendar form
 * (src/render/ics.ts), read back with a maintained parser (ical.js).
 * Dates are worked by hand in the comments.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, type CalendarEvent, type CalendarInput } from '../src/core/calendar.js';
import { foldLine, renderIcs } from '../src/render/ics.js';
import { makeConfig, makeWorkspace } from './helpers/workspace.js';

const config = makeConfig();
const base: CalendarInput = { config, invoices: [], issued: [], meetings: [], evaluation: null, from: '2023-01-01', to: '2026-12-31' };
const of = (events: CalendarEvent[], kind: string) => events.filter((e) => e.kind === kind);

describe('the whole contract (2023-01-01 to 2026-12-31)', () => {
  const events = buildCalendar(base);
  it('one invoice deadline per service month, on the 10th of the next month (December 2026 falls on 2027-01-10, outside)', () => {
    const due = of(events, 'invoice-due');
    expect(due).toHaveLength(47);
    expect(due[0]).toMatchObject({ date: '2023-02-10', article: '5.3' });
    expect(due.at(-1)!.date).toBe('2026-12-10'); // November 2026
  });
  it('revisions and renewals on each anniversary from year 2; none in year 1', () => {
    expect(of(events, 'revision').map((e) => e.date)).toEqual(['2024-01-01', '2025-01-01', '2026-01-01']);
    expect(of(events, 'renewal').map((e) => e.date)).toEqual(['2024-01-01', '2025-01-01', '2026-01-01']);
    expect(of(events, 'renewal')[0]!.article).toBe('4.3, 6');
  });
  it('the notice deadlines: three months before each renewal, the first for the renewal of year 2 (leaving takes effect on 2024-01-01)', () => {
    const d = of(events, 'notice-deadline');
    expect(d.map((e) => e.date)).toEqual(['2023-10-01', '2024-10-01', '2025-10-01']);
    expect(d[0]!.article).toBe('5.2, 7, 9');
    expect(d[0]!.text).toContain('renewal deadline 2024-01-01 of contract year 2');
  });
  it('semester notices the day after each semester, within the period', () => {
    expect(of(events, 'semester-notices').map((e) => e.date)).toEqual(['2023-07-01', '2024-01-01', '2024-07-01', '2025-01-01', '2025-07-01', '2026-01-01', '2026-07-01']);
  });
  it('expected INSEE releases 75 days after each quarter: Q4 2024 → 2025-03-16 (31 Dec + 75), Q3 2025 → 2025-12-14 (30 Sep + 75)', () => {
    const dates = of(events, 'index-release').map((e) => e.date);
    expect(dates).toContain('2025-03-16');
    expect(dates).toContain('2025-12-14');
    expect(dates.every((d) => d >= '2023-01-01' && d <= '2026-12-31')).toBe(true);
  });
  it('sorted by date, then kind', () => {
    const keys = events.map((e) => `${e.date} ${e.kind}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('dates from the workspace and the options', () => {
  it('renewal.deadline_days moves the notice deadline: renewal 2025-01-01, deadline 15 days earlier (2024-12-17), 3 months before → 2024-09-17', () => {
    const events = buildCalendar({ ...base, config: makeConfig({ renewal: { deadlineDays: 15 } }) });
    expect(of(events, 'notice-deadline').map((e) => e.date)).toEqual(['2023-09-17', '2024-09-17', '2025-09-17']);
  });
  it('payment deadlines: received_on + 30 days, over a month and a year end', () => {
    const ws = makeWorkspace({ invoices: [
      { id: 'F2025-01', serviceMonth: '2025-01', receivedOn: '2025-02-06', paidOn: '2025-02-28' }, // 6 Feb + 30 = 8 March (28-day February)
      { id: 'F2025-11', serviceMonth: '2025-11', receivedOn: '2025-12-09' }, // 9 Dec + 30 = 8 January 2026
    ] });
    const events = of(buildCalendar({ ...base, invoices: ws.invoices }), 'payment-due');
    expect(events.map((e) => [e.date, e.uid])).toEqual([['2025-03-08', 'payment-due/F2025-01'], ['2026-01-08', 'payment-due/F2025-11']]);
    expect(events[0]!.text).toContain('paid on 2025-02-28');
    expect(events[1]!.text).toContain('not paid yet');
  });
  it('convocations in jours francs: 5 before a commission ad hoc, 10 before any other meeting', () => {
    const events = of(buildCalendar({ ...base, meetings: [{ date: '2025-03-12', kind: 'commission' }, { date: '2026-01-08', kind: 'other' }] }), 'convocation-deadline');
    // 12 March − 6 = 6 March (7..11 are the 5 days); 8 January 2026 − 11 = 28 December 2025 (29..31 Dec, 1..7 Jan)
    expect(events.map((e) => e.date)).toEqual(['2025-03-06', '2025-12-28']);
    expect(events[0]!.article).toBe('4.1');
  });
  it("the members' decisions 10 days after the evaluation meeting: 2025-11-25 → 2025-12-05; 2025-12-27 → 2026-01-06", () => {
    expect(of(buildCalendar({ ...base, evaluation: '2025-11-25' }), 'renewal-decisions')[0]).toMatchObject({ date: '2025-12-05', article: '4.3' });
    expect(of(buildCalendar({ ...base, evaluation: '2025-12-27' }), 'renewal-decisions')[0]!.date).toBe('2026-01-06');
  });
  it('issued notices: one event per notice, or one per issue when the manifest lists none', () => {
    const events = of(buildCalendar({ ...base, issued: [
      { semester: '2025-S1', issue: 1, issuedOn: '2025-07-03', dueOn: '2025-08-02', notices: [{ member: 'vilogia', number: '2025-S1-1-vilogia', net: '100.00' }, { member: 'mons', number: '2025-S1-1-mons', net: '50.00' }] },
      { semester: '2025-S2', issue: 1, issuedOn: '2026-01-05', dueOn: '2026-02-04', notices: null },
    ] }), 'notice-due');
    expect(events.map((e) => [e.date, e.uid])).toEqual([
      ['2025-08-02', 'notice-due/2025-S1-1-mons'],
      ['2025-08-02', 'notice-due/2025-S1-1-vilogia'],
      ['2026-02-04', 'notice-due/2025-S2-1'],
    ]);
  });
  it('only the period asked', () => {
    const events = buildCalendar({ ...base, from: '2025-03-01', to: '2025-03-31' });
    expect(events.every((e) => e.date >= '2025-03-01' && e.date <= '2025-03-31')).toBe(true);
    expect(events.map((e) => e.kind)).toEqual(['invoice-due', 'index-release']);
  });
});

describe('ICS (RFC 5545), read back with ical.js', () => {
  const ws = makeWorkspace({ invoices: [{ id: 'F2025-01', serviceMonth: '2025-01', receivedOn: '2025-02-06', paidOn: '2025-02-28' }] });
  const input = { ...base, invoices: ws.invoices, meetings: [{ date: '2025-03-12', kind: 'commission' as const }], evaluation: '2025-11-25' };
  const events = buildCalendar(input);
  const text = renderIcs(events, { name: 'Médiation sociale — Nouveau Mons; test, with commas', uidTag: 'abc123', stamp: '20250115T093000Z' });
  const parsed = new ICAL.Component(ICAL.parse(text));
  const vevents = parsed.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

  it('holds the same events: date, kind and text', () => {
    expect(vevents).toHaveLength(events.length);
    vevents.forEach((v, i) => {
      const e = events[i]!;
      expect(v.startDate.toString()).toBe(e.date);
      expect(v.startDate.isDate).toBe(true);
      expect(v.summary).toBe(`${e.kind}: ${e.text}`);
      expect(v.description).toBe(`${e.text} (convention, art. ${e.article})`);
    });
    // SUMMARY and DESCRIPTION hold ';' and ',' (escaped, RFC 5545 §3.3.11) and come back whole:
    expect(vevents.some((v) => v.summary.includes('; an estimate'))).toBe(true);
  });
  it('has unique UIDs that do not depend on the text or the day it is written', () => {
    const uids = vevents.map((v) => v.uid);
    expect(new Set(uids).size).toBe(uids.length);
    // paid later, written another day: same UIDs, so a re-import updates the events
    const later = makeWorkspace({ invoices: [{ id: 'F2025-01', serviceMonth: '2025-01', receivedOn: '2025-02-06', paidOn: '2025-03-01' }] });
    const again = renderIcs(buildCalendar({ ...input, invoices: later.invoices }), { name: 'x', uidTag: 'abc123', stamp: '20250630T120000Z' });
    const uids2 = new ICAL.Component(ICAL.parse(again)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).uid);
    expect(uids2).toEqual(uids);
    expect(uids).toContain('payment-due/F2025-01@abc123.medcoop');
  });
  it('uses CRLF and folds every line to 75 octets without cutting a character', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const long = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(long);
    expect(folded.split('\r\n ').join('')).toBe(long);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  });
});
