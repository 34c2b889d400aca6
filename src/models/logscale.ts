/**
 * Log-scale bookkeeping shared by the two-part models: statistics of log y over training buyers
 * (standardisation and the clamp range), the logistic function, and retransformation factors.
 */
import { z } from 'zod';
import { UserError } from '../errors.ts';

export interface LogStats {
  buyers: number;
  mean: number;
  /** Population std of log y over buyers (1 when there is a single buyer or no spread). */
  std: number;
  min: number;
  max: number;
}

/** The learned log-scale parameters of a two-part model (named fields of its state). */
export const logScaleParams = {
  /** Mean and std of log y over the training buyers: the amount output predicts (log y − mean) / std. */
  logYMean: z.number(),
  logYStd: z.number(),
  /** The training buyers' log-y range: the clamp of the predicted log amount. */
  clampMin: z.number(),
  clampMax: z.number(),
};

export function logScaleParamsOf(stats: LogStats): { logYMean: number; logYStd: number; clampMin: number; clampMax: number } {
  return { logYMean: stats.mean, logYStd: stats.std, clampMin: stats.min, clampMax: stats.max };
}

export function logStats(y: Float64Array, model: string): LogStats {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of y) {
    if (v <= 0) continue;
    const l = Math.log(v);
    n += 1;
    sum += l;
    if (l < min) min = l;
    if (l > max) max = l;
  }
  if (n === 0) {
    throw new UserError('DATA_DEGENERATE', `${model}: no buyers in the training fold: the amount head has nothing to fit.`, {
      expected: 'at least one row with y > 0',
      found: `${y.length} rows, all zero`,
      hint: 'Use more rows (data.rows), fewer folds, or stratified folds (cv.stratify: purchase).',
    });
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of y) if (v > 0) ss += (Math.log(v) - mean) ** 2;
  const std = Math.sqrt(ss / n);
  return { buyers: n, mean, std: std > 1e-12 ? std : 1, min, max };
}

/** Targets [1[y>0], standardised log y (0 for non-buyers)], row-major. */
export function twoPartTargets(y: Float64Array, stats: LogStats): Float32Array {
  const t = new Float32Array(y.length * 2);
  y.forEach((v, i) => {
    t[2 * i] = v > 0 ? 1 : 0;
    t[2 * i + 1] = v > 0 ? (Math.log(v) - stats.mean) / stats.std : 0;
  });
  return t;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function clampTo(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Duan's smearing factor mean(exp(r)) and the log-normal factor exp(var(r)/2) of log-scale residuals. */
export function retransformFactors(residuals: number[]): { smearing: number; lognormal: number; residualVariance: number } {
  const n = residuals.length;
  let mean = 0;
  let smear = 0;
  for (const r of residuals) {
    mean += r / n;
    smear += Math.exp(r) / n;
  }
  let variance = 0;
  for (const r of residuals) variance += (r - mean) ** 2 / n;
  return { smearing: smear, lognormal: Math.exp(variance / 2), residualVariance: variance };
}
