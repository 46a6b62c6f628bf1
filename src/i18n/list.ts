import type { Say } from './en.js';

/** Several items as the language lists them: `1, 2, 3` in English, `1, 2 et 3` in French (the catalogue's `list.and`). */
export function andList(t: Say['t'], items: readonly string[]): string {
  return items.length < 2 ? items.join('') : t('list.and', { first: items.slice(0, -1).join(', '), last: items[items.length - 1]! });
}
