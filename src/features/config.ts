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
  /** Features from each user's strictly earlier sessions (src/features/history.ts); absent = none. */
  history?: HistoryFeatureConfig;
}

export interface HistoryFeatureConfig {
  /** The user column: sessions with the same value are one history. */
  groupBy: string;
  /** Session start (unix seconds): only strictly earlier sessions are read. */
  time: string;
  /** Count columns of earlier sessions to aggregate (known once those sessions ended). */
  counts: string[];
  /** Earlier sessions' purchase value column (the target of earlier rows). */
  amount: string;
  /** Append the hand-made aggregates to the inputs. */
  aggregates: boolean;
  /** Previous sessions handed to a sequence model (0 = no sequence block). */
  steps: number;
}
