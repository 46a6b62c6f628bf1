/**
 * The language of the terminal (issue 15): which one, and the words, amounts
 * and dates in it. Only what a person reads on the terminal goes through
 * here; --json, every file written, diagnostic codes, the
 * `file:line:column:` prefix and exit codes never do, so they are the same
 * bytes in every language.
 *
 * The catalogues are src/i18n/en.ts and src/i18n/fr.ts (one per language,
 * the same keys: a missing key is a compile error, and
 * test/i18n-catalogue.test.ts compares them). i18next looks the keys up,
 * fills in `{{values}}` and picks the plural form (`_one`, `_other`, by
 * Intl.PluralRules: French says "0 facture", English "0 invoices"). Only
 * the catalogue of the language in use is loaded.
 */
import { createInstance, type i18n } from 'i18next';
import type { Diagnostic } from '../core/diagnostic.js';
import { toFrenchDate } from '../core/dates.js';
import { groupedCents, groupThousands } from '../core/exact.js';
import type { Refusal } from './write.js';
import type { Catalogue, Key, Params, Say } from '../i18n/en.js';
import { usage } from './errors.js';

export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];

export type { Key, Params, Say };

/**
 * The locale's language, as gettext looks for it: LC_ALL, then LC_MESSAGES,
 * then LANG, the first one set and not empty; `fr` (fr_FR.UTF-8, fr_BE, fr)
 * is French, anything else (C, POSIX, en_GB, unset) English.
 */
export function localeLanguage(env: NodeJS.ProcessEnv): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[name];
    if (v !== undefined && v !== '') return /^fr(?:$|[_.@-])/i.test(v) ? 'fr' : 'en';
  }
  return 'en';
}

/**
 * `--lang fr|en` (or `--lang=fr`) anywhere in the arguments, before `--`;
 * undefined when absent. Read before commander runs, since the help texts
 * commander prints are already in the language. A value other than fr or en
 * is wrong usage (exit 2), said in the locale's language.
 */
export function langArgument(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') found = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) found = a.slice('--lang='.length);
  }
  return found;
}

export function chooseLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): { lang: Lang; bad?: string } {
  const asked = langArgument(argv);
  const fromLocale = localeLanguage(env);
  if (asked === undefined) return { lang: fromLocale };
  if (asked === 'fr' || asked === 'en') return { lang: asked };
  return { lang: fromLocale, bad: asked };
}

let current: { lang: Lang; i18n: i18n } | null = null;

/** Loads the catalogue of `lang` (and only it) and makes it the one t() uses. */
export async function useLanguage(lang: Lang): Promise<void> {
  if (current?.lang === lang) return;
  const catalogue: Catalogue = lang === 'fr' ? (await import('../i18n/fr.js')).fr : (await import('../i18n/en.js')).en;
  const instance = createInstance();
  // Synchronous: the resources are given, nothing is fetched.
  void instance.init({
    lng: lang,
    resources: { [lang]: { translation: catalogue } },
    initAsync: false,
    // Terminal text, not HTML; `{{name}}` is copied as it is.
    interpolation: { escapeValue: false },
    returnNull: false,
    keySeparator: false,
    nsSeparator: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  // A value's kind is declared where the catalogue uses it: `{{due, day}}`,
  // `{{from, month}}`, `{{dates, days}}` (a comma-separated list). A value
  // without a kind is copied as it is: a semester id (2025-S1), an issue
  // folder, an invoice number or a value quoted from a file never changes.
  for (const [name, format] of Object.entries(KINDS)) instance.services.formatter?.add(name, (v: unknown) => format(String(v), lang));
  current = { lang, i18n: instance };
}

export function language(): Lang {
  return current?.lang ?? 'en';
}

function instance(): i18n {
  if (current === null) throw new Error('i18n: useLanguage() was not called before t()');
  return current.i18n;
}

/** The text of `key` in the language in use, `{{name}}` replaced by params.name. */
export function t(key: Key, params: Params = {}): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) values[k] = typeof v === 'bigint' ? v.toString() : v;
  return instance().t(key, values) as string;
}

/** Whether the catalogue in use has `key` (for a diagnostic's message, which may have none yet). */
export function has(key: string): boolean {
  return current !== null && current.i18n.exists(key);
}

/**
 * An amount for the terminal: `34,785.94` in English; `34 785,94` in French,
 * thousands grouped by a narrow no-break space (U+202F), as French
 * typography writes it and as the HTML notices already do: it never breaks
 * an amount across lines and, like any character, takes one column.
 */
export function money(cents: bigint, lang: Lang = language()): string {
  return lang === 'fr' ? groupedCents(cents, '\u202F', ',') : groupedCents(cents, ',', '.');
}

/** A calendar date for the terminal: `02/08/2025` in French, `2025-08-02` in English. */
export function day(iso: string, lang: Lang = language()): string {
  return lang === 'fr' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? toFrenchDate(iso) : iso;
}

/** A month for the terminal: `08/2025` in French, `2025-08` in English. */
export function month(iso: string, lang: Lang = language()): string {
  const m = /^(\d{4})-(\d{2})$/.exec(iso);
  return lang === 'fr' && m ? `${m[2]}/${m[1]}` : iso;
}

/** Each date of a list (`2025-01-01, 2026-01-01`) as the language writes it; the rest of the list as it is. */
function days(list: string, lang: Lang): string {
  return lang === 'fr' ? list.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => day(d, lang)) : list;
}

/**
 * An amount inside a sentence of a core value (a diagnostic, a calendar event):
 * in French its thousands grouped as `money` groups them (`6 650,27`, from
 * `6650.27` or the `6650,27` inWords made of it); in English as it is, as the
 * core's English text has always written it.
 */
function amount(text: string, lang: Lang): string {
  return lang === 'fr' ? price(text.replace(',', '.'), lang) : text;
}

/** The kinds of value a catalogue text may declare (`{{name, kind}}`), each written as the language writes it. */
const KINDS: Record<string, (text: string, lang: Lang) => string> = { day, month, days, amount };

/**
 * A diagnostic's message in the language in use: the catalogue's
 * `diag.<code>` text filled with the diagnostic's values when it has them,
 * the reader's or rule's English message otherwise.
 */
export function diagnosticMessage(d: Diagnostic): string {
  if (d.values === undefined) return d.message;
  return inWords(`diag.${d.code}${d.variant ? `.${d.variant}` : ''}`, d.values, d.message);
}

/** A reader's error that is not a diagnostic (verify's manifest) in the language in use: the catalogue's `key` filled with `values`, or `english`. */
export function readerText(key: Key, values: Readonly<Record<string, string | number>>, english: string): string {
  return inWords(key, values, english);
}

/** A file of an audit pack that is missing, changed or added (src/read/issues.ts loadSnapshot), in the language in use. */
export function snapshotProblem(p: { text: string; words: { key: string; values: Readonly<Record<string, string>> } }): string {
  return inWords(`snapshot.${p.words.key}`, p.words.values, p.text);
}

/** A calendar event's text in the language in use (`event.<key>`), its English text otherwise. */
export function eventText(e: { text: string; words?: { key: string; values: Readonly<Record<string, string | number>> } }): string {
  return e.words === undefined ? e.text : inWords(`event.${e.words.key}`, e.words.values, e.text);
}

/**
 * The catalogue's `key` filled with a core value's parts, decimal numbers
 * (amounts, quantities, rates) written as the language writes them, dates
 * and months by the kind the catalogue declares (`{{due, day}}`);
 * in English, or without such a key, the English text the core made.
 */
function inWords(key: string, given: Readonly<Record<string, string | number>>, english: string): string {
  if (language() === 'en' || (!has(key) && !has(`${key}_other`))) return english;
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(given)) {
    const text = String(v);
    values[k] = k === 'expected' ? expected(text) : k === 'found' ? found(text) : k === 'why' ? why(text) : k === 'files' ? notInvoices(text) : /^-?\d+\.\d+$/.test(text) ? decimal(text) : v;
  }
  return current!.i18n.t(key, values) as string;
}

/** --lang's value when it is neither fr nor en: wrong usage. */
export function badLang(value: string): never {
  throw usage(t('usage.lang', { value: JSON.stringify(value) }));
}

/** What src/read/fields.ts expects of a field (its English phrase), in the language in use. */
const EXPECTED: Record<string, Key> = {
  'a date as YYYY-MM-DD or DD/MM/YYYY': 'expected.date',
  'a month as YYYY-MM or MM/YYYY': 'expected.month',
  'a decimal number such as 1234.56, 1234,56 or 1 234,56': 'expected.decimal',
  'a whole number such as 12 or -3': 'expected.integer',
  'a whole number of at most 15 digits': 'expected.integer15',
  // src/read/json.ts
  'a JSON value': 'expected.jsonValue',
  'a property name in double quotes or "}"': 'expected.propertyNameOrEnd',
  'a property name in double quotes': 'expected.propertyName',
  '":" after a property name': 'expected.colon',
  'a property value': 'expected.propertyValue',
  '"," or "}" after a property value': 'expected.commaOrBrace',
  'an array item': 'expected.arrayItem',
  '"," or "]" after an array item': 'expected.commaOrBracket',
};

/** Why a file cannot be read (src/read/files.ts whyUnreadable), in the language in use; the system's own message as it is. */
const WHY: Record<string, Key> = {
  'not found': 'why.notFound',
  'permission denied': 'why.permission',
  'is a folder, not a file': 'why.folder',
  'is a named pipe (FIFO), not a file': 'why.fifo',
  'is a character device, not a file': 'why.device',
  'is a block device, not a file': 'why.device',
  'is a socket, not a file': 'why.socket',
  'is not a regular file, not a file': 'why.notRegular',
};

/** src/read/workspace.ts's list of files that are not invoices, each with its kind (`~$a.csv (an Excel lock file)`), in the language in use. */
function notInvoices(list: string): string {
  return list
    .replaceAll('(an Excel lock file)', `(${t('skipped.excelLock')})`)
    .replaceAll('(a LibreOffice lock file)', `(${t('skipped.libreOfficeLock')})`)
    .replaceAll('(a hidden file)', `(${t('skipped.hidden')})`);
}

export function why(phrase: string): string {
  const key = WHY[phrase];
  return key === undefined ? phrase : t(key);
}

/** Why src/cli/write.ts will not write an output folder, in the language in use; a file's name as it is. */
export function writeReason(r: Pick<Refusal, 'words'>): string {
  return t(`write.reason.${r.words.key}`, { name: r.words.name });
}

/**
 * An error's message for the terminal: src/cli/write.ts's own ENOTDIR
 * message (a file, or a dangling link, where a folder is needed) in the
 * language in use, and the system's usual reasons a write fails (ENOENT,
 * EACCES, EPERM, EROFS, ENOSPC); any other message as it is.
 */
export function errorText(message: string): string {
  const m = /^ENOTDIR: not a folder \(a file, or a link to something missing\), (.*)$/s.exec(message);
  if (m) return t('write.notAFolder', { call: m[1]! });
  // the system's words for a failed write (Node's `CODE: words, call`); English gives back the same bytes
  const s = /^(ENOENT|EACCES|EPERM|EROFS|ENOSPC): ([^,]+), (.*)$/s.exec(message);
  return s && SYSTEM_WORDS[s[1]!] === s[2] ? t(`system.${s[1]!}` as Key, { call: s[3]! }) : message;
}

/** Node's words for each system error errorText says in the terminal's language. */
const SYSTEM_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** What src/read/json.ts found instead (`end of file`, `character "x"`), in the language in use. */
function found(phrase: string): string {
  if (phrase === 'end of file') return t('expected.endOfFile');
  const c = /^character (.+)$/.exec(phrase);
  return c ? t('expected.character', { char: c[1]! }) : phrase;
}

export function expected(phrase: string): string {
  const key = EXPECTED[phrase];
  if (key !== undefined) return t(key);
  const range = / with a month from 01 to 12$/.exec(phrase);
  if (range) return t('expected.monthRange', { base: expected(phrase.slice(0, range.index)) });
  const exists = / that exists \((\d{4}-\d{2}) has (\d+) days\)$/.exec(phrase);
  if (exists) return t('expected.exists', { base: expected(phrase.slice(0, exists.index)), month: exists[1]!, days: exists[2]! });
  return phrase;
}

/** A decimal number (an index value, a coefficient): `1.0297` in English, `1,0297` in French. */
export function decimal(text: string, lang: Lang = language()): string {
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/**
 * A price as written (any number of decimals), its thousands grouped as
 * `money` groups them: `21,437.50` and `38.505` in English, `21 437,50` and
 * `38,505` in French.
 */
export function price(text: string, lang: Lang = language()): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return decimal(text, lang);
  return `${m[1]}${groupThousands(m[2]!, lang === 'fr' ? '\u202F' : ',')}${decimal(m[3] ?? '', lang)}`;
}

/** The language in use, for the terminal renderers of src/render. */
export const say: Say = { t, money: (c) => money(c), day: (d) => day(d), decimal: (x) => decimal(x) };
