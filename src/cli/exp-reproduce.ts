/**
 * `npm run exp -- --reproduce results/x.json`: rerun a recorded run from its result file alone
 * and compare every fold metric. A changed data file is reported without rerunning anything.
 */
import type { BackendName } from '../backend.ts';
import { readOneResult } from '../results/read.ts';
import { runExperiment, type RunOptions } from '../run/experiment.ts';
import { dataChange } from '../run/finished.ts';
import type { Progress } from '../run/progress.ts';
import { compareResults, formatReproduceReport, reproduceConfig, retrainConfig } from '../run/reproduce.ts';
import { EXIT, type Sink } from './main.ts';

export interface ReproduceOptions extends Omit<RunOptions, 'reproduce' | 'write'> {
  /** Whether --backend was given: else the run's own backend is used. */
  backendGiven: boolean;
  progressFor(label: string): Progress;
  stdout: Sink;
}

export async function reproduceRun(file: string, opts: ReproduceOptions): Promise<number> {
  const { backendGiven, progressFor, stdout, ...common } = opts;
  const original = (await readOneResult(file, 'reproduce')).result;
  const config = retrainConfig(original, file, { why: ', so there is nothing to retrain.', hint: `Rescore them with: ${original.reproduce}` });
  const change = await dataChange(original.data);
  if (change) {
    stdout.write(`NOT reproduced ${file}: ${change}; the cross-validation was not rerun.\n`);
    return EXIT.failed;
  }
  const backend = backendGiven ? common.backend : (original.environment.backend as BackendName);
  const { result } = await runExperiment(reproduceConfig({ ...original, config }), original.origin, {
    ...common,
    backend,
    resume: false,
    write: false,
    reproduce: original.reproduce,
    progress: progressFor(`reproduce ${original.name}`),
  });
  const report = compareResults(original, result);
  stdout.write(`${formatReproduceReport(file, report)}\n`);
  return report.identical ? EXIT.ok : EXIT.failed;
}
