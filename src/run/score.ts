/**
 * Scores out-of-fold predictions made outside hurdle-lab as an ordinary run: the experiment's
 * own folds (planFolds, the runner's function), every fold metric from the runner's foldMetrics,
 * the same summary, data identity and fold fingerprint. The reporter then pairs it with our runs
 * like any other result. Pure: data and parsed predictions in, a result body out.
 */
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { foldMetrics } from '../metrics/fold.ts';
import { summarizeFolds } from '../metrics/summary.ts';
import { metricDirections } from '../metrics/catalog.ts';
import { canonicalJson, sha256 } from '../hash.ts';
import { environmentInfo } from '../results/environment.ts';
import { RESULT_KIND, RESULT_SCHEMA_VERSION, type ExternalRunConfig, type FoldResult, type ResultFile } from '../results/types.ts';
import { SeedBook } from '../seeds.ts';
import type { FoldPlan } from './fold-plan.ts';
import type { ExternalPredictions } from './predictions-file.ts';

export interface ScoreInput {
  config: ExperimentConfig;
  origin: ConfigOrigin;
  data: Dataset;
  plan: FoldPlan;
  predictions: ExternalPredictions;
  name: string;
  /** Basename and sha256 of the predictions file, recorded in the result. */
  file: { name: string; sha256: string };
  reproduce: string;
  startedAt: Date;
  loadMs: number;
}

function pick(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

export function scoreExternal(input: ScoreInput): Omit<ResultFile, 'checksum'> {
  const t0 = performance.now();
  const { config, data, plan, predictions: p } = input;
  if (!data.target) throw new Error('scoreExternal needs a dataset with a target');
  const y = data.target;
  const book = new SeedBook(config.seed);
  const perFold: FoldResult[] = plan.folds.map((f) => {
    const t = performance.now();
    const seeds = book.child('fold', f.index);
    const scored = foldMetrics({
      y: pick(y, f.test),
      yHat: pick(p.prediction[f.repeat], f.test),
      trainY: pick(y, f.train),
      q: config.metrics.outlierQuantile,
      oracle: data.oracle ? pick(data.oracle, f.test) : undefined,
      purchaseProb: p.purchaseProb ? pick(p.purchaseProb[f.repeat], f.test) : undefined,
      amount: p.amount ? pick(p.amount[f.repeat], f.test) : undefined,
      tweediePower: config.metrics.tweediePower,
      seeds,
    });
    let nTestBuyers = 0;
    for (const row of f.test) if (y[row] > 0) nTestBuyers++;
    return {
      index: f.index, repeat: f.repeat, fold: f.fold, status: 'ok', nTrain: f.train.length, nTest: f.test.length, nTestBuyers,
      metrics: scored.metrics, notes: scored.notes,
      timings: { pipelineMs: 0, fitMs: 0, predictMs: performance.now() - t },
      epochsRun: 0, bestEpoch: 0, history: [], modelInfo: { source: 'external' },
      deciles: scored.deciles, seeds: { ...seeds.used },
      sensitivity: scored.sensitivity,
      ...(scored.reliability ? { reliability: scored.reliability } : {}),
    };
  });
  const runConfig: ExternalRunConfig = {
    ...config,
    name: input.name,
    model: { type: 'external', name: input.name, predictions: { file: input.file.name, sha256: input.file.sha256, lines: p.lines, columns: p.header } },
    sweep: {},
  };
  const derived: Record<string, number> = { ...data.seeds, ...plan.seeds, ...book.used };
  return {
    kind: RESULT_KIND,
    schemaVersion: RESULT_SCHEMA_VERSION,
    name: input.name,
    status: 'complete',
    config: runConfig,
    configHash: sha256(canonicalJson(runConfig)),
    origin: input.origin,
    seeds: { root: config.seed, derived },
    folds: { k: config.cv.folds, repeats: config.cv.repeats, stratify: config.cv.stratify, fingerprint: plan.fingerprint, testSizes: plan.testSizes },
    data: data.identity,
    perFold,
    summary: summarizeFolds(perFold),
    metricDirections: metricDirections(perFold.flatMap((f) => Object.keys(f.metrics))),
    timings: { loadMs: input.loadMs, totalMs: input.loadMs + performance.now() - t0 },
    environment: environmentInfo('external'),
    startedAt: input.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    reproduce: input.reproduce,
    sweep: null,
  };
}
