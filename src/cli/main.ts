/**
 * The command line: parses arguments, dispatches to one module per command,
 * and turns every CliError into a message on stderr and an exit code; what
 * no command caught becomes internalError's one line (exit 1 for a refusal of
 * the system, 70 for a bug). Only bin/medcoop.js and the process's own
 * streams (context.ts: a reader gone, a full disk) call process.exit.
 *
 * Each command's module is imported only when that command runs: `bill`
 * never loads the INSEE readers (and zlib), `--help` loads no command at
 * all. In the bundle (src/build/bundle.ts) these imports become lazy
 * initialisers, so this is what keeps startup short (docs/performance.md).
 */
import { Command, CommanderError } from 'commander';
import { printDiagnostics, processIo, toolVersion, type Io } from './context.js';
import { CliError, EXIT, noArguments } from './errors.js';

export async function main(argv: readonly string[], given?: Io): Promise<number> {
  const io = given ?? (await processIo(argv.includes('--no-color')));
  let code: number = EXIT.ok;
  const program = new Command('medcoop')
    .description('The money side of a groupement de commandes: price revision, sharing by key, semester notices.')
    .version(toolVersion(), '-V, --version', 'print the version')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 does the same)')
    .option('--debug', 'on an internal error (a bug in medcoop), also print where it happened')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(medcoop <command> --help shows the usage)')
    .addHelpText('after', '\nExample:\n  medcoop bill --dir fixtures/nouveau-mons --semester 2025-S1 --issued-on 2025-07-03\n');

  const run = async (f: () => Promise<number>) => {
    code = await f();
  };

  program
    .command('bill')
    .description("bill a semester: issue 1 in OUT/YYYY-Sn/ (recap.csv, one notice per member, inputs/, manifest.json); once issued, a re-run writes only the differences, as issue k in OUT/YYYY-Sn-k/, or nothing when nothing changed")
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--semester <YYYY-Sn>', 'the semester to bill: YYYY-S1 (January–June) or YYYY-S2 (July–December)')
    .option('--out <dir>', 'the output root, the record of every issue (default: out/ in the workspace)')
    .option('--issued-on <date>', 'the notices\' issue date (default: today); the due date follows from it')
    .option('--dialect <dialect>', 'csv (RFC 4180, ISO dates) or excel-fr (";", decimal comma, DD/MM/YYYY)')
    .option('--json', 'print the result as JSON on stdout')
    .option('--force', 'replace the latest issue of the semester (one never sent); its manifest records it')
    .option('--html', 'also write a printable notice-<member>.html per member (A4, no external file)')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExample:\n  medcoop bill --semester 2025-S1 --issued-on 2025-07-03 --dialect excel-fr\n')
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('bill', cmd.args, ['--semester', '--dir']), (await import('./bill.js')).runBill(o, io))));

  program
    .command('revise')
    .description("show each contract year's cut-off, I, I0, coefficient and revised prices")
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--year <k>', 'only contract year k (1 = the first year)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  medcoop revise --year 3\n')
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('revise', cmd.args, ['--year', '--dir']), (await import('./revise.js')).runRevise(o, io))));

  program
    .command('split')
    .description('share an amount by the key in force on a date (e.g. damages, article 8)')
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--amount <amount>', 'the amount to share, e.g. 15000.00 or "15 000,00"')
    .option('--on <date>', 'the date whose key applies')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  medcoop split --amount 15000 --on 2025-03-12\n')
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('split', cmd.args, ['--amount', '--dir']), (await import('./split.js')).runSplit(o, io))));

  program
    .command('check')
    .description('validate the whole workspace; print nothing but problems; exit 0 when it holds')
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .addHelpText('after', '\nExample:\n  medcoop check --dir fixtures/nouveau-mons\n')
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('check', cmd.args, ['--dir']), (await import('./check.js')).runCheck(o, io))));

  program
    .command('explain')
    .description('show how every figure of a semester is obtained: revision, invoices, shares, subsidies, nets')
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--semester <YYYY-Sn>', 'the semester: YYYY-S1 or YYYY-S2')
    .option('--member <id>', 'only what concerns this member')
    .option('--invoice <id>', 'only this invoice')
    .option('--issued-on <date>', 'the issue date, for the due date (default: today)')
    .addHelpText('after', '\nExample:\n  medcoop explain --semester 2025-S1 --member vilogia --invoice F2025-02\n')
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('explain', cmd.args, ['--semester', '--dir']), (await import('./explain.js')).runExplain(o, io))));

  program
    .command('init')
    .description('create a ready-to-edit workspace for this convention (never overwrites)')
    .argument('[dir]', 'the folder to create or fill (default: the current folder)')
    .option('--dir <dir>', 'the same folder, named as for every other command')
    .addHelpText('after', '\nExample:\n  medcoop init nouveau-mons-2027 && medcoop check --dir nouveau-mons-2027\n')
    .action((dir: string | undefined, o) => run(async () => (await import('./init.js')).runInit(dir, o, io)));

  program
    .command('verify')
    .description("check an issue's folder on its own: its inputs/ unchanged (SHA-256), every output recomputed byte for byte; with a workspace at hand, also whether it would now bill the semester differently; writes nothing")
    .argument('<outdir>', 'the folder of an issue, holding manifest.json and inputs/ (e.g. out/2025-S1, out/2025-S1-2)')
    .option('--dir <dir>', 'a workspace to compare with (default: the nearest folder above OUTDIR holding medcoop.json, if any)')
    .addHelpText('after', '\nExample:\n  medcoop verify fixtures/nouveau-mons/out/2025-S1\n')
    .action((outdir: string, o) => run(async () => (await import('./verify.js')).runVerify(outdir, o, io)));

  program
    .command('calendar')
    .description("list the convention's dated obligations: invoices, payments, notices, revisions, INSEE releases, renewals, deadlines (SPEC §7)")
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--from <date>', 'the first day to list (default: the contract start)')
    .option('--to <date>', 'the last day to list (default: the contract end)')
    .option('--meeting <date:kind>', 'a meeting, DATE:commission (commission ad hoc) or DATE:other; repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--evaluation <date>', "the meeting presenting the contractor's evaluation report (members decide within 10 days)")
    .option('--json', 'print the result as JSON on stdout')
    .option('--ics <file>', 'also write the events as an iCalendar (RFC 5545) file')
    .addHelpText('after', '\nExample:\n  medcoop calendar --from 2026-01-01 --to 2026-12-31 --meeting 2026-09-15:commission --ics medcoop.ics\n')
    .action((o) => run(async () => (await import('./calendar.js')).runCalendar(o, io)));

  program
    .command('vote')
    .description('the renewal decision of article 4.3: majority of the members in the key, the coordinator prevailing on a tie')
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--yes <ids>', 'members voting for renewal, separated by commas')
    .option('--no <ids>', 'members voting against, separated by commas')
    .option('--abstain <ids>', 'members abstaining, separated by commas')
    .option('--on <date>', 'the renewal date voted on (default: the next renewal)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  medcoop vote --yes mons,vilogia --no partenord --abstain logis-metropole --on 2026-01-01\n')
    .action((o) => run(async () => (await import('./vote.js')).runVote(o, io)));

  program
    .command('forecast')
    .description("what contract year K will cost each member (HT, VAT, TTC), for their budgets")
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--year <k>', 'the contract year (1 = the first year)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  medcoop forecast --year 4\n')
    .action((o) => run(async () => (await import('./forecast.js')).runForecast(o, io)));

  program
    .command('interest')
    .description('the late-payment interest and €40 indemnities owed to the contractor for invoices paid after 30 days')
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  medcoop interest --json\n')
    .action((o) => run(async () => (await import('./interest.js')).runInterest(o, io)));

  program
    .command('status')
    .description("what each member owes on a date: every issued notice with its amount, what is paid, the balance and the days overdue")
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--out <dir>', 'the output root holding the issues (default: out/ in the workspace)')
    .option('--on <date>', 'the date to look at (default: today): payments received and notices issued by then')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  medcoop status --on 2025-09-15\n')
    .action((o) => run(async () => (await import('./status.js')).runStatus(o, io)));

  program
    .command('statement')
    .description("write a member's statement of account: notices and payments with the running balance, shares per contract year")
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--member <id>', 'the member (its id in medcoop.json)')
    .option('--on <date>', 'the statement date (default: today)')
    .option('--out <dir>', 'the output root; writes OUT/statements/statement-<id>-<DATE>.csv (default: out/ in the workspace)')
    .option('--dialect <dialect>', 'csv (RFC 4180, ISO dates) or excel-fr (";", decimal comma, DD/MM/YYYY)')
    .option('--html', 'also write a printable A4 statement-<id>-<DATE>.html')
    .option('--force', 'replace an existing statement of the same date that differs')
    .addHelpText('after', '\nExample:\n  medcoop statement --member vilogia --on 2025-09-15 --html\n')
    .action((o) => run(async () => (await import('./statement.js')).runStatement(o, io)));

  program
    .command('remind')
    .description('write a reminder (lettre de relance) for each member with an overdue notice')
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--on <date>', 'the date of the reminders (default: today)')
    .option('--out <dir>', 'the output root; writes OUT/reminders/<DATE>/reminder-<id>.html and .csv (default: out/ in the workspace)')
    .option('--dialect <dialect>', 'csv (RFC 4180, ISO dates) or excel-fr (";", decimal comma, DD/MM/YYYY)')
    .option('--force', 'replace existing reminders of the same date that differ')
    .addHelpText('after', '\nExample:\n  medcoop remind --on 2025-09-15\n')
    .action((o) => run(async () => (await import('./remind.js')).runRemind(o, io)));

  const index = program
    .command('index')
    .description("the workspace's index file (INSEE values, with their publication dates)")
    .addHelpText('after', '\nExample:\n  medcoop index import valeurs_mensuelles.csv --published-on 2026-04-03\n');
  index
    .command('import')
    .description(
      'merge an INSEE download into the index file: new periods are added, a changed value becomes a new vintage, nothing recorded is ever changed',
    )
    .argument('<file>', 'valeurs_mensuelles.csv (or the ZIP, or the unzipped folder) from insee.fr, or the SDMX-ML answer of bdm.insee.fr/series/sdmx/data/SERIES_BDM/<idbank>')
    .option('--dir <dir>', 'the workspace folder (default: the nearest folder holding medcoop.json, from the current one up)')
    .option('--published-on <date>', 'the date INSEE published the values (default: today)')
    .option('--estimated-dates', "date each value by INSEE's release calendar (history: a download has no date per value), marked estimated")
    .option('--series <idBank>', "the INSEE idBank to import, when medcoop.json's revision.series names none")
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText('after', '\nThe file must hold the series named by revision.series in medcoop.json (its idBank), or by --series.\n\nExample:\n  medcoop index import valeurs_mensuelles.csv --published-on 2026-04-03\n')
    .action((file: string, o) => run(async () => (await import('./index-import.js')).runIndexImport(file, o, io)));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every other commander error is wrong usage.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      printDiagnostics(io, e.diagnostics);
      io.err(`${io.style.err.red(`medcoop: ${e.exitCode === EXIT.usage ? 'usage: ' : ''}${e.message}`)}\n`);
      return e.exitCode;
    }
    return internalError(e, io, argv.includes('--debug'));
  }
}

/**
 * What no command turned into a message. A refusal of the system (a file that
 * cannot be read or written, ENOSPC…) is said as the system says it, exit 1.
 * Anything else is a bug in medcoop: one line that says so, exit 70, and the
 * stack trace only with --debug (issue 4).
 */
export function internalError(e: unknown, io: Io, debug: boolean): number {
  const c = io.style.err;
  const sys = e as NodeJS.ErrnoException;
  if (e instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string') {
    io.err(`${c.red(`medcoop: ${e.message}`)}\n`);
    return EXIT.invalid;
  }
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const where = debug ? 'where it happened follows' : 'the same command with --debug shows where it happened';
  io.err(`${c.red(`medcoop: internal error (a bug in medcoop, not a problem in your files): ${what.split('\n')[0]}; please report it; ${where}`)}\n`);
  if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return EXIT.internal;
}
