/**
 * The shared skeleton of every network model: check the input → build the network → train it →
 * release it on divergence → learn the post-training parameters → predict → save / reload. A model
 * file supplies only what is its own (`NetworkModelSpec`): the network shape, the training targets
 * and loss, the parameters it learns besides the weights, and the mapping from head outputs to
 * E[y|x].
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { UserError } from '../errors.ts';
import type { FeatureMatrix } from '../features/types.ts';
import type { KernelLoss } from '../kernels/losses.ts';
import { embeddingsUnsupported, type KernelPlan } from '../train/kernel-step.ts';
import { trainLoop } from '../train/loop.ts';
import type { LossPass } from '../train/step.ts';
import type { LoopReport } from '../train/types.ts';
import { checkFitInput, checkPredictInput } from './input-checks.ts';
import { buildNetwork, Network, networkFromWeights, outputWidth, withWeights, predictColumns, trainData, type NetworkSettings, type NetworkShape } from './network.ts';
import type { Diagnostics, FitReport, FittedModel, ModelConfigSchema, ModelDefinition, ModelState, Prediction } from './types.ts';

/** Learned parameters: named numbers (validated by the model's `paramsSchema` when a state is loaded). */
export type Params = Record<string, number>;

export interface Prepared<P extends Params> {
  /** Row-major nRows × nTargets targets for `loss`. */
  targets: Float32Array;
  nTargets: number;
  /** Parameters known before training (e.g. log-y statistics), complete: calibrate may refine them. */
  params: P;
  diagnostics: Diagnostics;
}

/** What `calibrate` sees after training: the trained heads on every training row, and the inner split. */
export interface Calibration<P extends Params> {
  outputs: Float32Array;
  y: Float64Array;
  params: P;
  loop: LoopReport;
}

/**
 * A network that is not trunk + heads (the sequence model's attention over previous sessions).
 * Its architecture may depend on the input's layout, which is read at fit time and saved among
 * the params, so a reloaded model rebuilds the same network.
 */
export interface CustomNetwork<C, P extends Params> {
  /** Architecture numbers read off the training input (a user error when the input cannot feed it). */
  paramsOf(input: FeatureMatrix): Partial<P>;
  /** Refuses a prediction input the network was not built for (beyond the feature count). */
  checkInput(input: FeatureMatrix, params: P): void;
  build(config: C, params: P, seed: number): Network;
  /** Head outputs [rows, outputWidth(shape)]. */
  forward(net: Network, inputs: tf.Tensor2D, pass: LossPass, config: C, params: P, fast: boolean): tf.Tensor2D;
}

export interface NetworkModelSpec<T extends string, S extends ModelConfigSchema<T>, P extends Params> {
  type: T;
  configSchema: S;
  /** The learned parameters; a saved state missing one (or holding a non-number) is refused on load. */
  paramsSchema: z.ZodType<P>;
  /** Bumped when the meaning of the weights or params changes; older states are refused. */
  stateVersion: number;
  twoPart: boolean;
  /** Whether targets must be ≥ 0 (log-scale and log-link models); checked before fitting. */
  nonNegativeTarget: boolean;
  shape(config: z.output<S>): NetworkShape;
  prepare(y: Float64Array, config: z.output<S>): Prepared<P>;
  /** Training loss: a pure (targets, head outputs) → mean loss. */
  loss(config: z.output<S>): (yTrue: tf.Tensor2D, yPred: tf.Tensor2D) => tf.Scalar;
  /**
   * The same loss for the wasm-simd kernels (src/kernels/losses.ts: value and gradient in one
   * JavaScript pass, tested against tf.grad of `loss`). Without it the model trains on tfjs.
   */
  kernelLoss?(config: z.output<S>): KernelLoss;
  /** Parameters learned from the trained network (retransformation factors...). */
  calibrate?(c: Calibration<P>, config: z.output<S>): { params: P; diagnostics: Diagnostics };
  /** Head outputs (row-major, `outputWidth(shape)` per row) → prediction on the original scale. */
  predict(outputs: Float32Array, nRows: number, params: P, config: z.output<S>): Prediction;
  /** Replaces the trunk + heads network built from `shape` (which then only gives the output width). */
  network?: CustomNetwork<z.output<S>, P>;
}

const INFERENCE = { training: false, dropoutSeed: 1 };

/** The network as the kernels see it: the trunk reads the data, every head reads the trunk; the loss reads the heads (or the trunk when there are none). */
function kernelPlan(net: Network, loss: KernelLoss, settings: NetworkSettings): KernelPlan {
  const heads = net.stacks.length - 1;
  return {
    stacks: net.stacks.map((stack, i) => ({ stack, input: i === 0 ? -1 : 0 })),
    outputs: heads > 0 ? Array.from({ length: heads }, (_, i) => i + 1) : [0],
    loss,
    dropout: settings.dropout,
    l2: settings.l2,
    unsupported: embeddingsUnsupported(settings.embeddingDim),
  };
}

export class FittedNetworkModel<T extends string, S extends ModelConfigSchema<T>, P extends Params> implements FittedModel {
  readonly type: T;
  constructor(
    private readonly spec: NetworkModelSpec<T, S, P>,
    private readonly net: Network,
    private readonly config: z.output<S>,
    private readonly nFeatures: number,
    readonly params: P,
    readonly diagnostics: Diagnostics,
  ) {
    this.type = spec.type;
  }

  /** Raw head outputs per row, row-major, exactly as computed on the backend. */
  outputs(input: FeatureMatrix): Float32Array {
    checkPredictInput(input, this.nFeatures, this.net.embeddings);
    const custom = this.spec.network;
    custom?.checkInput(input, this.params);
    const width = outputWidth(this.spec.shape(this.config));
    return predictColumns(input, this.net.embeddings, width, (x) =>
      custom ? custom.forward(this.net, x, INFERENCE, this.config, this.params, true) : this.net.forward(x, INFERENCE, 0, true));
  }

  predict(input: FeatureMatrix): Prediction {
    return this.spec.predict(this.outputs(input), input.nRows, this.params, this.config);
  }

  toState(): ModelState {
    return {
      type: this.type,
      version: this.spec.stateVersion,
      config: this.config as ModelState['config'],
      nFeatures: this.nFeatures,
      weights: this.net.exportWeights(),
      params: { ...this.params },
      diagnostics: { ...this.diagnostics },
    };
  }

  dispose(): void {
    this.net.dispose();
  }
}

function stateError(type: string, message: string, details: { key?: string; expected?: string; found?: string } = {}): UserError {
  return new UserError('MODEL_INVALID', `${type} model state: ${message}`, {
    ...details,
    hint: 'The state was edited or saved by an incompatible version; refit the model (rerun with --save-model).',
  });
}

/** The ModelDefinition of a network model from its spec. */
export function defineNetworkModel<T extends string, S extends ModelConfigSchema<T>, P extends Params>(
  spec: NetworkModelSpec<T, S, P>,
): ModelDefinition<T, S> {
  return {
    type: spec.type,
    configSchema: spec.configSchema,
    twoPart: spec.twoPart,

    async fit(input, y, ctx) {
      const config = ctx.config as z.output<S> & NetworkSettings;
      checkFitInput(input, y, spec.type, spec.nonNegativeTarget);
      const custom = spec.network;
      const architecture = custom?.paramsOf(input);
      const base = spec.prepare(y, config);
      const prepared = architecture ? { ...base, params: { ...base.params, ...architecture } } : base;
      const init = ctx.seeds.derive('init');
      const net = custom ? custom.build(config, prepared.params, init) : buildNetwork(spec.shape(config), input, config.embeddingDim, init);
      const fast = ctx.train.fastPath;
      try {
        const loop = await trainLoop(
          {
            variables: net.variables(),
            forward: (batch, pass) => (custom ? custom.forward(net, net.inputs(batch), pass, config, prepared.params, fast) : net.forward(net.inputs(batch), pass, config.dropout, fast)),
            loss: spec.loss(config),
            penalty: () => net.penalty(config.l2),
            dropout: config.dropout,
            // A custom network (the sequence model's attention) is not a dense stack: it stays on tfjs.
            kernel: spec.kernelLoss && !custom ? kernelPlan(net as Network, spec.kernelLoss(config), config) : undefined,
          },
          trainData(input, y, prepared.targets, prepared.nTargets, config.embeddingDim > 0),
          ctx,
        );
        const { trainRows, validationRows, validationIndices: _rows, ...rest } = loop;
        const rows = { trainRows, validationRows };
        if (loop.status !== 'ok') {
          net.dispose();
          return { model: null, report: { ...rest, info: { ...prepared.params, ...prepared.diagnostics, ...rows } } satisfies FitReport };
        }
        let model = new FittedNetworkModel(spec, net, config, input.nFeatures, prepared.params, prepared.diagnostics);
        if (spec.calibrate) {
          const learned = spec.calibrate({ outputs: model.outputs(input), y, params: prepared.params, loop }, config);
          model = new FittedNetworkModel(spec, net, config, input.nFeatures, learned.params, { ...prepared.diagnostics, ...learned.diagnostics });
        }
        return { model, report: { ...rest, info: { ...model.params, ...model.diagnostics, ...rows } } satisfies FitReport };
      } catch (e) {
        net.dispose();
        throw e;
      }
    },

    fromState(state) {
      if (state.type !== spec.type) throw stateError(spec.type, `it is a ${JSON.stringify(state.type)} state.`, { key: 'type', expected: JSON.stringify(spec.type), found: JSON.stringify(state.type) });
      if (state.version !== spec.stateVersion) {
        throw stateError(spec.type, 'it has a state version this hurdle-lab cannot read.', { key: 'version', expected: String(spec.stateVersion), found: JSON.stringify(state.version) });
      }
      const config = spec.configSchema.safeParse(state.config);
      if (!config.success) throw stateError(spec.type, 'its config is not valid.', { key: 'config', found: config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      const params = spec.paramsSchema.safeParse(state.params);
      if (!params.success) {
        const issue = params.error.issues[0];
        throw stateError(spec.type, 'a learned parameter is missing or not a finite number.', { key: `params.${issue.path.join('.')}`, expected: 'a finite number', found: issue.message });
      }
      const settings = config.data as z.output<S> & NetworkSettings;
      const net = spec.network ? customFromWeights(spec.network, settings, params.data, state.weights) : networkFromWeights(spec.shape(settings), state.nFeatures, settings.embeddingDim, state.weights);
      return new FittedNetworkModel(spec, net, settings, state.nFeatures, params.data, { ...state.diagnostics });
    },
  };
}

function customFromWeights<C, P extends Params>(custom: CustomNetwork<C, P>, config: C, params: P, weights: ModelState['weights']): Network {
  return withWeights(custom.build(config, params, 1), weights);
}
