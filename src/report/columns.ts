/**
 * Which metric columns a report shows, and the names --metrics and --sort accept (checked
 * against the metric catalog, so a typo lists the valid names).
 */
import { registryMiss } from '../errors.ts';
import { higherIsBetter, METRIC_NAMES, metricInfo } from '../metrics/catalog.ts';
import type { ResultFile } from '../results/types.ts';
import type { Column } from './report-types.ts';

/** The run table's columns: scores with a direction (plus the oracle's R² as a yardstick). */
export const DEFAULT_METRICS: readonly string[] = ['r2', 'd2Tweedie', 'd2Poisson', 'gini', 'r2Oracle'];
/** The "outlier sensitivity" section: diagnostics, never ranked. */
export const OUTLIER_METRICS: readonly string[] = [
  'r2BootLow', 'r2BootHigh', 'r2DropTop1', 'r2DropTop5', 'r2DropTop10', 'dR2DropTop1', 'dR2DropTop5', 'dR2DropTop10',
  'topBuyersSstShare', 'errorShareTop1', 'errorShareTop10',
];
/** The two-part heads section (shown when some run has a two-part model). */
export const HEAD_METRICS: readonly string[] = ['logLoss', 'brier', 'auc', 'ece', 'amountR2', 'amountLogR2', 'amountLogRmse'];
/** Sort keys besides metric names. */
export const EXTRA_SORT_KEYS: readonly string[] = ['name', 'fitTime'];

/** Throw the registry miss for an unknown --metrics name or --sort key (the CLI calls this before reading files). */
export function checkNames(opts: { metrics?: string[]; sort?: string }): void {
  for (const m of opts.metrics ?? []) if (!metricInfo(m)) throw registryMiss('metric', m, METRIC_NAMES, { key: '--metrics' });
  const key = opts.sort;
  if (key !== undefined && !metricInfo(key) && !EXTRA_SORT_KEYS.includes(key)) throw registryMiss('sort key', key, [...METRIC_NAMES, ...EXTRA_SORT_KEYS], { key: '--sort' });
}

export function pickColumns(results: ResultFile[], requested?: string[]): Column[] {
  let names: string[];
  if (requested && requested.length) {
    checkNames({ metrics: requested });
    names = [...new Set(requested)];
  } else {
    // Optional metrics (auc, ...) only when some run has them.
    names = DEFAULT_METRICS.filter((m) => !metricInfo(m)!.optional || results.some((r) => (r.summary[m]?.n ?? 0) > 0));
  }
  return toColumns(names);
}

export function toColumns(names: readonly string[]): Column[] {
  return names.map((m) => ({ metric: m, label: metricInfo(m)!.label, higherIsBetter: higherIsBetter(metricInfo(m)!.direction) }));
}
