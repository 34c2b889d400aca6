/**
 * Where everything of a kernel network lives in its one WebAssembly linear memory, in bytes:
 * [weights | gradients | Adam m | Adam v] (one flat block each, so the optimizer is one call),
 * the input batch, and per layer its output and the gradient of its pre-activation. Widths are
 * padded to multiples of 4 with zeros (see assembly/dense.ts). Byte 0 stays unused: a zero
 * pointer means "none" to the kernels.
 */

export interface KernelStackSpec {
  /** The stack whose output this one reads (an index lower than its own), or -1 for the data. */
  input: number;
  /** Input width, then each layer's output width (just the input width: an empty stack). */
  widths: number[];
  /** Whether the last layer is linear (no ReLU, no dropout). */
  linearOutput: boolean;
}

export interface KernelNetSpec {
  inputDim: number;
  /** Most rows per step. */
  batchSize: number;
  stacks: KernelStackSpec[];
  /** Dropout rate after every ReLU layer while training. */
  dropout: number;
  /** L2 penalty l2·ΣW² on kernels (not biases); its gradient 2·l2·W is added in the kernel. */
  l2: number;
  optimizer: 'adam' | 'sgd';
  learningRate: number;
}

/** A row-major matrix in kernel memory: `rows × width` real columns, row stride `ld`. */
export interface MatrixView {
  values: Float32Array;
  ld: number;
  width: number;
}

export interface Layer {
  inDim: number;
  outDim: number;
  inPad: number;
  outPad: number;
  relu: boolean;
  dropped: boolean;
  /** Byte offsets. */
  w: number;
  b: number;
  out: number;
  grad: number;
}

export interface StackLayout {
  /** Resolved input: -1 = data, else a non-empty stack. */
  source: number;
  layers: Layer[];
}

export const pad4 = (n: number) => (n + 3) & ~3;

export interface NetLayout {
  stacks: StackLayout[];
  /** The weights block: byte offset and float count (gradients and moments have the same count). */
  params: { start: number; count: number };
  grads: number;
  moments: [number, number];
  /** The input batch and its padded row stride. */
  x: number;
  xPad: number;
  /** Bytes of memory the layout needs. */
  bytes: number;
}

export function layoutNet(spec: KernelNetSpec): NetLayout {
  if (spec.dropout < 0 || spec.dropout >= 1) throw new RangeError(`dropout must be in [0, 1), got ${spec.dropout}`);
  let next = 64;
  const take = (floats: number) => {
    const at = next;
    next += floats * 4;
    return at;
  };
  const rows = spec.batchSize;
  // Weights first, contiguous, then the blocks that mirror them.
  const shapes = spec.stacks.map((s) => s.widths.slice(1).map((out, l) => ({ inDim: s.widths[l], outDim: out })));
  const paramStart = next;
  const placed = shapes.map((layers) => layers.map(({ inDim, outDim }) => ({ w: take(pad4(inDim) * pad4(outDim)), b: take(pad4(outDim)) })));
  const count = (next - paramStart) / 4;
  const grads = take(count);
  const moments: [number, number] = [take(count), take(count)];
  const xPad = pad4(spec.inputDim);
  const x = take(rows * xPad);
  const stacks = spec.stacks.map((s, si): StackLayout => {
    if (s.input >= si) throw new RangeError(`stack ${si} reads stack ${s.input}: a stack can only read an earlier one`);
    const width = s.input < 0 ? spec.inputDim : spec.stacks[s.input].widths.at(-1)!;
    if (s.widths[0] !== width) throw new RangeError(`stack ${si} expects input width ${s.widths[0]}, its input has ${width}`);
    const layers = shapes[si].map(({ inDim, outDim }, l): Layer => {
      const relu = !(s.linearOutput && l === shapes[si].length - 1);
      return { inDim, outDim, inPad: pad4(inDim), outPad: pad4(outDim), relu, dropped: relu && spec.dropout > 0, ...placed[si][l], out: take(rows * pad4(outDim)), grad: take(rows * pad4(outDim)) };
    });
    return { source: s.input, layers };
  });
  // An empty stack passes its input through: whoever reads it reads its source.
  for (const s of stacks) while (s.source >= 0 && stacks[s.source].layers.length === 0) s.source = stacks[s.source].source;
  return { stacks, params: { start: paramStart, count }, grads, moments, x, xPad, bytes: next };
}
