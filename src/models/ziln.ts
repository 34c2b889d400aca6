/**
 * Zero-inflated log-normal (ZILN) model, after Wang, Liu & Miao (2019) and Google's
 * lifetime_value package: one network with three outputs per row — purchase logit, μ and
 * σ = softplus(raw) + SIGMA_FLOOR — trained on
 *   BCE(logit, 1[y>0]) + mean over buyers of the log-normal NLL
 *   log y + log σ_y + ½ log 2π + (log y − μ_y)² / (2σ_y²).
 *
 * Conditioning: the network works on z = (log y − m)/s (m, s: mean/std of log y over training
 * buyers), so its μ, σ are on that scale: μ_y = m + s·μ, σ_y = s·σ. Substituting,
 *   NLL = [log y + log s] + log σ + ½ log 2π + (z − μ)² / (2σ²);
 * the bracket does not depend on the weights, so training drops it; `zilnLoss` (the exact formula
 * on the original scale, for checking and reporting) adds it back.
 * Prediction: E[y|x] = p · exp(μ_y + σ_y²/2), with μ_y clamped to the training buyers' log-y range
 * and σ_y capped at their log-y standard deviation when clampLogAmount.
 */
import * as tf from '@tensorflow/tfjs';
import type { ZilnModelConfig } from '../config/types.ts';
import type { FeatureMatrix } from '../features/types.ts';
import { trainLoop, type LossPass } from '../train/loop.ts';
import { embeddingsUnsupported } from '../train/kernel-step.ts';
import { createStack, forwardStack } from '../train/params.ts';
import { clampTo, column, logStats, maskedMean, sigmoid, sigmoidCrossEntropy, twoPartTargets } from './logscale.ts';
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

/** Lower bound on σ (standardised scale) so the NLL stays finite. */
export const SIGMA_FLOOR = 1e-3;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standardisation of log y: z = (log y − mean) / std. */
export interface LogScale {
  mean: number;
  std: number;
}

function sigmaOf(raw: tf.Tensor): tf.Tensor {
  return tf.add(tf.softplus(raw), SIGMA_FLOOR);
}

/** Training loss on standardised targets [1[y>0], z]; outputs [logit, μ, σ_raw]. Omits log y + log s. */
export function zilnLossStandardised(targets: tf.Tensor2D, outputs: tf.Tensor2D): tf.Scalar {
  const isBuyer = column(targets, 0);
  const z = column(targets, 1);
  const mu = column(outputs, 1);
  const sigma = sigmaOf(column(outputs, 2));
  const nll = tf.add(tf.add(tf.log(sigma), HALF_LOG_2PI), tf.div(tf.squaredDifference(z, mu), tf.mul(2, tf.square(sigma))));
  return tf.add(sigmoidCrossEntropy(isBuyer, column(outputs, 0)), maskedMean(nll, isBuyer)) as tf.Scalar;
}

/**
 * The ZILN loss on the original scale: mean BCE over all rows + mean over buyers of the
 * log-normal NLL of y, for outputs [logit, μ, σ_raw] on the standardised log scale `scale`.
 * `yTrue` is y itself (zeros for non-buyers), shape [n] or [n, 1].
 */
export function zilnLoss(yTrue: tf.Tensor, outputs: tf.Tensor2D, scale: LogScale = { mean: 0, std: 1 }): tf.Scalar {
  return tf.tidy(() => {
    const y = tf.reshape(yTrue, [-1, 1]);
    const isBuyer = tf.cast(tf.greater(y, 0), 'float32');
    const logY = tf.log(tf.where(tf.greater(y, 0), y, tf.onesLike(y)));
    const z = tf.mul(tf.div(tf.sub(logY, scale.mean), scale.std), isBuyer);
    const standardised = zilnLossStandardised(tf.concat([isBuyer, z], 1) as tf.Tensor2D, outputs);
    return tf.add(standardised, maskedMean(tf.add(logY, Math.log(scale.std)), isBuyer)) as tf.Scalar;
  });
}

function buildNetwork(config: ZilnModelConfig, input: Pick<FeatureMatrix, 'nFeatures' | 'embeddingIds'>, seed: number): Network {
  const width = input.nFeatures + embeddingWidth(input, config.embeddingDim);
  return new Network(createEmbeddings(input, config.embeddingDim, seed), [createStack('ziln', width, config.hidden, 3, seed)]);
}

function outputsOf(net: Network, config: ZilnModelConfig, inputs: tf.Tensor2D, pass: LossPass, fast: boolean): tf.Tensor2D {
  return forwardStack(net.stacks[0], inputs, {
    fast,
    training: pass.training,
    dropout: config.dropout,
    dropoutSeed: pass.dropoutSeed,
    inputGrad: net.embeddings.length > 0,
  });
}

export class FittedZiln implements FittedModel {
  readonly type = 'ziln' as const;
  constructor(
    private readonly net: Network,
    private readonly config: ZilnModelConfig,
    private readonly nFeatures: number,
    readonly info: Info,
  ) {}

  /** Raw outputs [logit, μ, σ_raw] per row (standardised log scale), row-major. */
  outputs(input: FeatureMatrix): Float32Array {
    checkPredictInput(input, this.nFeatures, this.net.embeddings);
    const pass = { training: false, dropoutSeed: 1 };
    return predictColumns(input, this.net.embeddings, 3, (x) => outputsOf(this.net, this.config, x, pass, true));
  }

  predict(input: FeatureMatrix): Prediction {
    const raw = this.outputs(input);
    const [m, s] = [Number(this.info.logYMean), Number(this.info.logYStd)];
    const [lo, hi] = [Number(this.info.clampMin), Number(this.info.clampMax)];
    const n = input.nRows;
    const yHat = new Float64Array(n);
    const purchaseProb = new Float64Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let mu = m + s * raw[3 * i + 1];
      if (this.config.clampLogAmount) mu = clampTo(mu, lo, hi);
      const r = raw[3 * i + 2];
      // softplus in float64, matching tf.softplus to float32 precision.
      let sigma = s * ((r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) + SIGMA_FLOOR);
      // exp(σ²/2) blows up as surely as exp(μ): cap σ at the training buyers' marginal log-y spread.
      // By the law of total variance the conditional spread cannot exceed it on average, so a larger
      // σ for one row is extrapolation, not signal.
      if (this.config.clampLogAmount) sigma = Math.min(sigma, s);
      purchaseProb[i] = sigmoid(raw[3 * i]);
      amount[i] = Math.exp(mu + (sigma * sigma) / 2);
      yHat[i] = purchaseProb[i] * amount[i];
    }
    return { yHat, purchaseProb, amount };
  }

  toState(): ModelState {
    return { type: 'ziln', config: this.config, nFeatures: this.nFeatures, weights: this.net.exportWeights(), info: { ...this.info } };
  }

  dispose(): void {
    this.net.dispose();
  }
}

function clampedFraction(model: FittedZiln, input: FeatureMatrix): number {
  const raw = model.outputs(input);
  const [m, s] = [Number(model.info.logYMean), Number(model.info.logYStd)];
  let n = 0;
  for (let i = 0; i < input.nRows; i++) {
    const mu = m + s * raw[3 * i + 1];
    if (mu < Number(model.info.clampMin) || mu > Number(model.info.clampMax)) n += 1;
  }
  return n / input.nRows;
}

export const zilnModel: ModelDefinition = {
  type: 'ziln',
  twoPart: true,

  async fit(input, y, ctx) {
    const config = configOf(ctx.config, 'ziln');
    checkFitInput(input, y, 'ziln', true);
    const stats = logStats(y, 'ziln');
    const net = buildNetwork(config, input, ctx.seeds.init);
    const fast = ctx.train.fastPath;
    try {
      const loop = await trainLoop(
        {
          variables: net.variables(),
          loss: (batch, pass) => zilnLossStandardised(batch.targets, outputsOf(net, config, net.inputs(batch), pass, fast)),
          penalty: () => net.penalty(config.l2),
          kernel: {
            stacks: [{ stack: net.stacks[0], input: -1 }],
            outputs: [0],
            loss: { name: 'ziln', sigmaFloor: SIGMA_FLOOR },
            dropout: config.dropout,
            l2: config.l2,
            unsupported: embeddingsUnsupported(config.embeddingDim),
          },
        },
        trainData(input, y, twoPartTargets(y, stats), 2, config.embeddingDim > 0),
        ctx,
      );
      const info: Info = {
        buyers: stats.buyers,
        buyerRate: stats.buyers / y.length,
        logYMean: stats.mean,
        logYStd: stats.std,
        clampMin: stats.min,
        clampMax: stats.max,
        clampLogAmount: config.clampLogAmount ? 1 : 0,
        sigmaFloor: SIGMA_FLOOR,
        trainRows: loop.trainRows,
        validationRows: loop.validationRows,
      };
      if (loop.status !== 'ok') {
        net.dispose();
        return { model: null, report: { ...loop, info } satisfies FitReport };
      }
      const model = new FittedZiln(net, config, input.nFeatures, info);
      info.clampedFractionTrain = clampedFraction(model, input);
      return { model, report: { ...loop, info } satisfies FitReport };
    } catch (e) {
      net.dispose();
      throw e;
    }
  },

  fromState(state: ModelState) {
    const config = configOf(state.config, 'ziln');
    const net = networkFromState(state, config, buildNetwork);
    return new FittedZiln(net, config, state.nFeatures, { ...state.info });
  },
};
