/**
 * A network of dense stacks laid out in one WebAssembly linear memory (net-layout.ts), and its
 * training step: forward, backward and the optimizer, all in place. Everything is allocated
 * once, in the constructor; a step allocates nothing.
 *
 * A stack reads the data or the output of an earlier stack (a hurdle model's heads read its
 * trunk); its gradient with respect to that input is summed over every stack that reads it.
 * Hidden layers are ReLU with inverted dropout after them; a stack's last layer may be linear.
 */
import { instantiateKernels, type DenseKernelExports } from './module.ts';
import { layoutNet, type KernelNetSpec, type Layer, type MatrixView, type StackLayout } from './net-layout.ts';

export type { KernelNetSpec, KernelStackSpec, MatrixView } from './net-layout.ts';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export class KernelNet {
  readonly kernels: DenseKernelExports;
  private readonly stacks: StackLayout[];
  private readonly heap: Float32Array;
  private readonly params: { start: number; count: number };
  private readonly grads: number;
  private readonly moments: [number, number];
  private readonly x: number;
  private readonly xPad: number;
  private readonly keep: number;
  private t = 0;

  constructor(readonly spec: KernelNetSpec) {
    const layout = layoutNet(spec);
    this.keep = 1 - spec.dropout;
    this.stacks = layout.stacks;
    this.params = layout.params;
    this.grads = layout.grads;
    this.moments = layout.moments;
    this.x = layout.x;
    this.xPad = layout.xPad;
    this.kernels = instantiateKernels(layout.bytes);
    this.heap = new Float32Array(this.kernels.memory.buffer);
  }

  private last(stack: number): Layer {
    return this.stacks[stack].layers.at(-1)!;
  }

  /** Copies a layer's weights in (kernel row-major inDim × outDim, bias outDim). */
  setLayer(stack: number, layer: number, kernel: Float32Array, bias: Float32Array): void {
    const L = this.stacks[stack].layers[layer];
    if (kernel.length !== L.inDim * L.outDim || bias.length !== L.outDim) throw new RangeError(`layer ${stack}/${layer}: expected ${L.inDim}×${L.outDim} weights`);
    for (let i = 0; i < L.inDim; i++) this.heap.set(kernel.subarray(i * L.outDim, (i + 1) * L.outDim), L.w / 4 + i * L.outPad);
    this.heap.set(bias, L.b / 4);
  }

  /** A layer's weights as fresh arrays (padding dropped). `which` = 'grad' reads the last gradient. */
  getLayer(stack: number, layer: number, which: 'weights' | 'grad' = 'weights'): { kernel: Float32Array; bias: Float32Array } {
    const L = this.stacks[stack].layers[layer];
    const shift = which === 'grad' ? (this.grads - this.params.start) / 4 : 0;
    const kernel = new Float32Array(L.inDim * L.outDim);
    for (let i = 0; i < L.inDim; i++) kernel.set(this.heap.subarray(shift + L.w / 4 + i * L.outPad, shift + L.w / 4 + i * L.outPad + L.outDim), i * L.outDim);
    return { kernel, bias: this.heap.slice(shift + L.b / 4, shift + L.b / 4 + L.outDim) };
  }

  /** All weights (with their zero padding), for finiteness checks. */
  weightValues(): Float32Array {
    return this.heap.subarray(this.params.start / 4, this.params.start / 4 + this.params.count);
  }

  /** Copies rows `rows` of a row-major matrix with `inputDim` columns into the input batch. */
  loadRows(x: Float32Array, rows: ArrayLike<number>): void {
    const f = this.spec.inputDim;
    if (rows.length > this.spec.batchSize) throw new RangeError(`${rows.length} rows exceed the batch size ${this.spec.batchSize}`);
    for (let r = 0; r < rows.length; r++) this.heap.set(x.subarray(rows[r] * f, rows[r] * f + f), this.x / 4 + r * this.xPad);
  }

  private inputOf(stack: number, layer: number): { ptr: number; ld: number } {
    if (layer > 0) {
      const prev = this.stacks[stack].layers[layer - 1];
      return { ptr: prev.out, ld: prev.outPad };
    }
    const source = this.stacks[stack].source;
    return source < 0 ? { ptr: this.x, ld: this.xPad } : { ptr: this.last(source).out, ld: this.last(source).outPad };
  }

  /**
   * Forward pass over the first `rows` loaded rows. With `dropoutSeeds` (one [seed, seed2] pair per
   * layer, stacks in order) dropout is applied; without, none (inference).
   */
  forward(rows: number, dropoutSeeds: [number, number][] | null): void {
    const k = this.kernels;
    const keep24 = Math.round(this.keep * 2 ** 24);
    let seedIndex = 0;
    this.stacks.forEach((s, si) =>
      s.layers.forEach((L, l) => {
        const input = this.inputOf(si, l);
        k.forward(input.ptr, input.ld, L.w, L.outPad, L.b, L.out, L.outPad, rows, L.inDim, L.outPad, L.relu ? 1 : 0);
        const seeds = dropoutSeeds?.[seedIndex++];
        if (L.dropped && seeds) k.dropout(L.out, L.outPad, rows, L.outPad, seeds[0] | 0, seeds[1] | 0, keep24, 1 / this.keep);
      }),
    );
  }

  /**
   * The inverted-dropout multiplier (0 or 1/keep per unit) that `forward` applies after layer
   * `index` (counting layers over all stacks) with `seeds`: the kernel run on a matrix of ones.
   * For tests and diagnostics; it overwrites that layer's output buffer.
   */
  dropoutMultiplier(index: number, rows: number, seeds: [number, number]): Float32Array {
    const L = this.stacks.flatMap((s) => s.layers)[index];
    const out = this.heap.subarray(L.out / 4, L.out / 4 + rows * L.outPad);
    out.fill(1);
    this.kernels.dropout(L.out, L.outPad, rows, L.outPad, seeds[0] | 0, seeds[1] | 0, Math.round(this.keep * 2 ** 24), 1 / this.keep);
    const m = new Float32Array(rows * L.outDim);
    for (let r = 0; r < rows; r++) m.set(out.subarray(r * L.outPad, r * L.outPad + L.outDim), r * L.outDim);
    out.fill(0);
    return m;
  }

  /** Number of layers, i.e. of dropout seed pairs `forward` takes. */
  get layerCount(): number {
    return this.stacks.reduce((n, s) => n + s.layers.length, 0);
  }

  /** Output of stack `stack` (its last layer; rows × width). */
  output(stack: number): MatrixView {
    const L = this.last(stack);
    return { values: this.heap.subarray(L.out / 4, L.out / 4 + this.spec.batchSize * L.outPad), ld: L.outPad, width: L.outDim };
  }

  /** Where the loss writes ∂loss/∂output of stack `stack` before `backward`. Padding columns must stay 0. */
  outputGrad(stack: number): MatrixView {
    const L = this.last(stack);
    return { values: this.heap.subarray(L.grad / 4, L.grad / 4 + this.spec.batchSize * L.outPad), ld: L.outPad, width: L.outDim };
  }

  /**
   * Backward pass: from the output gradients (of every stack no other stack reads) to the
   * gradients of all weights, including the L2 term. Stacks run last to first, so a stack's
   * output gradient is complete (summed over its readers) before its own backward pass.
   */
  backward(rows: number): void {
    const k = this.kernels;
    const c = 2 * this.spec.l2;
    const shift = this.grads - this.params.start;
    const readersLeft = this.stacks.map((_, i) => this.stacks.filter((s) => s.layers.length > 0 && s.source === i).length);
    const written = this.stacks.map(() => false);
    for (let si = this.stacks.length - 1; si >= 0; si--) {
      const s = this.stacks[si];
      for (let l = s.layers.length - 1; l >= 0; l--) {
        const L = s.layers[l];
        const input = this.inputOf(si, l);
        k.gradW(input.ptr, input.ld, L.grad, L.outPad, L.w, L.w + shift, L.outPad, rows, L.inPad, L.outPad, c);
        k.gradB(L.grad, L.outPad, L.b + shift, rows, L.outPad);
        const below = l > 0 ? s.layers[l - 1] : s.source >= 0 ? this.last(s.source) : null;
        if (!below) continue;
        // Through the layer below's ReLU and dropout, once the gradient is complete.
        const complete = l > 0 || --readersLeft[s.source] === 0;
        const accumulate = l === 0 && written[s.source];
        if (l === 0) written[s.source] = true;
        const mask = complete && below.relu ? below.out : 0;
        k.gradX(L.grad, L.outPad, L.w, L.outPad, below.grad, below.outPad, rows, L.inPad, L.outPad, accumulate ? 1 : 0, mask, below.outPad, below.dropped ? 1 / this.keep : 1);
      }
    }
  }

  /** One optimizer update of every weight from the gradients of the last `backward`. */
  update(): void {
    this.t += 1;
    const { start, count } = this.params;
    const lr = this.spec.learningRate;
    if (this.spec.optimizer === 'sgd') {
      this.kernels.sgd(start, this.grads, count, lr);
      return;
    }
    const c1 = 1 - BETA1 ** this.t;
    const c2 = 1 - BETA2 ** this.t;
    // lr·(m/c1)/(√(v/c2)+ε) = rate·m/(√v + eps): tf.train.adam's update, two divisions fewer.
    this.kernels.adam(start, this.grads, this.moments[0], this.moments[1], count, (lr * Math.sqrt(c2)) / c1, EPSILON * Math.sqrt(c2), BETA1, BETA2);
  }
}
