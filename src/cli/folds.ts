/**
 * `npm run folds -- <experiment.yaml> [--set …] [--seed N] --out folds.csv`: write the exact test
 * assignment `npm run exp` would use (the runner's own fold function), plus a `folds.json`
 * sidecar with the fold fingerprint, data identity and seeds. Loads the data, trains nothing.
 */
import path from 'node:path';
import { configHash, loadExperiment } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { loadExperimentData } from '../run/experiment.ts';
import { planFolds } from '../run/fold-plan.ts';
import { foldsCsv, foldsSidecar, sidecarPath } from '../run/folds-file.ts';
import { shellQuote } from '../run/shell.ts';
import { examples } from './help.ts';
import { commandParser, defineCli, EXIT, processIo, runMain, type ArgsOf, type CommandIo } from './main.ts';
import { experimentOptions, oneExperimentFile, parseSeed, quietOption, setArgs } from './options.ts';

export type FoldsIo = CommandIo;

function parser(argv: string[]) {
  return commandParser(
    argv,
    'folds',
    '$0 <experiment.yaml> --out folds.csv [options]\n\n' +
      'Write the cross-validation test assignment `npm run exp` uses for this experiment: one line per data row and repeat, ' +
      '"row,repeat,fold" (plus the id column when data.idColumn is set); row = 0-based data row in file order after data.rows. ' +
      'A sidecar folds.json records the fold fingerprint, the data identity and the seeds. Trains nothing.',
  )
    .option('out', { type: 'string', demandOption: true, describe: 'CSV to write (the sidecar goes beside it, .csv → .json)' })
    .options({ ...experimentOptions('the folds follow it'), ...quietOption() })
    .epilogue(examples('npm run folds --', [['$0 experiments/ga-hurdle.yaml --out folds.csv', 'the folds of the GA experiments']]));
}

type FoldsArgs = ArgsOf<typeof parser>;

export const runFoldsCommand = defineCli(parser, foldsCommand, processIo);

async function foldsCommand(args: FoldsArgs, io: FoldsIo): Promise<number> {
  const file = oneExperimentFile(args._, 'npm run folds -- experiments/baseline.yaml --out folds.csv');
  const { config } = loadExperiment(file, { overrides: args.set, seed: parseSeed(args.seed) });
  const data = await loadExperimentData(config);
  if (!data.target) throw new UserError('CSV_HEADER', `the data has no target column ${JSON.stringify(config.data.target)}, so it has no folds.`, { key: 'data.target' });
  const plan = planFolds(config, data);
  const csvText = foldsCsv(plan, data, config.data.idColumn);
  const out = path.resolve(args.out);
  const command = `npm run folds -- ${[file, ...setArgs(args.set), '--seed', String(config.seed), '--out', args.out].map(shellQuote).join(' ')}`;
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
