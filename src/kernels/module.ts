/**
 * The compiled training kernels (src/kernels/dense.wasm, built from src/kernels/assembly/ by
 * `npm run build:kernels`). One WebAssembly.Module per thread; each trainer instantiates its own
 * instance, with its own linear memory sized once up front.
 */
import { readFileSync } from 'node:fs';

/** The exported functions; pointers are byte offsets into `memory`, strides are in floats. */
export interface DenseKernelExports {
  memory: WebAssembly.Memory;
  forward(x: number, ldx: number, w: number, ldw: number, b: number, out: number, ldo: number, rows: number, k: number, n: number, relu: number): void;
  gradW(h: number, ldh: number, g: number, ldg: number, w: number, dw: number, ldw: number, rows: number, k: number, n: number, c: number): void;
  gradX(g: number, ldg: number, w: number, ldw: number, dx: number, ldx: number, rows: number, k: number, n: number, accumulate: number, mask: number, ldm: number, scale: number): void;
  gradB(g: number, ldg: number, db: number, rows: number, n: number): void;
  dropout(h: number, ld: number, rows: number, n: number, seed: number, seed2: number, keep24: number, scale: number): void;
  adam(w: number, g: number, m: number, v: number, count: number, rate: number, eps: number, beta1: number, beta2: number): void;
  sgd(w: number, g: number, count: number, lr: number): void;
}

const BINARY = new URL('./dense.wasm', import.meta.url);
let compiled: WebAssembly.Module | null = null;
let failure: string | null = null;

function compile(): WebAssembly.Module | null {
  if (compiled || failure) return compiled;
  try {
    compiled = new WebAssembly.Module(readFileSync(BINARY));
  } catch (e) {
    failure = `the WebAssembly SIMD kernels do not load on this runtime (node ${process.versions.node}): ${(e as Error).message}`;
  }
  return compiled;
}

/** Why the kernels cannot run here (no WebAssembly SIMD, missing binary), or null when they can. */
export function kernelsUnavailable(): string | null {
  compile();
  return failure;
}

/** A fresh instance whose memory has at least `bytes` bytes (grown once, never again). */
export function instantiateKernels(bytes: number): DenseKernelExports {
  const module = compile();
  if (!module) throw new Error(failure ?? 'kernels unavailable');
  const instance = new WebAssembly.Instance(module, {});
  const exports = instance.exports as unknown as DenseKernelExports;
  const have = exports.memory.buffer.byteLength;
  if (bytes > have) exports.memory.grow(Math.ceil((bytes - have) / 65536));
  return exports;
}
