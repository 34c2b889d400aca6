/**
 * The model interface. A model type is a registry entry (src/models/registry.ts) that fits on a
 * FeatureMatrix + target and returns a FittedModel. Fitted state (weights + scalars such as the
 * smearing factor and clamp range) is plain JSON so it can be saved and reloaded.
 */
import type { ModelConfig, TrainConfig } from '../config/types.ts';
import type { FeatureMatrix } from '../features/types.ts';

export interface TrainSeeds {
  /** Weight initialisers. */
  init: number;
  /** Dropout masks. */
  dropout: number;
  /** Per-epoch shuffling of the training rows. */
  shuffle: number;
  /** Inner validation split (early stopping). */
  split: number;
}

export interface EpochInfo {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  ms: number;
}

export interface FitContext {
  config: ModelConfig;
  train: TrainConfig;
  seeds: TrainSeeds;
  onEpoch?: (info: EpochInfo) => void;
  /** Checked between batches; when it returns true the fit stops early and throws an interruption. */
  shouldStop?: () => boolean;
}

export interface Prediction {
  /** E[y | x] on the original scale, clamped at 0. */
  yHat: Float64Array;
  /** Two-part models: P(purchase | x). */
  purchaseProb?: Float64Array;
  /** Two-part models: E[amount | x, purchase] on the original scale. */
  amount?: Float64Array;
}

export interface FitReport {
  status: 'ok' | 'diverged';
  reason?: string;
  epochsRun: number;
  bestEpoch: number;
  history: { epoch: number; loss: number; valLoss: number | null }[];
  /** Which training step ran (wasm-simd kernels or tfjs) and why; set by the training loop. */
  kernel?: { requested: string; used: string; reason: string };
  /** Model-specific scalars worth recording (smearing factor, clamp range, target scale...). */
  info: Record<string, number | string | number[]>;
}

/** Plain-JSON fitted state: config + named weight arrays + scalars. */
export interface ModelState {
  type: ModelConfig['type'];
  config: ModelConfig;
  nFeatures: number;
  weights: { name: string; shape: number[]; values: number[] }[];
  info: Record<string, number | string | number[]>;
}

export interface FittedModel {
  readonly type: ModelConfig['type'];
  predict(input: FeatureMatrix): Prediction;
  toState(): ModelState;
  /** Release every tensor this model owns. */
  dispose(): void;
}

export interface ModelDefinition {
  type: ModelConfig['type'];
  /** Whether the model has a purchase head (so AUC / amount R² metrics apply). */
  twoPart: boolean;
  fit(input: FeatureMatrix, y: Float64Array, ctx: FitContext): Promise<{ model: FittedModel | null; report: FitReport }>;
  fromState(state: ModelState): FittedModel;
}
