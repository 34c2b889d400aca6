/**
 * Losses as pure `(yTrue, yPred) → scalar` functions, as in tfjs-layers: no state, no closure over
 * a model. Settings (loss weights, the Tweedie power) are arguments after the two tensors. Each is a
 * named export the model files call directly. test/models/losses.test.ts checks every one against
 * values computed independently from the published formulas.
 *
 * Shapes: yTrue and yPred are [rows, columns] with the columns each loss documents.
 */
import * as tf from '@tensorflow/tfjs';

/** Lower bound on σ (standardised scale) so the log-normal NLL stays finite. */
export const SIGMA_FLOOR = 1e-3;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Column `j` of a 2-D tensor as [n, 1]. */
export function column(t: tf.Tensor2D, j: number): tf.Tensor2D {
  return tf.slice(t, [0, j], [t.shape[0], 1]);
}

/** Σ mask·values / max(Σ mask, 1): a mean over the masked rows that is 0 (not NaN) when none are. */
export function maskedMean(values: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

/** Mean squared error. */
export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.mean(tf.squaredDifference(yPred, yTrue)) as tf.Scalar;
}

/** Mean sigmoid cross-entropy of labels in {0, 1} and logits, stable form: max(x,0) − x·z + log(1 + e^(−|x|)). */
export function sigmoidCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar;
}

/**
 * Hurdle loss. yTrue [1[y>0], z] with z the standardised log amount (0 for non-buyers);
 * yPred [purchase logit, predicted z]. w_p · BCE over all rows + w_a · MSE of z over buyers.
 */
export function hurdleLoss(yTrue: tf.Tensor2D, yPred: tf.Tensor2D, weights = { purchase: 1, amount: 1 }): tf.Scalar {
  const isBuyer = column(yTrue, 0);
  const bce = sigmoidCrossEntropy(isBuyer, column(yPred, 0));
  const mse = maskedMean(tf.squaredDifference(column(yPred, 1), column(yTrue, 1)), isBuyer);
  return tf.add(tf.mul(weights.purchase, bce), tf.mul(weights.amount, mse)) as tf.Scalar;
}

/** σ from the raw third ZILN output: softplus(raw) + SIGMA_FLOOR. */
export function zilnSigma(raw: tf.Tensor): tf.Tensor {
  return tf.add(tf.softplus(raw), SIGMA_FLOOR);
}

/**
 * ZILN loss on the standardised log scale (Wang, Liu & Miao 2019). yTrue [1[y>0], z];
 * yPred [logit, μ, σ_raw]. As google/lifetime_value's zero_inflated_lognormal_loss: per row,
 * BCE + 1[y>0] · the log-normal NLL of z (without its constant log-y term:
 * log σ + ½ log 2π + (z − μ)² / (2σ²)), averaged over ALL rows — not over the buyers, which would
 * weight the NLL by 1/buyer rate and drop it from batches without buyers.
 */
export function zilnLoss(yTrue: tf.Tensor2D, yPred: tf.Tensor2D): tf.Scalar {
  const isBuyer = column(yTrue, 0);
  const z = column(yTrue, 1);
  const mu = column(yPred, 1);
  const sigma = zilnSigma(column(yPred, 2));
  const nll = tf.add(tf.add(tf.log(sigma), HALF_LOG_2PI), tf.div(tf.squaredDifference(z, mu), tf.mul(2, tf.square(sigma))));
  return tf.add(sigmoidCrossEntropy(isBuyer, column(yPred, 0)), tf.mean(tf.mul(nll, isBuyer))) as tf.Scalar;
}

/**
 * Mean Tweedie deviance with a log link, 1 < p < 2. yTrue [y ≥ 0]; yPred [f] with μ = exp(f):
 *   d(y, μ) = 2 · ( y^(2−p) / ((1−p)(2−p)) − y·μ^(1−p)/(1−p) + μ^(2−p)/(2−p) ).
 * The first term does not depend on μ, but it is kept so the value is the deviance itself (0 at
 * μ = y), comparable with scikit-learn's mean_tweedie_deviance.
 */
export function tweedieDeviance(yTrue: tf.Tensor, yPred: tf.Tensor, power = 1.5): tf.Scalar {
  const y = tf.reshape(yTrue, [-1]);
  const f = tf.reshape(yPred, [-1]);
  const a = 1 - power;
  const b = 2 - power;
  const yTerm = tf.div(tf.pow(y, b), a * b);
  const cross = tf.div(tf.mul(y, tf.exp(tf.mul(f, a))), a);
  const muTerm = tf.div(tf.exp(tf.mul(f, b)), b);
  return tf.mul(2, tf.mean(tf.add(tf.sub(yTerm, cross), muTerm))) as tf.Scalar;
}
