/**
 * The terminal's language (issue 15): the two catalogues hold the same keys,
 * every `{{value}}` of a text is in its translation, the locale picks the
 * language as gettext does, and amounts and dates are written as each
 * language writes them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseLanguage, day, decimal, diagnosticMessage, errorText, localeLanguage, money, price, say, t, useLanguage, writeReason } from '../src/cli/i18n.js';
import { formatDifference, type Difference } from '../src/render/diff.js';
import { refusal } from '../src/cli/write.js';
import { error, formatDiagnostic, formatDiagnosticAs } from '../src/core/diagnostic.js';
import { buildCalendar } from '../src/core/calendar.js';
import { checkWorkspace } from '../src/core/check.js';
import { reviseYears } from '../src/core/revision.js';
import { loadWorkspace } from '../src/read/workspace.js';
import { FIXTURE } from './e2e-helpers.js';
import { en } from '../src/i18n/en.js';
import { fr } from '../src/i18n/fr.js';
import { indexRows, makeConfig, makeWorkspace } from './helpers/workspace.js';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+(?:, \w+)?)\}\}/g)].map((m) => m[1]).sort();

describe('the catalogues', () => {
  it('French and English have exactly the same keys (a key in one and not the other fails here)', () => {
    const missingInFr = Object.keys(en).filter((k) => !(k in fr));
    const missingInEn = Object.keys(fr).filter((k) => !(k in en));
    expect(missingInFr).toEqual([]);
    expect(missingInEn).toEqual([]);
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('every text is a non-empty string, with the same {{values}} in both languages', () => {
    for (const [k, text] of Object.entries(en)) {
      const other = (fr as Record<string, string>)[k]!;
      expect(text.trim(), k).not.toBe('');
      expect(other.trim(), k).not.toBe('');
      expect(placeholders(other), k).toEqual(placeholders(text));
    }
  });

  it('plural keys come in pairs: every _one has its _other', () => {
    for (const k of Object.keys(en)) {
      if (k.endsWith('_one')) expect(Object.keys(en), k).toContain(`${k.slice(0, -4)}_other`);
      if (k.endsWith('_other')) expect(Object.keys(en), k).toContain(`${k.slice(0, -6)}_one`);
    }
  });
});

describe('the language of the locale', () => {
  it('LC_ALL, then LC_MESSAGES, then LANG: the first set and non-empty decides; fr* is French', () => {
    expect(localeLanguage({})).toBe('en');
    expect(localeLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(localeLanguage({ LANG: 'fr' })).toBe('fr');
    expect(localeLanguage({ LANG: 'fr_BE@euro' })).toBe('fr');
    expect(localeLanguage({ LANG: 'C' })).toBe('en');
    expect(localeLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(localeLanguage({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(localeLanguage({ LANG: 'fy_NL' })).toBe('en'); // Frisian is not French
    expect(localeLanguage({ LANG: 'fr_FR.UTF-8', LC_MESSAGES: 'C' })).toBe('en');
    expect(localeLanguage({ LANG: 'C', LC_MESSAGES: 'fr_CA.UTF-8' })).toBe('fr');
    expect(localeLanguage({ LANG: 'C', LC_MESSAGES: 'fr_FR', LC_ALL: 'en_US' })).toBe('en');
    expect(localeLanguage({ LANG: 'fr_FR', LC_ALL: '' })).toBe('fr'); // empty is unset
  });

  it('--lang fr|en overrides the locale; any other value is reported, the locale kept for the message', () => {
    expect(chooseLanguage(['bill', '--lang', 'en'], { LANG: 'fr_FR.UTF-8' })).toEqual({ lang: 'en' });
    expect(chooseLanguage(['--lang=fr', 'check'], { LANG: 'C' })).toEqual({ lang: 'fr' });
    expect(chooseLanguage(['check'], { LC_ALL: 'fr_FR.UTF-8' })).toEqual({ lang: 'fr' });
    expect(chooseLanguage(['check', '--lang', 'FR'], { LANG: 'C' })).toEqual({ lang: 'en', bad: 'FR' });
    expect(chooseLanguage(['check', '--lang'], { LANG: 'fr_FR' })).toEqual({ lang: 'fr', bad: '' });
    // after `--`, a word is not an option
    expect(chooseLanguage(['init', '--', '--lang', 'xx'], { LANG: 'C' })).toEqual({ lang: 'en' });
  });
});

describe('amounts and dates on the terminal', () => {
  it('English: 34,785.94 and 2025-08-02; French: 34 785,94 (narrow no-break space) and 02/08/2025', () => {
    expect(money(3478594n, 'en')).toBe('34,785.94');
    expect(money(3478594n, 'fr')).toBe('34\u202F785,94');
    expect(money(-123456789n, 'en')).toBe('-1,234,567.89');
    expect(money(-123456789n, 'fr')).toBe('-1\u202F234\u202F567,89');
    expect(money(5n, 'fr')).toBe('0,05');
    expect(money(0n, 'en')).toBe('0.00');
    expect(day('2025-08-02', 'en')).toBe('2025-08-02');
    expect(day('2025-08-02', 'fr')).toBe('02/08/2025');
    expect(decimal('1.0297', 'fr')).toBe('1,0297');
    expect(decimal('1.0297', 'en')).toBe('1.0297');
  });

  it('a price as written keeps its decimals and groups its thousands like money: revise prints 21,437.50 / 21 437,50', () => {
    expect(price('21437.50', 'en')).toBe('21,437.50');
    expect(price('21437.50', 'fr')).toBe('21\u202F437,50');
    expect(price('38.505', 'fr')).toBe('38,505');
    expect(price('1234567', 'en')).toBe('1,234,567');
    expect(price('-1000.5', 'fr')).toBe('-1\u202F000,5');
    expect(price('412.00', 'en')).toBe('412.00');
    // two decimals: the same text as money on the same cents
    expect(price('22717.41', 'fr')).toBe(money(2271741n, 'fr'));
  });

  it('property: both forms read back to the same cents, digits grouped by three', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (c) => {
        const e = money(c, 'en');
        const f = money(c, 'fr');
        expect(e).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(f).toMatch(/^-?\d{1,3}(\u202F\d{3})*,\d{2}$/);
        expect(BigInt(e.replace(/[,.]/g, ''))).toBe(c);
        expect(BigInt(f.replace(/[\u202F,]/g, ''))).toBe(c);
        expect(f.length).toBe(e.length);
      }),
    );
  });
});

describe('messages', () => {
  beforeAll(() => useLanguage('fr'));

  it('French plurals: 0 and 1 take the singular, 2 the plural', async () => {
    await useLanguage('fr');
    expect(t('bill.paid', { count: 0 })).toBe('0 facture payée dans le semestre');
    expect(t('bill.paid', { count: 1 })).toBe('1 facture payée dans le semestre');
    expect(t('bill.paid', { count: 3 })).toBe('3 factures payées dans le semestre');
    await useLanguage('en');
    expect(t('bill.paid', { count: 0 })).toBe('0 invoices paid in the semester');
    expect(t('bill.paid', { count: 1 })).toBe('1 invoice paid in the semester');
  });

  it('a diagnostic: its place, severity and code unchanged, its message translated with French dates; without values, the English message', async () => {
    const d = error('bad-date', 'received_on: expected a date as YYYY-MM-DD or DD/MM/YYYY, got "2024-02-30"', { file: 'invoices/2025.csv', line: 6, column: 9 }, {
      values: { column: 'received_on', expected: 'a date as YYYY-MM-DD or DD/MM/YYYY', got: '"2024-02-30"' },
    });
    await useLanguage('fr');
    expect(formatDiagnosticAs(d, diagnosticMessage(d))).toBe('invoices/2025.csv:6:9: bad-date: received_on : attendu une date AAAA-MM-JJ ou JJ/MM/AAAA, reçu "2024-02-30"');
    const plain = error('some-code', 'said in English only', { file: 'x.csv', line: 2 });
    expect(formatDiagnosticAs(plain, diagnosticMessage(plain))).toBe('x.csv:2: some-code: said in English only');
    await useLanguage('en');
    expect(formatDiagnosticAs(d, diagnosticMessage(d))).toBe(formatDiagnostic(d));
  });
});

describe('dates, months and lists of dates by the kind the catalogue declares', () => {
  const kinds = (text: string) => [...text.matchAll(/\{\{\w+, (\w+)\}\}/g)].map((m) => m[1]);

  it('every declared kind is day, month, days or amount (an amount in a sentence, grouped in French)', () => {
    for (const [k, text] of Object.entries(fr)) for (const kind of kinds(text)) expect(['day', 'month', 'days', 'amount'], k).toContain(kind);
  });

  it('French: JJ/MM/AAAA, MM/AAAA and each date of a list; English keeps ISO; identifiers (semester, folder, invoice number) never change', async () => {
    // keys[2].from 2025-03-01 is not an anniversary of a contract started 2022-11-01
    const anniversary = error('key-date', "keys[2].from: 2025-03-01 is not the contract's start or one of its anniversaries (2022-11-01, 2023-11-01, 2024-11-01): a key changes only at a renewal date", {}, {
      values: { index: 2, from: '2025-03-01', dates: '2022-11-01, 2023-11-01, 2024-11-01' },
      variant: 'anniversary',
    });
    const months = error('missing-month', 'no invoice for the 2 service months 2025-03 to 2025-04; if this workspace starts later, set "invoices_from": "2025-05" in medcoop.json', {}, {
      values: { months: 2, from: '2025-03', to: '2025-04', next: '2025-05' },
      variant: 'runHint',
    });
    // an invoice numbered like a month keeps its number; its service month is written the French way
    const pending = error('pending', 'invoice 2025-03 for 2025-03, received on 2025-04-02, is unpaid', {}, { values: { invoice: '2025-03', month: '2025-03', received: '2025-04-02' }, variant: 'unpaidNow' });
    await useLanguage('fr');
    expect(diagnosticMessage(anniversary)).toBe("keys[2].from : le 01/03/2025 n'est ni le début du marché ni l'une de ses dates anniversaires (01/11/2022, 01/11/2023, 01/11/2024) : une clé ne change qu'à une date de reconduction");
    // the month to type in medcoop.json stays as JSON wants it
    expect(diagnosticMessage(months)).toBe('aucune facture pour les 2 mois de service de 03/2025 à 04/2025 ; si ce dossier de travail commence plus tard, indiquez "invoices_from": "2025-05" dans medcoop.json');
    expect(diagnosticMessage(pending)).toBe('facture 2025-03 de 03/2025, reçue le 02/04/2025, non payée');
    expect(t('import.range', { from: '2024-01', to: '2025-06' })).toBe(', de 01/2024 à 06/2025');
    await useLanguage('en');
    for (const d of [anniversary, months, pending]) expect(diagnosticMessage(d)).toBe(d.message);
    expect(t('import.range', { from: '2024-01', to: '2025-06' })).toBe(', 2024-01 to 2025-06');
  });
});

describe("verify's differences", () => {
  const all: Difference[] = [
    { file: 'recap.csv', expected: 'the file', found: 'no such file' },
    { file: 'x.txt', expected: 'no such file', found: 'a file the run did not write' },
    { file: 'recap.csv', row: 3, expected: '(no line)', found: 'a,b' },
    { file: 'recap.csv', row: 2, field: 'field 4', expected: '(none)', found: '12.00' },
    { file: 'manifest.json', field: 'notices[0].net', expected: '"1.00"', found: '(absent)' },
    { file: 'manifest.json', expected: 'valid JSON', found: 'a file that is not valid JSON' },
    { file: 'recap.csv', expected: '1 bytes', found: '2 bytes (same text, other bytes: BOM or line endings)' },
    { file: 'manifest.json', expected: '10 bytes', found: '12 bytes (same content, other formatting)' },
  ];

  it('English: the same text as without the catalogue, byte for byte; French: the words translated, the values as they are', async () => {
    await useLanguage('en');
    for (const d of all) expect(formatDifference(d, say)).toBe(formatDifference(d));
    await useLanguage('fr');
    expect(all.map((d) => formatDifference(d, say))).toEqual([
      'recap.csv : attendu le fichier, trouvé aucun fichier',
      "x.txt : attendu aucun fichier, trouvé un fichier que l'exécution n'a pas écrit",
      'recap.csv:3 : attendu (pas de ligne), trouvé a,b',
      'recap.csv:2 champ 4 : attendu (aucun), trouvé 12.00',
      'manifest.json notices[0].net : attendu "1.00", trouvé (absent)',
      "manifest.json : attendu du JSON valide, trouvé un fichier qui n'est pas du JSON valide",
      'recap.csv : attendu 1 octet, trouvé 2 octets (même texte, autres octets : BOM ou fins de ligne)',
      'manifest.json : attendu 10 octets, trouvé 12 octets (même contenu, autre mise en forme)',
    ]);
  });
});

describe("why an output folder is not written", () => {
  const reasons = ['notes is a folder', 'fifo is not a regular file', 'README.md is not a file medcoop writes', 'it holds no manifest.json', 'old.csv would be removed', 'notice-x.csv would be added', 'recap.csv would change'];
  // The refusals src/cli/write.ts makes for those reasons: their English text and their words.
  const refusals = [refusal('folder', 'notes'), refusal('notRegular', 'fifo'), refusal('notOurs', 'README.md'), refusal('noManifest'), refusal('removed', 'old.csv'), refusal('added', 'notice-x.csv'), refusal('changed', 'recap.csv')];
  const enotdir = "ENOTDIR: not a folder (a file, or a link to something missing), mkdir '/tmp/out'";

  it('English: the very reason src/cli/write.ts gives; French: translated, the file names as they are; a system reason translated, its code and call as they are', async () => {
    await useLanguage('en');
    expect(refusals.map((r) => r.reason)).toEqual(reasons);
    for (const [i, r] of reasons.entries()) expect(writeReason(refusals[i]!)).toBe(r);
    expect(errorText(enotdir)).toBe(enotdir);
    await useLanguage('fr');
    expect(refusals.map(writeReason)).toEqual([
      'notes est un dossier',
      "fifo n'est pas un fichier ordinaire",
      "README.md n'est pas un fichier écrit par medcoop",
      'il ne contient pas de manifest.json',
      'old.csv serait supprimé',
      'notice-x.csv serait ajouté',
      'recap.csv changerait',
    ]);
    expect(errorText(enotdir)).toBe("ENOTDIR : ce n'est pas un dossier (un fichier, ou un lien vers un élément absent), mkdir '/tmp/out'");
    // the system's usual reasons in French too, its code and call as they are (they read "ENOENT: no such file or directory" in French)
    expect(errorText("EACCES: permission denied, mkdir '/x'")).toBe("EACCES : permission refusée, mkdir '/x'");
    expect(errorText("ENOENT: no such file or directory, mkdir '/proc/.x.init-1'")).toBe("ENOENT : fichier ou dossier introuvable, mkdir '/proc/.x.init-1'");
    // any other message, or the same code with other words, as it is
    expect(errorText("EBUSY: resource busy or locked, rename '/a' -> '/b'")).toBe("EBUSY: resource busy or locked, rename '/a' -> '/b'");
    expect(errorText('EACCES: something else, open')).toBe('EACCES: something else, open');
    await useLanguage('en');
    for (const m of ["EACCES: permission denied, mkdir '/x'", "ENOENT: no such file or directory, open 'a, b'", "ENOSPC: no space left on device, write", "EROFS: read-only file system, mkdir '/r'", "EPERM: operation not permitted, rename '/a' -> '/b'"]) expect(errorText(m)).toBe(m);
  });
});

describe('the English catalogue says what the core says', () => {
  /** `{{name}}` replaced by its value, as i18next does (no escaping). */
  const fill = (text: string, values: Readonly<Record<string, string | number>>) => text.replace(/\{\{(\w+)(?:, \w+)?\}\}/g, (_m, k: string) => String(values[k]));

  it("every calendar event's event.<key>, filled with its values, is its English text (the one --json and the ICS carry)", () => {
    const ws = makeWorkspace({
      invoices: [
        { id: 'A', serviceMonth: '2025-01', receivedOn: '2025-02-05', paidOn: '2025-02-20' },
        { id: 'B', serviceMonth: '2025-02', receivedOn: '2025-03-05', paidOn: null },
      ],
    });
    const events = buildCalendar({
      config: makeConfig(),
      invoices: ws.invoices,
      issued: [
        { semester: '2025-S1', issue: 1, issuedOn: '2025-07-03', dueOn: '2025-08-02', notices: null },
        { semester: '2025-S1', issue: 2, issuedOn: '2025-09-03', dueOn: '2025-10-03', notices: [{ member: 'mons', number: '2025-S1-2-mons', net: '12.34' }, { member: 'vilogia', number: '2025-S1-2-vilogia', net: null }] },
      ],
      meetings: [{ date: '2025-09-15', kind: 'commission' }, { date: '2025-10-15', kind: 'other' }],
      evaluation: '2025-10-20',
      from: '2023-01-01',
      to: '2026-12-31',
    });
    const keys = new Set<string>();
    for (const e of events) {
      expect(e.words, e.uid).toBeDefined();
      const key = `event.${e.words!.key}` as keyof typeof en;
      keys.add(key);
      expect(fill(en[key], e.words!.values), e.uid).toBe(e.text);
    }
    // every event text of the catalogue was met
    expect([...keys].sort()).toEqual(Object.keys(en).filter((k) => k.startsWith('event.')).sort());
  });

  it("a diagnostic's diag.<code>[.<variant>], filled with its values, is its English message (the fixture's warnings)", () => {
    const r = loadWorkspace(FIXTURE);
    const found = [...r.diagnostics, ...checkWorkspace(r.workspace!)].filter((d) => d.values !== undefined);
    expect(found.map((d) => d.code)).toEqual(expect.arrayContaining(['late-payment', 'late-invoice', 'pending']));
    for (const d of found) {
      const base = `diag.${d.code}${d.variant ? `.${d.variant}` : ''}`;
      const key = (base in en ? base : `${base}_${d.values!.count === 1 ? 'one' : 'other'}`) as keyof typeof en;
      expect(fill(en[key], d.values!), base).toBe(d.message);
    }
  });

  it('no-index-value in its every form: diag.no-index-value.<I|I0|I0known>.<how>, filled, is the English message', () => {
    const config = makeConfig();
    const known = { ...config, revision: { ...config.revision, base: { month: '2022-10', rule: 'known-at' as const } } };
    const cases = [
      reviseYears(config, [], new Set([2])).diagnostics, // nothing at all: I and I0, none / noneOf
      reviseYears(config, indexRows([['2022-10', '120', '2030-01-01'], ['2023-09', '132', '2030-01-01']]), new Set([2])).diagnostics, // earliest / earliestOf
      reviseYears(known, indexRows([['2023-09', '132', '2030-01-01']]), new Set([2])).diagnostics, // I0known
      reviseYears(known, [], new Set([2])).diagnostics,
    ].flat();
    const variants = new Set(cases.map((d) => d.variant));
    expect([...variants].sort()).toEqual(['I.earliest', 'I.none', 'I0.earliestOf', 'I0.noneOf', 'I0known.earliest', 'I0known.none']);
    for (const d of cases) {
      expect(d.code).toBe('no-index-value');
      const key = `diag.no-index-value.${d.variant}` as keyof typeof en;
      expect(fill(en[key], d.values!), key).toBe(d.message);
    }
  });
});
