/**
 * Two-part (hurdle) MLP: a shared trunk (possibly empty) feeding
 *   (a) a purchase head → logit, BCE on 1[y > 0];
 *   (b) an amount head → standardised log y, MSE over buyers only.
 * Loss = w_p·BCE + w_a·maskedMSE (losses.ts `hurdleLoss`). Prediction: E[y|x] = p(x) · exp(L(x)) ·
 * factor, where L is the predicted log amount (clamped to the training buyers' log-y range when
 * clampLogAmount: an unclamped exp() of an extrapolated head is what sends naive two-part models
 * to R² < 0 on real data) and factor is the retransformation: Duan smearing, log-normal, or 1.
 */
import { z } from 'zod';
import { e, nonNegative } from '../schema-fields.ts';
import { clampLogAmount, commonModelFields, hiddenLayers } from './fields.ts';
import { clampTo, logScaleParams, logScaleParamsOf, logStats, retransformFactors, sigmoid, twoPartTargets } from './logscale.ts';
import { hurdleLoss } from './losses.ts';
import type * as tf from '@tensorflow/tfjs';
import { defineNetworkModel, type Calibration, type Prepared } from './skeleton.ts';
import type { Diagnostics, Prediction } from './types.ts';

/** The keys of the two heads' training and retransformation; shared with the sequence model. */
export const hurdleHeadFields = {
  retransform: z.enum(['smearing', 'lognormal', 'none']).default('smearing').describe('log → amount: smearing (Duan) | lognormal | none'),
  clampLogAmount: clampLogAmount(),
  lossWeights: z
    .strictObject({ purchase: nonNegative().default(1), amount: nonNegative().default(1) }, e('a mapping {purchase, amount}'))
    .prefault({})
    .describe('weights of the purchase (BCE) and amount (MSE) terms'),
};
type HeadSettings = { retransform: 'smearing' | 'lognormal' | 'none'; clampLogAmount: boolean; lossWeights: { purchase: number; amount: number } };

const configSchema = z.strictObject({
  type: z.literal('hurdle'),
  trunk: hiddenLayers([]).describe('shared layers before the two heads'),
  purchaseHead: hiddenLayers([64, 32]).describe('classifier head: P(purchase)'),
  amountHead: hiddenLayers([64, 32]).describe('regressor head: log(amount) for buyers'),
  ...commonModelFields,
  ...hurdleHeadFields,
});
export type HurdleModelConfig = z.output<typeof configSchema>;

export const hurdleParamsSchema = z.object({
  ...logScaleParams,
  /** Multiplies exp(predicted log amount): the configured retransformation. */
  retransformFactor: z.number(),
});
type HurdleParams = z.output<typeof hurdleParamsSchema>;

/** Predicted log amount from the standardised head output (clamped when configured). */
function logAmount(z: number, p: HurdleParams, config: HeadSettings): number {
  const raw = p.logYMean + p.logYStd * z;
  return config.clampLogAmount ? clampTo(raw, p.clampMin, p.clampMax) : raw;
}

/**
 * Targets, loss, retransformation and prediction of the two heads (purchase logit, standardised
 * log amount): the hurdle's, reused by every two-part model with these outputs (sequence.ts).
 */
export function hurdleHeads<C extends HeadSettings, P extends HurdleParams>(model: string) {
  return {
    // A custom network's architecture params (skeleton.ts) are added to these before training.
    prepare(y: Float64Array, config: C): Prepared<P> {
      const stats = logStats(y, model);
      return {
        targets: twoPartTargets(y, stats),
        nTargets: 2,
        params: { ...logScaleParamsOf(stats), retransformFactor: 1 } as P,
        diagnostics: { retransform: config.retransform, buyers: stats.buyers, buyerRate: stats.buyers / y.length, clampLogAmount: config.clampLogAmount ? 1 : 0 },
      };
    },
    loss: (config: C) => (yTrue: tf.Tensor2D, yPred: tf.Tensor2D) => hurdleLoss(yTrue, yPred, config.lossWeights),

    /** Retransformation on the training buyers, with the same (clamped) log-amount predictor used at prediction. */
    calibrate({ outputs, y, params }: Calibration<P>, config: C): { params: P; diagnostics: Diagnostics } {
      const residuals: number[] = [];
      let clamped = 0;
      for (let i = 0; i < y.length; i++) {
        const raw = params.logYMean + params.logYStd * outputs[2 * i + 1];
        const l = logAmount(outputs[2 * i + 1], params, config);
        if (config.clampLogAmount && l !== raw) clamped += 1;
        if (y[i] > 0) residuals.push(Math.log(y[i]) - l);
      }
      const f = retransformFactors(residuals);
      const factor = config.retransform === 'smearing' ? f.smearing : config.retransform === 'lognormal' ? f.lognormal : 1;
      return {
        params: { ...params, retransformFactor: factor },
        diagnostics: { smearingFactor: f.smearing, lognormalFactor: f.lognormal, residualVariance: f.residualVariance, clampedFractionTrain: clamped / y.length },
      };
    },

    predict(outputs: Float32Array, n: number, params: P, config: C): Prediction {
      const yHat = new Float64Array(n);
      const purchaseProb = new Float64Array(n);
      const amount = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        purchaseProb[i] = sigmoid(outputs[2 * i]);
        amount[i] = Math.exp(logAmount(outputs[2 * i + 1], params, config)) * params.retransformFactor;
        yHat[i] = purchaseProb[i] * amount[i];
      }
      return { yHat, purchaseProb, amount };
    },
  };
}

export const hurdleModel = defineNetworkModel({
  type: 'hurdle',
  configSchema,
  paramsSchema: hurdleParamsSchema,
  stateVersion: 1,
  twoPart: true,
  nonNegativeTarget: true,
  shape: (config) => ({
    trunk: { name: 'trunk', hidden: config.trunk, outputs: null },
    heads: [
      { name: 'purchase', hidden: config.purchaseHead, outputs: 1 },
      { name: 'amount', hidden: config.amountHead, outputs: 1 },
    ],
  }),
  ...hurdleHeads<HurdleModelConfig, HurdleParams>('hurdle'),
});
