import type { SequenceLayout } from './history.ts';

/** Output of the feature pipeline: what a model consumes. */
export interface FeatureMatrix {
  nRows: number;
  /** Dense, row-major nRows × nFeatures. */
  x: Float32Array;
  nFeatures: number;
  featureNames: string[];
  /** One Int32Array of ids per `embedding`-encoded categorical (0 reserved for unseen/missing). */
  embeddingIds: { column: string; ids: Int32Array; cardinality: number }[];
  /** With `features.history.steps`: where the previous sessions sit in each row (for type: sequence). */
  sequence?: SequenceLayout;
  /** With `features.history`: how many of the rows have at least one earlier session. */
  rowsWithHistory?: number;
}
