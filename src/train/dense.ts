/**
 * The dense layer's building blocks, in two formulations that compute the same function:
 *
 * - fast (dense-stack.ts runs a whole stack as one `tf.customGrad` op from these pieces): the
 *   backward pass uses an explicit `tf.transpose` followed by a plain `tf.matMul`. On tfjs-wasm
 *   only the untransposed matMul reaches XNNPACK; the transposed variants that tfjs's own MatMul
 *   gradient emits run 6-8× slower, and they dominate training time. The forward pass is one
 *   fused matMul + bias + activation kernel; db is a ones-row matMul.
 * - `densePlain`: `relu(x·W + b)` from ordinary ops, differentiated by tfjs autodiff (reference and
 *   comparison path, `train.fastPath: false`).
 */
import * as tf from '@tensorflow/tfjs';

export type Activation = 'relu' | 'linear';

/** dy masked by the ReLU's active set, recovered from the saved output (y > 0 ⇔ pre-activation > 0). */
export function activationGrad(dy: tf.Tensor2D, y: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return activation === 'relu' ? (tf.mul(dy, tf.step(y)) as tf.Tensor2D) : dy;
}

/**
 * One fused matMul + bias + activation kernel. Called as a kernel because `tf.fused.matMul` falls
 * back to three unfused ops whenever a gradient is being recorded (it cannot differentiate the
 * fused activation); inside customGrad's forward nothing is recorded, so fusing is safe.
 */
export function fusedForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  const [n, k] = x.shape;
  const m = w.shape[1];
  // The wasm kernel takes rank-3 (batched) operands; the reshapes are free (no copy).
  const a3 = tf.reshape(x, [1, n, k]);
  const b3 = tf.reshape(w, [1, k, m]);
  const y = tf.engine().runKernel('_FusedMatMul', { a: a3, b: b3, bias: b }, { transposeA: false, transposeB: false, activation }) as tf.Tensor;
  return tf.reshape(y, [n, m]);
}

/** Σ over rows as a plain matMul with a ones row: a reduction over axis 0 costs a transpose + sum on wasm. */
export function columnSums(g: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
}

/**
 * Mᵀ for the backward matMuls. A transpose with a unit dimension is a reshape (same memory order),
 * which needs no copy.
 *
 * Hazard (tfjs-wasm, also with its own Transpose, which shares data for unit dimensions): XNNPACK
 * operators are cached by (weights data id, bias id, activation), not by shape. A kernel's
 * transpose used here without bias therefore owns the key (kernel id, 0, linear); multiplying the
 * same kernel untransposed without a bias elsewhere would reuse that operator with the wrong
 * shape. Our forward passes always carry a bias, and the optimizer gives every step new weight
 * tensors, so the two never meet; tests that compare against a plain path use separate weights.
 */
export function transposed(m: tf.Tensor2D): tf.Tensor2D {
  const [r, c] = m.shape;
  return r === 1 || c === 1 ? tf.reshape(m, [c, r]) : tf.transpose(m);
}

/** Plain formulation: what `tf.layers.dense` computes, differentiated by tfjs. */
export function densePlain(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  const z = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
  return activation === 'relu' ? tf.relu(z) : z;
}
