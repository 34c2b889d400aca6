/**
 * The resolved, fully-defaulted experiment config. `loadExperiment` (src/config/load.ts) is the
 * only producer; everything downstream trusts it. It is plain JSON and is embedded verbatim in
 * every result file, so a run can be repeated from the result alone.
 */

export type ScalerName = 'standard' | 'minmax' | 'none';
export type CategoricalEncoding = 'onehot' | 'frequency' | 'embedding';

export interface CategoricalFeature {
  column: string;
  encoding: CategoricalEncoding;
}

export interface FeatureConfig {
  /** Numeric columns (counts, seconds...). */
  numeric: string[];
  /** Subset of `numeric` to transform with log1p before scaling. */
  log1p: string[];
  /** How missing numeric values are filled (statistics from the training fold only). */
  missing: 'zero' | 'median';
  scaler: ScalerName;
  /** Boolean columns → 0/1 (missing → 0). */
  boolean: string[];
  categorical: CategoricalFeature[];
  /** Categories seen fewer times than this in the training fold are folded into "other". */
  minCategoryCount: number;
  /** What an unseen category becomes in one-hot encoding. */
  unseenCategory: 'zeros' | 'other';
  /** Datetime column (unix seconds) expanded into hour of day and day of week; null for none. */
  datetime: { column: string; timezone: string; cyclical: boolean } | null;
  /** Columns that are only known at session end (they may reflect the purchase itself). */
  sessionEnd: string[];
  /** Real-time mode: drop every `sessionEnd` column from the inputs. */
  dropSessionEnd: boolean;
}

export interface MlpModelConfig {
  type: 'mlp';
  hidden: number[];
  dropout: number;
  l2: number;
  /** Target scaling inside the model: 'std' divides y by its training-fold std; 'none' trains on raw y. */
  targetScale: 'std' | 'none';
  /** Dimension of learned embeddings for `embedding`-encoded categoricals. */
  embeddingDim: number;
}

export interface HurdleModelConfig {
  type: 'hurdle';
  /** Shared layers (may be empty). */
  trunk: number[];
  purchaseHead: number[];
  amountHead: number[];
  dropout: number;
  l2: number;
  /** Log-scale retransformation for E[amount | x]. */
  retransform: 'smearing' | 'lognormal' | 'none';
  /** Clamp the predicted log-amount to the range seen on training buyers. */
  clampLogAmount: boolean;
  lossWeights: { purchase: number; amount: number };
  embeddingDim: number;
}

export interface ZilnModelConfig {
  type: 'ziln';
  hidden: number[];
  dropout: number;
  l2: number;
  clampLogAmount: boolean;
  embeddingDim: number;
}

export type ModelConfig = MlpModelConfig | HurdleModelConfig | ZilnModelConfig;
export type ModelType = ModelConfig['type'];

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
}

export interface SyntheticDataConfig {
  /** Target share of buyers (P(y > 0) averaged over rows). */
  buyerRate: number;
  /** σ of log(amount | buy): larger is a heavier right tail. */
  tailSigma: number;
  /** Strength of the session-end leakage: extra hits/page views that a purchase adds. */
  leakage: number;
  /**
   * The generator's seed, its own key so that `--seed` changes folds, initialisers, dropout and
   * shuffling but not the data (paired seed studies). Default DEFAULT_DATA_SEED.
   */
  seed: number;
}

export interface DataConfig {
  source: 'synthetic' | 'csv';
  /** Absolute path (resolved relative to the YAML file); null for synthetic. */
  path: string | null;
  /** Synthetic: rows to generate. CSV: read at most this many rows (null = all). */
  rows: number | null;
  target: string;
  /** Optional id column used in submissions. */
  idColumn: string | null;
  synthetic: SyntheticDataConfig;
}

export interface CvConfig {
  folds: number;
  repeats: number;
  stratify: 'purchase' | 'none';
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
