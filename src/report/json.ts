/** The computed comparison as JSON, for notebooks and CI checks. */
import type { Report } from './report-types.ts';

export const REPORT_JSON_KIND = 'hurdle-lab/report';

/**
 * JSON has no Infinity: a t statistic of ±Infinity (constant non-zero differences across folds)
 * is written as the string "Infinity" / "-Infinity" rather than silently becoming null.
 */
export function renderJson(report: Report): string {
  return JSON.stringify({ kind: REPORT_JSON_KIND, version: 1, ...report }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}
