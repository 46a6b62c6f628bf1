import { addDays, addYears, firstDayOf, type IsoDate, type Month } from './dates.js';
import type { Config, KeyDef } from './model.js';

/** Contract year k runs from the (k−1)-th anniversary of the start to the day before the k-th (SPEC §2.1). */
export interface ContractYear {
  year: number;
  start: IsoDate;
  end: IsoDate;
}

export function contractYears(contract: Config['contract']): ContractYear[] {
  return yearsOf(contract).map((y) => ({ ...y }));
}

// The readers and the billing run ask for the contract year of every line:
// the years of a contract (by its dates) and the year of each month are
// computed once, then remembered (bounded caches of pure functions).
const yearsCache = new Map<string, readonly Readonly<ContractYear>[]>();
const monthCache = new Map<string, number | null>();

function yearsOf(contract: Config['contract']): readonly Readonly<ContractYear>[] {
  const k0 = `${contract.start} ${contract.end}`;
  let years = yearsCache.get(k0);
  if (years === undefined) {
    const list: ContractYear[] = [];
    for (let k = 1; ; k++) {
      const start = addYears(contract.start, k - 1);
      if (start > contract.end) break;
      const end = addDays(addYears(contract.start, k), -1);
      list.push({ year: k, start, end: end < contract.end ? end : contract.end });
    }
    if (yearsCache.size >= 64) yearsCache.clear();
    yearsCache.set(k0, (years = list));
  }
  return years;
}

/**
 * The contract year a service month belongs to: the one containing the
 * month's first day (or the contract's start, for a contract that starts
 * mid-month). Null when the month is outside the contract.
 */
export function contractYearOfMonth(contract: Config['contract'], month: Month): number | null {
  const k = `${contract.start} ${contract.end} ${month}`;
  let year = monthCache.get(k);
  if (year === undefined) {
    if (monthCache.size >= 4096) monthCache.clear();
    monthCache.set(k, (year = yearOfMonth(contract, month)));
  }
  return year;
}

function yearOfMonth(contract: Config['contract'], month: Month): number | null {
  let day = firstDayOf(month);
  if (day < contract.start) {
    if (month !== contract.start.slice(0, 7)) return null;
    day = contract.start;
  }
  if (day > contract.end) return null;
  return contractYearOfDate(contract, day);
}

/** The contract year containing `date`, or null outside the contract. */
export function contractYearOfDate(contract: Config['contract'], date: IsoDate): number | null {
  if (date < contract.start || date > contract.end) return null;
  for (const y of yearsOf(contract)) {
    if (date >= y.start && date <= y.end) return y.year;
  }
  return null;
}

/** The key in force on `date`: the last key whose `from` is on or before it; null before the first key. */
export function keyInForce(keys: readonly KeyDef[], date: IsoDate): KeyDef | null {
  let found: KeyDef | null = null;
  for (const k of keys) {
    if (k.from <= date && (found === null || k.from >= found.from)) found = k;
  }
  return found;
}
