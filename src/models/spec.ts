/**
 * What a network model file supplies to the skeleton (skeleton.ts): the network shape, the
 * training targets and loss, the parameters it learns besides the weights, and the mapping from
 * head outputs to E[y|x]. Types only.
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { FeatureMatrix } from '../features/types.ts';
import type { KernelLoss } from '../kernels/losses.ts';
import type { LossPass } from '../train/step.ts';
import type { InitSeed } from '../train/params.ts';
import type { LoopReport } from '../train/types.ts';
import type { Network, NetworkShape } from './network.ts';
import type { Diagnostics, ModelConfigSchema, Prediction } from './types.ts';

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
  /** `seed` null: zeros, for a reload that imports the saved values next (no random draw). */
  build(config: C, params: P, seed: InitSeed): Network;
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

