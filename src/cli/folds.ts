/**
 * `npm run folds -- <experiment.yaml> [--set …] [--seed N] --out folds.csv`: write the exact test
 * assignment `npm run exp` would use (the runner's own fold function), plus a `folds.json`
 * sidecar with the fold fingerprint, data identity and seeds. Loads the data, trains nothing.
 */
import path from 'node:path';
import yargs from 'yargs';
import { configHash, loadExperiment } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { loadExperimentData } from '../run/experiment.ts';
import { planFolds } from '../run/fold-plan.ts';
import { foldsCsv, foldsSidecar, sidecarPath } from '../run/folds-file.ts';
import { shellQuote } from '../run/shell.ts';
import { EXIT, runMain, strictCommand } from './main.ts';

export interface FoldsIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

function parser(argv: string[]) {
  return strictCommand(
    yargs(argv)
      .scriptName('npm run folds --')
      .usage(
        '$0 <experiment.yaml> --out folds.csv [options]\n\n' +
          'Write the cross-validation test assignment `npm run exp` uses for this experiment: one line per data row and repeat, ' +
          '"row,repeat,fold" (plus the id column when data.idColumn is set); row = 0-based data row in file order after data.rows. ' +
          'A sidecar folds.json records the fold fingerprint, the data identity and the seeds. Trains nothing.',
      )
      .option('out', { type: 'string', demandOption: true, describe: 'CSV to write (the sidecar goes beside it, .csv → .json)' })
      .option('seed', { type: 'number', describe: 'override the root seed (the folds follow it)' })
      .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a config key, e.g. --set cv.folds=10 (repeatable)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no summary line' })
      .example('$0 experiments/ga-hurdle.yaml --out folds.csv', 'the folds of the GA experiments')
      .help(),
    'npm run folds',
  );
}

export async function runFoldsCommand(argv: string[], io: FoldsIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const args = await parser(argv).parseAsync();
  if (args.help) return EXIT.ok;
  const files = args._.map(String);
  if (files.length !== 1) {
    throw new UserError('CLI_USAGE', files.length ? `expected one experiment file, got ${files.length}.` : 'no experiment file given.', {
      hint: 'Usage: npm run folds -- experiments/baseline.yaml --out folds.csv',
    });
  }
  const { config } = loadExperiment(files[0], { overrides: args.set, seed: args.seed });
  const data = await loadExperimentData(config);
  if (!data.target) throw new UserError('CSV_HEADER', `the data has no target column ${JSON.stringify(config.data.target)}, so it has no folds.`, { key: 'data.target' });
  const plan = planFolds(config, data);
  const csvText = foldsCsv(plan, data, config.data.idColumn);
  const out = path.resolve(args.out);
  const command = `npm run folds -- ${[files[0], ...args.set.flatMap((s) => ['--set', s]), '--seed', String(config.seed), '--out', args.out].map(shellQuote).join(' ')}`;
  const sidecar = foldsSidecar({ config, configHash: configHash(config, data.identity.sha256), plan, data, csvName: path.basename(out), csvText, command });
  await writeFileAtomic(out, csvText);
  await writeFileAtomic(sidecarPath(out), `${JSON.stringify(sidecar, null, 2)}\n`);
  if (!args.quiet) {
    io.stdout.write(
      `${config.name}: ${data.rowCount} rows × ${config.cv.repeats} repeat${config.cv.repeats > 1 ? 's' : ''}, ${config.cv.folds} folds (fingerprint ${plan.fingerprint.slice(0, 12)})\n` +
        `wrote ${path.relative(process.cwd(), out) || out} and ${path.relative(process.cwd(), sidecarPath(out))}\n`,
    );
  }
  return EXIT.ok;
}

runMain(import.meta.url, runFoldsCommand);
