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
import { descriptorIo, printDiagnostics, processIo, toolVersion, type Io } from './context.js';
import { CliError, EXIT, noArguments } from './errors.js';
import { chooseLanguage, t, useLanguage } from './i18n.js';

/** A command's example, after its options in --help: the command line is the same in every language. */
const example = (line: string) => `\n${t('help.example')}\n  ${line}\n`;

/** commander's own headings ("Usage:", "Options:"…), in the language in use. */
const TITLES: Record<string, Parameters<typeof t>[0]> = {
  'Usage:': 'help.title.usage',
  'Options:': 'help.title.options',
  'Commands:': 'help.title.commands',
  'Arguments:': 'help.title.arguments',
  'Global Options:': 'help.title.globalOptions',
};

/**
 * commander's own error messages (an unknown option, a missing value…), in
 * the language in use: commander has no catalogue of its own, so each of the
 * messages medcoop can meet is matched and said again; any other stays as
 * commander wrote it. Exit code 2 either way.
 */
export function commanderError(text: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^error: unknown option '([^']*)'/, (m) => t('commander.unknownOption', { flag: m[1]! })],
    [/^error: unknown command '([^']*)'/, (m) => t('commander.unknownCommand', { name: m[1]! })],
    [/^error: missing required argument '([^']*)'/, (m) => t('commander.missingArgument', { name: m[1]! })],
    [/^error: option '([^']*)' argument missing/, (m) => t('commander.optionArgument', { flags: m[1]! })],
    [
      /^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./,
      (m) => t('commander.tooMany', { command: m[1] ? t('commander.forCommand', { name: m[1] }) : '', expected: t('commander.arguments', { count: Number(m[2]) }), got: m[3]! }),
    ],
  ];
  let out = text;
  for (const [re, say] of rules) {
    const m = re.exec(out);
    if (m) {
      out = say(m) + out.slice(m[0].length);
      break;
    }
  }
  return out.replace(/\(Did you mean (?:one of )?(.*?)\?\)/, (_all, suggestion: string) => t('commander.didYouMean', { suggestion }));
}

export async function main(argv: readonly string[], given?: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const io = given ?? (await processIo(argv.includes('--no-color')));
  // The language first: every help text below is already in it (issue 15).
  const language = chooseLanguage(argv, env);
  await useLanguage(language.lang);
  if (language.bad !== undefined) {
    io.err(`${io.style.err.red(`medcoop: ${t('error.usagePrefix')}${t('usage.lang', { value: JSON.stringify(language.bad) })}`)}\n`);
    return EXIT.usage;
  }
  let code: number = EXIT.ok;
  const program = new Command('medcoop')
    .description(t('help.program'))
    .version(toolVersion(), '-V, --version', t('help.version'))
    .helpOption('-h, --help', t('help.help'))
    .helpCommand('help [command]', t('help.helpCommand'))
    .configureHelp({ styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]!) : title) })
    .option('--no-color', t('help.noColor'))
    .option('--debug', t('help.debug'))
    .option('--lang <fr|en>', t('help.lang'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(commanderError(s)) })
    .showHelpAfterError(t('help.afterError'))
    .addHelpText('after', example('medcoop bill --dir fixtures/nouveau-mons --semester 2025-S1 --issued-on 2025-07-03'));

  const run = async (f: () => Promise<number>) => {
    code = await f();
  };

  program
    .command('bill')
    .description(t('help.bill'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--semester <YYYY-Sn>', t('help.bill.semester'))
    .option('--out <dir>', t('help.bill.out'))
    .option('--issued-on <date>', t('help.bill.issuedOn'))
    .option('--dialect <dialect>', t('opt.dialect'))
    .option('--json', t('opt.json'))
    .option('--force', t('help.bill.force'))
    .option('--html', t('help.bill.html'))
    .option('-q, --quiet', t('help.bill.quiet'))
    .addHelpText('after', example('medcoop bill --semester 2025-S1 --issued-on 2025-07-03 --dialect excel-fr'))
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('bill', cmd.args, ['--semester', '--dir']), (await import('./bill.js')).billCommand(o, io, argv))));

  program
    .command('revise')
    .description(t('help.revise'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--year <k>', t('help.revise.year'))
    .option('--json', t('opt.json'))
    .addHelpText('after', example('medcoop revise --year 3'))
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('revise', cmd.args, ['--year', '--dir']), (await import('./revise.js')).runRevise(o, io))));

  program
    .command('split')
    .description(t('help.split'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--amount <amount>', t('help.split.amount'))
    .option('--on <date>', t('help.split.on'))
    .option('--json', t('opt.json'))
    .addHelpText('after', example('medcoop split --amount 15000 --on 2025-03-12'))
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('split', cmd.args, ['--amount', '--dir']), (await import('./split.js')).runSplit(o, io))));

  program
    .command('check')
    .description(t('help.check'))
    .option('--dir <dir>', t('opt.dir'))
    .addHelpText('after', example('medcoop check --dir fixtures/nouveau-mons'))
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('check', cmd.args, ['--dir']), (await import('./check.js')).runCheck(o, io))));

  program
    .command('explain')
    .description(t('help.explain'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--semester <YYYY-Sn>', t('opt.semester'))
    .option('--member <id>', t('help.explain.member'))
    .option('--invoice <id>', t('help.explain.invoice'))
    .option('--issued-on <date>', t('help.explain.issuedOn'))
    .addHelpText('after', example('medcoop explain --semester 2025-S1 --member vilogia --invoice F2025-02'))
    .allowExcessArguments()
    .action((o, cmd: Command) => run(async () => (noArguments('explain', cmd.args, ['--semester', '--dir']), (await import('./explain.js')).runExplain(o, io))));

  program
    .command('init')
    .description(t('help.init'))
    .argument('[dir]', t('help.init.dirArg'))
    .option('--dir <dir>', t('help.init.dir'))
    .addHelpText('after', example('medcoop init nouveau-mons-2027 && medcoop check --dir nouveau-mons-2027'))
    .action((dir: string | undefined, o) => run(async () => (await import('./init.js')).runInit(dir, o, io)));

  program
    .command('verify')
    .description(t('help.verify'))
    .argument('<outdir>', t('help.verify.outdir'))
    .option('--dir <dir>', t('help.verify.dir'))
    .addHelpText('after', example('medcoop verify fixtures/nouveau-mons/out/2025-S1'))
    .action((outdir: string, o) => run(async () => (await import('./verify.js')).runVerify(outdir, o, io)));

  program
    .command('calendar')
    .description(t('help.calendar'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--from <date>', t('help.calendar.from'))
    .option('--to <date>', t('help.calendar.to'))
    .option('--meeting <date:kind>', t('help.calendar.meeting'), (v: string, prev: string[] = []) => [...prev, v])
    .option('--evaluation <date>', t('help.calendar.evaluation'))
    .option('--json', t('opt.json'))
    .option('--ics <file>', t('help.calendar.ics'))
    .addHelpText('after', example('medcoop calendar --from 2026-01-01 --to 2026-12-31 --meeting 2026-09-15:commission --ics medcoop.ics'))
    .action((o) => run(async () => (await import('./calendar.js')).runCalendar(o, io)));

  program
    .command('vote')
    .description(t('help.vote'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--yes <ids>', t('help.vote.yes'))
    .option('--no <ids>', t('help.vote.no'))
    .option('--abstain <ids>', t('help.vote.abstain'))
    .option('--on <date>', t('help.vote.on'))
    .option('--json', t('opt.json'))
    .addHelpText('after', example('medcoop vote --yes mons,vilogia --no partenord --abstain logis-metropole --on 2026-01-01'))
    .action((o) => run(async () => (await import('./vote.js')).runVote(o, io)));

  program
    .command('forecast')
    .description(t('help.forecast'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--year <k>', t('help.forecast.year'))
    .option('--json', t('opt.json'))
    .addHelpText('after', example('medcoop forecast --year 4'))
    .action((o) => run(async () => (await import('./forecast.js')).runForecast(o, io)));

  program
    .command('interest')
    .description(t('help.interest'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--json', t('opt.json'))
    .addHelpText('after', example('medcoop interest --json'))
    .action((o) => run(async () => (await import('./interest.js')).runInterest(o, io)));

  program
    .command('status')
    .description(t('help.status'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--out <dir>', t('help.status.out'))
    .option('--on <date>', t('help.status.on'))
    .option('--json', t('opt.json'))
    .addHelpText('after', example('medcoop status --on 2025-09-15'))
    .action((o) => run(async () => (await import('./status.js')).runStatus(o, io)));

  program
    .command('statement')
    .description(t('help.statement'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--member <id>', t('help.statement.member'))
    .option('--on <date>', t('help.statement.on'))
    .option('--out <dir>', t('help.statement.out'))
    .option('--dialect <dialect>', t('opt.dialect'))
    .option('--html', t('help.statement.html'))
    .option('--force', t('help.statement.force'))
    .addHelpText('after', example('medcoop statement --member vilogia --on 2025-09-15 --html'))
    .action((o) => run(async () => (await import('./statement.js')).runStatement(o, io)));

  program
    .command('remind')
    .description(t('help.remind'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--on <date>', t('help.remind.on'))
    .option('--out <dir>', t('help.remind.out'))
    .option('--dialect <dialect>', t('opt.dialect'))
    .option('--force', t('help.remind.force'))
    .addHelpText('after', example('medcoop remind --on 2025-09-15'))
    .action((o) => run(async () => (await import('./remind.js')).runRemind(o, io)));

  const index = program
    .command('index')
    .description(t('help.index'))
    .addHelpText('after', example('medcoop index import valeurs_mensuelles.csv --published-on 2026-04-03'));
  index
    .command('import')
    .description(
      t('help.index.import'),
    )
    .argument('<file>', t('help.index.import.file'))
    .option('--dir <dir>', t('opt.dir'))
    .option('--published-on <date>', t('help.index.import.publishedOn'))
    .option('--estimated-dates', t('help.index.import.estimatedDates'))
    .option('--series <idBank>', t('help.index.import.series'))
    .option('--dry-run', t('help.index.import.dryRun'))
    .addHelpText('after', `\n${t('help.index.import.note')}\n${example('medcoop index import valeurs_mensuelles.csv --published-on 2026-04-03')}`)
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
      io.err(`${io.style.err.red(`medcoop: ${e.exitCode === EXIT.usage ? t('error.usagePrefix') : ''}${e.message}`)}\n`);
      return e.exitCode;
    }
    return internalError(e, io, argv.includes('--debug'));
  }
}

/**
 * A `bill` run in a worker thread (src/cli/large.ts): the same command line,
 * written on the process's descriptors, its exit code handed back.
 */
export async function workerMain(): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  const data = workerData as { argv: string[]; colour: { out: boolean; err: boolean } };
  const code = await main(data.argv, await descriptorIo(data.colour));
  parentPort!.postMessage(code);
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
  const where = debug ? t('error.internal.whereFollows') : t('error.internal.whereDebug');
  io.err(`${c.red(`medcoop: ${t('error.internal', { what: what.split('\n')[0]!, where })}`)}\n`);
  if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return EXIT.internal;
}
