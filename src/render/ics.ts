/**
 * The calendar as an iCalendar file (RFC 5545): one all-day VEVENT per event
 * (DTSTART;VALUE=DATE, DTEND the next day), CRLF line endings, lines folded
 * at 75 octets without cutting a UTF-8 character, text escaped (§3.3.11).
 * UIDs are the events' stable ids joined to a workspace tag, so that
 * importing the file again updates the events rather than doubling them.
 * DTSTAMP is given by the caller (the command: now, in UTC), never read here.
 */
import type { CalendarEvent } from '../core/calendar.js';
import { addDays, type IsoDate } from '../core/dates.js';

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: lines of at most 75 octets; a continuation line starts with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // a continuation line's leading space counts
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

function basic(date: IsoDate): string {
  return date.replace(/-/g, '');
}

export interface IcsOptions {
  /** Names the calendar (X-WR-CALNAME) and the events' origin. */
  name: string;
  /** Joined to each event's id in its UID: one per workspace (e.g. a hash of its name and contract). */
  uidTag: string;
  /** DTSTAMP of every event, when the file is written, in UTC: `YYYYMMDDTHHMMSSZ`. */
  stamp: string;
}

export function renderIcs(events: readonly CalendarEvent[], o: IcsOptions): string {
  if (!/^\d{8}T\d{6}Z$/.test(o.stamp)) throw new RangeError(`DTSTAMP must be YYYYMMDDTHHMMSSZ, got ${o.stamp}`);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//medcoop//calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(o.name)}`,
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid.replace(/[^A-Za-z0-9._/-]/g, '_')}@${o.uidTag}.medcoop`,
      `DTSTAMP:${o.stamp}`,
      `DTSTART;VALUE=DATE:${basic(e.date)}`,
      `DTEND;VALUE=DATE:${basic(addDays(e.date, 1))}`,
      `SUMMARY:${escapeText(`${e.kind}: ${e.text}`)}`,
      `DESCRIPTION:${escapeText(`${e.text} (convention, art. ${e.article})`)}`,
      `CATEGORIES:${escapeText(e.kind)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
