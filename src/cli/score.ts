/**
 * `npm run score -- <experiment.yaml> --predictions oof.csv --name lightgbm [--out DIR]`: score
 * out-of-fold predictions made by another tool (LightGBM, XGBoost, a notebook) on the
 * experiment's folds and write an ordinary result file (model type `external`) that the reporter
 * pairs with our runs. The file is checked completely before anything is written.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadExperiment } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { writeResultAtomic } from '../results/write.ts';
import { freeResultName } from '../results/name.ts';
import { oofPathFor, writeOof } from '../results/oof.ts';
import { loadExperimentData } from '../run/experiment.ts';
import { foldAssignment, planFolds } from '../run/fold-plan.ts';
import { parsePredictionsCsv } from '../run/predictions-file.ts';
import { scoreExternal } from '../run/score.ts';
import { shellQuote } from '../run/shell.ts';
import { summaryLines } from './summary.ts';
import { examples } from './help.ts';
import { commandParser, defineCli, EXIT, processIo, runMain, type ArgsOf, type CommandIo } from './main.ts';
import { experimentOptions, oneExperimentFile, parseSeed, quietOption, setArgs } from './options.ts';

export type ScoreIo = CommandIo;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function parser(argv: string[]) {
  return commandParser(
    argv,
    'score',
    '$0 <experiment.yaml> --predictions oof.csv --name NAME [options]\n\n' +
      'Score out-of-fold predictions made outside hurdle-lab on this experiment\'s folds (`npm run folds`) and write a result file ' +
      '(model type external) that `npm run report` compares with our runs, paired fold by fold. The CSV has the header ' +
      '"row,repeat,prediction" (E[y], ≥ 0), optionally "fold" (checked against the experiment), "purchaseProb" and "amount" ' +
      '(two-part models: P(y > 0) → AUC, E[y | y > 0] → amount R²) and the id column.',
  )
    .option('predictions', { type: 'string', demandOption: true, describe: 'out-of-fold predictions CSV' })
    .option('name', { type: 'string', demandOption: true, describe: 'run name for the report (lightgbm, xgboost, ...)' })
    .option('out', { type: 'string', default: 'results', describe: 'directory for the result file' })
    .options({ ...experimentOptions('must match the one the folds were exported with'), ...quietOption('no summary') })
    .epilogue(examples('npm run score --', [['$0 experiments/ga-hurdle.yaml --predictions oof.csv --name lightgbm', 'score LightGBM predictions, then compare: npm run report']]));
}

type ScoreArgs = ArgsOf<typeof parser>;

export const runScoreCommand = defineCli(parser, scoreCommand, processIo);

async function scoreCommand(args: ScoreArgs, io: ScoreIo): Promise<number> {
  const startedAt = new Date();
  const file = oneExperimentFile(args._, 'npm run score -- experiments/baseline.yaml --predictions oof.csv --name lightgbm');
  if (!NAME.test(args.name)) {
    throw new UserError('CLI_USAGE', 'bad --name: it is used in the result file name.', { key: '--name', expected: 'letters, digits, ".", "_" or "-"', found: JSON.stringify(args.name) });
  }
  const { config, origin } = loadExperiment(file, { overrides: args.set, seed: parseSeed(args.seed) });
  let text: string;
  try {
    text = await readFile(args.predictions, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError('FILE_NOT_FOUND', `cannot read the predictions file (${code ?? String(e)}).`, { file: args.predictions, key: '--predictions', hint: 'Check the path.' });
  }
  const t = performance.now();
  const data = await loadExperimentData(config);
  if (!data.target) throw new UserError('CSV_HEADER', `the data has no target column ${JSON.stringify(config.data.target)}, so nothing can be scored.`, { key: 'data.target' });
  const plan = planFolds(config, data);
  const loadMs = performance.now() - t;
  const predictions = parsePredictionsCsv(text, {
    file: args.predictions,
    nRows: data.rowCount,
    assignment: foldAssignment(plan, data.rowCount),
    idColumn: config.data.idColumn,
    ids: data.ids,
  });
  const reproduce = `npm run score -- ${[file, ...setArgs(args.set), '--seed', String(config.seed), '--predictions', args.predictions, '--name', args.name].map(shellQuote).join(' ')}`;
  const body = scoreExternal({
    config, origin, data, plan, predictions, name: args.name,
    file: { name: path.basename(args.predictions), sha256: sha256(text) },
    reproduce, startedAt, loadMs,
  });
  const outDir = path.resolve(args.out);
  // Like a run, the result carries its out-of-fold predictions side file (src/results/oof.ts).
  const perFold = plan.folds.map((f) => ({
    repeat: f.repeat, fold: f.fold, rows: f.test,
    prediction: Array.from(f.test, (r) => predictions.prediction[f.repeat][r]),
    ...(predictions.purchaseProb && predictions.amount
      ? { purchaseProb: Array.from(f.test, (r) => predictions.purchaseProb![f.repeat][r]), amount: Array.from(f.test, (r) => predictions.amount![f.repeat][r]) }
      : {}),
  }));
  body.oof = await writeOof(oofPathFor(path.join(outDir, freeResultName(outDir, body))), perFold);
  const written = await writeResultAtomic(outDir, body);
  if (!args.quiet) io.stdout.write(`${summaryLines({ ...body, checksum: '' }, written).join('\n')}\n`);
  return EXIT.ok;
}

runMain(import.meta.url, runScoreCommand);
