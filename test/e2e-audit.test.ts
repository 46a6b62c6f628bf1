/**
 * Auditors: explain, verify and determinism under reordered inputs, through
 * the real binary.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanupTemp, describeRun, E2E, readBytes, run, stats, tempDir, tempWorkspace } from './e2e-helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemp);

const BILL = ['bill', '--semester', '2025-S1', '--issued-on', '2025-07-03'];

function billed(dialect = 'csv'): { root: string; ws: string; out: string } {
  const { root, ws } = tempWorkspace();
  const r = run([...BILL, '--dialect', dialect], { cwd: ws });
  expect(r.code, describeRun(r)).toBe(0);
  return { root, ws, out: join(ws, 'out', '2025-S1') };
}

describe('verify', E2E, () => {
  it('confirms an untouched run from any current folder, in one line, and writes nothing', () => {
    const { out } = billed();
    const before = stats(out);
    const elsewhere = tempDir();
    for (const [cwd, arg] of [[elsewhere, out], [elsewhere, relative(elsewhere, out)], [out, '.']] as const) {
      const r = run(['verify', arg], { cwd });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toMatch(/^verified: the 6 files of .* are byte for byte those recomputed from the 7 inputs/);
      expect(r.stderr).toBe('');
    }
    expect(stats(out)).toEqual(before);
    expect(readdirSync(out).sort()).toEqual(['inputs', 'manifest.json', 'notice-logis-metropole.csv', 'notice-mons.csv', 'notice-partenord.csv', 'notice-vilogia.csv', 'recap.csv']);
  });

  it('verifies an excel-fr run too', () => {
    const { out } = billed('excel-fr');
    const r = run(['verify', out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(0);
  });

  it('names the file, row and field of an edited figure, with both values: exit 3', () => {
    const { out } = billed();
    const path = join(out, 'notice-vilogia.csv');
    const text = readFileSync(path, 'utf8');
    // the notice's net row: 43349.73 (46743.33 − 3393.60), edited to 43349.74
    expect(text).toContain('net,,Net à payer,,2025-08-02,,,,,,43349.73');
    writeFileSync(path, text.replace(',43349.73', ',43349.74'));
    const before = readBytes(out);
    const r = run(['verify', out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(3);
    expect(r.stdout).toContain('notice-vilogia.csv:12 share_ttc: expected 43349.73, found 43349.74');
    expect(r.stderr).toContain('1 difference(s)');
    expect(readBytes(out)).toEqual(before);
  });

  it('an emptied value reads "(vide)" in French (it read "attendu 43349.73, trouvé " with nothing after); English as before', () => {
    const { out } = billed();
    const path = join(out, 'notice-vilogia.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(',43349.73', ','));
    const fr = run(['verify', out, '--lang', 'fr'], { cwd: tempDir() });
    expect(fr.code, describeRun(fr)).toBe(3);
    expect(fr.stdout).toContain('notice-vilogia.csv:12 share_ttc : attendu 43349.73, trouvé (vide)\n');
    const en = run(['verify', out, '--lang', 'en'], { cwd: tempDir() });
    expect(en.stdout).toContain('notice-vilogia.csv:12 share_ttc: expected 43349.73, found \n');
  });

  it('reports a missing or an extra output file', () => {
    const { out } = billed();
    renameSync(join(out, 'notice-mons.csv'), join(out, 'notice-mons.csv.bak'));
    const r = run(['verify', out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(3);
    expect(r.stdout).toContain('notice-mons.csv: expected the file, found no such file');
    expect(r.stdout).toContain('notice-mons.csv.bak: expected no such file, found a file the run did not write');
  });

  it('names a changed, a missing or an added file of the audit pack inputs/: exit 1', () => {
    const { out } = billed();
    const snap = join(out, 'inputs');
    writeFileSync(join(snap, 'subsidies.csv'), `${readFileSync(join(snap, 'subsidies.csv'), 'utf8')}S-X,État,2025-04-01,1.00,,\n`);
    let r = run(['verify', out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toMatch(/^inputs\/subsidies\.csv: changed since the run \(sha256 was [0-9a-f]{64}, is [0-9a-f]{64}\)$/m);

    const b = billed();
    renameSync(join(b.out, 'inputs', 'invoices', '2023.csv'), join(b.root, '2023.csv.moved'));
    r = run(['verify', b.out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('inputs/invoices/2023.csv: missing');

    const c = billed();
    writeFileSync(join(c.out, 'inputs', 'invoices', '2027.csv'), 'invoice_id,received_on,paid_on,service_month,price_code,quantity\n');
    r = run(['verify', c.out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('inputs/invoices/2027.csv: not an input of the run');
  });

  it('the workspace moving on does not stop verify: later months added are silent, a change in the semester is workspace-changed', () => {
    const { ws, out } = billed();
    // a month paid in the next semester: 2025-S1's figures are the same, nothing to say
    writeFileSync(join(ws, 'invoices', '2025.csv'), `${readFileSync(join(ws, 'invoices', '2025.csv'), 'utf8')}F2025-X,2025-07-02,2025-07-20,2025-06,HSUP,3,,,\n`);
    let r = run(['verify', out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stderr).toBe('');
    // a payment of 2025-06-28 entered late: 10 HSUP at 40.80 = 408.00 HT, 489.60 TTC; vilogia 28.28 % of 489.60 = 138.4589 → 138.46
    writeFileSync(join(ws, 'invoices', '2025.csv'), `${readFileSync(join(ws, 'invoices', '2025.csv'), 'utf8')}F2025-Y,2025-06-20,2025-06-28,2025-06,HSUP,10,,,\n`);
    r = run(['verify', out], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toMatch(/^verified: /);
    expect(r.stderr).toContain('warning: workspace-changed: ');
    expect(r.stderr).toContain('vilogia +138.46');
    expect(r.stderr).toContain('a supplementary issue is due');
    // in French, each net as amounts are written on the terminal: a FORFAIT more (22717.41 HT, 27260.89 TTC), vilogia's
    // share 28.28 % = 7709.3797 → 7709.38 (see explain), + 138.46 = 7847.84 → « vilogia +7 847,84 »
    writeFileSync(join(ws, 'invoices', '2025.csv'), `${readFileSync(join(ws, 'invoices', '2025.csv'), 'utf8')}F2025-Z,2025-06-20,2025-06-28,2025-06,FORFAIT,1,,,\n`);
    const fr = run(['verify', out, '--lang', 'fr'], { cwd: tempDir() });
    expect(fr.code, describeRun(fr)).toBe(0);
    expect(fr.stderr).toContain('vilogia +7\u202F847,84');
    expect(fr.stderr).toContain('une émission complémentaire est due');
  });

  it('says what is wrong with a folder that holds no manifest', () => {
    const r = run(['verify', tempDir()], { cwd: tempDir() });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toMatch(/manifest\.json: not found/);
  });
});

describe('explain', E2E, () => {
  it('derives a member\'s share of one invoice with the figures of the notice', () => {
    const { ws, out } = billed();
    const r = run(['explain', '--semester', '2025-S1', '--member', 'vilogia', '--invoice', 'F2025-02', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    const o = r.stdout;
    // the revision of year 3: cut-off, I and I0 with their publication dates, C
    expect(o).toContain('Contract year 3 (2025-01-01 to 2025-12-31)');
    expect(o).toContain('cut-off 2025-01-01');
    expect(o).toContain('I  = 138.96: period 2024-09, published 2024-12-13');
    expect(o).toContain('I0 = 129.84: period 2022-10, published 2023-04-07');
    expect(o).toContain('passed over: 2022-10 = 129.96, published 2025-03-14 (index.csv:51): published after the cut-off');
    // FORFAIT: 21437.50 × (0.15 + 0.85 × 138.96 / 129.84) = 22717.4098… → 22717.41
    expect(o).toContain('FORFAIT: P = 21437.50 × C = 22717.409889… → 22717.41');
    // the invoice: lines, VAT, TTC, and vilogia's share only
    expect(o).toContain('F2025-02: service month 2025-02 (contract year 3)');
    expect(o).toMatch(/VAT at 20 %: 24349\.41 × 20 \/ 100 = 4869\.882 → 4869\.88/);
    expect(o).toContain('HT 24349.41 + VAT 4869.88 = TTC 29219.29');
    // 29219.29 × 28.28 % = 8263.215212 → floor 8263.21, remainder .005212; the 2 leftover cents go to
    // mons (.7569 cent) and logis-metropole (.7037 cent), not vilogia (.5212 cent) → 8263.21, as in the notice
    const notice = readFileSync(join(out, 'notice-vilogia.csv'), 'utf8');
    const row = notice.split('\r\n').find((l) => l.startsWith('invoice,F2025-02,'))!;
    const shareTtc = row.split(',').at(-1)!;
    expect(shareTtc).toBe('8263.21');
    expect(o).toContain('vilogia: 28.28 % × 29219.29 = 8263.215212; floor 8263.21, remainder 0.005212 → 8263.21');
    expect(o).toContain('leftover cents: 2, to mons, logis-metropole');
    expect(o).toMatch(new RegExp(`vilogia: 28\\.28 % × 29219\\.29 = 8263\\.215212;[^\\n]*→ ${shareTtc.replace('.', '\\.')}\\n`));
    expect(o).not.toContain('mons: 31.61 % ×');
    expect(o).not.toContain('F2025-01:');
  });

  it('shows the subsidies and every member\'s net, equal to the notices', () => {
    const { ws, out } = billed();
    const r = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('S-2025-FIPD (Préfecture du Nord — FIPD), received 2025-03-12, 12000.00: key date 2025-03-12 (its receipt date), so the key from 2023-01-01; deducted in the semester of its receipt\n');
    // In French too, a sentence that reads ("déduite dans le semestre…", not "déduite en le semestre…").
    const fr = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--lang', 'fr'], { cwd: ws });
    expect(fr.stdout).toContain('S-2025-FIPD (Préfecture du Nord — FIPD), reçue le 12/03/2025, 12000,00 : date de clé 12/03/2025 (sa date de réception), donc la clé du 01/01/2023 ; déduite dans le semestre de sa réception\n');
    // "au plus tard à la date de révision" (it read "au plus tard la date de révision"); a plural, not "ligne(s) postérieure(s)"
    expect(fr.stdout).toContain('  Révisée le 01/01/2025 ; date de référence 01/01/2025 : seules comptent les valeurs publiées au plus tard à la date de révision elle-même (known_on : revision-date).\n');
    expect(fr.stdout).toContain('       et 17 lignes postérieures, toutes publiées après la date de référence\n');
    // a list ends with « et »; one leftover cent is singular (F2024-12 HT: 2 cents, TTC: 1 cent)
    expect(fr.stdout).toContain('      centimes restants : 2, à mons et vilogia (plus forts restes ;');
    expect(fr.stdout).toContain('      centime restant : 1, à partenord (plus forts restes ;');
    expect(r.stdout).toContain('      leftover cents: 2, to mons, vilogia (largest remainders;');
    for (const m of ['mons', 'partenord', 'vilogia', 'logis-metropole']) {
      const net = readFileSync(join(out, `notice-${m}.csv`), 'utf8').split('\r\n').find((l) => l.startsWith('net,'))!.split(',').at(-1)!;
      expect(r.stdout).toMatch(new RegExp(`^  ${m} \\(.*\\): .* = net ${net.replace('.', '\\.')}, due 2025-08-02$`, 'm'));
    }
  });

  it('one later row past the four shown is said in the singular in French (« et 1 ligne postérieure, publiée après… »)', () => {
    const { ws } = tempWorkspace();
    const index = join(ws, 'index.csv');
    // year 3 (cut-off 2025-01-01) keeps 5 rows published after it: 2024-10, 2024-11, 2024-12 (2025-03-14), 2025-01, 2025-02 (2025-06-13)
    const kept = readFileSync(index, 'utf8').split('\n').filter((l, i) => i === 0 || l === '' || (l.split(',')[2]! <= '2025-06-13' && !l.startsWith('2025-03,')));
    writeFileSync(index, kept.join('\n'));
    const fr = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--lang', 'fr'], { cwd: ws });
    expect(fr.code, describeRun(fr)).toBe(0);
    expect(fr.stdout).toContain('       et 1 ligne postérieure, publiée après la date de référence\n');
    const en = run(['explain', '--semester', '2025-S1', '--issued-on', '2025-07-03', '--lang', 'en'], { cwd: ws });
    expect(en.stdout).toContain('       and 1 later row(s), all published after the cut-off\n');
  });

  it('refuses an unknown member (usage, exit 2) and an invoice not billed in the semester (exit 1)', () => {
    const { ws } = tempWorkspace();
    let r = run(['explain', '--semester', '2025-S1', '--member', 'vilogai'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('did you mean "vilogia"?');
    // in French the suggestion too (it was left in English: « …logis-metropole); did you mean "vilogia"? »)
    r = run(['explain', '--semester', '2025-S1', '--member', 'vilogai', '--lang', 'fr'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toBe('medcoop: usage : --member : "vilogai" n\'est pas un membre (mons, partenord, vilogia, logis-metropole) ; vouliez-vous dire « vilogia » ?\n');
    r = run(['explain', '--semester', '2025-S1', '--invoice', 'F2025-10'], { cwd: ws });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('invoice F2025-10 is not billed in 2025-S1: it is unpaid');
  });
});

/** A deterministic shuffle (mulberry32). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Shuffles a CSV file's data rows, keeping its header, BOM and line endings. */
function shuffleRows(path: string, seed: number): void {
  const text = readFileSync(path, 'utf8');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const last = lines.at(-1) === '' ? lines.pop() : undefined;
  const [header, ...rows] = lines;
  writeFileSync(path, [header, ...shuffled(rows, seed), ...(last !== undefined ? [last] : [])].join(eol));
}

describe('the order of the inputs changes no figure', E2E, () => {
  it('shuffled rows in every CSV and invoice files renamed into another order give the same recap and notices', () => {
    const a = billed();
    for (const seed of [1, 2]) {
      const { ws } = tempWorkspace();
      shuffleRows(join(ws, 'index.csv'), seed);
      shuffleRows(join(ws, 'subsidies.csv'), seed);
      const dir = join(ws, 'invoices');
      const names = readdirSync(dir).sort();
      names.forEach((n) => shuffleRows(join(dir, n), seed));
      // reverse the name order: 2026.csv is read first
      names.forEach((n, i) => renameSync(join(dir, n), join(dir, `${String.fromCharCode(122 - i)}-${n}`)));
      expect(readFileSync(join(ws, 'index.csv'), 'utf8')).not.toEqual(readFileSync(join(a.ws, 'index.csv'), 'utf8'));
      const r = run(BILL, { cwd: ws });
      expect(r.code, describeRun(r)).toBe(0);
      const got = readBytes(join(ws, 'out', '2025-S1'));
      const want = readBytes(a.out);
      for (const name of want.keys()) {
        if (name === 'manifest.json' || name.startsWith('inputs/')) continue; // the inputs, their hashes and paths differ, by design
        expect(got.get(name)?.toString('utf8'), name).toEqual(want.get(name)!.toString('utf8'));
      }
    }
  });
});
