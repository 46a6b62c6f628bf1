/**
 * `medcoop init [DIR]`: a ready-to-edit workspace for this convention —
 * members, key, formula and revision settings of the convention, empty input
 * files, and a README explaining each file. It never overwrites anything.
 */
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { CONVENTION } from '../core/convention.js';
import type { Io } from './context.js';
import { makeDirs } from './write.js';
import { CliError, EXIT, usage } from './errors.js';
import { errorText, t } from './i18n.js';
import { andList } from '../i18n/list.js';

export interface InitOptions {
  dir?: string;
}

const CONFIG = {
  name: 'Médiation sociale — Nouveau Mons 2023-2026',
  contract: CONVENTION.contract,
  coordinator: CONVENTION.coordinator,
  members: CONVENTION.members,
  keys: [CONVENTION.key],
  prices: [{ code: 'FORFAIT', label: 'Forfait mensuel de médiation', p0: '0.00' }],
  revision: CONVENTION.revision,
  vat_pct: '20',
  payment_days: 30,
  inputs: { index: 'index.csv', invoices: 'invoices', subsidies: 'subsidies.csv', payments: 'payments.csv', rates: 'rates.csv' },
};

/**
 * The ECB main refinancing operations rate (percent) from each date it
 * changed since 2022, for the late-payment interest (SPEC §7). The `source`
 * column says where each row comes from; rows after mid-2025 are the
 * officer's to add.
 */
const ECB_SOURCE = 'ECB key interest rates: main refinancing operations (https://www.ecb.europa.eu); add later decisions';
const ECB_MRO_RATES: readonly [string, string][] = [
  ['2016-03-16', '0.00'], ['2022-07-27', '0.50'], ['2022-09-14', '1.25'], ['2022-11-02', '2.00'], ['2022-12-21', '2.50'],
  ['2023-02-08', '3.00'], ['2023-03-22', '3.50'], ['2023-05-10', '3.75'], ['2023-06-21', '4.00'], ['2023-08-02', '4.25'],
  ['2023-09-20', '4.50'], ['2024-06-12', '4.25'], ['2024-09-18', '3.65'], ['2024-10-23', '3.40'], ['2024-12-18', '3.15'],
  ['2025-02-05', '2.90'], ['2025-03-12', '2.65'], ['2025-04-23', '2.40'], ['2025-06-11', '2.15'],
];
export const RATES_CSV = `from,rate,source\n${ECB_MRO_RATES.map(([from, rate]) => `${from},${rate},${ECB_SOURCE}`).join('\n')}\n`;

const README = `# Workspace medcoop — groupement de commandes « Médiation sociale Nouveau Mons »

Created by \`medcoop init\`. Edit the files below, then run \`medcoop check\` in this folder:
it lists every problem as \`file:line:column: code: message\` and prints nothing when all is well.

## medcoop.json — the convention
- \`contract\`: start and end of the contract (article 6). Contract year k runs from the
  (k−1)-th anniversary of the start to the day before the k-th.
- \`coordinator\` and \`members\`: the members' ids (lowercase letters, digits and \`-\`;
  they name the notice files) and names as they appear on the notices.
- \`keys\`: the sharing key (article 5.2), in percent, summing to exactly 100. A key changes
  only on an anniversary of the contract (a member leaving, article 7, or an agreed change):
  add a new entry with \`from\` set to that date. The coordinator must be in every key.
- \`prices\`: each price code of the contract with its initial price \`p0\` (excl. VAT).
  **Replace the 0.00 of FORFAIT by the contract's price**, and add the other codes
  (extra hours...) the contractor invoices.
- \`revision\`: the formula of article 5.1, P = P0 × (fixed + variable × I / I0), on INSEE's
  ICHTrev-TS index. \`base.month\` is the month of I0 (October 2022 in this convention);
  \`known_on\` says which publications count for each yearly revision (\`revision-date\`: those
  published on or before the anniversary; \`month-end\`: up to the end of its month);
  \`rounding\` is \`{"target": "none"}\` (exact) unless the contract says otherwise (e.g.
  "arrondi au millième supérieur" = \`{"target": "coefficient", "decimals": 3, "mode": "up"}\`).
  Add \`"series": "<idBank>"\` with INSEE's identifier of the series so that \`medcoop index
  import\` refuses a file of another series.
- \`vat_pct\`: the default VAT rate of invoice lines; \`payment_days\`: the payment term of
  the notices (30 days, article 5.3).
- \`invoices_from\` (optional, e.g. \`"2025-01"\`): when medcoop is adopted during the contract,
  the first service month whose invoices this workspace holds; no month before it is reported
  missing.

## index.csv — the index, one row per published value
\`period,value,published_on,status\`. Import INSEE's downloads with
\`medcoop index import valeurs_mensuelles.csv --published-on YYYY-MM-DD\` each quarter:
a revised value becomes a new row (a "vintage") with its own publication date.
A download carries no date per value: to record the history before adopting medcoop, import it
once with \`--estimated-dates\` (each quarter dated by INSEE's release calendar, marked
\`estimated\`); a later import with the real \`--published-on\` of a release overrides its estimate.

## invoices/ — the contractor's invoices
One or several \`.csv\` files (read in name order, e.g. one per year), one row per invoice line:
\`invoice_id,received_on,paid_on,service_month,price_code,quantity,vat_pct,invoiced_ht,label\`.
\`paid_on\` stays empty until the coordinator pays; \`vat_pct\`, \`invoiced_ht\` (the contractor's
own amount, checked against the computed one) and \`label\` may be empty. A credit note is an
invoice with negative quantities. Excel files saved as "CSV (séparateur : point-virgule)" are
read as they are: \`;\`, decimal comma, dates DD/MM/YYYY.

## subsidies.csv — subsidies deducted from the members' shares
\`subsidy_id,grantor,received_on,amount,key_date,semester\`: shared by the key in force on
\`key_date\` (default: \`received_on\`) and deducted in \`semester\` (default: the semester of
\`received_on\`, e.g. 2025-S1).

## payments.csv — what the members paid
\`payment_id,member,received_on,amount,notice,reference\`: one row per payment received.
\`notice\` (e.g. 2025-S1-1-vilogia) is the notice it pays; left empty, the payment settles the
member's oldest open notices. \`medcoop status\` shows who owes what.

## rates.csv — the ECB rate, for late-payment interest
\`from,rate,source\`: the European Central Bank's main refinancing operations rate, in percent,
from each date it changed (filled with the rates known up to the decision effective 2025-06-11).
**Add each later ECB decision** (https://www.ecb.europa.eu, "key ECB interest rates") as a new row:
\`medcoop interest\` applies the rate in force on the first day of the half-year in which a
payment delay began, plus 8 points, and refuses to guess a rate the file does not hold.

## Texts of the printable notice (\`medcoop bill --html\`)
French law requires the notice to name who issues it and the appeal routes and deadlines.
Add to medcoop.json a \`notice\` block: \`issuer_name\`, \`issuer_position\`, \`appeal\` (required
on the printable notice; until they are set, it shows a visible placeholder and a warning),
and optionally \`issuer_address\` and \`payment_instructions\`. Have them checked by the
city's legal department.

## Each June and December
\`medcoop bill --semester 2025-S1\` writes \`out/2025-S1/\`: the recap of invoices paid, one
notice per member and \`manifest.json\` (for auditors: \`medcoop verify out/2025-S1\`).
`;

const FILES: { path: string; text: string }[] = [
  { path: 'medcoop.json', text: `${JSON.stringify(CONFIG, null, 2)}\n` },
  { path: 'index.csv', text: 'period,value,published_on,status\n' },
  { path: 'subsidies.csv', text: 'subsidy_id,grantor,received_on,amount,key_date,semester\n' },
  { path: 'payments.csv', text: 'payment_id,member,received_on,amount,notice,reference\n' },
  { path: 'rates.csv', text: RATES_CSV },
  { path: 'README.md', text: README },
];

export function runInit(dirArg: string | undefined, opts: InitOptions, io: Io): number {
  // SPEC §4: every command takes --dir; `init DIR` says the same, the way mkdir would.
  if (dirArg !== undefined && opts.dir !== undefined && resolve(dirArg) !== resolve(opts.dir)) {
    throw usage(t('init.twice', { arg: JSON.stringify(dirArg), dir: JSON.stringify(opts.dir) }));
  }
  const dir = resolve(dirArg ?? opts.dir ?? '.');
  const shown = relative(process.cwd(), dir) || '.';
  const clash = [...FILES.map((f) => f.path), 'invoices'].filter((p) => existsSync(join(dir, p)));
  if (clash.length > 0) {
    throw new CliError(EXIT.invalid, t('init.clash', { folder: shown, files: andList(t, clash) }));
  }
  // Build the workspace in a temporary sibling folder, then move it into place.
  const fresh = !existsSync(dir);
  const tmp = fresh ? join(dirname(dir), `.${basename(dir)}.init-${process.pid}`) : dir;
  try {
    makeDirs(join(tmp, 'invoices'));
    for (const f of FILES) writeFileSync(join(tmp, f.path), f.text, { flag: 'wx' });
    if (fresh) renameSync(tmp, dir);
  } catch (e) {
    if (fresh) rmSync(tmp, { recursive: true, force: true });
    throw new CliError(EXIT.invalid, t('init.cannot', { folder: shown, reason: errorText((e as Error).message) }));
  }
  io.out(`${t('init.created', { folder: shown, files: readdirSync(dir).sort().join(', ') })}\n`);
  io.out(`${t('init.next', { config: join(shown, 'medcoop.json'), folder: shown })}\n`);
  return EXIT.ok;
}
