import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { dense, densePlain, type Activation } from '../../src/train/dense.ts';
import { makeRng, normal } from '../../src/seeds.ts';
import { maxRelativeError } from './helpers.ts';

await initBackend('wasm');

function randomTensor(shape: [number, number] | [number], seed: number): tf.Tensor {
  const rng = makeRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => normal(rng)), shape);
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 3, 5],
  [64, 100, 128],
  [33, 17, 1],
];

for (const [n, k, m] of SHAPES) {
  for (const activation of ['relu', 'linear'] as Activation[]) {
    test(`fast dense gradients match autodiff of the plain formula: ${n}×${k} · ${k}×${m}, ${activation}`, () => {
      const start = tf.memory().numTensors;
      const x = randomTensor([n, k], 1) as tf.Tensor2D;
      const w = randomTensor([k, m], 2) as tf.Tensor2D;
      const b = randomTensor([m], 3) as tf.Tensor1D;
      // A non-uniform upstream gradient, so every output element matters.
      const probe = randomTensor([n, m], 4) as tf.Tensor2D;
      const loss = (f: typeof densePlain) => (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
        tf.sum(tf.mul(f(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, activation), probe));
      const fast = (xi: tf.Tensor2D, wi: tf.Tensor2D, bi: tf.Tensor1D, act: Activation) => dense(xi, wi, bi, { activation: act, fast: true });
      const reference = tf.grads(loss(densePlain))([x, w, b]);
      const ours = tf.grads(loss(fast))([x, w, b]);
      for (let i = 0; i < 3; i++) assert.ok(maxRelativeError(ours[i], reference[i]) < 1e-5, `gradient ${['x', 'W', 'b'][i]}`);
      // Forward values agree too.
      const forwardError = tf.tidy(() => maxRelativeError(fast(x, w, b, activation), densePlain(x, w, b, activation)));
      assert.ok(forwardError < 1e-5);
      // Without the input gradient, dW and db are unchanged.
      const noInput = tf.grads((wi: tf.Tensor, bi: tf.Tensor) =>
        tf.sum(tf.mul(dense(x, wi as tf.Tensor2D, bi as tf.Tensor1D, { activation, fast: true, inputGrad: false }), probe)),
      )([w, b]);
      assert.ok(maxRelativeError(noInput[0], reference[1]) < 1e-5);
      assert.ok(maxRelativeError(noInput[1], reference[2]) < 1e-5);
      tf.dispose([x, w, b, probe, ...reference, ...ours, ...noInput]);
      assert.equal(tf.memory().numTensors, start);
    });
  }
}

/** The transpose flags of every matMul kernel run by `fn`. */
function matMulFlags(fn: () => tf.Tensor[]): { transposeA: boolean; transposeB: boolean }[] {
  const engine = tf.engine();
  const original = engine.runKernel.bind(engine);
  const seen: { transposeA: boolean; transposeB: boolean }[] = [];
  engine.runKernel = ((name: string, inputs: tf.NamedTensorMap, attrs?: Record<string, unknown>) => {
    if (name === 'BatchMatMul' || name === '_FusedMatMul') seen.push({ transposeA: Boolean(attrs?.transposeA), transposeB: Boolean(attrs?.transposeB) });
    return original(name, inputs, attrs as never);
  }) as typeof engine.runKernel;
  try {
    tf.dispose(fn());
  } finally {
    engine.runKernel = original;
  }
  return seen;
}

test('the fast backward pass runs only untransposed matMuls; the plain one does not', () => {
  const x = randomTensor([16, 8], 1) as tf.Tensor2D;
  const w = randomTensor([8, 4], 2) as tf.Tensor2D;
  const b = randomTensor([4], 3) as tf.Tensor1D;
  const run = (fast: boolean) => () =>
    tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
      tf.sum(dense(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, { activation: 'relu', fast })),
    )([x, w, b]);
  const fastFlags = matMulFlags(run(true));
  assert.equal(fastFlags.length, 4); // forward, dx, dW, db (ones-row matMul)
  assert.ok(fastFlags.every((f) => !f.transposeA && !f.transposeB));
  assert.ok(matMulFlags(run(false)).some((f) => f.transposeA || f.transposeB));
  tf.dispose([x, w, b]);
});
