import { type IsoDate, makeDate } from './dates.js';

/** `YYYY-S1` is 1 January–30 June, `YYYY-S2` 1 July–31 December (SPEC §2.7). */
export interface Semester {
  readonly year: number;
  readonly half: 1 | 2;
}

const SEMESTER_RE = /^(\d{4})-S([12])$/;

export function parseSemester(text: string): Semester | null {
  const m = SEMESTER_RE.exec(text);
  if (!m) return null;
  return { year: Number(m[1]), half: m[2] === '1' ? 1 : 2 };
}

export function semesterName(s: Semester): string {
  return `${String(s.year).padStart(4, '0')}-S${s.half}`;
}

export function semesterStart(s: Semester): IsoDate {
  return makeDate(s.year, s.half === 1 ? 1 : 7, 1);
}

export function semesterEnd(s: Semester): IsoDate {
  return s.half === 1 ? makeDate(s.year, 6, 30) : makeDate(s.year, 12, 31);
}

export function semesterOf(date: IsoDate): Semester {
  const month = Number(date.slice(5, 7));
  return { year: Number(date.slice(0, 4)), half: month <= 6 ? 1 : 2 };
}

/** Order of semesters: negative, zero or positive. */
export function compareSemesters(a: Semester, b: Semester): number {
  return a.year !== b.year ? a.year - b.year : a.half - b.half;
}

export function nextSemester(s: Semester): Semester {
  return s.half === 1 ? { year: s.year, half: 2 } : { year: s.year + 1, half: 1 };
}
