import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { densePlain, type Activation } from '../../src/train/dense.ts';
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

function layers(widths = WIDTHS, seed = 10): StackLayerParams[] {
  // tf.variable keeps its initial tensor's data, not the tensor: the tidy releases the latter.
  return widths.slice(1).map((out, i) => ({
    kernel: tf.tidy(() => tf.variable(tf.tensor2d(values(widths[i] * out, seed + i), [widths[i], out]))),
    bias: tf.tidy(() => tf.variable(tf.tensor1d(values(out, seed + 10 + i)))),
  }));
}

const disposeLayers = (ls: StackLayerParams[]) => tf.dispose(ls.flatMap((l) => [l.kernel, l.bias]));

/** The reference: the same stack from ordinary ops (`densePlain`, tf.dropout after each ReLU), differentiated by tfjs. */
function chainedPlain(x: tf.Tensor2D, ls: StackLayerParams[], rate: number, linearOutput = true): tf.Tensor2D {
  let h = x;
  ls.forEach((l, i) => {
    const linear = linearOutput && i === ls.length - 1;
    h = densePlain(h, l.kernel, l.bias, linear ? 'linear' : 'relu');
    if (!linear && rate > 0) h = tf.dropout(h, rate, undefined, SEEDS[i]) as tf.Tensor2D;
  });
  return h;
}

// One layer at a time, including unit dimensions (where the backward transpose is a reshape).
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 3, 5],
  [64, 100, 128],
  [33, 17, 1],
];

for (const [n, k, m] of SHAPES) {
  for (const activation of ['relu', 'linear'] as Activation[]) {
    test(`one-layer denseStack matches autodiff of the plain formula: ${n}×${k} · ${k}×${m}, ${activation}`, () => {
      const start = tf.memory().numTensors;
      const x = tf.tensor2d(values(n * k, 1), [n, k]);
      // A non-uniform upstream gradient, so every output element matters.
      const probe = tf.tensor2d(values(n * m, 4), [n, m]);
      // The reference gets its own copies of the weights (see the XNNPACK note in dense.ts).
      const [ours, copy] = [layers([k, m], 2), layers([k, m], 2)];
      const linearOutput = activation === 'linear';
      const loss = (f: (xi: tf.Tensor2D, ls: StackLayerParams[]) => tf.Tensor2D, ls: StackLayerParams[]) =>
        (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
          tf.sum(tf.mul(f(xi as tf.Tensor2D, [{ kernel: wi, bias: bi } as StackLayerParams]), probe));
      const stack = (inputGrad: boolean) => (xi: tf.Tensor2D, ls: StackLayerParams[]) =>
        denseStack(xi, ls, { linearOutput, dropout: 0, dropoutSeeds: [], inputGrad });
      const plain = (xi: tf.Tensor2D, ls: StackLayerParams[]) => chainedPlain(xi, ls, 0, linearOutput);
      const reference = tf.grads(loss(plain, copy))([x, copy[0].kernel, copy[0].bias]);
      const fast = tf.grads(loss(stack(true), ours))([x, ours[0].kernel, ours[0].bias]);
      for (let i = 0; i < 3; i++) assert.ok(maxRelativeError(fast[i], reference[i]) < 1e-5, `gradient ${['x', 'W', 'b'][i]}`);
      const forwardError = tf.tidy(() => maxRelativeError(stack(true)(x, ours), plain(x, copy)));
      assert.ok(forwardError < 1e-5);
      // Without the input gradient, dW and db are unchanged.
      const noInput = tf.grads((wi: tf.Tensor, bi: tf.Tensor) => loss(stack(false), ours)(x, wi, bi))([ours[0].kernel, ours[0].bias]);
      assert.ok(maxRelativeError(noInput[0], reference[1]) < 1e-5);
      assert.ok(maxRelativeError(noInput[1], reference[2]) < 1e-5);
      tf.dispose([x, probe, ...reference, ...fast, ...noInput]);
      disposeLayers([...ours, ...copy]);
      assert.equal(tf.memory().numTensors, start);
    });
  }
}

for (const rate of [0, 0.25]) {
  test(`denseStack (dropout ${rate}): forward and gradients match autodiff of the plain ops with tf.dropout`, () => {
    const start = tf.memory().numTensors;
    const [ls, copies] = [layers(), layers()];
    const x = tf.tensor2d(values(N * WIDTHS[0], 1), [N, WIDTHS[0]]);
    const probe = tf.tensor2d(values(N, 2), [N, 1]);
    const opts = { linearOutput: true, dropout: rate, dropoutSeeds: SEEDS, inputGrad: false };
    // A dropout mask that differs from tf.dropout's in one unit would move an output by O(1).
    const forwardError = tf.tidy(() => maxRelativeError(denseStack(x, ls, opts), chainedPlain(x, copies, rate)));
    assert.ok(forwardError < 1e-5, `forward error ${forwardError}`);

    const vars = ls.flatMap((l) => [l.kernel, l.bias]);
    const refVars = copies.flatMap((l) => [l.kernel, l.bias]);
    const loss = (f: () => tf.Tensor) => () => tf.sum(tf.mul(f(), probe)) as tf.Scalar;
    const ours = tf.variableGrads(loss(() => denseStack(x, ls, opts)), vars);
    const reference = tf.variableGrads(loss(() => chainedPlain(x, copies, rate)), refVars);
    vars.forEach((v, i) => assert.ok(maxRelativeError(ours.grads[v.name], reference.grads[refVars[i].name]) < 1e-5, `gradient of ${v.name}`));
    tf.dispose([ours.value, reference.value, ...Object.values(ours.grads), ...Object.values(reference.grads), x, probe, ...vars, ...refVars]);
    assert.equal(tf.memory().numTensors, start);
  });
}

test('denseStack with inputGrad gives the input gradient too', () => {
  const [ls, copies] = [layers(), layers()];
  const x = tf.tensor2d(values(N * WIDTHS[0], 3), [N, WIDTHS[0]]);
  const opts = { linearOutput: true, dropout: 0, dropoutSeeds: SEEDS, inputGrad: true };
  const [ours] = tf.grads((xi: tf.Tensor) => tf.sum(denseStack(xi as tf.Tensor2D, ls, opts)))([x]);
  const [reference] = tf.grads((xi: tf.Tensor) => tf.sum(chainedPlain(xi as tf.Tensor2D, copies, 0)))([x]);
  assert.ok(maxRelativeError(ours, reference) < 1e-5);
  tf.dispose([ours, reference, x]);
  disposeLayers([...ls, ...copies]);
});

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
  const [ls, copies] = [layers([8, 4]), layers([8, 4])];
  const x = tf.tensor2d(values(16 * 8, 1), [16, 8]);
  const run = (f: (xi: tf.Tensor2D) => tf.Tensor2D) => () => tf.grads((xi: tf.Tensor) => tf.sum(f(xi as tf.Tensor2D)))([x]);
  const fastFlags = matMulFlags(run((xi) => denseStack(xi, ls, { linearOutput: false, dropout: 0, dropoutSeeds: [], inputGrad: true })));
  assert.equal(fastFlags.length, 4); // forward, dx, dW, db (ones-row matMul)
  assert.ok(fastFlags.every((f) => !f.transposeA && !f.transposeB));
  assert.ok(matMulFlags(run((xi) => chainedPlain(xi, copies, 0, false))).some((f) => f.transposeA || f.transposeB));
  tf.dispose(x);
  disposeLayers([...ls, ...copies]);
});
