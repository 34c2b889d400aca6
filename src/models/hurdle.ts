/**
 * Two-part (hurdle) MLP: a shared trunk (possibly empty) feeding
 *   (a) a purchase head → logit, BCE on 1[y > 0];
 *   (b) an amount head → standardised log y, MSE over buyers only.
 * Loss = w_p·BCE + w_a·maskedMSE. Prediction: E[y|x] = p(x) · exp(L(x)) · factor, where L is the
 * predicted log amount (clamped to the training buyers' log-y range when clampLogAmount: an
 * unclamped exp() of an extrapolated head is what sends naive two-part models to R² < 0 on
 * real data) and factor is the retransformation: Duan smearing, log-normal exp(σ²/2), or 1.
 */
import * as tf from '@tensorflow/tfjs';
import type { HurdleModelConfig } from '../config/types.ts';
import type { FeatureMatrix } from '../features/types.ts';
import { trainLoop, type LossPass } from '../train/loop.ts';
import { embeddingsUnsupported } from '../train/kernel-step.ts';
import { createStack, forwardStack } from '../train/params.ts';
import { clampTo, column, logStats, maskedMean, retransformFactors, sigmoid, sigmoidCrossEntropy, twoPartTargets, type LogStats } from './logscale.ts';
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
import type { FitReport, FittedModel, ModelDefinition, ModelState, Prediction } from './types.ts';

type Info = Record<string, number | string | number[]>;

function buildNetwork(config: HurdleModelConfig, input: Pick<FeatureMatrix, 'nFeatures' | 'embeddingIds'>, seed: number): Network {
  const width = input.nFeatures + embeddingWidth(input, config.embeddingDim);
  const trunk = createStack('trunk', width, config.trunk, null, seed);
  return new Network(createEmbeddings(input, config.embeddingDim, seed), [
    trunk,
    createStack('purchase', trunk.outputDim, config.purchaseHead, 1, seed),
    createStack('amount', trunk.outputDim, config.amountHead, 1, seed),
  ]);
}

/** [purchase logit, standardised log amount] per row. */
function heads(net: Network, config: HurdleModelConfig, inputs: tf.Tensor2D, pass: LossPass, fast: boolean): [tf.Tensor2D, tf.Tensor2D] {
  const [trunk, purchase, amount] = net.stacks;
  const common = { fast, training: pass.training, dropout: config.dropout, dropoutSeed: pass.dropoutSeed };
  const h = forwardStack(trunk, inputs, { ...common, inputGrad: net.embeddings.length > 0 });
  const headInputGrad = trunk.layers.length > 0 || net.embeddings.length > 0;
  return [forwardStack(purchase, h, { ...common, inputGrad: headInputGrad }), forwardStack(amount, h, { ...common, inputGrad: headInputGrad })];
}

export class FittedHurdle implements FittedModel {
  readonly type = 'hurdle' as const;
  constructor(
    private readonly net: Network,
    private readonly config: HurdleModelConfig,
    private readonly nFeatures: number,
    /** logYMean, logYStd, clampMin, clampMax, retransformFactor (+ diagnostics). */
    readonly info: Info,
  ) {}

  /** Raw head outputs: purchase logit and the standardised log amount, as computed on the backend. */
  heads(input: FeatureMatrix): { logit: Float32Array; logAmountStd: Float32Array } {
    checkPredictInput(input, this.nFeatures, this.net.embeddings);
    const pass = { training: false, dropoutSeed: 1 };
    const raw = predictColumns(input, this.net.embeddings, 2, (x) => tf.concat(heads(this.net, this.config, x, pass, true), 1));
    const logit = new Float32Array(input.nRows);
    const logAmountStd = new Float32Array(input.nRows);
    for (let i = 0; i < input.nRows; i++) {
      logit[i] = raw[2 * i];
      logAmountStd[i] = raw[2 * i + 1];
    }
    return { logit, logAmountStd };
  }

  /** Predicted log amount (clamped when configured) and whether the clamp was hit. */
  logAmount(z: number): { value: number; clamped: boolean } {
    const raw = Number(this.info.logYMean) + Number(this.info.logYStd) * z;
    if (!this.config.clampLogAmount) return { value: raw, clamped: false };
    const value = clampTo(raw, Number(this.info.clampMin), Number(this.info.clampMax));
    return { value, clamped: value !== raw };
  }

  predict(input: FeatureMatrix): Prediction {
    const { logit, logAmountStd } = this.heads(input);
    const factor = Number(this.info.retransformFactor);
    const n = input.nRows;
    const yHat = new Float64Array(n);
    const purchaseProb = new Float64Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      purchaseProb[i] = sigmoid(logit[i]);
      amount[i] = Math.exp(this.logAmount(logAmountStd[i]).value) * factor;
      yHat[i] = purchaseProb[i] * amount[i];
    }
    return { yHat, purchaseProb, amount };
  }

  toState(): ModelState {
    return { type: 'hurdle', config: this.config, nFeatures: this.nFeatures, weights: this.net.exportWeights(), info: { ...this.info } };
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** Retransformation on the training buyers, with the same (clamped) log-amount predictor used at prediction. */
function calibrate(model: FittedHurdle, input: FeatureMatrix, y: Float64Array, config: HurdleModelConfig): Info {
  const { logAmountStd } = model.heads(input);
  const residuals: number[] = [];
  let clamped = 0;
  for (let i = 0; i < y.length; i++) {
    const l = model.logAmount(logAmountStd[i]);
    if (l.clamped) clamped += 1;
    if (y[i] > 0) residuals.push(Math.log(y[i]) - l.value);
  }
  const f = retransformFactors(residuals);
  const factor = config.retransform === 'smearing' ? f.smearing : config.retransform === 'lognormal' ? f.lognormal : 1;
  return {
    smearingFactor: f.smearing,
    lognormalFactor: f.lognormal,
    residualVariance: f.residualVariance,
    retransformFactor: factor,
    clampedFractionTrain: clamped / y.length,
  };
}

function statsInfo(stats: LogStats, y: Float64Array, config: HurdleModelConfig): Info {
  return {
    retransform: config.retransform,
    buyers: stats.buyers,
    buyerRate: stats.buyers / y.length,
    logYMean: stats.mean,
    logYStd: stats.std,
    clampMin: stats.min,
    clampMax: stats.max,
    clampLogAmount: config.clampLogAmount ? 1 : 0,
    retransformFactor: 1,
  };
}

export const hurdleModel: ModelDefinition = {
  type: 'hurdle',
  twoPart: true,

  async fit(input, y, ctx) {
    const config = configOf(ctx.config, 'hurdle');
    checkFitInput(input, y, 'hurdle', true);
    const stats = logStats(y, 'hurdle');
    const net = buildNetwork(config, input, ctx.seeds.init);
    const fast = ctx.train.fastPath;
    const { purchase: wp, amount: wa } = config.lossWeights;
    try {
      const loop = await trainLoop(
        {
          variables: net.variables(),
          loss: (batch, pass) => {
            const [logit, z] = heads(net, config, net.inputs(batch), pass, fast);
            const isBuyer = column(batch.targets, 0);
            const bce = sigmoidCrossEntropy(isBuyer, logit);
            const mse = maskedMean(tf.squaredDifference(z, column(batch.targets, 1)), isBuyer);
            return tf.add(tf.mul(wp, bce), tf.mul(wa, mse)) as tf.Scalar;
          },
          penalty: () => net.penalty(config.l2),
          // Trunk, then both heads reading it (an empty trunk passes the data through).
          kernel: {
            stacks: net.stacks.map((stack, i) => ({ stack, input: i === 0 ? -1 : 0 })),
            outputs: [1, 2],
            loss: { name: 'hurdle', purchase: wp, amount: wa },
            dropout: config.dropout,
            l2: config.l2,
            unsupported: embeddingsUnsupported(config.embeddingDim),
          },
        },
        trainData(input, y, twoPartTargets(y, stats), 2, config.embeddingDim > 0),
        ctx,
      );
      const info: Info = { ...statsInfo(stats, y, config), trainRows: loop.trainRows, validationRows: loop.validationRows };
      if (loop.status !== 'ok') {
        net.dispose();
        return { model: null, report: { ...loop, info } satisfies FitReport };
      }
      const uncalibrated = new FittedHurdle(net, config, input.nFeatures, info);
      const model = new FittedHurdle(net, config, input.nFeatures, { ...info, ...calibrate(uncalibrated, input, y, config) });
      return { model, report: { ...loop, info: model.info } satisfies FitReport };
    } catch (e) {
      net.dispose();
      throw e;
    }
  },

  fromState(state: ModelState) {
    const config = configOf(state.config, 'hurdle');
    const net = networkFromState(state, config, buildNetwork);
    return new FittedHurdle(net, config, state.nFeatures, { ...state.info });
  },
};
