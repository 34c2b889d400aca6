/**
 * The training loop shared by every model: our own seeded shuffling, minibatch steps, an inner
 * stratified validation split with early stopping (best weights restored), divergence detection
 * and interruption. Models supply a `Trainable` (variables + loss); the loop owns every tensor it
 * creates and releases them all, whatever the outcome.
 *
 * Reported `loss` / `valLoss` are the data loss (L2 penalty excluded), so the two are comparable;
 * the penalty only enters the gradient. Epochs are numbered from 1.
 */
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors.ts';
import { deriveSeed, makeRng, shuffleInPlace } from '../seeds.ts';
import { disposeBatch, gatherBatch, type TrainData } from './batches.ts';
import { stratifiedSplit } from './split.ts';
import { chooseKernel, KernelTrainStep } from './kernel-step.ts';
import { batchLoss, createTrainingStep, type Trainable } from './step.ts';
import type { EpochInfo, LoopReport, TrainConfig, TrainSeeds } from './types.ts';

export type { LossPass, Trainable } from './step.ts';

export interface LoopContext {
  train: TrainConfig;
  seeds: TrainSeeds;
  onEpoch?: (info: EpochInfo) => void;
  shouldStop?: () => boolean;
}


/** The pass's dropout seed when the network drops nothing: never read (0 would mean "unseeded" to tfjs). */
const NO_DROPOUT = 1;

/** Losses are read back every this many batches (and at epoch end): one sync per window, not per batch. */
const LOSS_WINDOW = 16;
/** Validation rows evaluated per forward pass (bounds activation memory). */
const EVAL_CHUNK = 16384;

function rowsOf(indices: Int32Array, start: number, end: number): Int32Array {
  return indices.subarray(start, Math.min(end, indices.length));
}

/** Mean data loss over `rows`, in chunks weighted by their size; no dropout. */
export function evaluateLoss(trainable: Trainable, data: TrainData, rows: Int32Array): number {
  let total = 0;
  for (let s = 0; s < rows.length; s += EVAL_CHUNK) {
    const chunk = rowsOf(rows, s, s + EVAL_CHUNK);
    const batch = gatherBatch(data, chunk);
    try {
      const value = batchLoss(trainable, batch);
      total += value.dataSync()[0] * chunk.length;
      value.dispose();
    } finally {
      disposeBatch(batch);
    }
  }
  return total / rows.length;
}

function interrupted(epoch: number): UserError {
  return new UserError('INTERRUPTED', `training was interrupted during epoch ${epoch}; no model was kept.`, {
    hint: 'Run again to train from the start; the run is repeatable from its seeds.',
  });
}

/** The losses still held as tensors (the tfjs step's; the kernel step returns numbers). */
function tensorsOf(pending: { loss: tf.Scalar | number }[]): tf.Scalar[] {
  return pending.flatMap((p) => (typeof p.loss === 'number' ? [] : [p.loss]));
}

/** Runs the loop; the trainable's variables hold the final (or restored best) weights afterwards. */
export async function trainLoop(trainable: Trainable, data: TrainData, ctx: LoopContext): Promise<LoopReport> {
  const { train, seeds } = ctx;
  const es = train.earlyStopping;
  const split = es.enabled
    ? stratifiedSplit(data.strata, es.validationFraction, seeds.derive('split'))
    : { train: Int32Array.from({ length: data.nRows }, (_, i) => i), validation: new Int32Array(0) };
  // Stream seeds: epoch e shuffles with deriveSeed(shuffle, e), step s drops units with deriveSeed(dropout, s).
  const shuffleSeed = seeds.derive('shuffle');
  const dropoutSeed = trainable.dropout > 0 ? seeds.derive('dropout') : null;
  const useValidation = es.enabled && split.validation.length > 0;
  const order = Int32Array.from(split.train);
  const kernel = chooseKernel(train.kernel, tf.getBackend(), trainable.kernel);
  // On the kernel path the weights live in kernel memory; `sync` copies them out before anything reads the variables.
  const kernelStep = kernel.used === 'wasm-simd' ? new KernelTrainStep(trainable.kernel!, data, train) : null;
  const stepper = createTrainingStep(kernelStep ? { ...trainable, variables: [] } : trainable, { kind: train.optimizer, learningRate: train.learningRate, fast: train.fastPath });
  const history: LoopReport['history'] = [];
  let best: tf.Tensor[] | null = null;
  let bestVal = Infinity;
  let bestEpoch = 0;
  let sinceBest = 0;
  let step = 0;
  let pending: { batch: number; size: number; loss: tf.Scalar | number }[] = [];
  const base = {
    trainRows: split.train.length,
    validationRows: useValidation ? split.validation.length : 0,
    validationIndices: useValidation ? split.validation : new Int32Array(0),
    kernel,
  };
  const diverged = (epoch: number, reason: string): LoopReport => ({
    ...base, status: 'diverged', reason: `epoch ${epoch}: ${reason}`, epochsRun: epoch, bestEpoch, history,
  });

  try {
    for (let epoch = 1; epoch <= train.epochs; epoch++) {
      const t0 = performance.now();
      shuffleInPlace(order, makeRng(deriveSeed(shuffleSeed, epoch)));
      let lossSum = 0;
      const nBatches = Math.ceil(order.length / train.batchSize);
      for (let b = 0; b < nBatches; b++) {
        if (ctx.shouldStop?.()) throw interrupted(epoch);
        const rows = rowsOf(order, b * train.batchSize, (b + 1) * train.batchSize);
        const pass = { training: true, dropoutSeed: dropoutSeed === null ? NO_DROPOUT : deriveSeed(dropoutSeed, step) };
        if (kernelStep) pending.push({ batch: b + 1, size: rows.length, loss: kernelStep.step(rows, pass.dropoutSeed) });
        const batch = kernelStep ? null : gatherBatch(data, rows);
        if (batch) try {
          pending.push({ batch: b + 1, size: rows.length, loss: stepper.step(batch, pass) });
        } finally {
          disposeBatch(batch);
        }
        step += 1;
        if (pending.length >= LOSS_WINDOW || b === nBatches - 1) {
          const values = pending.map((p) => (typeof p.loss === 'number' ? p.loss : p.loss.dataSync()[0]));
          const bad = values.findIndex((v) => !Number.isFinite(v));
          const badBatch = bad >= 0 ? pending[bad].batch : 0;
          values.forEach((v, i) => (lossSum += v * pending[i].size));
          tf.dispose(tensorsOf(pending));
          pending = [];
          if (bad >= 0) {
            return diverged(epoch, `training loss became ${values[bad]} at batch ${badBatch} of ${nBatches} (learning rate ${train.learningRate}); lower train.learningRate or check the features for extreme values.`);
          }
          // ReLU maps NaN to 0 on some kernels, so NaN weights can hide behind a finite loss.
          const finite = kernelStep ? kernelStep.weightsFinite() : Number.isFinite(tf.tidy(() => tf.addN(trainable.variables.map((v) => tf.sum(v))).dataSync()[0]));
          if (!finite) {
            return diverged(epoch, `weights became non-finite by batch ${b + 1} of ${nBatches} (learning rate ${train.learningRate}); lower train.learningRate or check the features for NaN or extreme values.`);
          }
        }
      }
      const loss = lossSum / order.length;
      kernelStep?.sync();
      const valLoss = useValidation ? evaluateLoss(trainable, data, split.validation) : null;
      history.push({ epoch, loss, valLoss });
      ctx.onEpoch?.({ epoch, epochs: train.epochs, loss, valLoss, ms: performance.now() - t0 });
      if (valLoss !== null && !Number.isFinite(valLoss)) {
        return diverged(epoch, `validation loss became ${valLoss} (learning rate ${train.learningRate}); lower train.learningRate.`);
      }
      if (!useValidation) {
        bestEpoch = epoch;
      } else if ((valLoss as number) < bestVal - es.minDelta) {
        bestVal = valLoss as number;
        bestEpoch = epoch;
        sinceBest = 0;
        tf.dispose(best ?? []);
        best = trainable.variables.map((v) => tf.clone(v));
      } else if (++sinceBest >= es.patience) {
        break;
      }
      // Let signal handlers and progress output run between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (best) {
      const snapshot: tf.Tensor[] = best;
      trainable.variables.forEach((v, i) => v.assign(snapshot[i]));
    }
    return { ...base, status: 'ok', epochsRun: history.length, bestEpoch, history };
  } finally {
    tf.dispose(tensorsOf(pending));
    tf.dispose(best ?? []);
    stepper.dispose();
  }
}
