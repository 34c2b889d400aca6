/**
 * Every catalog metric for one test fold, in catalog order. A metric that is undefined on this
 * fold is null and `notes[name]` says why; optional metrics (auc, amountR2, r2Oracle) appear
 * only when their input is given. The output never holds NaN or Infinity.
 *
 * Non-finite inputs are not a metric value: predictions with NaN/Infinity throw
 * NonFinitePredictionError (the runner records the fold as 'diverged'), and a non-finite target
 * throws a plain Error (a loader bug). Neither quietly turns the fold into a row of nulls.
 */
import { METRIC_NAMES } from './catalog.ts';
import type { DecileSummary, MetricValues } from '../results/types.ts';
import type { SeedBook } from '../seeds.ts';
import { bootstrapCurve, bootstrapOutcomes, type SensitivityCurve } from './bootstrap.ts';
import { brier, expectedCalibrationError, logLoss, reliabilityBins, type ReliabilityBins } from './calibration.ts';
import { rocAuc } from './classification.ts';
import { decileNotes, decileSummary } from './deciles.ts';
import { d2Tweedie } from './deviance.ts';
import { amountLogScores, amountR2 } from './heads.ts';
import { defined, undefinedBecause, type Outcome } from './outcome.ts';
import { r2Log1p, r2Trimmed, r2Winsorized, topSseShare } from './outliers.ts';
import { quantile7 } from './quantile.ts';
import { normalizedGini, spearman } from './ranking.ts';
import { mae, r2, rmse } from './regression.ts';
import { sensitivityOutcomes } from './sensitivity.ts';

/**
 * A model's output had NaN or ±Infinity. The runner should catch this and record the fold as
 * 'diverged' with `message` as the reason.
 */
export class NonFinitePredictionError extends Error {
  readonly input: string;
  readonly count: number;
  constructor(input: string, count: number, firstRow: number, firstValue: number) {
    super(`${input} has ${count} non-finite value${count === 1 ? '' : 's'} (first at test row ${firstRow}: ${firstValue})`);
    this.name = 'NonFinitePredictionError';
    this.input = input;
    this.count = count;
  }
}

export interface FoldMetricsInput {
  /** Test-fold target, original scale. */
  y: Float64Array;
  /** Test-fold predictions of E[y | x], original scale. */
  yHat: Float64Array;
  /** Training-fold target: its q-quantile caps r2Winsorized. */
  trainY: Float64Array;
  /** Outlier quantile (metrics.outlierQuantile), in (0, 1). */
  q: number;
  /** Synthetic data: the generator's exact E[y | x] on the test rows → r2Oracle. */
  oracle?: Float64Array;
  /** Two-part models: P(y > 0 | x) on the test rows → auc. */
  purchaseProb?: Float64Array;
  /** Two-part models: E[y | x, y > 0] on the test rows → amountR2 (scored on test buyers only). */
  amount?: Float64Array;
  /** Tweedie power of d2Tweedie, in (1, 2) (metrics.tweediePower). */
  tweediePower: number;
  /** The fold's seed book: the row bootstrap (r2BootLow/High, the sensitivity curve) derives and records `bootstrap` from it. */
  seeds: SeedBook;
  /** Bootstrap resamples; default BOOTSTRAP_RESAMPLES (1000). */
  bootstrapResamples?: number;
}

export interface FoldMetrics {
  metrics: MetricValues;
  notes: Record<string, string>;
  deciles: DecileSummary;
  /** The thresholds the outlier metrics used: the test fold's and the training fold's q-quantile of y. */
  thresholds: { test: number; train: number };
  /** R² against the number of top spenders removed, with its bootstrap band (the HTML chart). */
  sensitivity: SensitivityCurve;
  /** Two-part models: the purchase head's reliability bins (the HTML chart); null otherwise. */
  reliability: ReliabilityBins | null;
}

export function foldMetrics(input: FoldMetricsInput): FoldMetrics {
  const { y, yHat, trainY, q, oracle, purchaseProb, amount } = input;
  const power = input.tweediePower;
  if (!(q > 0 && q < 1)) throw new RangeError(`foldMetrics: q must be in (0, 1), got ${q}`);
  if (y.length === 0) throw new Error('foldMetrics: empty test fold');
  if (trainY.length === 0) throw new Error('foldMetrics: empty training fold');
  checkFinite('y', y, y.length, false);
  checkFinite('trainY', trainY, trainY.length, false);
  if (oracle) checkFinite('oracle', oracle, y.length, false);
  checkFinite('yHat', yHat, y.length, true);
  if (purchaseProb) checkFinite('purchaseProb', purchaseProb, y.length, true);
  if (amount) checkFinite('amount', amount, y.length, true);

  const testThreshold = quantile7(y, q);
  const trainThreshold = quantile7(trainY, q);
  const outcomes: Record<string, Outcome> = {};
  outcomes.r2 = r2(y, yHat);
  outcomes.rmse = rmse(y, yHat);
  outcomes.d2Tweedie = d2Tweedie(y, yHat, power);
  outcomes.d2Poisson = d2Tweedie(y, yHat, 1);
  outcomes.mae = mae(y, yHat);
  Object.assign(outcomes, sensitivityOutcomes(y, yHat, outcomes.r2));
  const sensitivity = bootstrapCurve(y, yHat, input.seeds.derive('bootstrap'), input.bootstrapResamples);
  Object.assign(outcomes, bootstrapOutcomes(sensitivity));
  outcomes.r2Trimmed = r2Trimmed(y, yHat, testThreshold, q);
  outcomes.r2TrimDelta = difference(outcomes.r2Trimmed, outcomes.r2, 'r2Trimmed', 'r2');
  outcomes.topSseShare = topSseShare(y, yHat, testThreshold);
  outcomes.r2Winsorized = r2Winsorized(y, yHat, trainThreshold, q);
  outcomes.r2Log1p = r2Log1p(y, yHat);
  outcomes.gini = normalizedGini(y, yHat);
  outcomes.spearman = spearman(y, yHat);
  let reliability: ReliabilityBins | null = null;
  if (purchaseProb) {
    outcomes.logLoss = logLoss(y, purchaseProb);
    outcomes.brier = brier(y, purchaseProb);
    outcomes.auc = rocAuc(y, purchaseProb);
    reliability = reliabilityBins(y, purchaseProb);
    outcomes.ece = expectedCalibrationError(reliability);
  }
  if (amount) {
    outcomes.amountR2 = amountR2(y, amount);
    Object.assign(outcomes, amountLogScores(y, amount));
  }
  if (oracle) outcomes.r2Oracle = r2(y, oracle);

  const metrics: MetricValues = {};
  const notes: Record<string, string> = {};
  for (const name of METRIC_NAMES) {
    const out = outcomes[name];
    if (!out) continue;
    if (out.value !== null && !Number.isFinite(out.value)) throw new Error(`foldMetrics: ${name} is ${out.value}`);
    metrics[name] = out.value;
    if (out.value === null) notes[name] = out.reason;
  }
  const unlisted = Object.keys(outcomes).filter((k) => !METRIC_NAMES.includes(k));
  if (unlisted.length) throw new Error(`foldMetrics: metrics missing from src/metrics/catalog.ts: ${unlisted.join(', ')}`);

  const decileNote = decileNotes(y);
  if (decileNote) notes.deciles = decileNote;
  return {
    metrics, notes, deciles: decileSummary(y, yHat), thresholds: { test: testThreshold, train: trainThreshold }, sensitivity, reliability,
  };
}

function difference(a: Outcome, b: Outcome, aName: string, bName: string): Outcome {
  if (a.value === null) return undefinedBecause(`${aName} is undefined: ${a.reason}`);
  if (b.value === null) return undefinedBecause(`${bName} is undefined: ${b.reason}`);
  return defined(a.value - b.value);
}

/** Targets must be finite (a loader bug otherwise); model outputs may not be (divergence). */
function checkFinite(name: string, values: Float64Array, expectedLength: number, isPrediction: boolean): void {
  if (values.length !== expectedLength) {
    throw new Error(`foldMetrics: ${name} has ${values.length} values, expected ${expectedLength}`);
  }
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (!bad) return;
  if (isPrediction) throw new NonFinitePredictionError(name, bad, first, values[first]);
  throw new Error(`foldMetrics: ${name} has ${bad} non-finite value${bad === 1 ? '' : 's'} (first at row ${first}: ${values[first]})`);
}
