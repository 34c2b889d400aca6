/**
 * Minibatch tensors gathered from the row-major training arrays.
 *
 * Rows are copied into a Float32Array and uploaded as one tensor per batch. Measured
 * on tfjs-wasm (100 features, batch 256), this beats `tf.gather` on a resident tensor by ~25%
 * per training step: the copy is ~100 kB of memcpy, while gather plus the index upload are two
 * more kernel dispatches.
 */
import * as tf from '@tensorflow/tfjs';

/** What a model's loss consumes: inputs, per-row targets, and one id vector per embedding column. */
export interface TrainData {
  nRows: number;
  nFeatures: number;
  /** Row-major nRows × nFeatures. */
  x: Float32Array;
  /** Row-major nRows × nTargets, model-specific (e.g. [1[y>0], standardised log y]). */
  targets: Float32Array;
  nTargets: number;
  /** Stratum of each row for the inner validation split (1[y > 0]). */
  strata: Uint8Array;
  /** Embedding ids per column, aligned with rows. */
  ids: Int32Array[];
}

export interface BatchTensors {
  x: tf.Tensor2D;
  targets: tf.Tensor2D;
  ids: tf.Tensor1D[];
}

/**
 * Tensors for `rows` (caller disposes them). Buffers are fresh per batch: the cpu backend keeps
 * the array it is given as the tensor's storage, so reusing one would alias live tensors.
 */
export function gatherBatch(data: TrainData, rows: Int32Array): BatchTensors {
  const { nFeatures: f, nTargets: k, x, targets, ids } = data;
  const n = rows.length;
  const xBuf = new Float32Array(n * f);
  const tBuf = new Float32Array(n * k);
  const idBufs = ids.map(() => new Int32Array(n));
  for (let r = 0; r < n; r++) {
    const i = rows[r];
    xBuf.set(x.subarray(i * f, i * f + f), r * f);
    for (let j = 0; j < k; j++) tBuf[r * k + j] = targets[i * k + j];
    for (let c = 0; c < ids.length; c++) idBufs[c][r] = ids[c][i];
  }
  return {
    x: tf.tensor2d(xBuf, [n, f]),
    targets: tf.tensor2d(tBuf, [n, k]),
    ids: idBufs.map((b) => tf.tensor1d(b, 'int32')),
  };
}

export function disposeBatch(b: BatchTensors): void {
  b.x.dispose();
  b.targets.dispose();
  for (const t of b.ids) t.dispose();
}
