import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { KernelNet, type KernelNetSpec, type MatrixView } from '../../src/kernels/net.ts';
import { makeRng, normal } from '../../src/seeds.ts';
import { maxRelativeError } from '../train/helpers.ts';

await initBackend('wasm');

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => scale * normal(rng));
}

/** The real columns of a kernel matrix as a tensor. */
function viewTensor(v: MatrixView, rows: number): tf.Tensor2D {
  const out = new Float32Array(rows * v.width);
  for (let r = 0; r < rows; r++) out.set(v.values.subarray(r * v.ld, r * v.ld + v.width), r * v.width);
  return tf.tensor2d(out, [rows, v.width]);
}

interface Case {
  name: string;
  rows: number;
  spec: Omit<KernelNetSpec, 'batchSize' | 'optimizer' | 'learningRate'>;
}

/** Odd widths and row counts, so every kernel's vector and row remainders run. */
const CASES: Case[] = [
  { name: 'mlp 7-5-3-1, 1 row', rows: 1, spec: { inputDim: 7, stacks: [{ input: -1, widths: [7, 5, 3, 1], linearOutput: true }], dropout: 0, l2: 0 } },
  { name: 'mlp 13-9-1, 3 rows, dropout', rows: 3, spec: { inputDim: 13, stacks: [{ input: -1, widths: [13, 9, 1], linearOutput: true }], dropout: 0.3, l2: 0 } },
  { name: 'mlp 82-128-64-1, 37 rows, dropout + l2', rows: 37, spec: { inputDim: 82, stacks: [{ input: -1, widths: [82, 128, 64, 1], linearOutput: true }], dropout: 0.1, l2: 0.01 } },
  { name: 'ziln-like 10-6-3, 33 rows', rows: 33, spec: { inputDim: 10, stacks: [{ input: -1, widths: [10, 6, 3], linearOutput: true }], dropout: 0.2, l2: 0 } },
  {
    name: 'hurdle trunk 11-10-6 → heads 6-5-1 and 6-1, 19 rows, dropout',
    rows: 19,
    spec: {
      inputDim: 11,
      stacks: [
        { input: -1, widths: [11, 10, 6], linearOutput: false },
        { input: 0, widths: [6, 5, 1], linearOutput: true },
        { input: 0, widths: [6, 1], linearOutput: true },
      ],
      dropout: 0.25,
      l2: 0.003,
    },
  },
  {
    name: 'hurdle with an empty trunk: heads 9-3-1 and 9-2-1 read the data, 6 rows',
    rows: 6,
    spec: {
      inputDim: 9,
      stacks: [
        { input: -1, widths: [9], linearOutput: false },
        { input: 0, widths: [9, 3, 1], linearOutput: true },
        { input: 0, widths: [9, 2, 1], linearOutput: true },
      ],
      dropout: 0,
      l2: 0,
    },
  },
];

for (const c of CASES) {
  test(`kernel forward and gradients equal tfjs autodiff: ${c.name}`, () => {
    const start = tf.memory().numTensors;
    const net = new KernelNet({ ...c.spec, batchSize: c.rows + 5, optimizer: 'adam', learningRate: 1e-3 });
    const layers = c.spec.stacks.flatMap((s, si) => s.widths.slice(1).map((out, l) => ({ si, l, inDim: s.widths[l], outDim: out })));
    const weights = layers.map((L, i) => ({
      kernel: randomArray(L.inDim * L.outDim, 10 + i, Math.sqrt(2 / L.inDim)),
      bias: randomArray(L.outDim, 50 + i, 0.1),
    }));
    layers.forEach((L, i) => net.setLayer(L.si, L.l, weights[i].kernel, weights[i].bias));
    const x = randomArray(c.rows * 3 * c.spec.inputDim, 99);
    // Rows in shuffled order, as the training loop hands them over.
    const rows = Int32Array.from({ length: c.rows }, (_, r) => (r * 7 + 2) % (c.rows * 3));
    const seeds = layers.map((_, i): [number, number] => [1000 + i, 2000 + i]);
    const masks = layers.map((L, i) => (c.spec.dropout > 0 ? net.dropoutMultiplier(i, c.rows, seeds[i]) : null));
    net.loadRows(x, rows);
    net.forward(c.rows, c.spec.dropout > 0 ? seeds : null);
    const outputStacks = c.spec.stacks.map((_, i) => i).filter((i) => !c.spec.stacks.some((s) => s.input === i));
    const probes = outputStacks.map((s, i) => {
      const g = net.outputGrad(s);
      const p = randomArray(c.rows * g.width, 300 + i);
      for (let r = 0; r < c.rows; r++) g.values.set(p.subarray(r * g.width, (r + 1) * g.width), r * g.ld);
      return tf.tensor2d(p, [c.rows, g.width]);
    });
    net.backward(c.rows);

    // Reference: the same network from ordinary tfjs ops, differentiated by tf.grads.
    const xb = tf.tensor2d(Array.from(rows).flatMap((r) => Array.from(x.subarray(r * c.spec.inputDim, (r + 1) * c.spec.inputDim))), [c.rows, c.spec.inputDim]);
    const vars = weights.flatMap((w, i) => [tf.tensor2d(w.kernel, [layers[i].inDim, layers[i].outDim]), tf.tensor1d(w.bias)]);
    const reference = (outputs: boolean) => (...params: tf.Tensor[]) => {
      const stackOut: tf.Tensor2D[] = [];
      let li = 0;
      c.spec.stacks.forEach((s, si) => {
        let h = s.input < 0 ? xb : stackOut[s.input];
        s.widths.slice(1).forEach((_, l) => {
          const z = tf.add(tf.matMul(h, params[2 * li]), params[2 * li + 1]) as tf.Tensor2D;
          const linear = s.linearOutput && l === s.widths.length - 2;
          h = linear ? z : tf.relu(z);
          const m = masks[li];
          if (!linear && m) h = tf.mul(h, tf.tensor2d(m, h.shape)) as tf.Tensor2D;
          li++;
        });
        stackOut[si] = h;
      });
      if (outputs) return tf.concat(outputStacks.map((s) => stackOut[s]), 1);
      const data = tf.addN(outputStacks.map((s, i) => tf.sum(tf.mul(stackOut[s], probes[i]))));
      const penalty = tf.mul(c.spec.l2, tf.addN(params.filter((_, i) => i % 2 === 0).map((k) => tf.sum(tf.square(k)))));
      return tf.add(data, penalty) as tf.Scalar;
    };
    const expectedOut = tf.tidy(() => reference(true)(...vars));
    const ours = tf.tidy(() => tf.concat(outputStacks.map((s) => viewTensor(net.output(s), c.rows)), 1));
    assert.ok(maxRelativeError(ours, expectedOut) < 1e-5, `outputs differ by ${maxRelativeError(ours, expectedOut)}`);
    const grads = tf.tidy(() => tf.grads(reference(false) as (...t: tf.Tensor[]) => tf.Scalar)(vars));
    layers.forEach((L, i) => {
      const g = net.getLayer(L.si, L.l, 'grad');
      const dW = tf.tensor2d(g.kernel, [L.inDim, L.outDim]);
      const db = tf.tensor1d(g.bias);
      assert.ok(maxRelativeError(dW, grads[2 * i]) < 1e-5, `dW of stack ${L.si} layer ${L.l}: ${maxRelativeError(dW, grads[2 * i])}`);
      assert.ok(maxRelativeError(db, grads[2 * i + 1]) < 1e-5, `db of stack ${L.si} layer ${L.l}: ${maxRelativeError(db, grads[2 * i + 1])}`);
      tf.dispose([dW, db]);
    });
    tf.dispose([xb, ...vars, ...probes, expectedOut, ours, ...grads]);
    assert.equal(tf.memory().numTensors, start);
  });
}

test('dropout masks: the kept share is 1 − rate, kept units scale by 1/keep, and a seed fixes the mask', () => {
  const net = new KernelNet({ inputDim: 4, batchSize: 512, stacks: [{ input: -1, widths: [4, 203, 1], linearOutput: true }], dropout: 0.3, l2: 0, optimizer: 'sgd', learningRate: 0.1 });
  const m = net.dropoutMultiplier(0, 512, [7, 8]);
  const kept = m.filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6));
  const share = kept.length / m.length;
  // 512·203 draws: the share's standard error is ~0.0014.
  assert.ok(Math.abs(share - 0.7) < 0.01, `kept share ${share}`);
  assert.deepEqual(net.dropoutMultiplier(0, 512, [7, 8]), m);
  assert.notDeepEqual(net.dropoutMultiplier(0, 512, [7, 9]), m);
  assert.notDeepEqual(net.dropoutMultiplier(0, 512, [6, 8]), m);
});

test('a stack may only read an earlier stack of the right width', () => {
  const base = { inputDim: 3, batchSize: 4, dropout: 0, l2: 0, optimizer: 'adam' as const, learningRate: 1e-3 };
  assert.throws(() => new KernelNet({ ...base, stacks: [{ input: 0, widths: [3, 1], linearOutput: true }] }), /can only read an earlier one/);
  assert.throws(() => new KernelNet({ ...base, stacks: [{ input: -1, widths: [4, 1], linearOutput: true }] }), /expects input width 4/);
});
