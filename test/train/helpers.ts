/** Shared numeric helpers for the training tests. */
import * as tf from '@tensorflow/tfjs';

/** Largest |a − b| over all elements, relative to the largest |b| (so tiny entries do not dominate). */
export function maxRelativeError(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  const scale = Math.max(...Array.from(y, Math.abs), 1e-12);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
  return worst;
}
