/**
 * `npm run exp -- experiments/baseline.yaml [options]`: run a seeded k-fold experiment and write
 * a self-describing result file. `--reproduce results/x.json` reruns one from the file alone.
 */
import path from 'node:path';
import type { BackendName } from '../backend.ts';
import { loadExperiment } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { readOneResult } from '../results/read.ts';
import { runExperiment, shownPath, type RunOptions } from '../run/experiment.ts';
import { dataChange, finishedResult, hasCheckpointFor } from '../run/finished.ts';
import { refitOnly, refuseExistingModel } from '../run/refit.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { oofCsvOf } from '../run/oof-export.ts';
import { interrupted } from '../run/schedule.ts';
import { parseSweepArg, planSweep, runSweep, sweepSummary } from '../run/sweep.ts';
import { shouldShowProgress, silentProgress, terminalProgress } from '../run/progress.ts';
import { lineProgress } from '../run/progress-lines.ts';
import { planRunOutputs, saveFromResult } from '../run/plan-run.ts';
import { capWorkers, parseMemory } from '../run/resources.ts';
import { shellQuote } from '../run/shell.ts';
import { examples } from './help.ts';
import { commandParser, defineCli, EXIT, processIo, runMain, type ArgsOf, type CommandIo } from './main.ts';
import { backendOption, experimentOptions, oneExperimentFile, parseSeed, parseWorkers, quietOption, setArgs } from './options.ts';
import { reproduceRun } from './exp-reproduce.ts';
import { summaryLines } from './summary.ts';
import { interruptSignal } from './signals.ts';
import { openSubmitterQueue, type SubmitterQueue } from './exp-queue.ts';

export interface ExpIo extends CommandIo {
  /** Interrupt source; the real CLI wires SIGINT/SIGTERM to it. */
  signal?: AbortSignal;
}

function parser(argv: string[]) {
  return commandParser(
    argv,
    'exp',
    '$0 <experiment.yaml> [options]\n\nRun seeded k-fold cross-validation for one experiment and write results/<name>-s<seed>-<hash>.json.',
  )
    .positional('experiment', { type: 'string', describe: 'experiment YAML file (see experiments/)' })
    .options({ ...experimentOptions('all derived seeds follow'), ...backendOption() })
    .option('workers', { type: 'string', describe: "fold worker threads: a number or 'auto' (default: cv.workers; auto = the fewest with the shortest makespan, e.g. 3 for 5 folds on 2 cores)" })
    .option('out', { type: 'string', default: 'results', describe: 'directory for result files' })
    .option('sweep', { type: 'string', array: true, default: [] as string[], describe: 'sweep a key over values, e.g. --sweep train.learningRate=0.001,0.0003 (repeatable; the Cartesian product runs, one result per point)' })
    .option('resume', { type: 'boolean', default: false, describe: 'reuse the finished folds of an interrupted identical run; in a sweep, skip points already done' })
    .option('reproduce', { type: 'string', describe: 'rerun the run recorded in a result file and compare every fold metric' })
    .option('save-model', { type: 'string', describe: 'after CV, refit the pipeline and model on all rows and save them to DIR (for npm run predict); in a sweep, one subfolder per point. When --out already holds the complete result of the same run, only the refit runs' })
    .option('queue', { type: 'string', describe: 'compute the folds as jobs on this Redis, redis://HOST:PORT[/DB], by `npm run worker` processes on any machines' })
    .option('force', { type: 'boolean', default: false, describe: 'let --save-model replace a folder that already holds a model' })
    .option('oof', { type: 'string', describe: 'also write the out-of-fold predictions as plain CSV to FILE (row,repeat,fold,prediction[,purchaseProb,amount])' })
    .option('importance', { type: 'boolean', default: false, describe: 'permutation importance per source column on each test fold (= --set metrics.importance=true; repeats: metrics.importanceRepeats)' })
    .option('max-memory', { type: 'string', describe: "memory the run may plan to use, e.g. 8G (default: 80% of the machine's); a run estimated above it is refused before it starts" })
    .option('force-workers', { type: 'boolean', default: false, describe: 'keep a --workers count above the number of cores (normally capped, with a note)' })
    .option('from', { type: 'string', describe: 'with --save-model: refit and save the model of the run recorded in this result file, without rerunning CV' })
    .options(quietOption('no progress and no summary (row counts, warnings, sweep points and refit messages still print)'))
    .epilogue(
      examples('npm run exp --', [
        ['$0 experiments/baseline.yaml', 'the baseline MLP on built-in synthetic data'],
        ['$0 experiments/hurdle.yaml --seed 7 --set train.epochs=2', 'override the seed and a key'],
        ['$0 experiments/hurdle.yaml --sweep train.learningRate=0.001,0.0003 --sweep model.trunk=[],[64]', 'a 2×2 sweep'],
        ['$0 --reproduce results/baseline-s42-1a2b3c4d.json', 'check a result reproduces exactly'],
        ['$0 experiments/hurdle.yaml --queue redis://10.0.0.5:6379', 'folds as jobs for `npm run worker` on other machines'],
        ['$0 --from results/baseline-s42-1a2b3c4d.json --save-model models/baseline', 'save the model of a finished run'],
      ]),
    );
}

type ExpArgs = ArgsOf<typeof parser>;

export const runExpCommand = defineCli(parser, expCommand, processIo);

async function expCommand(args: ExpArgs, io: ExpIo, argv: string[]): Promise<number> {
  if (!args.queue) return runExp(argv, args, io);
  const showBars = shouldShowProgress(io.stderr as NodeJS.WriteStream, args.quiet);
  const queue = await openSubmitterQueue(args.queue, args.workers, args.quiet || showBars ? null : (line) => io.stderr.write(`${line}\n`));
  try {
    return await runExp(argv, args, io, queue);
  } finally {
    await queue.close();
  }
}

async function runExp(argv: string[], args: ExpArgs, io: ExpIo, queue?: SubmitterQueue): Promise<number> {
  const files = (args._ as (string | number)[]).map(String);
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const tty = io.stderr as NodeJS.WriteStream;
  // A bar on a terminal, plain lines every few seconds elsewhere, nothing with --quiet.
  const progressFor = (label: string) =>
    args.quiet ? silentProgress : shouldShowProgress(tty, false) ? terminalProgress(tty, label) : lineProgress(log, label);
  const common: Omit<RunOptions, 'reproduce' | 'write'> = {
    outDir: path.resolve(args.out),
    backend: args.backend as BackendName | 'auto',
    workers: capWorkers(parseWorkers(args.workers), args.forceWorkers, log),
    maxMemory: args.maxMemory === undefined ? undefined : parseMemory(args.maxMemory),
    resume: args.resume,
    signal: io.signal,
    log,
    executor: queue?.executor,
  };

  if (args.from !== undefined) {
    if (files.length || args.reproduce || !args.saveModel) {
      throw new UserError('CLI_USAGE', '--from takes a result file and --save-model DIR, and nothing else to run.', {
        key: '--from',
        hint: 'Usage: npm run exp -- --from results/<file>.json --save-model models/<name>.',
      });
    }
    refuseExistingModel(path.resolve(args.saveModel), args.force);
    await saveFromResult(args.from, args.saveModel, { backend: common.backend, log, signal: io.signal });
    return EXIT.ok;
  }

  if (args.reproduce) {
    if (files.length) throw new UserError('CLI_USAGE', '--reproduce takes the result file alone, not an experiment file too.', { key: '--reproduce' });
    return reproduceRun(args.reproduce, { ...common, backendGiven: argv.includes('--backend'), progressFor, stdout: io.stdout });
  }

  const saveModelDir = args.saveModel ? path.resolve(args.saveModel) : undefined;
  if (files.length === 1 && /\.json$/i.test(files[0])) {
    if (!saveModelDir) throw new UserError('CLI_USAGE', `${files[0]} is a result file; run an experiment YAML, or pass --save-model DIR to refit this result's model, or --reproduce to rerun it.`, { key: files[0] });
    refuseExistingModel(saveModelDir, args.force);
    await refitOnly(await readOneResult(files[0], 'refit'), saveModelDir, args.backend as BackendName | 'auto', log, io.signal);
    return EXIT.ok;
  }
  const experiment = oneExperimentFile(files, 'npm run exp -- experiments/baseline.yaml (or --reproduce results/<file>.json).');
  const overrides = args.importance ? [...args.set, 'metrics.importance=true'] : args.set;
  const { config, origin } = await loadExperiment(experiment, { overrides, seed: parseSeed(args.seed) });
  const reproduce = `npm run exp -- ${[experiment, ...setArgs(overrides), '--seed', String(config.seed)].map(shellQuote).join(' ')}`;
  const plan = planSweep(config, args.sweep.map(parseSweepArg));
  if (plan && args.oof) throw new UserError('CLI_USAGE', '--oof writes one run\'s predictions, but this is a sweep.', { key: '--oof', hint: 'Export each point afterwards: npm run results -- oof results/<point>.json --out <file>.csv' });
  const outputs = await planRunOutputs(config, origin, { outDir: args.out, saveModelDir: args.saveModel, sweep: !!plan });
  common.outDir = outputs.outDir!;
  if (plan) {
    // All points up front, so workers never wait between points (with --resume, points done already are skipped one by one instead).
    if (queue && !args.resume) await queue.submitSweep(plan, common.backend);
    if (saveModelDir) for (const p of plan.points) refuseExistingModel(path.join(saveModelDir, p.config.name), args.force);
    const outcome = await runSweep(plan, origin, { ...common, write: true, reproduce, progress: progressFor(config.name), saveModelDir: outputs.saveModelDir });
    if (!args.quiet) io.stdout.write(`${sweepSummary(outcome).join('\n')}\n`);
    if (outcome.runs.length < plan.points.length) throw interrupted();
    return outcome.runs.every((r) => r.result.perFold.every((f) => f.status === 'ok')) ? EXIT.ok : EXIT.failed;
  }
  if (saveModelDir) refuseExistingModel(saveModelDir, args.force);
  // The same run already complete in --out: --resume has nothing to do, --save-model only refits.
  if ((args.resume || saveModelDir) && !hasCheckpointFor(common.outDir, config)) {
    const done = await finishedResult(common.outDir, config);
    const change = done ? await dataChange(done.result.data) : null;
    if (done && !change) {
      if (saveModelDir) {
        log(`CV already complete: ${shownPath(done.path)} (same config, seed and data); refitting on all rows only`);
        await refitOnly(done, saveModelDir, common.backend, log, io.signal);
        return EXIT.ok;
      }
      log(`already complete: ${shownPath(done.path)} (same config, seed and data; nothing to resume)`);
      if (!args.quiet) io.stdout.write(`${summaryLines(done.result, done.path).join('\n').replace(/\nwrote .*$/, '')}\n`);
      return EXIT.ok;
    }
    if (done && change) log(`${shownPath(done.path)} has the same config, but ${change}: running again`);
  }
  const { result, path: file, resumedFolds } = await runExperiment(config, origin, {
    ...common,
    write: true,
    reproduce,
    progress: progressFor(config.name),
    saveModelDir: outputs.saveModelDir,
  });
  if (args.oof && file) {
    await writeFileAtomic(path.resolve(args.oof), oofCsvOf(file, result));
    if (!args.quiet) io.stdout.write(`wrote out-of-fold predictions to ${args.oof}\n`);
  }
  if (resumedFolds && !args.quiet) io.stdout.write(`(${resumedFolds} folds reused from the interrupted run)\n`);
  if (!args.quiet) io.stdout.write(`${summaryLines(result, file).join('\n')}\n`);
  return result.perFold.every((f) => f.status === 'ok') ? EXIT.ok : EXIT.failed;
}

runMain(import.meta.url, (argv) => runExpCommand(argv, { ...processIo(), signal: interruptSignal() }));
