/** `medcoop calendar`: the convention's dated obligations (SPEC §7), as text, JSON or an iCalendar file. */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { buildCalendar, type Meeting } from '../core/calendar.js';
import type { IsoDate } from '../core/dates.js';
import { readRegularFile } from '../read/files.js';
import { readIssued } from '../read/issued.js';
import { renderIcs } from '../render/ics.js';
import { printDiagnostics, type Io } from './context.js';
import { CliError, EXIT, usage } from './errors.js';
import { day, eventText, t } from './i18n.js';
import { loadOrFail } from './load.js';
import { dateOption } from './options.js';

export interface CalendarOptions {
  dir?: string;
  from?: string;
  to?: string;
  meeting?: string[];
  evaluation?: string;
  json?: boolean;
  ics?: string;
}

function meetingOption(value: string): Meeting {
  const i = value.lastIndexOf(':');
  const kind = i < 0 ? '' : value.slice(i + 1);
  if (i < 0 || (kind !== 'commission' && kind !== 'other')) {
    throw usage(t('calendar.meeting', { value: JSON.stringify(value) }));
  }
  return { date: dateOption('--meeting', value.slice(0, i)), kind };
}

/** Refuses to replace a file that medcoop did not write as a calendar: the user's file is never overwritten. */
function writeIcs(path: string, text: string): void {
  if (existsSync(path)) {
    let ours = false;
    try {
      ours = readRegularFile(path).toString('utf8').startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//medcoop//calendar//EN\r\n');
    } catch {
      ours = false;
    }
    if (!ours) throw new CliError(EXIT.invalid, t('calendar.notOurs', { path }));
  }
  const tmp = join(dirname(path), `.${basename(path)}.medcoop-${process.pid}`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function runCalendar(opts: CalendarOptions, io: Io): number {
  const from0 = opts.from !== undefined ? dateOption('--from', opts.from) : null;
  const to0 = opts.to !== undefined ? dateOption('--to', opts.to) : null;
  const meetings = (opts.meeting ?? []).map(meetingOption);
  const evaluation = opts.evaluation !== undefined ? dateOption('--evaluation', opts.evaluation) : null;
  if (opts.ics !== undefined && opts.ics.trim() === '') throw usage(t('calendar.icsName'));
  const { dir, workspace, warnings } = loadOrFail(opts.dir, opts.ics !== undefined);
  const { config } = workspace;
  const from: IsoDate = from0 ?? config.contract.start;
  const to: IsoDate = to0 ?? config.contract.end;
  if (to < from) throw usage(t('calendar.toBeforeFrom', { to, from }));
  const { issued, diagnostics } = readIssued(join(dir, 'out'), 'out', config.paymentDays);
  const events = buildCalendar({ config, invoices: workspace.invoices, issued, meetings, evaluation, from, to });
  if (opts.ics !== undefined) {
    const uidTag = createHash('sha256').update(`${config.name}\n${config.contract.start}\n${config.contract.end}`).digest('hex').slice(0, 12);
    // DTSTAMP: when the file is written, in UTC (RFC 5545 §3.8.7.2), whatever the time zone.
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    writeIcs(resolve(opts.ics), renderIcs(events, { name: config.name, uidTag, stamp }));
  }
  if (opts.json) {
    io.out(`${JSON.stringify({ events: events.map((e) => ({ date: e.date, kind: e.kind, article: e.article, text: e.text })) }, null, 2)}\n`);
  } else {
    io.out(`${t('calendar.head', { name: config.name, count: events.length, from: day(from), to: day(to) })}\n`);
    const w = Math.max(0, ...events.map((e) => e.kind.length));
    for (const e of events) io.out(`${day(e.date)}  ${e.kind.padEnd(w)}  art. ${e.article.padEnd(9)}  ${eventText(e)}\n`);
    if (opts.ics !== undefined) io.out(`${t('calendar.written', { file: opts.ics, count: events.length })}\n`);
  }
  printDiagnostics(io, [...warnings, ...diagnostics]);
  return EXIT.ok;
}
