/**
 * The shared edge of every command: run a command function, print a UserError as one paragraph
 * (no stack trace) and turn the outcome into an exit code. Only CLI entry files call this.
 */
import { pathToFileURL } from 'node:url';
import type { Argv } from 'yargs';
import { isUserError, UserError } from '../errors.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export function isMain(metaUrl: string): boolean {
  return process.argv[1] !== undefined && metaUrl === pathToFileURL(process.argv[1]).href;
}

/** Format any thrown value for the terminal and choose the exit code. */
export function reportError(e: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (isUserError(e)) {
    stderr.write(`error: ${e.message}\n`);
    return e.code === 'INTERRUPTED' ? EXIT.interrupted : EXIT.usage;
  }
  stderr.write(`internal error (a bug in hurdle-lab, please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.failed;
}

export function runMain(metaUrl: string, command: (argv: string[]) => Promise<number>): void {
  if (!isMain(metaUrl)) return;
  command(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => process.exit(reportError(e)),
  );
}

/**
 * The parser settings every command shares: unknown options are errors, no --version, no
 * process.exit from yargs (tests call commands directly), and usage errors become UserErrors
 * that point at the command's --help.
 */
export function strictCommand<T>(parser: Argv<T>, command: string): Argv<T> {
  return parser
    .strictOptions()
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UserError('CLI_USAGE', msg, { hint: `Run \`${command} -- --help\` for the options.` });
    });
}
