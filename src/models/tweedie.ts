/**
 * Tweedie MLP: ReLU hidden layers → one linear output f(x), log link μ = exp(f), trained on the
 * mean Tweedie deviance with power p ∈ (1, 2) (losses.ts `tweedieDeviance`) — the compound
 * Poisson–gamma loss LightGBM and XGBoost use for zero-inflated spend. One model for the whole
 * target: no separate purchase head, no retransformation.
 *
 * Conditioning: training runs on y / c with c = mean(y) of the training fold, so the output bias
 * starts (at 0) on the fold mean. The deviance is scale-equivariant, d(c·y, c·μ) = c^(2−p)·d(y, μ),
 * so this is the same minimisation; prediction is c · exp(f(x)).
 */
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { e } from '../schema-fields.ts';
import { commonModelFields, hiddenLayers } from './fields.ts';
import { tweedieDeviance } from './losses.ts';
import { defineNetworkModel } from './skeleton.ts';

const power = z
  .number(e('a number in (1, 2)'))
  .gt(1, e('a number in (1, 2)'))
  .lt(2, e('a number in (1, 2)'))
  .default(1.5)
  .describe('Tweedie power p in (1, 2): near 1 Poisson-like, near 2 gamma-like');

const configSchema = z.strictObject({
  type: z.literal('tweedie'),
  hidden: hiddenLayers([128, 64]),
  ...commonModelFields,
  power,
});

const paramsSchema = z.object({
  /** c = mean(y) over the training fold: prediction is c · exp(f(x)). */
  targetScale: z.number().positive(),
});

function meanOf(y: Float64Array): number {
  let sum = 0;
  for (const v of y) sum += v;
  return sum / y.length;
}

export const tweedieModel = defineNetworkModel({
  type: 'tweedie',
  configSchema,
  paramsSchema,
  stateVersion: 1,
  twoPart: false,
  nonNegativeTarget: true,
  shape: (config) => ({ trunk: { name: 'tweedie', hidden: config.hidden, outputs: 1 }, heads: [] }),
  prepare(y, config) {
    const scale = meanOf(y);
    if (!(scale > 0)) {
      throw new UserError('DATA_DEGENERATE', 'tweedie: every target in the training fold is zero: a log-link model has nothing to fit.', {
        expected: 'at least one row with y > 0',
        found: `${y.length} rows, all zero`,
        hint: 'Use more rows (data.rows), fewer folds, or stratified folds (cv.stratify: purchase).',
      });
    }
    return { targets: Float32Array.from(y, (v) => v / scale), nTargets: 1, params: { targetScale: scale }, diagnostics: { power: config.power } };
  },
  loss: (config) => (yTrue, yPred) => tweedieDeviance(yTrue, yPred, config.power),
  predict: (outputs, _n, params) => ({ yHat: Float64Array.from(outputs, (f) => params.targetScale * Math.exp(f)) }),
});
