/**
 * Loss values and their gradients with respect to the network outputs, for the kernel path:
 * one pass over the batch in JavaScript (float64 arithmetic), between the kernels' forward and
 * backward passes. Each is the derivative of the tfjs loss its model trains with; the tests
 * check them against tf.grad of those very functions.
 *
 * Every loss is a mean over the batch, so each row's gradient carries a 1/rows (or 1/buyers).
 */
import type { MatrixView } from './net-layout.ts';

export type KernelLoss =
  /** mean (out − t)² over every output (mlp). */
  | { name: 'mse' }
  /** purchase·BCE(logit, 1[y>0]) + amount·mean over buyers of (ẑ − z)² (hurdle: two 1-wide outputs). */
  | { name: 'hurdle'; purchase: number; amount: number }
  /** BCE(logit) + the buyers' log-normal NLL averaged over all rows (as google/lifetime_value), σ = softplus(raw) + sigmaFloor (ziln: one 3-wide output). */
  | { name: 'ziln'; sigmaFloor: number }
  /** Mean Tweedie deviance, log link μ = exp(f), power p ∈ (1, 2) (tweedie: one 1-wide output). */
  | { name: 'tweedie'; power: number };

export interface LossBatch {
  /** The loss's inputs, in order (one per output stack). */
  outputs: MatrixView[];
  /** Written: ∂loss/∂outputs, same shapes. */
  grads: MatrixView[];
  /** Row-major rows × nTargets. */
  targets: Float32Array;
  nTargets: number;
  rows: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Stable BCE from a logit (max(x,0) − x·y + log(1 + e^−|x|)) and its derivative σ(x) − y. */
function bce(x: number, y: number): { value: number; grad: number } {
  return { value: Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))), grad: sigmoid(x) - y };
}

function softplus(r: number): number {
  return r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r));
}

function mse(b: LossBatch): number {
  const [out] = b.outputs;
  const [g] = b.grads;
  const w = out.width;
  if (b.nTargets !== w) throw new RangeError(`mse: ${w} outputs but ${b.nTargets} targets per row`);
  const n = b.rows * w;
  let sum = 0;
  for (let r = 0; r < b.rows; r++) {
    for (let j = 0; j < w; j++) {
      const d = out.values[r * out.ld + j] - b.targets[r * w + j];
      sum += d * d;
      g.values[r * g.ld + j] = (2 * d) / n;
    }
  }
  return sum / n;
}

function buyersIn(b: LossBatch): number {
  let buyers = 0;
  for (let r = 0; r < b.rows; r++) buyers += b.targets[r * b.nTargets];
  return Math.max(buyers, 1);
}

function hurdle(b: LossBatch, wp: number, wa: number): number {
  const [logit, amount] = b.outputs;
  const [gLogit, gAmount] = b.grads;
  const buyers = buyersIn(b);
  let bceSum = 0;
  let sqSum = 0;
  for (let r = 0; r < b.rows; r++) {
    const isBuyer = b.targets[r * 2];
    const c = bce(logit.values[r * logit.ld], isBuyer);
    bceSum += c.value;
    gLogit.values[r * gLogit.ld] = (wp * c.grad) / b.rows;
    const d = amount.values[r * amount.ld] - b.targets[r * 2 + 1];
    sqSum += isBuyer * d * d;
    gAmount.values[r * gAmount.ld] = (wa * 2 * isBuyer * d) / buyers;
  }
  return (wp * bceSum) / b.rows + (wa * sqSum) / buyers;
}

function ziln(b: LossBatch, sigmaFloor: number): number {
  const [out] = b.outputs;
  const [g] = b.grads;
  let bceSum = 0;
  let nllSum = 0;
  for (let r = 0; r < b.rows; r++) {
    const o = r * out.ld;
    const isBuyer = b.targets[r * 2];
    const z = b.targets[r * 2 + 1];
    const c = bce(out.values[o], isBuyer);
    bceSum += c.value;
    const mu = out.values[o + 1];
    const raw = out.values[o + 2];
    const sigma = softplus(raw) + sigmaFloor;
    const d = z - mu;
    const s2 = sigma * sigma;
    nllSum += isBuyer * (Math.log(sigma) + HALF_LOG_2PI + (d * d) / (2 * s2));
    const q = r * g.ld;
    g.values[q] = c.grad / b.rows;
    g.values[q + 1] = (isBuyer * (-d / s2)) / b.rows;
    // ∂nll/∂σ · ∂σ/∂raw, with ∂softplus/∂raw = sigmoid(raw).
    g.values[q + 2] = (isBuyer * (1 / sigma - (d * d) / (s2 * sigma)) * sigmoid(raw)) / b.rows;
  }
  return bceSum / b.rows + nllSum / b.rows;
}

/**
 * 2·mean(y^b/(a·b) − y·e^(a·f)/a + e^(b·f)/b) with a = 1 − p, b = 2 − p; its derivative in f is
 * 2·(e^(b·f) − y·e^(a·f)) per row, over rows.
 */
function tweedie(b: LossBatch, power: number): number {
  const [out] = b.outputs;
  const [g] = b.grads;
  const a = 1 - power;
  const c = 2 - power;
  let sum = 0;
  for (let r = 0; r < b.rows; r++) {
    const y = b.targets[r];
    const f = out.values[r * out.ld];
    const cross = y * Math.exp(a * f);
    const mu = Math.exp(c * f);
    sum += y ** c / (a * c) - cross / a + mu / c;
    g.values[r * g.ld] = (2 * (mu - cross)) / b.rows;
  }
  return (2 * sum) / b.rows;
}

/** Writes ∂loss/∂outputs into `batch.grads` and returns the batch's mean loss. */
export function lossAndGrad(loss: KernelLoss, batch: LossBatch): number {
  switch (loss.name) {
    case 'mse':
      return mse(batch);
    case 'hurdle':
      return hurdle(batch, loss.purchase, loss.amount);
    case 'ziln':
      return ziln(batch, loss.sigmaFloor);
    case 'tweedie':
      return tweedie(batch, loss.power);
  }
}
