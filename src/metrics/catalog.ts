/**
 * Every per-fold metric a result file may hold, with its direction. The runner, the summary, the
 * reporter and sweeps all read names and directions from here, so a new metric is added in one
 * place, and every result file records the direction of each metric it holds
 * (`metricDirections`), so any reader can tell scores from diagnostics without this code.
 *
 * A metric may carry a direction ('higher' / 'lower' is better) — and so be ranked, compared,
 * given a verdict or pick a sweep's best point — only if it passes the law in
 * test/metrics/law.test.ts: on the synthetic generator it scores the exact E[y|x] at least as
 * well as 0, the training mean, 0.5×E[y|x], 2×E[y|x] and E[y|x] shuffled across rows, and
 * strictly better than 0, the mean and the shuffled version (ranking scores may tie on rescaling).
 * Part-wise scores obey the same law for their own target (P(buy | x); E[amount | x, buy] on
 * buyers). Everything else is a diagnostic ('none'): shown, never ranked.
 */
export type MetricDirection = 'higher' | 'lower' | 'none';

/** Where a report shows the metric: the scores, the outlier-sensitivity diagnostics, or the two-part heads. */
export type MetricSection = 'score' | 'outlier' | 'head';

export interface MetricInfo {
  name: string;
  label: string;
  direction: MetricDirection;
  section: MetricSection;
  description: string;
  /** Only present for some runs (two-part models, synthetic data). */
  optional: boolean;
  /** A yardstick from the data, not a score of the model (r2Oracle): shown, never compared or ranked. */
  reference?: boolean;
  /** Measured in the target's own unit (RMSE, MAE): shown rescaled by `data.targetUnit`. */
  targetScale?: boolean;
}

type Row = [name: string, label: string, direction: MetricDirection, section: MetricSection, optional: boolean, description: string];

const ROWS: Row[] = [
  ['r2', 'R²', 'higher', 'score', false, 'coefficient of determination on the original scale (the competition metric)'],
  ['rmse', 'RMSE', 'lower', 'score', false, 'root mean squared error, original scale (micros)'],
  ['d2Tweedie', 'D² Tweedie', 'higher', 'score', false, "fraction of Tweedie deviance explained (power metrics.tweediePower, default 1.5), as scikit-learn's d2_tweedie_score"],
  ['d2Poisson', 'D² Poisson', 'higher', 'score', false, "fraction of Poisson deviance explained, as scikit-learn's d2_tweedie_score(power=1)"],
  ['gini', 'norm. Gini', 'higher', 'score', false, "model Gini / oracle Gini (ranking quality, as in Google's lifetime_value); ties on rescaling"],
  ['spearman', 'Spearman', 'higher', 'score', false, 'Spearman rank correlation of ŷ with y; ties on rescaling'],
  ['mae', 'MAE', 'none', 'outlier', false, 'mean absolute error (micros): consistent for the median, which is 0 for almost every session'],
  ['r2DropTop1', 'R² −top1', 'none', 'outlier', false, "R² after dropping the test fold's largest spender"],
  ['r2DropTop5', 'R² −top5', 'none', 'outlier', false, "R² after dropping the test fold's 5 largest spenders"],
  ['r2DropTop10', 'R² −top10', 'none', 'outlier', false, "R² after dropping the test fold's 10 largest spenders"],
  ['dR2DropTop1', 'ΔR² −top1', 'none', 'outlier', false, 'r2DropTop1 − r2'],
  ['dR2DropTop5', 'ΔR² −top5', 'none', 'outlier', false, 'r2DropTop5 − r2'],
  ['dR2DropTop10', 'ΔR² −top10', 'none', 'outlier', false, 'r2DropTop10 − r2'],
  ['topBuyersSstShare', 'top-1% buyers SST share', 'none', 'outlier', false, "share of the test fold's total sum of squares carried by its top 1% of buyers (at least one)"],
  ['errorShareTop1', 'SSE share top1', 'none', 'outlier', false, 'share of the squared error carried by the row with the largest error'],
  ['errorShareTop5', 'SSE share top5', 'none', 'outlier', false, 'share of the squared error carried by the 5 rows with the largest errors'],
  ['errorShareTop10', 'SSE share top10', 'none', 'outlier', false, 'share of the squared error carried by the 10 rows with the largest errors'],
  ['r2BootLow', 'R² boot 2.5%', 'none', 'outlier', false, "lower end of a seeded row-bootstrap 95% interval of the fold's R² (1000 resamples)"],
  ['r2BootHigh', 'R² boot 97.5%', 'none', 'outlier', false, "upper end of a seeded row-bootstrap 95% interval of the fold's R² (1000 resamples)"],
  ['r2Trimmed', 'R² trimmed', 'none', 'outlier', false, "R² without test rows whose y is at or above the test fold's q-quantile"],
  ['r2TrimDelta', 'ΔR² trim', 'none', 'outlier', false, 'r2Trimmed − r2'],
  ['topSseShare', 'top SSE share', 'none', 'outlier', false, 'share of the squared error that comes from the rows at or above the q-quantile'],
  ['r2Winsorized', 'R² winsorized', 'none', 'outlier', false, "R² with y and ŷ clipped at the training fold's q-quantile"],
  ['r2Log1p', 'R² log1p', 'none', 'outlier', false, 'R² of log1p(y) vs log1p(ŷ): consistent for the geometric, not the arithmetic, mean'],
  ['logLoss', 'log-loss', 'lower', 'head', true, "purchase head's log-loss for 1[y > 0] (two-part models; p clipped to [ε, 1 − ε], ε = float64 machine epsilon, as scikit-learn)"],
  ['brier', 'Brier', 'lower', 'head', true, "purchase head's Brier score for 1[y > 0] (two-part models)"],
  ['auc', 'AUC', 'higher', 'head', true, "purchase head's ROC AUC for 1[y > 0] (two-part models); ties on rescaling"],
  ['ece', 'ECE', 'none', 'head', true, "purchase head's expected calibration error over 10 equal-count bins (a constant base rate scores ≈ 0, so no direction)"],
  ['amountR2', 'amount R²', 'higher', 'head', true, "amount head's R² on test buyers, original scale (two-part models)"],
  ['amountLogR2', 'amount R² log', 'none', 'head', true, "amount head's R² of log amount on test buyers (favours the geometric mean, so no direction)"],
  ['amountLogRmse', 'amount RMSE log', 'none', 'head', true, "amount head's RMSE of log amount on test buyers (natural log)"],
];

/** Metrics in the target's own unit, rescaled by `data.targetUnit` when shown. */
const TARGET_SCALE = new Set(['rmse', 'mae']);

export const METRICS: readonly MetricInfo[] = [
  ...ROWS.map(([name, label, direction, section, optional, description]): MetricInfo => ({ name, label, direction, section, optional, description, ...(TARGET_SCALE.has(name) ? { targetScale: true } : {}) })),
  {
    name: 'r2Oracle', label: 'R² oracle', direction: 'none', section: 'score', optional: true, reference: true,
    description: "R² of the generator's exact E[y|x] on the same fold (synthetic data): the best achievable",
  },
];

export const METRIC_NAMES: readonly string[] = METRICS.map((m) => m.name);

export function metricInfo(name: string): MetricInfo | undefined {
  return METRICS.find((m) => m.name === name);
}

/** `metricDirections` for a result file: the direction of every metric it holds. */
export function metricDirections(names: Iterable<string>): Record<string, MetricDirection> {
  const out: Record<string, MetricDirection> = {};
  for (const name of names) out[name] = metricInfo(name)?.direction ?? 'none';
  return out;
}

/** `higher` → true, `lower` → false, `none` → null: the sign convention the comparison code uses. */
export function higherIsBetter(direction: MetricDirection): boolean | null {
  return direction === 'none' ? null : direction === 'higher';
}
