/**
 * The terminal's language (issue 15), through the real binary. What scripts
 * and auditors rely on is the same bytes in every language: exit codes, the
 * `file:line:column: [warning: ]code:` part of every diagnostic, every
 * --json document and every file written (CSV, HTML, manifest, ICS). What a
 * person reads follows LC_ALL, LC_MESSAGES, LANG, or --lang.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanupTemp, describeRun, E2E, FIXTURE, MANY_SPAWNS, readBytes, run, tempWorkspace, type RunOptions, type RunResult } from './e2e-helpers.js';

afterAll(cleanupTemp);
beforeAll(assertBuilt);

const PAYMENTS = [
  'payment_id,member,received_on,amount,notice,reference',
  'V1,vilogia,2025-07-20,20000.00,2025-S1-1-vilogia,virement 1',
  'M1,mons,2025-08-01,"60 000,00",,mandat 2025-118',
].join('\n');

/** The ways of asking for each language; each runs in its own copy of the workspace. */
const ENGLISH: Record<string, Omit<RunOptions, 'cwd'> & { args?: string[] }> = {
  'LANG=C': { lang: 'C' },
  'LANG=en_GB.UTF-8': { lang: 'en_GB.UTF-8' },
  'LANG=fr_FR.UTF-8 --lang en': { lang: 'fr_FR.UTF-8', args: ['--lang', 'en'] },
};
const FRENCH: Record<string, Omit<RunOptions, 'cwd'> & { args?: string[] }> = {
  'LANG=fr_FR.UTF-8': { lang: 'fr_FR.UTF-8' },
  'LC_ALL=fr_FR.UTF-8': { lang: 'C', env: { LC_ALL: 'fr_FR.UTF-8' } },
  'LC_MESSAGES=fr_BE.UTF-8': { lang: 'C', env: { LC_MESSAGES: 'fr_BE.UTF-8' } },
  'LANG=C --lang fr': { lang: 'C', args: ['--lang', 'fr'] },
};

/** One workspace's whole routine: bill (CSV, HTML, excel-fr), status, statement, remind, calendar with ICS, and every --json. */
function routine(how: Omit<RunOptions, 'cwd'> & { args?: string[] }): { runs: Record<string, RunResult>; files: Map<string, Buffer> } {
  const { ws } = tempWorkspace();
  const o = { ...how, cwd: ws };
  const extra = how.args ?? [];
  const runs: Record<string, RunResult> = {};
  const step = (name: string, args: string[]) => (runs[name] = run([...args, ...extra], o));
  step('bill', ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--html']);
  step('bill-fr', ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--dialect', 'excel-fr', '--out', 'out-fr']);
  step('bill-json', ['bill', '--semester', '2024-S2', '--issued-on', '2025-01-15', '--json']);
  step('bill-again', ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--json']);
  writeFileSync(join(ws, 'payments.csv'), `${PAYMENTS}\n`);
  step('status-json', ['status', '--on', '2025-09-15', '--json']);
  step('statement', ['statement', '--member', 'vilogia', '--on', '2025-09-15', '--html']);
  step('remind', ['remind', '--on', '2025-09-15']);
  step('calendar', ['calendar', '--from', '2026-01-01', '--to', '2026-12-31', '--meeting', '2026-09-15:commission', '--ics', 'medcoop.ics', '--json']);
  step('revise-json', ['revise', '--json']);
  step('split-json', ['split', '--amount', '15000', '--on', '2025-03-12', '--json']);
  step('forecast-json', ['forecast', '--year', '4', '--json']);
  step('interest-json', ['interest', '--json']);
  step('vote-json', ['vote', '--yes', 'mons,vilogia', '--no', 'partenord', '--abstain', 'logis-metropole', '--on', '2026-01-01', '--json']);
  step('check', ['check']);
  return { runs, files: readBytes(ws) };
}

/** What never moves: exit codes, --json stdout, and each diagnostic line's place, severity and code. */
function fixed(r: RunResult, json: boolean) {
  const diag = r.stderr
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => /^((?:[^:\s]+:(?:\d+:){0,2} )?(?:warning: )?[a-z0-9-]+:)/.exec(l)?.[1] ?? '(other)');
  return { code: r.code, stdout: json ? r.stdout : null, diag };
}

describe('the same bytes whatever the language', E2E, () => {
  it('files written, --json, exit codes and diagnostic places/codes are identical under every locale and --lang', { timeout: MANY_SPAWNS * 4 }, () => {
    const all = { ...ENGLISH, ...FRENCH };
    const results = Object.entries(all).map(([name, how]) => ({ name, ...routine(how) }));
    const [first, ...rest] = results;
    for (const [step, r] of Object.entries(first!.runs)) {
      if (step.startsWith('bill') || step.startsWith('status')) expect(r.code, `${first!.name} ${step}\n${describeRun(r)}`).toBe(0);
    }
    expect([...first!.files.keys()]).toEqual(expect.arrayContaining(['out/2025-S1/manifest.json', 'out/2025-S1/notice-vilogia.html', 'out-fr/2025-S1/recap.csv', 'medcoop.ics']));
    for (const other of rest) {
      expect([...other.files.keys()], other.name).toEqual([...first!.files.keys()]);
      for (const [path, bytes] of first!.files) {
        // An ICS file's DTSTAMP is the moment it is written (RFC 5545), the one thing that differs between two runs.
        const stable = (b: Buffer) => (path.endsWith('.ics') ? Buffer.from(b.toString('utf8').replace(/^DTSTAMP:\d{8}T\d{6}Z\r$/gm, 'DTSTAMP:-')) : b);
        expect(stable(other.files.get(path)!).equals(stable(bytes)), `${other.name}: ${path}`).toBe(true);
      }
      for (const [step, r] of Object.entries(first!.runs)) {
        expect(fixed(other.runs[step]!, step.endsWith('json')), `${other.name}: ${step}`).toEqual(fixed(r, step.endsWith('json')));
      }
    }
    // And the person's text does change: English in the first, French in the French ones.
    for (const r of results) {
      const french = r.name in FRENCH;
      expect(r.runs.bill!.stdout, r.name).toContain(french ? '6 factures payées dans le semestre' : '6 invoices paid in the semester');
      expect(r.runs.bill!.stderr, r.name).toContain(french ? 'late-invoice: facture F2025-03' : 'late-invoice: invoice F2025-03');
    }
  });
});

describe('French on the terminal', E2E, () => {
  it('bill: French words, 52 247,43 with a narrow no-break space, 02/08/2025; the warning keeps its place and code', () => {
    const { ws } = tempWorkspace();
    const r = run(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(r.code, describeRun(r)).toBe(0);
    const nb = '\u202F';
    expect(r.stdout).toContain('— 2025-S1, émission 1\n');
    expect(r.stdout).toContain('6 factures payées dans le semestre, 0 en attente, 1 subvention déduite\n');
    expect(r.stdout).toContain('émis le 03/07/2025, échéance le 02/08/2025 (30 jours)\n');
    // one apostrophe, the catalogue's straight one, everywhere on the terminal (it was « sortie d’erreur » here)
    expect(r.stdout).toContain("1 avertissement (ci-dessous, sur la sortie d'erreur)\n");
    // Vilogia: 46 743,33 TTC − 3 393,60 = 43 349,73, as in English (46,743.33 − 3,393.60 = 43,349.73)
    // (the amount columns are as wide as "subventions", 11 characters)
    expect(r.stdout).toContain(`  membre                      part TTC  subventions          net  échéance\n`);
    expect(r.stdout).toContain(`  Vilogia                    46${nb}743,33     3${nb}393,60    43${nb}349,73  02/08/2025\n`);
    expect(r.stdout).toContain(`  total                     165${nb}287,62    12${nb}000,00   153${nb}287,62\n`);
    expect(r.stdout).toContain('out/2025-S1/ : recap.csv, 4 avis, inputs/, manifest.json — écrit\n');
    expect(r.stderr).toBe('invoices/2025.csv:5: warning: late-invoice: facture F2025-03 de 03/2025 reçue le 22/04/2025, après la limite du 10/04/2025 (article 5.3)\n');
    for (const l of r.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it('a bad date: the same place and code, the message in French; exit 1 in both languages', () => {
    const { ws } = tempWorkspace();
    const file = join(ws, 'invoices', '2025.csv');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('2025-04-22', '2025-02-30'));
    const en = run(['check'], { cwd: ws });
    const fr = run(['check'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(en.code, describeRun(en)).toBe(1);
    expect(fr.code, describeRun(fr)).toBe(1);
    const place = /^(invoices\/2025\.csv:\d+:\d+: bad-date: )/m;
    expect(place.exec(fr.stderr)?.[1]).toBe(place.exec(en.stderr)?.[1]);
    expect(en.stderr).toMatch(/bad-date: received_on: expected a date as YYYY-MM-DD or DD\/MM\/YYYY that exists \(2025-02 has 28 days\), got "2025-02-30"/);
    expect(fr.stderr).toMatch(/bad-date: received_on : attendu une date AAAA-MM-JJ ou JJ\/MM\/AAAA qui existe \(02\/2025 a 28 jours\), reçu "2025-02-30"/);
    expect(fr.stderr).toMatch(/^medcoop: 1 erreur dans le dossier de travail \S+$/m);
  });

  it('status: French amounts and dates', () => {
    const { ws } = tempWorkspace();
    expect(run(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws }).code).toBe(0);
    writeFileSync(join(ws, 'payments.csv'), `${PAYMENTS}\n`);
    const r = run(['status', '--on', '2025-09-15', '--lang', 'fr'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('Vilogia (vilogia) : solde 23\u202F349,73, en retard 23\u202F349,73\n');
    expect(r.stdout).toContain('  2025-S1-1  03/07/2025 02/08/2025    43\u202F349,73    20\u202F000,00    23\u202F349,73   44\n');
    for (const l of r.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it('revise: index values, coefficient and prices the French way (21 437,50 → 22 717,41)', () => {
    const { ws } = tempWorkspace();
    const fr = run(['revise', '--year', '3', '--lang', 'fr'], { cwd: ws });
    expect(fr.code, describeRun(fr)).toBe(0);
    expect(fr.stdout).toContain('  I  = 138,96 (09/2024, publié le 13/12/2024)\n');
    // 21437.50 × (0.15 + 0.85 × 138.96 / 129.84) = 22717.4098… → 22717.41
    expect(fr.stdout).toContain('  FORFAIT : 21\u202F437,50 → 22\u202F717,41\n');
    const en = run(['revise', '--year', '3', '--lang', 'en'], { cwd: ws });
    expect(en.stdout).toContain('  FORFAIT: 21,437.50 → 22,717.41\n');
  });

  it('--help of every command in French, with its example; commands and flags keep their English names', () => {
    const { ws } = tempWorkspace();
    const commands = ['bill', 'revise', 'split', 'check', 'explain', 'init', 'verify', 'calendar', 'vote', 'forecast', 'interest', 'status', 'statement', 'remind', 'index', 'index import'];
    const top = run(['--help'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage : medcoop [options] [command]');
    expect(top.stdout).toContain('Commandes :');
    expect(top.stdout).toContain('Exemple :\n  medcoop bill --dir fixtures/nouveau-mons --semester 2025-S1 --issued-on 2025-07-03\n');
    for (const c of commands) {
      const fr = run([...c.split(' '), '--help'], { cwd: ws, lang: 'fr_FR.UTF-8' });
      const en = run([...c.split(' '), '--help'], { cwd: ws });
      expect(fr.code, c).toBe(0);
      expect(fr.stdout, c).toContain('Exemple :\n  medcoop ');
      expect(en.stdout, c).toContain('Example:\n  medcoop ');
      expect(fr.stdout, c).toContain("-h, --help");
      expect(fr.stdout, c).toContain("affiche l'aide de la commande");
      // the same example line and the same flags in both languages
      expect(fr.stdout.split('Exemple :\n')[1], c).toBe(en.stdout.split('Example:\n')[1]);
      const flags = (s: string) => [...s.matchAll(/^\s+(-\w, )?(--[\w-]+)/gm)].map((m) => m[2]);
      expect(flags(fr.stdout), c).toEqual(flags(en.stdout));
    }
  });

  it('--lang with another value is wrong usage, exit 2, in every language; so is wrong usage in French', () => {
    const { ws } = tempWorkspace();
    const bad = run(['check', '--lang', 'de'], { cwd: ws });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('medcoop: usage: --lang: expected fr or en, got "de"\n');
    const badFr = run(['check', '--lang=es'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(badFr.code).toBe(2);
    expect(badFr.stderr).toBe('medcoop: usage : --lang : attendu fr ou en, reçu "es"\n');
    const usage = run(['bill', '--semester', '2025-S3'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('medcoop: usage : --semester : attendu YYYY-S1 ou YYYY-S2 (par ex. 2025-S1), reçu "2025-S3"\n');
  });

  it("commander's own errors in French (exit 2), unchanged in English", () => {
    const { ws } = tempWorkspace();
    const fr = run(['bill', '--semestre', '2025-S1'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    const en = run(['bill', '--semestre', '2025-S1'], { cwd: ws });
    expect(fr.code).toBe(2);
    expect(en.code).toBe(2);
    expect(fr.stderr).toBe("erreur : option inconnue '--semestre'\n(Vouliez-vous dire --semester ?)\n(medcoop <commande> --help en donne l'usage)\n");
    expect(en.stderr).toBe("error: unknown option '--semestre'\n(Did you mean --semester?)\n(medcoop <command> --help shows the usage)\n");
    const many = run(['init', 'a', 'b'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(many.code).toBe(2);
    expect(many.stderr).toContain("erreur : trop d'arguments pour 'init'. Attendu 1 argument, reçu 2.\n");
  });

  it('check: the warnings in French, dates and amounts the French way, codes and places unchanged', () => {
    const { ws } = tempWorkspace();
    const fr = run(['check'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    const en = run(['check'], { cwd: ws });
    expect(fr.code).toBe(0);
    expect(fr.stderr).toContain('invoices/2024.csv:8: warning: late-payment: facture F2024-05 payée le 19/07/2024, 44 jours après sa réception le 05/06/2024 (limite 30) : ');
    expect(fr.stderr).toContain('invoices/2025.csv:15: warning: pending: facture F2025-10 de 10/2025, reçue le 06/11/2025, non payée\n');
    const heads = (s: string) => s.split('\n').map((l) => /^[^ ]+: (warning: )?[a-z-]+:/.exec(l)?.[0]);
    expect(heads(fr.stderr)).toEqual(heads(en.stderr));
  });

  it('medcoop.json: an unknown key in French, with its suggestion, at the same place and code', () => {
    const { ws } = tempWorkspace();
    const file = join(ws, 'medcoop.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"payment_days"', '"payment_dayz"'));
    const fr = run(['check'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    const en = run(['check'], { cwd: ws });
    expect(fr.code).toBe(1);
    expect(en.code).toBe(1);
    const place = /^(medcoop\.json:\d+:\d+: unknown-key: )/m;
    expect(place.exec(fr.stderr)?.[1]).toBe(place.exec(en.stderr)?.[1]);
    expect(en.stderr).toContain('unknown-key: payment_dayz: unknown key; did you mean "payment_days"?\n');
    expect(fr.stderr).toContain('unknown-key: payment_dayz : clé inconnue ; vouliez-vous dire « payment_days » ?\n');
  });

  it('a CSV header and medcoop.json errors in French; places, codes, exit code and --json unchanged', () => {
    const { ws } = tempWorkspace();
    const inv = join(ws, 'invoices', '2023.csv');
    writeFileSync(inv, readFileSync(inv, 'utf8').replace('received_on,', 'recieved_on,'));
    const cfg = join(ws, 'medcoop.json');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/"coordinator": "([a-z-]+)"/, '"coordinator": "$1x"'));
    const en = run(['check'], { cwd: ws });
    const fr = run(['check'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(en.code, describeRun(en)).toBe(1);
    expect(fr.code, describeRun(fr)).toBe(1);
    const heads = (s: string) => s.split('\n').map((l) => /^[^ ]+: (warning: )?[a-z-]+:/.exec(l)?.[0]).filter((h) => h !== undefined);
    expect(heads(fr.stderr)).toEqual(heads(en.stderr));
    expect(en.stderr).toContain('unknown-member: coordinator: ');
    expect(fr.stderr).toMatch(/medcoop\.json:\d+:\d+: unknown-member: coordinator : "[a-z-]+x" n'est pas un membre déclaré ; vouliez-vous dire « [a-z-]+ » \?\n/);
    expect(en.stderr).not.toContain("n'est pas");
    const jsonEn = run(['check', '--json'], { cwd: ws });
    const jsonFr = run(['check', '--json'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(jsonFr.stdout).toBe(jsonEn.stdout);
    expect(jsonFr.code).toBe(jsonEn.code);
  });

  it('a CSV file with a wrong header: the column errors in French', () => {
    const { ws } = tempWorkspace();
    const inv = join(ws, 'invoices', '2023.csv');
    writeFileSync(inv, readFileSync(inv, 'utf8').replace('received_on,', 'recieved_on,'));
    const en = run(['check'], { cwd: ws });
    const fr = run(['check'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(fr.code).toBe(1);
    expect(en.stderr).toContain('invoices/2023.csv:1:2: unknown-column: unknown column "recieved_on"; did you mean "received_on"? (accepted columns: ');
    expect(fr.stderr).toContain('invoices/2023.csv:1:2: unknown-column: colonne inconnue « recieved_on » ; vouliez-vous dire « received_on » ? (colonnes acceptées : ');
    expect(fr.stderr).toContain('invoices/2023.csv:1: missing-column: colonne « received_on » manquante\n');
  });

  it('medcoop.json that is not JSON, an INSEE download that is not one, a missing subsidies file: French words, same places, codes and exit codes', () => {
    const { ws } = tempWorkspace();
    const cfg = join(ws, 'medcoop.json');
    const good = readFileSync(cfg, 'utf8');
    writeFileSync(cfg, good.replace(/"vat_pct": "20",?/, '"vat_pct": "20",,'));
    const en = run(['check'], { cwd: ws });
    const fr = run(['check'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(en.code).toBe(1);
    expect(fr.code).toBe(1);
    const place = /^(medcoop\.json:\d+:\d+: invalid-json: )/m;
    expect(place.exec(fr.stderr)?.[1]).toBe(place.exec(en.stderr)?.[1]);
    expect(en.stderr).toMatch(/invalid-json: expected a property name in double quotes, found character ","\n/);
    expect(fr.stderr).toMatch(/invalid-json: attendu un nom de propriété entre guillemets doubles, trouvé le caractère ","\n/);

    writeFileSync(cfg, good);
    writeFileSync(join(ws, 'download.csv'), 'hello;world\n1;2\n');
    const impEn = run(['index', 'import', 'download.csv', '--published-on', '2026-04-03'], { cwd: ws });
    const impFr = run(['index', 'import', 'download.csv', '--published-on', '2026-04-03'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(impFr.code).toBe(impEn.code);
    expect(impEn.code).toBe(1);
    expect(impEn.stderr).toContain('download.csv:1:1: insee-header: expected the header lines of an INSEE BDM download');
    expect(impFr.stderr).toContain("download.csv:1:1: insee-header: attendu les lignes d'en-tête d'un téléchargement de la BDM de l'INSEE");
    expect(readFileSync(join(ws, 'index.csv'), 'utf8')).toBe(readFileSync(join(FIXTURE, 'index.csv'), 'utf8'));

    rmSync(join(ws, 'subsidies.csv'));
    const goneEn = run(['check'], { cwd: ws });
    const goneFr = run(['check'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(goneFr.code).toBe(goneEn.code);
    expect(goneEn.stderr).toContain('subsidies.csv: missing-file: cannot read the subsidies file: not found\n');
    expect(goneFr.stderr).toContain('subsidies.csv: missing-file: impossible de lire le fichier des subventions : introuvable\n');
  });

  it("an issue's damaged manifest, a changed audit pack and a date in a warning: French words, JJ/MM/AAAA, same places, codes, exit codes and --json", () => {
    const { ws } = tempWorkspace();
    // issued on 20/06/2025, before the end of 2025-S1 (30/06/2025): the semester-open warning carries two dates
    const billEn = run(['bill', '--semester', '2025-S1', '--issued-on', '2025-06-20', '--out', 'out-en'], { cwd: ws });
    const billFr = run(['bill', '--semester', '2025-S1', '--issued-on', '2025-06-20'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(billEn.code, describeRun(billEn)).toBe(0);
    expect(billFr.code, describeRun(billFr)).toBe(0);
    expect(billEn.stderr).toContain('warning: semester-open: issued on 2025-06-20, before the end of 2025-S1 (2025-06-30): invoices paid after that date will go into a supplementary issue\n');
    expect(billFr.stderr).toContain('warning: semester-open: émis le 20/06/2025, avant la fin de 2025-S1 (30/06/2025) : les factures payées après cette date iront dans une émission complémentaire\n');
    expect(billFr.stderr).toContain('warning: late-invoice: facture F2025-03 de 03/2025 reçue le 22/04/2025, après la limite du 10/04/2025 (article 5.3)\n');

    // the manifest of the issue, edited by hand: a date that does not exist and a net that does not add up
    const file = join(ws, 'out', '2025-S1', 'manifest.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { due_on: string; notices: { net: string }[] };
    doc.due_on = '2025-02-30';
    doc.notices[0]!.net = '1.00';
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const en = run(['status', '--on', '2025-09-15'], { cwd: ws });
    const fr = run(['status', '--on', '2025-09-15'], { cwd: ws, lang: 'fr_FR.UTF-8' });
    expect(en.code, describeRun(en)).toBe(1);
    expect(fr.code, describeRun(fr)).toBe(1);
    expect(en.stderr).toBe(
      'out/2025-S1/manifest.json: bad-issue: 2025-S1/manifest.json: due_on: expected a date YYYY-MM-DD, got "2025-02-30"\n' +
        'out/2025-S1/manifest.json: bad-issue: 2025-S1/manifest.json: notices[0].net: 1.00 is not share_ttc − subsidies\n' +
        'medcoop: 2 errors in the payments or the issued notices\n',
    );
    expect(fr.stderr).toBe(
      'out/2025-S1/manifest.json: bad-issue: 2025-S1/manifest.json : due_on : attendu une date AAAA-MM-JJ, reçu "2025-02-30"\n' +
        "out/2025-S1/manifest.json: bad-issue: 2025-S1/manifest.json : notices[0].net : 1,00 n'est pas égal à share_ttc − subsidies\n" +
        'medcoop: 2 erreurs dans les paiements ou les avis émis\n',
    );
    const jsonEn = run(['status', '--on', '2025-09-15', '--json'], { cwd: ws });
    const jsonFr = run(['status', '--on', '2025-09-15', '--json', '--lang', 'fr'], { cwd: ws });
    expect(jsonFr.code).toBe(jsonEn.code);
    expect(jsonFr.stdout).toBe(jsonEn.stdout);

    // the audit pack of the issue, changed since: verify names the file in French, exit 1 in both
    writeFileSync(join(ws, 'out-en', '2025-S1', 'inputs', 'subsidies.csv'), 'changed\n');
    const vEn = run(['verify', 'out-en/2025-S1'], { cwd: ws });
    const vFr = run(['verify', 'out-en/2025-S1', '--lang', 'fr'], { cwd: ws });
    expect(vEn.code).toBe(1);
    expect(vFr.code).toBe(1);
    expect(vEn.stderr).toMatch(/^inputs\/subsidies\.csv: changed since the run \(sha256 was [0-9a-f]{64}, is [0-9a-f]{64}\)$/m);
    expect(vFr.stderr).toMatch(/^inputs\/subsidies\.csv : modifié depuis l'exécution \(sha256 [0-9a-f]{64} alors, [0-9a-f]{64} maintenant\)$/m);
  });

  it('amounts inside a French warning or calendar event are grouped as on the rest of the terminal, and two problems are separated by « ; »; English as before', () => {
    const { ws } = tempWorkspace();
    expect(run(['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws }).code).toBe(0);
    const day = ['calendar', '--from', '2025-08-02', '--to', '2025-08-02'];
    const fr = run([...day, '--lang', 'fr'], { cwd: ws });
    expect(fr.stdout).toContain("l'avis 2025-S1-1-vilogia à vilogia (43\u202F349,73), 2025-S1, émission 1 du 03/07/2025, est échu\n");
    const en = run([...day, '--lang', 'en'], { cwd: ws });
    expect(en.stdout).toContain('notice 2025-S1-1-vilogia to vilogia (43349.73), 2025-S1, issue 1 of 2025-07-03, is due\n');
    // F2025-02's FORFAIT invoiced 21000.00 HT; computed 22717.41 (year 3 price); difference 21000.00 − 22717.41 = −1717.41
    const path = join(ws, 'invoices', '2025.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('F2025-02,2025-03-04,2025-03-25,2025-02,FORFAIT,1,,,', 'F2025-02,2025-03-04,2025-03-25,2025-02,FORFAIT,1,,21000.00,'));
    const check = run(['check', '--lang', 'fr'], { cwd: ws });
    expect(check.stderr).toContain('invoiced-mismatch: facture F2025-02, FORFAIT × 1 : le titulaire a facturé 21\u202F000,00 HT, le montant calculé est 22\u202F717,41 (écart -1\u202F717,41)\n');
    const vote = ['vote', '--yes', 'vilogia,vilogia,lille', '--on', '2026-01-01'];
    const vFr = run([...vote, '--lang', 'fr'], { cwd: ws });
    expect(vFr.code).toBe(2);
    expect(vFr.stderr).toContain("vilogia est nommé deux fois : chaque membre a une voix ; lille n'est pas membre du groupement\n");
    expect(run([...vote, '--lang', 'en'], { cwd: ws }).stderr).toContain('vilogia is named twice: each member has one vote; lille is not a member of the group\n');
  });

  it("revision.rounding in French words (« arrondi par excès », not « arrondi up »), « 1 décimale » in the singular; English as medcoop.json names them", () => {
    const { ws } = tempWorkspace();
    const config = join(ws, 'medcoop.json');
    const round = (rounding: object) => {
      const c = JSON.parse(readFileSync(config, 'utf8'));
      c.revision.rounding = rounding;
      writeFileSync(config, JSON.stringify(c, null, 2));
    };
    round({ target: 'coefficient', decimals: 3, mode: 'up' });
    expect(run(['revise', '--year', '3', '--lang', 'fr'], { cwd: ws }).stdout).toContain('(C arrondi par excès (vers +∞) à 3 décimales)\n');
    expect(run(['revise', '--year', '3', '--lang', 'en'], { cwd: ws }).stdout).toContain('(coefficient rounded up to 3 decimals)\n');
    round({ target: 'ratio', decimals: 1, mode: 'half-up' });
    expect(run(['revise', '--year', '3', '--lang', 'fr'], { cwd: ws }).stdout).toContain('(I / I0 arrondi au plus proche (la moitié vers +∞) à 1 décimale)\n');
    const fr = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--lang', 'fr'], { cwd: ws });
    expect(fr.stdout).toContain(' (I / I0 arrondi au plus proche (la moitié vers +∞) à 1 décimale, puis C = fixe + variable × rapport arrondi).\n');
    const en = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--lang', 'en'], { cwd: ws });
    expect(en.stdout).toContain(' (I / I0 rounded half-up to 1 decimals, then C = fixed + variable × rounded ratio).\n');
  });

  it('a key not summing to 100 in French: « 99,99 % au total, pas 100 % », a percentage written with its sign', () => {
    const { ws } = tempWorkspace();
    const cfg = join(ws, 'medcoop.json');
    // 31.61 + 27.58 + 28.28 + 12.52 = 99.99
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('"12.53"', '"12.52"'));
    const fr = run(['check', '--lang', 'fr'], { cwd: ws });
    expect(fr.code, describeRun(fr)).toBe(1);
    expect(fr.stderr).toMatch(/^medcoop\.json:\d+:\d+: key-sum: keys\[0\]\.shares : les pourcentages font 99,99 % au total, pas 100 %\n/m);
  });
});
