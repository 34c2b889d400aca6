import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { dense, densePlain } from '../../src/train/dense.ts';
import { denseStack, type StackLayerParams } from '../../src/train/dense-stack.ts';
import { makeRng, normal } from '../../src/seeds.ts';
import { maxRelativeError } from './helpers.ts';

await initBackend('wasm');

function values(n: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => normal(rng));
}

const WIDTHS = [12, 16, 8, 1];
const N = 40;
const SEEDS = [101, 202, 303];

function layers(): StackLayerParams[] {
  // tf.variable keeps its initial tensor's data, not the tensor: the tidy releases the latter.
  return WIDTHS.slice(1).map((out, i) => ({
    kernel: tf.tidy(() => tf.variable(tf.tensor2d(values(WIDTHS[i] * out, 10 + i), [WIDTHS[i], out]))),
    bias: tf.tidy(() => tf.variable(tf.tensor1d(values(out, 20 + i)))),
  }));
}

/** The same stack, one op per layer: `dense` (fast or plain) and tf.dropout after each ReLU. */
function chained(x: tf.Tensor2D, ls: StackLayerParams[], rate: number, fast: boolean | 'plain'): tf.Tensor2D {
  let h = x;
  ls.forEach((l, i) => {
    const last = i === ls.length - 1;
    const activation = last ? 'linear' : 'relu';
    h = fast === 'plain' ? densePlain(h, l.kernel, l.bias, activation) : dense(h, l.kernel, l.bias, { activation, fast, inputGrad: i > 0 });
    if (!last && rate > 0) h = tf.dropout(h, rate, undefined, SEEDS[i]) as tf.Tensor2D;
  });
  return h;
}

for (const rate of [0, 0.25]) {
  test(`denseStack (dropout ${rate}): forward bit-identical to chained fast ops; gradients match autodiff of the plain ops`, () => {
    const start = tf.memory().numTensors;
    const ls = layers();
    const x = tf.tensor2d(values(N * WIDTHS[0], 1), [N, WIDTHS[0]]);
    const probe = tf.tensor2d(values(N, 2), [N, 1]);
    const opts = { linearOutput: true, dropout: rate, dropoutSeeds: SEEDS, inputGrad: false };
    tf.tidy(() => assert.deepEqual(denseStack(x, ls, opts).dataSync(), chained(x, ls, rate, true).dataSync()));

    // The reference gets its own copies of the weights: tfjs-wasm caches XNNPACK operators by
    // (weights id, bias id, activation) but not by shape, so reusing one kernel in the plain path
    // after the fast path multiplied its (reshaped) transpose would hit a stale operator.
    const copies = layers();
    const vars = ls.flatMap((l) => [l.kernel, l.bias]);
    const refVars = copies.flatMap((l) => [l.kernel, l.bias]);
    const loss = (f: () => tf.Tensor) => () => tf.sum(tf.mul(f(), probe)) as tf.Scalar;
    const ours = tf.variableGrads(loss(() => denseStack(x, ls, opts)), vars);
    const reference = tf.variableGrads(loss(() => chained(x, copies, rate, 'plain')), refVars);
    vars.forEach((v, i) => assert.ok(maxRelativeError(ours.grads[v.name], reference.grads[refVars[i].name]) < 1e-5, `gradient of ${v.name}`));
    tf.dispose([ours.value, reference.value, ...Object.values(ours.grads), ...Object.values(reference.grads), x, probe, ...vars, ...refVars]);
    assert.equal(tf.memory().numTensors, start);
  });
}

test('denseStack with inputGrad gives the input gradient too', () => {
  const ls = layers();
  const x = tf.tensor2d(values(N * WIDTHS[0], 3), [N, WIDTHS[0]]);
  const opts = { linearOutput: true, dropout: 0, dropoutSeeds: SEEDS, inputGrad: true };
  const copies = layers();
  const [ours] = tf.grads((xi: tf.Tensor) => tf.sum(denseStack(xi as tf.Tensor2D, ls, opts)))([x]);
  const [reference] = tf.grads((xi: tf.Tensor) => tf.sum(chained(xi as tf.Tensor2D, copies, 0, 'plain')))([x]);
  assert.ok(maxRelativeError(ours, reference) < 1e-5);
  tf.dispose([ours, reference, x, ...[...ls, ...copies].flatMap((l) => [l.kernel, l.bias])]);
});
