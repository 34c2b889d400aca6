/**
 * `npm run predict -- --model DIR --data test.csv --out submission.csv [--id-column NAME]`:
 * apply a saved model (a directory written by `npm run exp -- ... --save-model DIR`) to a CSV
 * without a target and write the competition's submission file, `id,<target>`, one row per input
 * row in file order. Only the columns the model was trained on are read; a target column in the
 * file, if any, is ignored.
 */
import path from 'node:path';
import { initBackend, type BackendName } from '../backend.ts';
import { columnSpecsFor } from '../features/pipeline.ts';
import { loadCsv } from '../data/csv.ts';
import { summarizeValues } from '../data/describe.ts';
import { rowsWithEarlierSessions } from '../features/history.ts';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { planOutputs } from '../files/plan.ts';
import { predictWithRun, readSavedRun } from '../run/saved-run.ts';
import { unseenCategories } from '../features/unseen.ts';
import { formatCount, formatDuration, formatNumber, formatShare } from '../numbers.ts';
import { examples } from './help.ts';
import { commandParser, defineCli, EXIT, processIo, runMain, type ArgsOf, type CommandIo } from './main.ts';
import { backendOption, quietOption } from './options.ts';

export type PredictIo = CommandIo;

function parser(argv: string[]) {
  return commandParser(
    argv,
    'predict',
    '$0 --model DIR --data test.csv --out submission.csv [options]\n\n' +
      'Predict E[purchase value] for every row of a CSV with a saved model and write a submission file ' +
      '"id,<target>" (written atomically). Ids are the id column\'s values when one is configured ' +
      '(the experiment\'s data.idColumn, or --id-column), else the 0-based row index of the file. ' +
      'Predictions are clamped at 0. Categories unseen in training are handled by the fitted pipeline; ' +
      'a feature column missing from the file is an error that names it.',
  )
    .option('model', { type: 'string', demandOption: true, describe: 'saved model directory (experiment.json, pipeline.json, model.json, weights.bin)' })
    .option('data', { type: 'string', demandOption: true, describe: 'CSV to predict (header row; the target column is not needed)' })
    .option('out', { type: 'string', demandOption: true, describe: 'submission CSV to write' })
    .option('id-column', { type: 'string', describe: "column whose values become the ids (default: the experiment's data.idColumn)" })
    .option('row-index', { type: 'boolean', default: false, describe: 'use the 0-based row index as id even when an id column is configured' })
    .options({ ...backendOption(), ...quietOption() })
    .epilogue(
      examples('npm run predict --', [
        ['$0 --model models/baseline --data test.csv --out submission.csv', 'ids are row numbers 0, 1, 2, ...'],
        ['$0 --model models/hurdle --data test.csv --out sub.csv --id-column sessionId', 'ids from a column'],
      ]),
    );
}

type PredictArgs = ArgsOf<typeof parser>;

/** RFC 4180: quote a field that holds a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function submissionCsv(target: string, yHat: Float64Array, ids: string[] | null): string {
  const lines = [`id,${csvField(target)}`];
  for (let i = 0; i < yHat.length; i++) lines.push(`${ids ? csvField(ids[i]) : i},${Math.max(0, yHat[i])}`);
  return `${lines.join('\n')}\n`;
}

export const runPredictCommand = defineCli(parser, predictCommand, processIo);

async function predictCommand(args: PredictArgs, io: PredictIo): Promise<number> {
  const positionals = (args._ as (string | number)[]).map(String);
  if (positionals.length > 0) {
    throw new UserError('CLI_USAGE', `unexpected argument ${JSON.stringify(positionals[0])}.`, {
      hint: 'Name every input with its option: --model DIR --data test.csv --out submission.csv.',
    });
  }
  if (args.rowIndex && args.idColumn !== undefined) {
    throw new UserError('CLI_USAGE', '--row-index and --id-column contradict each other.', { key: '--row-index', hint: 'Give one of them.' });
  }
  const t0 = performance.now();
  const [out] = await planOutputs([{ flag: '--out', path: args.out, kind: 'file' }], [
    { what: 'the --data file', path: args.data },
    { what: 'the --model folder', path: args.model },
  ]);
  const run = readSavedRun(args.model);
  const { experiment, pipeline } = run;
  const idColumn = args.rowIndex ? null : (args.idColumn ?? experiment.config.data.idColumn);
  const data = await loadCsv(args.data, { columns: columnSpecsFor(pipeline.config), target: null, idColumn, displayPath: args.data, pathHint: 'check --data (a relative path is resolved from the current directory)' });
  const history = pipeline.history;
  if (history && data.rowCount > 0 && rowsWithEarlierSessions(history, data) === 0) {
    io.stderr.write(
      `note: ${args.data} has no earlier sessions: no row shares its ${history.config.groupBy} with an earlier ${history.config.time} in the file, ` +
        `so the model's history inputs are empty and every prediction uses the session alone. The model reads a user's history from the file ` +
        `itself: to use it, include each user's earlier sessions (with their ${history.config.amount}) in the file you predict.\n`,
    );
  }
  await initBackend(args.backend as BackendName | 'auto');
  const yHat = predictWithRun(run, data).map((v) => Math.max(0, v)); // NaN stays NaN, caught below
  const bad = yHat.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new UserError('MODEL_INVALID', `the model predicts ${yHat[bad]} for row ${bad} (line ${bad + 2}); no submission was written.`, {
      file: args.data,
      hint: 'The row is far outside the training data; for two-part models enable model.clampLogAmount and save the model again.',
    });
  }
  await writeFileAtomic(out.real, submissionCsv(experiment.config.data.target, yHat, idColumn ? data.ids! : null), 'write the submission file');
  // Unseen categories are handled by the encoders, but never silently: printed (even with --quiet) and recorded.
  const unseen = unseenCategories(pipeline, data);
  for (const u of unseen) {
    io.stderr.write(`warning: ${u.column}: ${formatCount(u.rows)} rows (${formatShare(u.rows / data.rowCount)}) have ${formatCount(u.distinct)} categories unseen in training, e.g. ${u.examples.map((e) => JSON.stringify(e)).join(', ')}\n`);
  }
  await writeFileAtomic(`${out.real}.predict.json`, `${JSON.stringify({ model: path.resolve(args.model), data: path.resolve(args.data), rows: data.rowCount, target: experiment.config.data.target, unseenCategories: unseen }, null, 2)}\n`, 'write the prediction record');
  if (!args.quiet) io.stdout.write(`${summaryLine(yHat, experiment.config.model.type, args.out, performance.now() - t0)}\n`);
  return EXIT.ok;
}

function summaryLine(yHat: Float64Array, type: string, out: string, ms: number): string {
  const { n, sum, max, positive } = summarizeValues(yHat);
  return `${formatCount(n)} rows predicted (${type}): mean ${formatNumber(sum / n)}, max ${formatNumber(max)}, ${formatShare(positive / n)} > 0; wrote ${out} (and ${out}.predict.json) in ${formatDuration(ms)}`;
}

runMain(import.meta.url, runPredictCommand);
