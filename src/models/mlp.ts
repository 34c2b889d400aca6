/**
 * Plain MLP regressor: ReLU hidden layers → one linear output, MSE on the target divided by its
 * training-fold std (targetScale 'std'; multiplied back at prediction). Predictions below zero
 * are clamped to 0, since the target is a non-negative value.
 */
import { z } from 'zod';
import { commonModelFields, hiddenLayers } from './fields.ts';
import { meanSquaredError } from './losses.ts';
import { defineNetworkModel } from './skeleton.ts';

const configSchema = z.strictObject({
  type: z.literal('mlp'),
  hidden: hiddenLayers([128, 64]),
  ...commonModelFields,
  targetScale: z.enum(['std', 'none']).default('std').describe('std: train on y / std(y) of the training fold | none: raw y'),
});
export type MlpModelConfig = z.output<typeof configSchema>;

const paramsSchema = z.object({
  /** The target divisor used in training (1 for targetScale 'none'). */
  targetScale: z.number(),
});

function populationStd(y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  return Math.sqrt(ss / y.length);
}

export const mlpModel = defineNetworkModel({
  type: 'mlp',
  configSchema,
  paramsSchema,
  stateVersion: 1,
  twoPart: false,
  nonNegativeTarget: false,
  shape: (config) => ({ trunk: { name: 'mlp', hidden: config.hidden, outputs: 1 }, heads: [] }),
  prepare(y, config) {
    const scale = config.targetScale === 'std' ? populationStd(y) || 1 : 1;
    return {
      targets: Float32Array.from(y, (v) => v / scale),
      nTargets: 1,
      params: { targetScale: scale },
      diagnostics: { targetScaleMode: config.targetScale },
    };
  },
  loss: () => meanSquaredError,
  predict: (outputs, _n, params) => ({ yHat: Float64Array.from(outputs, (v) => Math.max(0, v * params.targetScale)) }),
});
