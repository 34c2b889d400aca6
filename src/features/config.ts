/** The `features` section of an experiment: what the feature pipeline is told to build. */

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
