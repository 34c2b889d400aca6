/**
 * The training step: the one boundary between the loop and the arithmetic of learning. Given a
 * model's `Trainable` (its variables, the forward pass to its head outputs, the loss of those
 * outputs and the penalty), one call takes one batch to a parameter update and returns the batch's
 * data loss.
 *
 * The contract a replacement kernel (e.g. WebAssembly) implements: forward the dense stacks to the
 * heads' outputs, take the upstream gradient dLoss/dOutputs from `trainable.loss`, backpropagate it
 * to parameter gradients, apply the optimizer update to `trainable.variables`. Everything else
 * (batching, shuffling, early stopping, divergence) stays in loop.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchTensors } from './batches.ts';
import type { KernelPlan } from './kernel-step.ts';
import { makeOptimizer, type OptimizerSettings } from './optimizer.ts';

export interface LossPass {
  training: boolean;
  /** Seed of this step's dropout masks (each layer derives its own from it by name). */
  dropoutSeed: number;
}

export interface Trainable {
  variables: tf.Variable[];
  /** Head outputs for a batch, [rows, outputs]. */
  forward(batch: Pick<BatchTensors, 'x' | 'ids'>, pass: LossPass): tf.Tensor2D;
  /** Mean data loss of the head outputs against the batch targets: a pure (yTrue, yPred) → scalar. */
  loss(targets: tf.Tensor2D, outputs: tf.Tensor2D): tf.Scalar;
  /** Regulariser added to the objective (L2); null when none. */
  penalty(): tf.Scalar | null;
  /** Dropout rate of the training forward pass; at 0 no masks are drawn, so no dropout seed is used. */
  dropout: number;
  /** The network as the wasm-simd kernels see it (kernel-step.ts); without it the loop trains on tfjs. */
  kernel?: KernelPlan;
}

export interface TrainingStep {
  /** One update from one batch; returns the batch's mean data loss (penalty excluded), which the caller disposes. */
  step(batch: BatchTensors, pass: LossPass): tf.Scalar;
  dispose(): void;
}

/** The data loss of a batch without dropout or update (validation). */
export function batchLoss(trainable: Trainable, batch: BatchTensors): tf.Scalar {
  return tf.tidy(() => trainable.loss(batch.targets, trainable.forward(batch, { training: false, dropoutSeed: 1 })));
}

/** The tfjs step: autodiff through the model's ops (the dense stacks are custom-gradient ops) and our optimizer. */
export function createTrainingStep(trainable: Trainable, settings: OptimizerSettings): TrainingStep {
  const optimizer = makeOptimizer(trainable.variables, settings);
  return {
    step(batch, pass) {
      return tf.tidy(() => {
        let dataLoss: tf.Scalar | null = null;
        const { grads } = tf.variableGrads(() => {
          // Kept: variableGrads disposes every intermediate except the objective it returns.
          dataLoss = tf.keep(trainable.loss(batch.targets, trainable.forward(batch, pass)));
          const penalty = trainable.penalty();
          return penalty ? tf.add(dataLoss, penalty) : dataLoss;
        }, trainable.variables);
        optimizer.step(trainable.variables.map((v) => grads[v.name]));
        return dataLoss as unknown as tf.Scalar;
      });
    },
    dispose: () => optimizer.dispose(),
  };
}
