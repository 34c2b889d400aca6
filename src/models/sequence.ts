/**
 * `type: sequence`: a hurdle model that reads the user's previous sessions (sequence-net.ts).
 * The pipeline supplies them (`features.history.steps`); training, losses and the
 * retransformation are the hurdle's: BCE on 1[y > 0] plus MSE of the standardised log amount over
 * buyers, E[y|x] = p · exp(clamped log amount) · smearing (or log-normal) factor, the factor
 * fitted on the training buyers' residuals.
 */
import * as tf from '@tensorflow/tfjs';
import type { SequenceModelConfig } from '../config/types.ts';
import { UserError } from '../errors.ts';
import type { SequenceLayout } from '../features/history.ts';
import type { FeatureMatrix } from '../features/types.ts';
import { trainLoop } from '../train/loop.ts';
import { clampTo, column, logStats, maskedMean, retransformFactors, sigmoid, sigmoidCrossEntropy, twoPartTargets } from './logscale.ts';
import { checkFitInput, checkPredictInput, configOf, Network, predictColumns, trainData } from './network.ts';
import { buildSequenceNet, sequenceHeads } from './sequence-net.ts';
import type { FitReport, FittedModel, ModelDefinition, ModelState, Prediction } from './types.ts';

type Info = Record<string, number | string | number[]>;

function layoutOf(input: FeatureMatrix): SequenceLayout {
  if (!input.sequence) {
    throw new UserError('CONFIG_INVALID', 'model.type sequence needs the previous sessions, but the features have none.', {
      key: 'features.history.steps',
      expected: 'features.history with steps ≥ 1',
      found: 'no sequence block',
      hint: 'Add `features: { history: { steps: 6 } }` to the experiment (see experiments/users-sequence.yaml).',
    });
  }
  return input.sequence;
}

export class FittedSequence implements FittedModel {
  readonly type = 'sequence' as const;
  constructor(
    readonly net: Network,
    private readonly config: SequenceModelConfig,
    private readonly layout: SequenceLayout,
    private readonly nFeatures: number,
    readonly info: Info,
  ) {}

  heads(input: FeatureMatrix): { logit: Float32Array; z: Float32Array } {
    checkPredictInput(input, this.nFeatures, []);
    const got = layoutOf(input);
    if (got.offset !== this.layout.offset || got.steps !== this.layout.steps || got.width !== this.layout.width) {
      throw new UserError('MODEL_INVALID', 'the previous-session block does not match the one the model was trained on.', {
        expected: JSON.stringify(this.layout), found: JSON.stringify(got), hint: 'Apply the same fitted feature pipeline.',
      });
    }
    const pass = { training: false, dropoutSeed: 1 };
    const raw = predictColumns(input, [], 2, (x) => tf.concat(sequenceHeads(this.net, this.config, this.layout, x, pass, true), 1));
    const logit = new Float32Array(input.nRows);
    const z = new Float32Array(input.nRows);
    for (let i = 0; i < input.nRows; i++) {
      logit[i] = raw[2 * i];
      z[i] = raw[2 * i + 1];
    }
    return { logit, z };
  }

  logAmount(z: number): { value: number; clamped: boolean } {
    const raw = Number(this.info.logYMean) + Number(this.info.logYStd) * z;
    if (!this.config.clampLogAmount) return { value: raw, clamped: false };
    const value = clampTo(raw, Number(this.info.clampMin), Number(this.info.clampMax));
    return { value, clamped: value !== raw };
  }

  predict(input: FeatureMatrix): Prediction {
    const { logit, z } = this.heads(input);
    const factor = Number(this.info.retransformFactor);
    const n = input.nRows;
    const yHat = new Float64Array(n);
    const purchaseProb = new Float64Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      purchaseProb[i] = sigmoid(logit[i]);
      amount[i] = Math.exp(this.logAmount(z[i]).value) * factor;
      yHat[i] = purchaseProb[i] * amount[i];
    }
    return { yHat, purchaseProb, amount };
  }

  toState(): ModelState {
    const { offset, steps, width, baseWidth } = this.layout;
    return {
      type: 'sequence', config: this.config, nFeatures: this.nFeatures, weights: this.net.exportWeights(),
      info: { ...this.info, layoutOffset: offset, layoutSteps: steps, layoutWidth: width, layoutBaseWidth: baseWidth },
    };
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** The hurdle's retransformation, fitted on the training buyers with the same clamped predictor. */
function calibrate(model: FittedSequence, input: FeatureMatrix, y: Float64Array, config: SequenceModelConfig): Info {
  const { z } = model.heads(input);
  const residuals: number[] = [];
  let clamped = 0;
  for (let i = 0; i < y.length; i++) {
    const l = model.logAmount(z[i]);
    if (l.clamped) clamped += 1;
    if (y[i] > 0) residuals.push(Math.log(y[i]) - l.value);
  }
  const f = retransformFactors(residuals);
  const factor = config.retransform === 'smearing' ? f.smearing : config.retransform === 'lognormal' ? f.lognormal : 1;
  return { smearingFactor: f.smearing, lognormalFactor: f.lognormal, residualVariance: f.residualVariance, retransformFactor: factor, clampedFractionTrain: clamped / y.length };
}

export const sequenceModel: ModelDefinition = {
  type: 'sequence',
  twoPart: true,

  async fit(input, y, ctx) {
    const config = configOf(ctx.config, 'sequence');
    checkFitInput(input, y, 'sequence', true);
    const layout = layoutOf(input);
    const stats = logStats(y, 'sequence');
    const net = buildSequenceNet(config, layout, ctx.seeds.init);
    const { purchase: wp, amount: wa } = config.lossWeights;
    try {
      const loop = await trainLoop(
        {
          variables: net.variables(),
          loss: (batch, pass) => {
            const [logit, z] = sequenceHeads(net, config, layout, batch.x, pass, ctx.train.fastPath);
            const isBuyer = column(batch.targets, 0);
            const bce = sigmoidCrossEntropy(isBuyer, logit);
            const mse = maskedMean(tf.squaredDifference(z, column(batch.targets, 1)), isBuyer);
            return tf.add(tf.mul(wp, bce), tf.mul(wa, mse)) as tf.Scalar;
          },
          penalty: () => net.penalty(config.l2),
        },
        trainData(input, y, twoPartTargets(y, stats), 2, false),
        ctx,
      );
      const info: Info = {
        retransform: config.retransform, buyers: stats.buyers, buyerRate: stats.buyers / y.length, logYMean: stats.mean, logYStd: stats.std,
        clampMin: stats.min, clampMax: stats.max, retransformFactor: 1, trainRows: loop.trainRows, validationRows: loop.validationRows,
        rowsWithHistory: input.rowsWithHistory ?? 0,
      };
      if (loop.status !== 'ok') {
        net.dispose();
        return { model: null, report: { ...loop, info } satisfies FitReport };
      }
      const uncalibrated = new FittedSequence(net, config, layout, input.nFeatures, info);
      const model = new FittedSequence(net, config, layout, input.nFeatures, { ...info, ...calibrate(uncalibrated, input, y, config) });
      return { model, report: { ...loop, info: model.info } satisfies FitReport };
    } catch (e) {
      net.dispose();
      throw e;
    }
  },

  fromState(state: ModelState) {
    const config = configOf(state.config, 'sequence');
    const n = (k: string) => Number(state.info[k]);
    const layout = { offset: n('layoutOffset'), steps: n('layoutSteps'), width: n('layoutWidth'), baseWidth: n('layoutBaseWidth') };
    const net = buildSequenceNet(config, layout, 1);
    try {
      net.importWeights(state.weights);
    } catch (e) {
      net.dispose();
      throw e;
    }
    return new FittedSequence(net, config, layout, state.nFeatures, { ...state.info });
  },
};
