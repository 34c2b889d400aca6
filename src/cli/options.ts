/**
 * Options several commands share, defined once: the experiment overrides (`--set`, `--seed`) of
 * exp, folds and score, `--backend` and `--quiet`; and the checks on what they parse to, so a bad
 * value gets the same message from every command.
 */
import { BACKENDS } from '../backend.ts';
import { UserError } from '../errors.ts';

/** `--set` and `--seed` (a string, checked by parseSeed, so `--seed abc` names the text rather than NaN). */
export function experimentOptions(seedNote: string) {
  return {
    set: { type: 'string', array: true, default: [] as string[], describe: 'override a config key, e.g. --set train.epochs=2 (repeatable)' },
    seed: { type: 'string', describe: `override the root seed (${seedNote})` },
  } as const;
}

export function backendOption(describe = 'tfjs backend: auto = tensorflow → wasm → cpu') {
  return { backend: { type: 'string', choices: ['auto', ...BACKENDS], default: 'auto', describe } } as const;
}

export function quietOption(describe = 'no summary line') {
  return { quiet: { type: 'boolean', default: false, describe } } as const;
}

/** --workers: a positive integer or 'auto'. */
export function parseWorkers(v: string | undefined): number | 'auto' | undefined {
  if (v === undefined) return undefined;
  if (v === 'auto') return 'auto';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError('CLI_USAGE', 'bad --workers value.', { key: '--workers', expected: "a positive integer or 'auto'", found: JSON.stringify(v) });
  return n;
}

export function parseSeed(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new UserError('CLI_USAGE', 'bad --seed value.', { key: '--seed', expected: 'a non-negative integer such as 42', found: JSON.stringify(v) });
  return n;
}

/** The one experiment file a command takes as its positional argument. */
export function oneExperimentFile(positionals: (string | number)[], usage: string): string {
  const files = positionals.map(String);
  if (files.length !== 1) {
    throw new UserError('CLI_USAGE', files.length ? `expected one experiment file, got ${files.length}.` : 'no experiment file given.', { hint: `Usage: ${usage}` });
  }
  return files[0];
}

/** `--set a=1 --set b=2` back as argv words, for the reproduce command a result records. */
export function setArgs(sets: readonly string[]): string[] {
  return sets.flatMap((s) => ['--set', s]);
}
