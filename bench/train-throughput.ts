/**
 * Training throughput: stock tfjs (`tf.sequential` + `model.fit`) against our loop on the
 * wasm-simd kernels (`train.kernel: wasm-simd`), on the tfjs fast path (`kernel: tfjs`,
 * `fastPath: true`: custom-gradient dense op + array optimizer) and on the plain tfjs path
 * (`fastPath: false`: tfjs autodiff + tf.train.adam), same architecture, data, epochs and batch
 * size, in one process.
 *
 * Effective GFLOP/s = 6 · rows · params per epoch / seconds per epoch (2 forward + 4 backward
 * flops per weight per row). Seconds per epoch is the median over epochs after the first (warm-up),
 * by wall clock and by process CPU time (the machine may be shared; wasm runs on one thread).
 *
 *   node --import tsx bench/train-throughput.ts [--rows 16384] [--features 100] [--hidden 128,64]
 *        [--epochs 4] [--batch 256] [--seed 7] [--backend wasm]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../src/backend.ts';
import { mlpModel } from '../src/models/mlp.ts';
import { deriveSeed, makeRng, normal, SeedBook } from '../src/seeds.ts';

export interface ThroughputOptions {
  rows: number;
  features: number;
  hidden: number[];
  epochs: number;
  batchSize: number;
  seed: number;
}

export interface PathThroughput {
  /** Wall-clock seconds per epoch (median after warm-up). */
  secondsPerEpoch: number;
  /** Effective GFLOP/s from wall-clock time. */
  gflops: number;
  epochSeconds: number[];
  /** Process CPU seconds per epoch (user + system): robust to other processes sharing the cores. */
  cpuSecondsPerEpoch: number;
  /** Effective GFLOP/s from CPU time. */
  cpuGflops: number;
}

interface EpochTimes {
  wall: number[];
  cpu: number[];
}

/** Wall and CPU clocks read at epoch boundaries. */
class EpochClock {
  readonly times: EpochTimes = { wall: [], cpu: [] };
  private wall = 0;
  private cpu = 0;
  start(): void {
    this.wall = performance.now();
    const u = process.cpuUsage();
    this.cpu = u.user + u.system;
  }
  stop(): void {
    const u = process.cpuUsage();
    this.times.wall.push((performance.now() - this.wall) / 1000);
    this.times.cpu.push((u.user + u.system - this.cpu) / 1e6);
  }
}

export interface ThroughputResult {
  stock: PathThroughput;
  /** Our loop on the wasm-simd kernels. */
  kernel: PathThroughput;
  fast: PathThroughput;
  /** Our loop with fastPath false (for reference: what the custom gradient + optimizer buy). */
  plain: PathThroughput;
  /** fast GFLOP/s ÷ stock GFLOP/s (wall clock). */
  ratio: number;
  /** The same ratio from CPU time. */
  cpuRatio: number;
  /** wasm-simd kernel GFLOP/s ÷ fast path GFLOP/s (wall clock; CPU time). */
  kernelRatio: number;
  kernelCpuRatio: number;
  /** wasm-simd kernel GFLOP/s ÷ stock GFLOP/s (wall clock). */
  kernelVsStock: number;
  backend: string;
  params: number;
}

function parameterCount(features: number, hidden: number[]): number {
  let n = 0;
  let width = features;
  for (const h of [...hidden, 1]) {
    n += width * h + h;
    width = h;
  }
  return n;
}

function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarise(times: EpochTimes, flopsPerEpoch: number): PathThroughput {
  const steady = (a: number[]) => (a.length > 1 ? a.slice(1) : a);
  const secondsPerEpoch = median(steady(times.wall));
  const cpuSecondsPerEpoch = median(steady(times.cpu));
  return {
    secondsPerEpoch,
    gflops: flopsPerEpoch / secondsPerEpoch / 1e9,
    epochSeconds: times.wall,
    cpuSecondsPerEpoch,
    cpuGflops: flopsPerEpoch / cpuSecondsPerEpoch / 1e9,
  };
}

function syntheticRegression(opts: ThroughputOptions): { x: Float32Array; y: Float64Array } {
  const rng = makeRng(deriveSeed(opts.seed, 'bench', 'data'));
  const x = new Float32Array(opts.rows * opts.features);
  const y = new Float64Array(opts.rows);
  for (let i = 0; i < opts.rows; i++) {
    let s = 0;
    for (let j = 0; j < opts.features; j++) {
      const v = normal(rng);
      x[i * opts.features + j] = v;
      if (j < 8) s += v * (j % 2 ? 0.5 : -0.3);
    }
    y[i] = Math.max(0, s + 0.3 * normal(rng));
  }
  return { x, y };
}

async function stockEpochTimes(opts: ThroughputOptions, x: Float32Array, y: Float64Array): Promise<EpochTimes> {
  const model = tf.sequential();
  opts.hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [opts.features] } : {}) })),
  );
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  const xs = tf.tensor2d(x, [opts.rows, opts.features]);
  const ys = tf.tensor2d(Float32Array.from(y), [opts.rows, 1]);
  const clock = new EpochClock();
  try {
    await model.fit(xs, ys, {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => clock.start(),
        onEpochEnd: async () => clock.stop(),
      },
    });
  } finally {
    xs.dispose();
    ys.dispose();
    model.optimizer.dispose();
    model.dispose();
  }
  return clock.times;
}

async function ourEpochTimes(opts: ThroughputOptions, x: Float32Array, y: Float64Array, fastPath: boolean, kernel: 'tfjs' | 'wasm-simd' = 'tfjs'): Promise<EpochTimes> {
  const clock = new EpochClock();
  clock.start();
  const input = { nRows: opts.rows, nFeatures: opts.features, x, featureNames: [], embeddingIds: [] };
  const { model } = await mlpModel.fit(input, y, {
    config: { type: 'mlp', hidden: opts.hidden, dropout: 0, l2: 0, targetScale: 'none', embeddingDim: 0 },
    train: {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      learningRate: 1e-3,
      optimizer: 'adam',
      earlyStopping: { enabled: false, patience: 1, validationFraction: 0.1, minDelta: 0 },
      fastPath,
      kernel,
    },
    seeds: new SeedBook(opts.seed),
    // Epochs run back to back, so one epoch's end is the next one's start (epoch 1 includes setup
    // and is dropped as warm-up).
    onEpoch: () => {
      clock.stop();
      clock.start();
    },
  });
  model?.dispose();
  return clock.times;
}

export async function benchTrainingThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
  const backend = tf.getBackend() ?? (await initBackend('auto'));
  const { x, y } = syntheticRegression(opts);
  const params = parameterCount(opts.features, opts.hidden);
  const flopsPerEpoch = 6 * opts.rows * params;
  const stock = summarise(await stockEpochTimes(opts, x, y), flopsPerEpoch);
  const kernel = summarise(await ourEpochTimes(opts, x, y, true, 'wasm-simd'), flopsPerEpoch);
  const fast = summarise(await ourEpochTimes(opts, x, y, true), flopsPerEpoch);
  const plain = summarise(await ourEpochTimes(opts, x, y, false), flopsPerEpoch);
  return {
    stock,
    kernel,
    fast,
    plain,
    ratio: fast.gflops / stock.gflops,
    cpuRatio: fast.cpuGflops / stock.cpuGflops,
    kernelRatio: kernel.gflops / fast.gflops,
    kernelCpuRatio: kernel.cpuGflops / fast.cpuGflops,
    kernelVsStock: kernel.gflops / stock.gflops,
    backend,
    params,
  };
}

function flag(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

async function main(argv: string[]): Promise<void> {
  const backend = await initBackend(flag(argv, 'backend', 'wasm') as BackendName);
  const opts: ThroughputOptions = {
    rows: Number(flag(argv, 'rows', '16384')),
    features: Number(flag(argv, 'features', '100')),
    hidden: flag(argv, 'hidden', '128,64').split(',').map(Number),
    epochs: Number(flag(argv, 'epochs', '4')),
    batchSize: Number(flag(argv, 'batch', '256')),
    seed: Number(flag(argv, 'seed', '7')),
  };
  const r = await benchTrainingThroughput(opts);
  const row = (name: string, p: PathThroughput) =>
    `${name.padEnd(28)} ${p.secondsPerEpoch.toFixed(3).padStart(10)} ${p.gflops.toFixed(2).padStart(9)} ${p.cpuSecondsPerEpoch.toFixed(3).padStart(10)} ${p.cpuGflops.toFixed(2).padStart(9)}   [${p.epochSeconds.map((s) => s.toFixed(3)).join(', ')}]`;
  console.log(`backend ${backend}; ${opts.rows} rows × ${opts.features} features, hidden ${opts.hidden.join('-')}, batch ${opts.batchSize}, ${opts.epochs} epochs, ${r.params} params`);
  console.log(`${'path'.padEnd(28)} ${'s/epoch'.padStart(10)} ${'GFLOP/s'.padStart(9)} ${'cpu s/ep'.padStart(10)} ${'cpuGF/s'.padStart(9)}   wall s per epoch`);
  console.log(row('stock tf.sequential + fit', r.stock));
  console.log(row('ours, fastPath false', r.plain));
  console.log(row('ours, tfjs fastPath true', r.fast));
  console.log(row('ours, wasm-simd kernel', r.kernel));
  console.log(`fast / stock = ${r.ratio.toFixed(2)}× (wall clock), ${r.cpuRatio.toFixed(2)}× (CPU time); wasm-simd / fast = ${r.kernelRatio.toFixed(2)}× (wall), ${r.kernelCpuRatio.toFixed(2)}× (CPU); load average ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main(process.argv.slice(2));
}
