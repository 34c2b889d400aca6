/**
 * Zero-inflated log-normal (ZILN) model, after Wang, Liu & Miao (2019) and Google's
 * lifetime_value package: one network with three outputs per row — purchase logit, μ and
 * σ = softplus(raw) + SIGMA_FLOOR — trained on `zilnLoss` (losses.ts).
 *
 * Conditioning: the network works on z = (log y − m)/s (m, s: mean/std of log y over training
 * buyers), so its μ, σ are on that scale: μ_y = m + s·μ, σ_y = s·σ. The log-normal NLL of y is
 * then [log y + log s] + log σ + ½ log 2π + (z − μ)² / (2σ²); the bracket does not depend on the
 * weights, so training drops it.
 * Prediction: E[y|x] = p · exp(μ_y + σ_y²/2), with μ_y clamped to the training buyers' log-y range
 * and σ_y capped at their log-y standard deviation when clampLogAmount.
 */
import { z } from 'zod';
import { clampLogAmount, commonModelFields, hiddenLayers } from './fields.ts';
import { clampTo, logScaleParams, logScaleParamsOf, logStats, sigmoid, twoPartTargets } from './logscale.ts';
import { SIGMA_FLOOR, zilnLoss } from './losses.ts';
import { defineNetworkModel } from './skeleton.ts';

const configSchema = z.strictObject({
  type: z.literal('ziln'),
  hidden: hiddenLayers([128, 64]),
  ...commonModelFields,
  clampLogAmount: clampLogAmount(),
});
export type ZilnModelConfig = z.output<typeof configSchema>;

const paramsSchema = z.object({
  ...logScaleParams,
});

/** softplus in float64, matching tf.softplus to float32 precision. */
const softplus = (r: number) => (r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r)));

export const zilnModel = defineNetworkModel({
  type: 'ziln',
  configSchema,
  paramsSchema,
  stateVersion: 1,
  twoPart: true,
  nonNegativeTarget: true,
  shape: (config) => ({ trunk: { name: 'ziln', hidden: config.hidden, outputs: 3 }, heads: [] }),
  prepare(y, config) {
    const stats = logStats(y, 'ziln');
    return {
      targets: twoPartTargets(y, stats),
      nTargets: 2,
      params: logScaleParamsOf(stats),
      diagnostics: { buyers: stats.buyers, buyerRate: stats.buyers / y.length, clampLogAmount: config.clampLogAmount ? 1 : 0, sigmaFloor: SIGMA_FLOOR },
    };
  },
  loss: () => zilnLoss,

  calibrate({ outputs, y, params }) {
    let clamped = 0;
    for (let i = 0; i < y.length; i++) {
      const mu = params.logYMean + params.logYStd * outputs[3 * i + 1];
      if (mu < params.clampMin || mu > params.clampMax) clamped += 1;
    }
    return { params, diagnostics: { clampedFractionTrain: clamped / y.length } };
  },

  predict(outputs, n, params, config) {
    const { logYMean: m, logYStd: s } = params;
    const yHat = new Float64Array(n);
    const purchaseProb = new Float64Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let mu = m + s * outputs[3 * i + 1];
      if (config.clampLogAmount) mu = clampTo(mu, params.clampMin, params.clampMax);
      let sigma = s * (softplus(outputs[3 * i + 2]) + SIGMA_FLOOR);
      // exp(σ²/2) blows up as surely as exp(μ): cap σ at the training buyers' marginal log-y spread.
      // By the law of total variance the conditional spread cannot exceed it on average, so a larger
      // σ for one row is extrapolation, not signal.
      if (config.clampLogAmount) sigma = Math.min(sigma, s);
      purchaseProb[i] = sigmoid(outputs[3 * i]);
      amount[i] = Math.exp(mu + (sigma * sigma) / 2);
      yHat[i] = purchaseProb[i] * amount[i];
    }
    return { yHat, purchaseProb, amount };
  },
});
