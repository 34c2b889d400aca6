/**
 * Optimizers for the training loop.
 *
 * `fast`: Adam / SGD applied in JavaScript to the gradient values. On tfjs-wasm every elementwise
 * kernel costs ~50-250 µs for a 10⁴-element tensor (dispatch + unvectorised loops), and
 * `tf.train.adam` issues ~14 of them per variable per step: for a 100-128-64-1 MLP that is more
 * than the matMuls themselves. One pass over a Float32Array does the same arithmetic in ~0.1 ms.
 * The update is tf.train.adam's formula (same defaults: β1 0.9, β2 0.999, ε 1e-7, bias correction
 * by βᵗ), evaluated in float64 and stored as float32; test/train/optimizer.test.ts checks it
 * against tf.train.adam.
 *
 * `!fast`: tf.train.adam / tf.train.sgd with applyGradients (the stock tfjs path).
 */
import * as tf from '@tensorflow/tfjs';

export interface StepOptimizer {
  /** One update; `grads[i]` is the gradient of `variables[i]`. Does not dispose the grads. */
  step(grads: tf.Tensor[]): void;
  dispose(): void;
}

export interface OptimizerSettings {
  kind: 'adam' | 'sgd';
  learningRate: number;
  fast: boolean;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

class ArrayOptimizer implements StepOptimizer {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  /** Master copy of the weights, read once: only this optimizer writes the variables while it is in use. */
  private weights: Float32Array[] | null = null;
  private t = 0;

  constructor(
    private readonly variables: tf.Variable[],
    private readonly settings: OptimizerSettings,
  ) {
    this.m = variables.map((x) => new Float32Array(x.size));
    this.v = settings.kind === 'adam' ? variables.map((x) => new Float32Array(x.size)) : [];
  }

  step(grads: tf.Tensor[]): void {
    this.t += 1;
    const lr = this.settings.learningRate;
    const c1 = 1 - Math.pow(BETA1, this.t);
    const c2 = 1 - Math.pow(BETA2, this.t);
    // A copy: on the cpu backend dataSync hands out the tensor's own storage.
    this.weights ??= this.variables.map((v) => new Float32Array(v.dataSync() as Float32Array));
    const weights = this.weights;
    this.variables.forEach((variable, k) => {
      const w = weights[k];
      const g = grads[k].dataSync() as Float32Array;
      if (this.settings.kind === 'sgd') {
        for (let i = 0; i < w.length; i++) w[i] = w[i] - lr * g[i];
      } else {
        const m = this.m[k];
        const v = this.v[k];
        // lr·(m/c1)/(√(v/c2)+ε) rearranged to drop two divisions per weight.
        const rate = (lr * Math.sqrt(c2)) / c1;
        const eps = EPSILON * Math.sqrt(c2);
        for (let i = 0; i < w.length; i++) {
          const gi = g[i];
          const mi = BETA1 * m[i] + (1 - BETA1) * gi;
          const vi = BETA2 * v[i] + (1 - BETA2) * gi * gi;
          m[i] = mi;
          v[i] = vi;
          w[i] -= (rate * mi) / (Math.sqrt(vi) + eps);
        }
      }
      // The temporary tensor is released; its buffer lives on in the variable. The cpu backend
      // keeps the array it is given, hence the copy.
      tf.tidy(() => variable.assign(tf.tensor(w.slice(), variable.shape, 'float32')));
    });
  }

  dispose(): void {}
}

class TfOptimizer implements StepOptimizer {
  private readonly optimizer: tf.Optimizer;
  constructor(
    private readonly variables: tf.Variable[],
    settings: OptimizerSettings,
  ) {
    this.optimizer = settings.kind === 'adam' ? tf.train.adam(settings.learningRate) : tf.train.sgd(settings.learningRate);
  }
  step(grads: tf.Tensor[]): void {
    const named: tf.NamedTensorMap = {};
    this.variables.forEach((v, i) => (named[v.name] = grads[i]));
    this.optimizer.applyGradients(named);
  }
  dispose(): void {
    this.optimizer.dispose();
  }
}

export function makeOptimizer(variables: tf.Variable[], settings: OptimizerSettings): StepOptimizer {
  return settings.fast ? new ArrayOptimizer(variables, settings) : new TfOptimizer(variables, settings);
}
