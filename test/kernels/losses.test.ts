import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { lossAndGrad, type KernelLoss } from '../../src/kernels/losses.ts';
import type { MatrixView } from '../../src/kernels/net.ts';
import { hurdleLoss, meanSquaredError, SIGMA_FLOOR, tweedieDeviance, zilnLoss } from '../../src/models/losses.ts';
import { makeRng, normal } from '../../src/seeds.ts';
import { maxRelativeError } from '../train/helpers.ts';

await initBackend('wasm');

/** Two-part targets [1[y>0], z] with `buyerRate` buyers (fixtures: rare buyers, heavy-tailed z). */
function twoPart(rows: number, buyerRate: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  const t = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    const buyer = rng() < buyerRate ? 1 : 0;
    t[2 * r] = buyer;
    t[2 * r + 1] = buyer ? normal(rng) * 1.5 + (rng() < 0.05 ? 4 : 0) : 0;
  }
  return t;
}

/** A padded kernel-style view (stride rounded up to 4) holding `values` (rows × width). */
function view(values: Float32Array, rows: number, width: number): MatrixView {
  const ld = (width + 3) & ~3;
  const out = new Float32Array(rows * ld);
  for (let r = 0; r < rows; r++) out.set(values.subarray(r * width, (r + 1) * width), r * ld);
  return { values: out, ld, width };
}

function unpad(v: MatrixView, rows: number): Float32Array {
  const out = new Float32Array(rows * v.width);
  for (let r = 0; r < rows; r++) out.set(v.values.subarray(r * v.ld, r * v.ld + v.width), r * v.width);
  return out;
}

interface Case {
  name: string;
  loss: KernelLoss;
  widths: number[];
  rows: number;
  targets: Float32Array;
  nTargets: number;
  /** The model's tfjs loss on the same outputs. */
  reference: (outputs: tf.Tensor2D[], targets: tf.Tensor2D) => tf.Scalar;
}

/** The hurdle heads are two 1-wide outputs; the tfjs loss reads them concatenated. */
const hurdleRef = (wp: number, wa: number) => ([logit, z]: tf.Tensor2D[], t: tf.Tensor2D) => hurdleLoss(t, tf.concat([logit, z], 1) as tf.Tensor2D, { purchase: wp, amount: wa });

/** Tweedie targets: y / mean(y), zero for most rows, heavy-tailed for the rest. */
function tweedieTargets(rows: number, seed: number): Float32Array {
  const t = twoPart(rows, 0.05, seed);
  return Float32Array.from({ length: rows }, (_, r) => (t[2 * r] ? Math.exp(t[2 * r + 1]) * 20 : 0));
}

const CASES: Case[] = [
  { name: 'mse (mlp), 37 rows', loss: { name: 'mse' }, widths: [1], rows: 37, targets: Float32Array.from({ length: 37 }, (_, i) => (i % 9 === 0 ? 5 + i : 0)), nTargets: 1, reference: ([o], t) => meanSquaredError(t, o) },
  { name: 'hurdle, 256 rows, 3% buyers, weights 1 / 0.5', loss: { name: 'hurdle', purchase: 1, amount: 0.5 }, widths: [1, 1], rows: 256, targets: twoPart(256, 0.03, 1), nTargets: 2, reference: hurdleRef(1, 0.5) },
  { name: 'hurdle, 19 rows, no buyer', loss: { name: 'hurdle', purchase: 2, amount: 1 }, widths: [1, 1], rows: 19, targets: twoPart(19, 0, 2), nTargets: 2, reference: hurdleRef(2, 1) },
  { name: 'ziln, 256 rows, 4% buyers', loss: { name: 'ziln', sigmaFloor: SIGMA_FLOOR }, widths: [3], rows: 256, targets: twoPart(256, 0.04, 3), nTargets: 2, reference: ([o], t) => zilnLoss(t, o) },
  { name: 'ziln, 7 rows, half buyers', loss: { name: 'ziln', sigmaFloor: SIGMA_FLOOR }, widths: [3], rows: 7, targets: twoPart(7, 0.5, 4), nTargets: 2, reference: ([o], t) => zilnLoss(t, o) },
  { name: 'tweedie p = 1.5, 256 rows, 5% non-zero', loss: { name: 'tweedie', power: 1.5 }, widths: [1], rows: 256, targets: tweedieTargets(256, 6), nTargets: 1, reference: ([o], t) => tweedieDeviance(t, o, 1.5) },
  { name: 'tweedie p = 1.2, 33 rows', loss: { name: 'tweedie', power: 1.2 }, widths: [1], rows: 33, targets: tweedieTargets(33, 7), nTargets: 1, reference: ([o], t) => tweedieDeviance(t, o, 1.2) },
];

for (const c of CASES) {
  test(`loss gradient equals tf.grad of the model's tfjs loss: ${c.name}`, () => {
    const start = tf.memory().numTensors;
    const rng = makeRng(c.rows);
    const raw = c.widths.map((w) => Float32Array.from({ length: c.rows * w }, () => 2 * normal(rng)));
    const outputs = raw.map((v, i) => view(v, c.rows, c.widths[i]));
    const grads = c.widths.map((w) => view(new Float32Array(c.rows * w), c.rows, w));
    const value = lossAndGrad(c.loss, { outputs, grads, targets: c.targets, nTargets: c.nTargets, rows: c.rows });
    const t = tf.tensor2d(c.targets, [c.rows, c.nTargets]);
    const inputs = raw.map((v, i) => tf.tensor2d(v, [c.rows, c.widths[i]]));
    const { value: refValue, grads: refGrads } = tf.tidy(() => tf.valueAndGrads((...o: tf.Tensor[]) => c.reference(o as tf.Tensor2D[], t))(inputs));
    assert.ok(Math.abs(value - refValue.dataSync()[0]) <= 1e-5 * Math.max(1, Math.abs(value)), `loss ${value} vs ${refValue.dataSync()[0]}`);
    refGrads.forEach((g, i) => {
      const ours = tf.tensor2d(unpad(grads[i], c.rows), [c.rows, c.widths[i]]);
      assert.ok(maxRelativeError(ours, g) < 1e-5, `gradient of output ${i}: ${maxRelativeError(ours, g)}`);
      // Padding columns stay zero: the kernels rely on it.
      for (let r = 0; r < c.rows; r++) for (let j = c.widths[i]; j < grads[i].ld; j++) assert.equal(grads[i].values[r * grads[i].ld + j], 0);
      ours.dispose();
    });
    tf.dispose([t, ...inputs, refValue, ...refGrads]);
    assert.equal(tf.memory().numTensors, start);
  });
}
