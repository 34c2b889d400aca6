/**
 * The one error path of every command. A command is `(argv, io) => exit code`, wrapped by
 * `defineCommand` (or `defineCli`, which parses its options first), which catches anything it
 * throws and reports it with `reportError`: a UserError as one paragraph (no stack trace), a
 * file-system fault as a FILE_SYSTEM UserError naming the path, anything else as an internal
 * error with its stack. Every parser is a `strictCommand`, and `--help` is written to the
 * command's stdout by `parseOrHelp`. Only `runMain` (the entry block of each CLI file) calls
 * process.exit; tests call the commands directly.
 */
import { pathToFileURL } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { isUserError, UserError, type UserErrorCode } from '../errors.ts';
import { fsFault } from '../files/fault.ts';

/** Every exit code of every command; the README's table lists the same. */
export const EXIT = {
  ok: 0,
  /** A fold (or the refit) diverged, or --reproduce found a difference. */
  failed: 1,
  /** Bad input: usage, config, data, or an output that would overwrite an input. */
  usage: 2,
  /** The file system refused (read-only, full, not a directory, busy, permission). */
  environment: 3,
  /** The run would need more memory than allowed (or than can be allocated at all). */
  resources: 4,
  /** A bug in hurdle-lab (sysexits' EX_SOFTWARE). */
  internal: 70,
  /** SIGINT, SIGTERM, SIGHUP, or the parent process (npm) went away. */
  interrupted: 130,
} as const;

const EXIT_OF: Partial<Record<UserErrorCode, number>> = {
  INTERRUPTED: EXIT.interrupted,
  FILE_SYSTEM: EXIT.environment,
  RESOURCE_LIMIT: EXIT.resources,
  QUEUE_UNAVAILABLE: EXIT.environment,
};

export function exitCodeOf(e: UserError): number {
  return EXIT_OF[e.code] ?? EXIT.usage;
}

/** Anything a command writes to: a stream, or a test's capture. */
export interface Sink {
  write(text: string): unknown;
}

export interface CommandIo {
  stdout: Sink;
  stderr: Sink;
}

export type Command<Io extends CommandIo> = (argv: string[], io?: Io) => Promise<number>;

export function isMain(metaUrl: string): boolean {
  return process.argv[1] !== undefined && metaUrl === pathToFileURL(process.argv[1]).href;
}

/** Format any thrown value for the terminal and choose the exit code. */
export function reportError(thrown: unknown, stderr: Sink = process.stderr): number {
  const e = fsFault(thrown, undefined, 'access the file');
  if (isUserError(e)) {
    stderr.write(`error: ${e.message}\n`);
    return exitCodeOf(e);
  }
  stderr.write(`internal error (a bug in hurdle-lab, please report it; exit ${EXIT.internal}):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.internal;
}

/** A command whose every failure goes through reportError; `defaultIo` is the process's streams. */
export function defineCommand<Io extends CommandIo>(body: (argv: string[], io: Io) => Promise<number>, defaultIo: () => Io): Command<Io> {
  return async (argv, io = defaultIo()) => {
    try {
      return await body(argv, io);
    } catch (e) {
      return reportError(e, io.stderr);
    }
  };
}

/**
 * A command with options: argv is parsed (and --help answered) before `body` runs, and every
 * failure of either goes through reportError.
 */
export function defineCli<Io extends CommandIo, T>(
  parser: (argv: string[]) => Argv<T>,
  body: (args: Parsed<T>, io: Io, argv: string[]) => Promise<number>,
  defaultIo: () => NoInfer<Io>,
): Command<Io> {
  return defineCommand<Io>(async (argv, io) => {
    const args = await parseOrHelp(parser(argv), argv, io);
    return args ? body(args, io, argv) : EXIT.ok;
  }, defaultIo);
}

export const processIo = (): CommandIo => ({ stdout: process.stdout, stderr: process.stderr });

export function runMain(metaUrl: string, command: (argv: string[]) => Promise<number>): void {
  if (!isMain(metaUrl)) return;
  command(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => process.exit(reportError(e)),
  );
}

/**
 * The parser settings every command shares: unknown options are errors, --help but no --version,
 * no process.exit from yargs (tests call commands directly), and usage errors become UserErrors
 * that point at the command's --help.
 */
export function strictCommand<T>(parser: Argv<T>, command: string): Argv<T> {
  return parser
    .strictOptions()
    .version(false)
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UserError('CLI_USAGE', msg, { hint: `Run \`${command} -- --help\` for the options.` });
    });
}

/** `npm run <name> --`: a strictCommand parser with the script's name and usage text. */
export function commandParser(argv: string[], name: string, usage: string): Argv {
  return strictCommand(yargs(argv).scriptName(`npm run ${name} --`).usage(usage), `npm run ${name}`);
}

/** What a parser gives: the options, `_` (the positionals) and `$0`. */
export type Parsed<T> = Awaited<ReturnType<Argv<T>['parseAsync']>>;

/** What a command's `parser(argv)` gives. */
export type ArgsOf<P> = P extends (argv: string[]) => Argv<infer T> ? Parsed<T> : never;

/**
 * Parse `argv` with a strictCommand parser. `--help` (the command's or a subcommand's) is written
 * to io.stdout, not to the console, and gives null: the command then returns EXIT.ok.
 */
export async function parseOrHelp<T>(parser: Argv<T>, argv: string[], io: CommandIo): Promise<Parsed<T> | null> {
  let help = '';
  // With a callback yargs hands over what it would print instead of printing it.
  const args = await parser.parseAsync(argv, {}, (_error, _argv, output) => {
    help = output;
  });
  if (!help) return args as Parsed<T>;
  io.stdout.write(`${help}\n`);
  return null;
}
