/**
 * `npm run exp -- experiments/baseline.yaml [options]`: run a seeded k-fold experiment and write
 * a self-describing result file. `--reproduce results/x.json` reruns one from the file alone.
 */
import path from 'node:path';
import yargs from 'yargs';
import { BACKENDS, type BackendName } from '../backend.ts';
import { loadExperiment, upgradeResultConfig } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { METRICS } from '../metrics/catalog.ts';
import { readResults } from '../results/read.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { oofCsvOf } from '../run/oof-export.ts';
import { isExternalConfig, type ResultFile } from '../results/types.ts';
import { runExperiment, type RunOptions } from '../run/experiment.ts';
import { interrupted } from '../run/schedule.ts';
import { parseSweepArg, planSweep, runSweep, sweepSummary } from '../run/sweep.ts';
import { shouldShowProgress, silentProgress, terminalProgress } from '../run/progress.ts';
import { compareResults, formatReproduceReport } from '../run/reproduce.ts';
import { planRunOutputs, saveFromResult } from '../run/plan-run.ts';
import { capWorkers, parseMemory } from '../run/resources.ts';
import { shellQuote } from '../run/shell.ts';
import { defineCommand, EXIT, processIo, runMain, strictCommand, type CommandIo } from './main.ts';
import { interruptSignal } from './signals.ts';

export interface ExpIo extends CommandIo {
  /** Interrupt source; the real CLI wires SIGINT/SIGTERM to it. */
  signal?: AbortSignal;
}

function parser(argv: string[]) {
  return strictCommand(
    yargs(argv)
      .scriptName('npm run exp --')
      .usage('$0 <experiment.yaml> [options]\n\nRun seeded k-fold cross-validation for one experiment and write results/<name>-s<seed>-<hash>.json.')
      .positional('experiment', { type: 'string', describe: 'experiment YAML file (see experiments/)' })
      .option('seed', { type: 'number', describe: 'override the root seed (all derived seeds follow)' })
      .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a config key, e.g. --set train.epochs=2 (repeatable)' })
      .option('backend', { type: 'string', choices: ['auto', ...BACKENDS], default: 'auto', describe: 'tfjs backend: auto = tensorflow → wasm → cpu' })
      .option('workers', { type: 'string', describe: "fold worker threads: a number or 'auto' (default: cv.workers; auto = the fewest with the shortest makespan, e.g. 3 for 5 folds on 2 cores)" })
      .option('out', { type: 'string', default: 'results', describe: 'directory for result files' })
      .option('sweep', { type: 'string', array: true, default: [] as string[], describe: 'sweep a key over values, e.g. --sweep train.learningRate=0.001,0.0003 (repeatable; the Cartesian product runs, one result per point)' })
      .option('resume', { type: 'boolean', default: false, describe: 'reuse the finished folds of an interrupted identical run; in a sweep, skip points already done' })
      .option('reproduce', { type: 'string', describe: 'rerun the run recorded in a result file and compare every fold metric' })
      .option('save-model', { type: 'string', describe: 'after CV, refit the pipeline and model on all rows and save them to DIR (for npm run predict); in a sweep, one subfolder per point' })
      .option('oof', { type: 'string', describe: 'also write the out-of-fold predictions as plain CSV to FILE (row,repeat,fold,prediction[,purchaseProb,amount])' })
      .option('importance', { type: 'boolean', default: false, describe: 'permutation importance per source column on each test fold (= --set metrics.importance=true; repeats: metrics.importanceRepeats)' })
      .option('max-memory', { type: 'string', describe: "memory the run may plan to use, e.g. 8G (default: 80% of the machine's); a run estimated above it is refused before it starts" })
      .option('force-workers', { type: 'boolean', default: false, describe: 'keep a --workers count above the number of cores (normally capped, with a note)' })
      .option('from', { type: 'string', describe: 'with --save-model: refit and save the model of the run recorded in this result file, without rerunning CV' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bars and no summary' })
      .example('$0 experiments/baseline.yaml', 'the baseline MLP on built-in synthetic data')
      .example('$0 experiments/hurdle.yaml --seed 7 --set train.epochs=2', 'override the seed and a key')
      .example('$0 experiments/hurdle.yaml --sweep train.learningRate=0.001,0.0003 --sweep model.trunk=[],[64]', 'a 2×2 sweep')
      .example('$0 --reproduce results/baseline-s42-1a2b3c4d.json', 'check a result reproduces exactly')
      .example('$0 --from results/baseline-s42-1a2b3c4d.json --save-model models/baseline', 'save the model of a finished run')
      .help(),
    'npm run exp',
  );
}

function parseWorkers(v: string | undefined): number | 'auto' | undefined {
  if (v === undefined) return undefined;
  if (v === 'auto') return 'auto';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError('CLI_USAGE', 'bad --workers value.', { key: '--workers', expected: "a positive integer or 'auto'", found: JSON.stringify(v) });
  return n;
}

/** The diagnostics the end-of-run summary shows (the report has them all). */
const SUMMARY_DIAGNOSTICS = ['r2BootLow', 'r2BootHigh', 'r2DropTop1', 'r2DropTop5', 'r2DropTop10', 'topBuyersSstShare', 'ece'];

export function summaryLines(result: ResultFile, file: string | null): string[] {
  const lines = [`${result.name} (${result.config.model.type}, ${result.folds.k}-fold × ${result.folds.repeats}, seed ${result.config.seed}, backend ${result.environment.backend}):`];
  // Scores and part-wise scores first; the diagnostics under their own heading, without a direction.
  const shown = METRICS.filter((m) => m.direction !== 'none' || m.reference);
  const diagnostics = METRICS.filter((m) => m.direction === 'none' && !m.reference && SUMMARY_DIAGNOSTICS.includes(m.name));
  for (const [i, group] of [shown, diagnostics].entries()) {
    if (i === 1 && group.some((m) => result.summary[m.name]?.mean != null)) lines.push('  outlier sensitivity (diagnostics, no direction):');
    for (const m of group) {
      const s = result.summary[m.name];
      if (!s || s.mean === null) continue;
      const std = s.std === null ? '' : ` ± ${s.std.toFixed(4)}`;
      lines.push(`  ${m.name.padEnd(17)} ${s.mean.toFixed(4)}${std}   [min ${s.min!.toFixed(4)}, max ${s.max!.toFixed(4)}]${s.nullFolds ? `  (${s.nullFolds} folds null)` : ''}`);
    }
  }
  const imp = result.perFold.flatMap((f) => (f.importance ? [f.importance] : []));
  if (imp.length) {
    const ms = imp.reduce((a, f) => a + f.ms, 0);
    lines.push(`  importance    ${Object.keys(imp[0].columns).length} columns × ${imp[0].repeats} shuffles on ${imp.length} folds added ${(ms / 1000).toFixed(1)} s (${((100 * ms) / result.timings.totalMs).toFixed(0)}% of the run); npm run report shows the ranking`);
  }
  const bad = result.perFold.filter((f) => f.status !== 'ok');
  for (const f of bad) lines.push(`  fold ${f.index}: ${f.status} — ${f.reason ?? ''}`);
  if (file) lines.push(`wrote ${path.relative(process.cwd(), file) || file}`);
  if (result.savedModel) lines.push(`saved model (refitted on all rows) to ${path.relative(process.cwd(), result.savedModel.dir) || result.savedModel.dir}`);
  return lines;
}

export const runExpCommand = defineCommand<ExpIo>(expCommand, processIo);

async function expCommand(argv: string[], io: ExpIo): Promise<number> {
  const args = await parser(argv).parseAsync();
  if (args.help) return EXIT.ok; // yargs already printed it (exitProcess is off so tests can call this)
  const files = (args._ as (string | number)[]).map(String);
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const tty = io.stderr as NodeJS.WriteStream;
  const progressFor = (label: string) => (shouldShowProgress(tty, args.quiet) ? terminalProgress(tty, label) : silentProgress);
  const common: Omit<RunOptions, 'reproduce' | 'write'> = {
    outDir: path.resolve(args.out),
    backend: args.backend as BackendName | 'auto',
    workers: capWorkers(parseWorkers(args.workers), args.forceWorkers, log),
    maxMemory: args.maxMemory === undefined ? undefined : parseMemory(args.maxMemory),
    resume: args.resume,
    signal: io.signal,
    log,
  };

  if (args.from !== undefined) {
    if (files.length || args.reproduce || !args.saveModel) {
      throw new UserError('CLI_USAGE', '--from takes a result file and --save-model DIR, and nothing else to run.', {
        key: '--from',
        hint: 'Usage: npm run exp -- --from results/<file>.json --save-model models/<name>.',
      });
    }
    await saveFromResult(args.from, args.saveModel, { backend: common.backend, log, signal: io.signal });
    return EXIT.ok;
  }

  if (args.reproduce) {
    if (files.length) throw new UserError('CLI_USAGE', '--reproduce takes the result file alone, not an experiment file too.', { key: '--reproduce' });
    const { ok, skipped } = await readResults([args.reproduce]);
    if (!ok.length) throw new UserError('RESULT_INVALID', `cannot reproduce from ${args.reproduce}: ${skipped[0]?.reason ?? 'not a result file'}.`, { file: args.reproduce });
    const original = ok[0].result;
    if (isExternalConfig(original.config)) {
      throw new UserError('CLI_USAGE', `${args.reproduce} scores predictions made outside hurdle-lab (model type external), so there is nothing to retrain.`, {
        file: args.reproduce, hint: `Rescore them with: ${original.reproduce}`,
      });
    }
    const backend = argv.includes('--backend') ? common.backend : (original.environment.backend as BackendName);
    const { result } = await runExperiment(upgradeResultConfig(original.config), original.origin, {
      ...common,
      backend,
      resume: false,
      write: false,
      reproduce: original.reproduce,
      progress: progressFor(`reproduce ${original.name}`),
    });
    const report = compareResults(original, result);
    io.stdout.write(`${formatReproduceReport(args.reproduce, report)}\n`);
    return report.identical ? EXIT.ok : EXIT.failed;
  }

  if (files.length !== 1)
    throw new UserError('CLI_USAGE', files.length ? `expected one experiment file, got ${files.length}.` : 'no experiment file given.', {
      hint: 'Usage: npm run exp -- experiments/baseline.yaml (or --reproduce results/<file>.json).',
    });
  const overrides = args.importance ? [...args.set, 'metrics.importance=true'] : args.set;
  const { config, origin } = await loadExperiment(files[0], { overrides, seed: args.seed });
  const reproduce = `npm run exp -- ${[files[0], ...overrides.flatMap((s) => ['--set', s]), '--seed', String(config.seed)].map(shellQuote).join(' ')}`;
  const plan = planSweep(config, args.sweep.map(parseSweepArg));
  if (plan && args.oof) throw new UserError('CLI_USAGE', '--oof writes one run\'s predictions, but this is a sweep.', { key: '--oof', hint: 'Export each point afterwards: npm run results -- oof results/<point>.json --out <file>.csv' });
  const outputs = await planRunOutputs(config, origin, { outDir: args.out, saveModelDir: args.saveModel, sweep: !!plan });
  common.outDir = outputs.outDir!;
  if (plan) {
    const outcome = await runSweep(plan, origin, { ...common, write: true, reproduce, progress: progressFor(config.name), saveModelDir: outputs.saveModelDir });
    if (!args.quiet) io.stdout.write(`${sweepSummary(outcome).join('\n')}\n`);
    if (outcome.runs.length < plan.points.length) throw interrupted();
    return outcome.runs.every((r) => r.result.perFold.every((f) => f.status === 'ok')) ? EXIT.ok : EXIT.failed;
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
