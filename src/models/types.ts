/**
 * The model interface. A model type is one `ModelDefinition` in its own file, listed in
 * src/models/registry.ts; the config union, the `ModelConfig` type and the list of names derive
 * from that list. A definition fits on a FeatureMatrix + target and returns a FittedModel whose
 * state is plain, versioned JSON: named weights, typed learned parameters (like scikit-learn's
 * `mean_`) and, separately, diagnostics that are recorded but never read back.
 */
import type { z } from 'zod';
import type { FeatureMatrix } from '../features/types.ts';
import type { EpochInfo, LoopReport, NamedWeights, TrainConfig, TrainSeeds } from '../train/types.ts';

export type { EpochInfo, TrainSeeds } from '../train/types.ts';

/** Recorded, never read back: buyer counts, clamp rates, alternative factors... */
export type Diagnostics = Record<string, number | string>;

/** A model's `model:` section: a strict zod object whose `type` is its literal name. */
export type ModelConfigSchema<T extends string = string> = z.ZodObject<{ type: z.ZodLiteral<T> } & z.ZodRawShape>;

export interface FitContext<C = unknown> {
  config: C;
  train: TrainConfig;
  seeds: TrainSeeds;
  onEpoch?: (info: EpochInfo) => void;
  /** Checked between batches; when it returns true the fit stops early and throws an interruption. */
  shouldStop?: () => boolean;
}

export interface Prediction {
  /** E[y | x] on the original scale, ≥ 0. */
  yHat: Float64Array;
  /** Two-part models: P(purchase | x). */
  purchaseProb?: Float64Array;
  /** Two-part models: E[amount | x, purchase] on the original scale. */
  amount?: Float64Array;
}

/** The fit as recorded in a result: the loop's report plus the model's parameters and diagnostics, flat. */
export interface FitReport extends Omit<LoopReport, 'trainRows' | 'validationRows'> {
  info: Record<string, number | string | number[]>;
}

/** Plain-JSON fitted state. `version` is the definition's `stateVersion` when it was saved. */
export interface ModelState<C = { type: string; [key: string]: unknown }, P = Record<string, number>> {
  type: string;
  version: number;
  config: C;
  nFeatures: number;
  weights: NamedWeights;
  /** Learned parameters beyond the weights, by name (what prediction reads). */
  params: P;
  diagnostics: Diagnostics;
}

export interface FittedModel {
  readonly type: string;
  predict(input: FeatureMatrix): Prediction;
  toState(): ModelState;
  /** Release every tensor this model owns. */
  dispose(): void;
}

export interface FitOutcome {
  /** null when training diverged (its tensors are already released). */
  model: FittedModel | null;
  report: FitReport;
}

export interface ModelDefinition<T extends string = string, S extends ModelConfigSchema<T> = ModelConfigSchema<T>> {
  type: T;
  /** The `model:` section for this type, with its defaults; its `.describe()` texts are the docs. */
  configSchema: S;
  /** Whether the model has a purchase head (so AUC / amount R² metrics apply). */
  twoPart: boolean;
  fit(input: FeatureMatrix, y: Float64Array, ctx: FitContext<z.output<S>>): Promise<FitOutcome>;
  /** Rebuild from a saved state; refuses a state of another type, version or with missing parameters. */
  fromState(state: ModelState): FittedModel;
}
