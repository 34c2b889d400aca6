/**
 * Help examples as "what it does" on one line and the command below it, broken with `\`
 * continuations to fit yargs' help width (80 columns at most), so a long command never wraps with
 * half of it beside the description, and what is shown still runs when pasted.
 */
import { wrapCommand } from '../report/fit.ts';

const HELP_WIDTH = 78;

export function examples(script: string, list: [command: string, what: string][]): string {
  return ['Examples:', ...list.flatMap(([command, what]) => [`  ${what}:`, wrapCommand(`    ${command.replace(/\$0/g, script)}`, HELP_WIDTH)])].join('\n');
}
