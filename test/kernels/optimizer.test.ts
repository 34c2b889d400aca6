import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { KernelNet } from '../../src/kernels/net.ts';
import { makeRng, normal } from '../../src/seeds.ts';
import { maxRelativeError } from '../train/helpers.ts';

await initBackend('wasm');

for (const optimizer of ['adam', 'sgd'] as const) {
  test(`the kernel's ${optimizer} matches tf.train.${optimizer} over 6 steps (odd widths, l2 0)`, () => {
    const start = tf.memory().numTensors;
    const rows = 9;
    const widths = [5, 7, 3];
    const net = new KernelNet({ inputDim: 5, batchSize: rows, stacks: [{ input: -1, widths, linearOutput: true }], dropout: 0, l2: 0, optimizer, learningRate: 0.01 });
    const rng = makeRng(5);
    const rand = (n: number) => Float32Array.from({ length: n }, () => normal(rng));
    const vars = [0, 1].flatMap((l) => {
      const kernel = rand(widths[l] * widths[l + 1]);
      const bias = rand(widths[l + 1]);
      net.setLayer(0, l, kernel, bias);
      return tf.tidy(() => [tf.variable(tf.tensor2d(kernel, [widths[l], widths[l + 1]])), tf.variable(tf.tensor1d(bias))]);
    });
    const reference: tf.Optimizer = optimizer === 'adam' ? tf.train.adam(0.01) : tf.train.sgd(0.01);
    const x = rand(rows * 5);
    net.loadRows(x, Int32Array.from({ length: rows }, (_, i) => i));
    for (let step = 0; step < 6; step++) {
      net.forward(rows, null);
      // Gradients of a changing probe, so moments see different values each step.
      const g = net.outputGrad(0);
      for (let r = 0; r < rows; r++) for (let j = 0; j < 3; j++) g.values[r * g.ld + j] = normal(rng) * (step + 1);
      net.backward(rows);
      const named: tf.NamedTensorMap = {};
      [0, 1].forEach((l) => {
        const gl = net.getLayer(0, l, 'grad');
        named[vars[2 * l].name] = tf.tensor2d(gl.kernel, [widths[l], widths[l + 1]]);
        named[vars[2 * l + 1].name] = tf.tensor1d(gl.bias);
      });
      reference.applyGradients(named);
      tf.dispose(Object.values(named));
      net.update();
    }
    [0, 1].forEach((l) => {
      const w = net.getLayer(0, l);
      const [k, b] = [tf.tensor2d(w.kernel, [widths[l], widths[l + 1]]), tf.tensor1d(w.bias)];
      assert.ok(maxRelativeError(k, vars[2 * l]) < 1e-5, `kernel ${l}: ${maxRelativeError(k, vars[2 * l])}`);
      assert.ok(maxRelativeError(b, vars[2 * l + 1]) < 1e-5, `bias ${l}: ${maxRelativeError(b, vars[2 * l + 1])}`);
      tf.dispose([k, b]);
    });
    reference.dispose();
    tf.dispose(vars);
    assert.equal(tf.memory().numTensors, start);
  });
}
