/** Parameters and output of the synthetic generators (session-level and user-level). */

export interface SyntheticOptions {
  rows: number;
  seed: number;
  /** Mean purchase probability over the generated sessions. */
  buyerRate: number;
  /** σ of log(amount | purchase). */
  tailSigma: number;
  /** Scale of the page views and hits a purchase adds (0 = none). */
  leakage: number;
  /** 'sessions' (default): independent sessions; 'users': users with histories (synthetic-users.ts). */
  mode?: SyntheticMode;
}

export type SyntheticMode = 'sessions' | 'users';

export interface SyntheticTable {
  options: SyntheticOptions;
  /** E2V_TRAIN_COLUMNS. */
  header: readonly string[];
  /** Column-major raw cell text, in header order: `cells[c][row]`. */
  cells: string[][];
  rowCount: number;
  target: Float64Array;
  /** Exact E[y | observed columns]. */
  oracle: Float64Array;
  /** Exact P(y > 0 | observed columns). */
  oracleBuy: Float64Array;
  /** The solved purchase-logit intercept. */
  intercept: number;
}
