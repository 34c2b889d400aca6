/**
 * What the training layer consumes and reports: the `train` section of an experiment, the seeds
 * a fit draws on, per-epoch progress and the loop's report. Models build on these; nothing here
 * knows about models.
 */
import type { SeedBook } from '../seeds.ts';

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  earlyStopping: {
    enabled: boolean;
    patience: number;
    /** Share of the training fold held out (stratified) as the inner validation split. */
    validationFraction: number;
    minDelta: number;
  };
  /** Use the hand-written training step (transpose + plain matMul); false falls back to tf.grads/optimizer.minimize. */
  fastPath: boolean;
  /**
   * Training step: 'wasm-simd' (our WebAssembly kernels), 'tfjs' (tfjs ops; fastPath picks which),
   * or 'auto' (wasm-simd unless the backend is tfjs-node's tensorflow). Result files written
   * before this key existed lack it: they trained on tfjs, and --reproduce keeps that.
   */
  kernel: KernelSetting;
}

export const KERNEL_SETTINGS = ['auto', 'wasm-simd', 'tfjs'] as const;
export type KernelSetting = (typeof KERNEL_SETTINGS)[number];

/** What a fit trained on (train.kernel resolved) and why, as recorded in the result file. */
export interface KernelChoice {
  requested: KernelSetting | 'unset';
  used: 'wasm-simd' | 'tfjs';
  reason: string;
}

/**
 * The seeds a fit draws on: a seed book (src/seeds.ts) for this one fit, e.g. the fold's
 * `child('fold', i)`. Each user derives and records its own stream by name: the model `init`
 * (weight initialisers), the loop `shuffle` (per epoch), `split` (inner validation split; only
 * with early stopping) and `dropout` (per step; only when the network drops units).
 */
export type TrainSeeds = SeedBook;

export interface EpochInfo {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  ms: number;
}

/** What a training run reports, whatever the model. */
export interface LoopReport {
  status: 'ok' | 'diverged';
  reason?: string;
  epochsRun: number;
  bestEpoch: number;
  history: { epoch: number; loss: number; valLoss: number | null }[];
  trainRows: number;
  validationRows: number;
  /** The inner validation rows (indices into the training data; empty without early stopping), for held-out calibration. */
  validationIndices: Int32Array;
  /** Which training step ran and why (set by the loop). */
  kernel?: KernelChoice;
}

/** Weights as plain JSON, by name (float32 values held as numbers: the round trip is exact). */
export type NamedWeights = { name: string; shape: number[]; values: number[] }[];
