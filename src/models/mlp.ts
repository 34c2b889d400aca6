/**
 * Plain MLP regressor: ReLU hidden layers → one linear output, MSE on the target divided by its
 * training-fold std (targetScale 'std'; multiplied back at prediction). Predictions below zero
 * are clamped to 0, since the target is a non-negative value.
 */
import * as tf from '@tensorflow/tfjs';
import type { MlpModelConfig } from '../config/types.ts';
import type { FeatureMatrix } from '../features/types.ts';
import { trainLoop, type LossPass } from '../train/loop.ts';
import { embeddingsUnsupported } from '../train/kernel-step.ts';
import { createStack, forwardStack } from '../train/params.ts';
import {
  checkFitInput,
  checkPredictInput,
  configOf,
  createEmbeddings,
  embeddingWidth,
  Network,
  networkFromState,
  predictColumns,
  trainData,
} from './network.ts';
import type { FitContext, FitReport, FittedModel, ModelDefinition, ModelState, Prediction } from './types.ts';

type Info = Record<string, number | string | number[]>;

function buildNetwork(config: MlpModelConfig, input: Pick<FeatureMatrix, 'nFeatures' | 'embeddingIds'>, seed: number): Network {
  const width = input.nFeatures + embeddingWidth(input, config.embeddingDim);
  return new Network(createEmbeddings(input, config.embeddingDim, seed), [createStack('mlp', width, config.hidden, 1, seed)]);
}

function forward(net: Network, config: MlpModelConfig, inputs: tf.Tensor2D, pass: LossPass, fast: boolean): tf.Tensor2D {
  return forwardStack(net.stacks[0], inputs, {
    fast,
    training: pass.training,
    dropout: config.dropout,
    dropoutSeed: pass.dropoutSeed,
    inputGrad: net.embeddings.length > 0,
  });
}

function populationStd(y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  return Math.sqrt(ss / y.length);
}

export class FittedMlp implements FittedModel {
  readonly type = 'mlp' as const;
  constructor(
    private readonly net: Network,
    private readonly config: MlpModelConfig,
    private readonly nFeatures: number,
    /** Target divisor used in training (1 for targetScale 'none'). */
    readonly targetScale: number,
  ) {}

  predict(input: FeatureMatrix): Prediction {
    checkPredictInput(input, this.nFeatures, this.net.embeddings);
    const pass = { training: false, dropoutSeed: 1 };
    const raw = predictColumns(input, this.net.embeddings, 1, (x) => forward(this.net, this.config, x, pass, true));
    return { yHat: Float64Array.from(raw, (v) => Math.max(0, v * this.targetScale)) };
  }

  toState(): ModelState {
    return {
      type: 'mlp',
      config: this.config,
      nFeatures: this.nFeatures,
      weights: this.net.exportWeights(),
      info: { targetScale: this.targetScale },
    };
  }

  dispose(): void {
    this.net.dispose();
  }
}

export const mlpModel: ModelDefinition = {
  type: 'mlp',
  twoPart: false,

  async fit(input, y, ctx: FitContext) {
    const config = configOf(ctx.config, 'mlp');
    checkFitInput(input, y, 'mlp', false);
    const scale = config.targetScale === 'std' ? populationStd(y) || 1 : 1;
    const targets = Float32Array.from(y, (v) => v / scale);
    const net = buildNetwork(config, input, ctx.seeds.init);
    const fast = ctx.train.fastPath;
    const info: Info = { targetScale: scale, targetScaleMode: config.targetScale };
    try {
      const loop = await trainLoop(
        {
          variables: net.variables(),
          loss: (batch, pass) => tf.mean(tf.squaredDifference(forward(net, config, net.inputs(batch), pass, fast), batch.targets)) as tf.Scalar,
          penalty: () => net.penalty(config.l2),
          kernel: { stacks: [{ stack: net.stacks[0], input: -1 }], outputs: [0], loss: { name: 'mse' }, dropout: config.dropout, l2: config.l2, unsupported: embeddingsUnsupported(config.embeddingDim) },
        },
        trainData(input, y, targets, 1, config.embeddingDim > 0),
        ctx,
      );
      const report: FitReport = { ...loop, info: { ...info, trainRows: loop.trainRows, validationRows: loop.validationRows } };
      if (loop.status !== 'ok') {
        net.dispose();
        return { model: null, report };
      }
      return { model: new FittedMlp(net, config, input.nFeatures, scale), report };
    } catch (e) {
      net.dispose();
      throw e;
    }
  },

  fromState(state: ModelState) {
    const config = configOf(state.config, 'mlp');
    const net = networkFromState(state, config, buildNetwork);
    return new FittedMlp(net, config, state.nFeatures, Number(state.info.targetScale));
  },
};
