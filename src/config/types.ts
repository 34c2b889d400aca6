/**
 * The resolved, fully-defaulted experiment config. `loadExperiment` (src/config/load.ts) is the
 * only producer; everything downstream trusts it. It is plain JSON and is embedded verbatim in
 * every result file, so a run can be repeated from the result alone.
 */

import type { DataConfig } from '../data/config.ts';
import type { FeatureConfig } from '../features/config.ts';
import type { ModelConfig } from '../models/registry.ts';
import type { TrainConfig } from '../train/types.ts';

// Each layer owns the settings it consumes; this file assembles them into the experiment.
export type { DataConfig, SyntheticDataConfig } from '../data/config.ts';
export type { CategoricalEncoding, CategoricalFeature, FeatureConfig, ScalerName } from '../features/config.ts';
export type { HurdleModelConfig, MlpModelConfig, ModelConfig, ModelType, ZilnModelConfig } from '../models/registry.ts';
export type { KernelSetting, TrainConfig } from '../train/types.ts';

export interface CvConfig {
  folds: number;
  repeats: number;
  stratify: 'purchase' | 'none';
  /** Column whose groups (e.g. userId) never straddle a fold's training and test rows (src/cv/grouped.ts); absent = ungrouped. */
  groupBy?: string | null;
  /** Worker threads for folds; 'auto' = the fewest with the shortest fold makespan (src/run/schedule.ts); 1 = sequential in-process. */
  workers: number | 'auto';
}

export interface MetricsConfig {
  /** Outlier quantile q for r2Trimmed / topSseShare / r2Winsorized. */
  outlierQuantile: number;
  /** Permutation importance per fold on the test part (src/run/importance.ts); off by default. */
  importance: boolean;
  /** Shuffles per column and fold, averaged. */
  importanceRepeats: number;
  /** Tweedie power p of d2Tweedie, in (1, 2). */
  tweediePower: number;
}

export interface ExperimentConfig {
  name: string;
  description: string;
  seed: number;
  data: DataConfig;
  features: FeatureConfig;
  model: ModelConfig;
  train: TrainConfig;
  cv: CvConfig;
  metrics: MetricsConfig;
  /** Key path → list of values; expanded into one run per point by the sweep runner. Empty = no sweep. */
  sweep: Record<string, unknown[]>;
}

/** Where a config came from: the file and the chain of `extends`, for error messages and result files. */
export interface ConfigOrigin {
  file: string;
  extends: string[];
  /** `--set` overrides applied, in order, as written. */
  overrides: string[];
}
