import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { makeOptimizer } from '../../src/train/optimizer.ts';
import { makeRng, normal } from '../../src/seeds.ts';

await initBackend('wasm');

function values(n: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => normal(rng));
}

for (const kind of ['adam', 'sgd'] as const) {
  test(`the array ${kind} matches tf.train.${kind} over 25 steps`, () => {
    const start = tf.memory().numTensors;
    const shapes = [[6, 4], [4]];
    const make = () => tf.tidy(() => shapes.map((s, i) => tf.variable(tf.tensor(values(s.reduce((a, b) => a * b), 10 + i), s))));
    const ours = make();
    const reference = make();
    const fast = makeOptimizer(ours, { kind, learningRate: 0.01, fast: true });
    const stock = makeOptimizer(reference, { kind, learningRate: 0.01, fast: false });
    for (let step = 0; step < 25; step++) {
      const grads = shapes.map((s, i) => tf.tensor(values(s.reduce((a, b) => a * b), 100 * step + i), s));
      fast.step(grads);
      stock.step(grads);
      tf.dispose(grads);
    }
    ours.forEach((v, i) => {
      const a = v.dataSync();
      const b = reference[i].dataSync();
      for (let j = 0; j < a.length; j++) assert.ok(Math.abs(a[j] - b[j]) < 1e-5, `${kind} weight ${i}[${j}]: ${a[j]} vs ${b[j]}`);
    });
    // The updates really moved the weights (the comparison is not vacuous).
    assert.ok(Math.abs(ours[0].dataSync()[0] - values(24, 10)[0]) > 1e-3);
    fast.dispose();
    stock.dispose();
    tf.dispose([...ours, ...reference]);
    assert.equal(tf.memory().numTensors, start);
  });
}
