/**
 * The result file: one per run, self-describing. The reporter needs nothing else, and
 * `npm run exp -- --reproduce <file>` repeats the run from it alone.
 * Bump RESULT_SCHEMA_VERSION on any incompatible change.
 */
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { DataIdentity } from '../data/types.ts';

export const RESULT_SCHEMA_VERSION = 1;
export const RESULT_KIND = 'hurdle-lab/result';

/** Metric name → value; null when undefined on this fold (see `notes` for why). */
export type MetricValues = Record<string, number | null>;

export interface DecileSummary {
  /** Test rows sorted by prediction (descending) and cut into 10 equal groups. */
  meanPredicted: number[];
  meanActual: number[];
  count: number[];
  /** Cumulative share of the total actual value captured by the top 10%, 20%, ... of predictions (gains curve). */
  cumulativeActualShare: number[];
}

/** R² of a fold against the number of its top spenders removed, with a row-bootstrap 95% band. */
export interface SensitivityCurve {
  removed: number[];
  /** R² of the fold with the k largest spenders removed (null when undefined). */
  r2: (number | null)[];
  /** Bootstrap 95% interval of that R². */
  low: (number | null)[];
  high: (number | null)[];
  resamples: number;
}

/** The purchase head's reliability diagram: equal-count bins, lowest predicted probability first. */
export interface ReliabilityBins {
  meanPredicted: number[];
  /** Observed share of buyers per bin. */
  observedRate: number[];
  count: number[];
}

/** A fold's test-row predictions, carried from the fold to the side file (never written into the result). */
export interface FoldPredictionsRecord {
  repeat: number;
  fold: number;
  rows: number[];
  prediction: number[];
  purchaseProb?: number[];
  amount?: number[];
}

export interface FoldResult {
  /** 0-based index over repeats × folds: repeat * k + fold. */
  index: number;
  repeat: number;
  fold: number;
  status: 'ok' | 'diverged';
  reason?: string;
  nTrain: number;
  nTest: number;
  nTestBuyers: number;
  metrics: MetricValues;
  /** Metric name → why it is null. */
  notes: Record<string, string>;
  timings: { pipelineMs: number; fitMs: number; predictMs: number };
  epochsRun: number;
  bestEpoch: number;
  history: { epoch: number; loss: number; valLoss: number | null }[];
  modelInfo: Record<string, number | string | number[]>;
  /** The training step this fold ran on (train.kernel resolved) and why; absent in files from before the setting. */
  kernel?: { requested: string; used: string; reason: string };
  deciles: DecileSummary | null;
  seeds: Record<string, number>;
  /** Permutation importance, when metrics.importance is on. */
  importance?: FoldImportance;
  /** R² vs top spenders removed (absent in results written before it, and in folds that did not finish). */
  sensitivity?: SensitivityCurve;
  /** Two-part models: the purchase head's reliability bins. */
  reliability?: ReliabilityBins;
  /** Out-of-fold predictions in transit (fold → checkpoint → side file); removed before the result is written. */
  predictions?: FoldPredictionsRecord;
}

export interface MetricSummary {
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  /** Folds with a value. */
  n: number;
  /** Folds where the metric was null, with the distinct reasons. */
  nullFolds: number;
  nullReasons: string[];
}

export interface EnvironmentInfo {
  node: string;
  tfjs: string;
  backend: string;
  os: string;
  cpu: string;
  cores: number;
  host: string;
  git: { commit: string | null; dirty: boolean | null };
  packages: Record<string, string>;
}

export interface QueueRecord {
  /** Redis URL without credentials. */
  url: string;
  /** The run's (parent) job id; fold job ids are in `folds`. */
  run: string;
  /** host:pid:start of the submitter that wrote this file. */
  submitter: string;
  folds: { index: number; job: string; worker: string; backend: string; attempts: number; waitMs: number; runMs: number }[];
}

export interface ResultFile {
  kind: typeof RESULT_KIND;
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  name: string;
  /** 'complete' once every fold has a result. */
  status: 'complete' | 'interrupted';
  config: ExperimentConfig | ExternalRunConfig;
  configHash: string;
  origin: ConfigOrigin;
  seeds: { root: number; derived: Record<string, number> };
  folds: { k: number; repeats: number; stratify: string; fingerprint: string; testSizes: number[] };
  data: DataIdentity;
  perFold: FoldResult[];
  summary: Record<string, MetricSummary>;
  timings: { loadMs: number; totalMs: number };
  environment: EnvironmentInfo;
  startedAt: string;
  finishedAt: string;
  /** The exact command that recreates this run. */
  reproduce: string;
  /** Sweep membership, when the run is one point of a sweep. */
  sweep: { id: string; point: Record<string, unknown> } | null;
  /** Where `--save-model` put the pipeline + model refitted on all rows (absent when not saved). */
  savedModel?: { dir: string; kind: 'refit-all' };
  /** Set when the folds ran as jobs on a queue (`--queue`): where, and which worker ran each fold. */
  queue?: QueueRecord;
  /** Direction of every metric this file holds: 'higher'/'lower' are scores, 'none' a diagnostic (absent in older files). */
  metricDirections?: Record<string, 'higher' | 'lower' | 'none'>;
  /** The out-of-fold predictions side file beside this one (src/results/oof.ts; absent in older files). */
  oof?: { file: string; sha256: string; rows: number };
  /** sha256 of the canonical JSON of this object with `checksum` removed; detects hand edits and truncation. */
  checksum: string;
}

/**
 * An external run (`npm run score`): predictions made outside hurdle-lab on the experiment's
 * folds. Its config is the experiment's, with the model replaced by where the predictions came from.
 */
export interface ExternalModelConfig {
  type: 'external';
  /** `--name` as given (lightgbm, xgboost, ...). */
  name: string;
  predictions: { file: string; sha256: string; lines: number; columns: string[] };
}
export type ExternalRunConfig = Omit<ExperimentConfig, 'model'> & { model: ExternalModelConfig };

export function isExternalConfig(config: ResultFile['config']): config is ExternalRunConfig {
  return config.model.type === 'external';
}

/**
 * Permutation importance of one fold (metrics.importance): each source column's values are
 * shuffled among the test rows (a one-hot group or a datetime's sin/cos set moves as one), the
 * fitted pipeline and model predict again, and the drop in each score is recorded, averaged over
 * `repeats` shuffles. Positive = the model relies on the column.
 */
export interface FoldImportance {
  /** Seed of the first shuffle; shuffle j of column c uses deriveSeed(seed, c, j). */
  seed: number;
  repeats: number;
  /** The unpermuted scores the drops are measured from (null when undefined on this fold). */
  base: { r2: number | null; auc?: number | null; amountR2?: number | null };
  /** Source column → mean drop over the repeats; null when the score is undefined on this fold. */
  columns: Record<string, { r2: number | null; auc?: number | null; amountR2?: number | null }>;
  /** Wall time of the extra predictions. */
  ms: number;
}
