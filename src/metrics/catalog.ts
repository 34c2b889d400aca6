/**
 * Every per-fold metric a result file may hold, with its direction. The runner, the summary and
 * the reporter all read names from here, so a new metric is added in one place.
 */
export interface MetricInfo {
  name: string;
  label: string;
  /** true: larger is better (R², AUC); false: smaller is better (RMSE); null: neither (a diagnostic). */
  higherIsBetter: boolean | null;
  description: string;
  /** Only present for some runs (two-part models, synthetic data). */
  optional: boolean;
  /** A yardstick from the data, not a score of the model (r2Oracle): shown, never compared or ranked. */
  reference?: boolean;
  /** Measured in the target's own unit (RMSE, MAE): shown rescaled by `data.targetUnit`. */
  targetScale?: boolean;
}

export const METRICS: readonly MetricInfo[] = [
  { name: 'r2', label: 'R²', higherIsBetter: true, optional: false, description: 'coefficient of determination on the original scale (the competition metric)' },
  { name: 'rmse', label: 'RMSE', higherIsBetter: false, optional: false, targetScale: true, description: 'root mean squared error, original scale (micros)' },
  { name: 'mae', label: 'MAE', higherIsBetter: false, optional: false, targetScale: true, description: 'mean absolute error, original scale (micros)' },
  { name: 'r2Trimmed', label: 'R² trimmed', higherIsBetter: true, optional: false, description: "R² without test rows whose y is at or above the test fold's q-quantile" },
  { name: 'r2TrimDelta', label: 'ΔR² trim', higherIsBetter: null, optional: false, description: 'r2Trimmed − r2: how much of the score hinges on the top spenders' },
  { name: 'topSseShare', label: 'top SSE share', higherIsBetter: false, optional: false, description: 'share of the squared error that comes from the rows at or above the q-quantile' },
  { name: 'r2Winsorized', label: 'R² winsorized', higherIsBetter: true, optional: false, description: "R² with y and ŷ clipped at the training fold's q-quantile" },
  { name: 'r2Log1p', label: 'R² log1p', higherIsBetter: true, optional: false, description: 'R² of log1p(y) vs log1p(ŷ)' },
  { name: 'gini', label: 'norm. Gini', higherIsBetter: true, optional: false, description: "model Gini / oracle Gini (ranking quality, as in Google's lifetime_value)" },
  { name: 'spearman', label: 'Spearman', higherIsBetter: true, optional: false, description: 'Spearman rank correlation of ŷ with y' },
  { name: 'auc', label: 'AUC', higherIsBetter: true, optional: true, description: "purchase head's ROC AUC for 1[y > 0] (two-part models)" },
  { name: 'amountR2', label: 'amount R²', higherIsBetter: true, optional: true, description: "amount head's R² on test buyers, original scale (two-part models)" },
  { name: 'r2Oracle', label: 'R² oracle', higherIsBetter: true, optional: true, reference: true, description: "R² of the generator's exact E[y|x] on the same fold (synthetic data): the best achievable" },
];

export const METRIC_NAMES: readonly string[] = METRICS.map((m) => m.name);

export function metricInfo(name: string): MetricInfo | undefined {
  return METRICS.find((m) => m.name === name);
}
