/**
 * The result file of a finished run, assembled from what each part recorded: the folds their
 * metrics and seeds, the loader the data identity and its seed, the fold planner the fingerprint
 * and the shuffling seeds. Nothing here recomputes a seed.
 */
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { metricDirections } from '../metrics/catalog.ts';
import { summarizeFolds } from '../metrics/summary.ts';
import { environmentInfo } from '../results/environment.ts';
import { RESULT_KIND, RESULT_SCHEMA_VERSION, type FoldResult, type ResultFile } from '../results/types.ts';
import type { FoldPlan } from './fold-plan.ts';

/** `seeds.derived`: the loader's and the planner's records, and each fold's as `fold/<i>/<name>`. */
export function runSeeds(data: Pick<Dataset, 'seeds'>, plan: Pick<FoldPlan, 'seeds'>, perFold: FoldResult[]): Record<string, number> {
  const derived: Record<string, number> = { ...data.seeds, ...plan.seeds };
  for (const f of perFold) for (const [name, seed] of Object.entries(f.seeds)) derived[`fold/${f.index}/${name}`] = seed;
  return derived;
}

export interface FinishedRun {
  config: ExperimentConfig;
  origin: ConfigOrigin;
  configHash: string;
  data: Dataset;
  plan: FoldPlan;
  /** The folds in order, without their predictions (those go to the side file). */
  perFold: FoldResult[];
  timings: ResultFile['timings'];
  backend: string;
  startedAt: Date;
  reproduce: string;
  sweep: ResultFile['sweep'] | undefined;
  /** Keys saying where the folds ran (the queue's executor). */
  where?: Partial<Pick<ResultFile, 'queue'>>;
}

export function resultBody(run: FinishedRun): Omit<ResultFile, 'checksum'> {
  const { config, perFold } = run;
  return {
    kind: RESULT_KIND,
    schemaVersion: RESULT_SCHEMA_VERSION,
    name: config.name,
    status: 'complete',
    config,
    configHash: run.configHash,
    origin: run.origin,
    seeds: { root: config.seed, derived: runSeeds(run.data, run.plan, perFold) },
    folds: {
      k: config.cv.folds,
      repeats: config.cv.repeats,
      stratify: config.cv.stratify,
      fingerprint: run.plan.fingerprint,
      testSizes: run.plan.testSizes,
    },
    data: run.data.identity,
    perFold,
    summary: summarizeFolds(perFold),
    metricDirections: metricDirections(perFold.flatMap((f) => Object.keys(f.metrics))),
    timings: run.timings,
    environment: environmentInfo(run.backend),
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    reproduce: `${run.reproduce} --backend ${run.backend}`,
    sweep: run.sweep ?? null,
    ...run.where,
  };
}

/** A fold as the result file holds it: its predictions travel to the side file (OOF) instead. */
export function withoutPredictions(fold: FoldResult): FoldResult {
  const { predictions: _sideFile, ...rest } = fold;
  return rest;
}
