import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { lookup } from '../../src/train/embedding.ts';

await initBackend('wasm');

test('embedding lookup: values and gradient (duplicates summed) match a one-hot matMul', () => {
  const start = tf.memory().numTensors;
  const table = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
  const ids = tf.tensor1d([2, 0, 2, 3, 9, -1], 'int32'); // 9 and -1 are out of range → row 0
  const safe = tf.tensor1d([2, 0, 2, 3, 0, 0], 'int32');
  const probe = tf.tensor2d([[1, -1], [2, 0.5], [3, 1], [-2, 4], [0.25, 1], [1, 1]]);
  const ours = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(lookup(t as tf.Tensor2D, ids), probe)))([table]);
  const reference = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.matMul(tf.oneHot(safe, 4).toFloat(), t as tf.Tensor2D), probe)))([table]);
  assert.deepEqual(Array.from(ours[0].dataSync()), Array.from(reference[0].dataSync()));
  const values = tf.tidy(() => Array.from(lookup(table, ids).dataSync()));
  assert.deepEqual(values, [5, 6, 1, 2, 5, 6, 7, 8, 1, 2, 1, 2]);
  tf.dispose([table, ids, safe, probe, ...ours, ...reference]);
  assert.equal(tf.memory().numTensors, start);
});
