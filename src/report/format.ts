/**
 * The report's number cells, on top of the one shared formatter (src/numbers.ts), so terminal,
 * Markdown and HTML agree digit for digit with each other and with every other tool.
 */
import { formatDuration, formatNumber, MISSING, type TargetUnit } from '../numbers.ts';

export { MISSING };

/** 4 significant digits, SI suffixes from 10⁴ (RMSE 53842823 → "53.84M"); `unit` rescales target-scale values. */
export function fmtNum(x: number | null | undefined, unit?: TargetUnit | null): string {
  return formatNumber(x, { unit });
}

/** Signed, for differences: +0.0123 / −0.004. */
export function fmtDiff(x: number | null | undefined, unit?: TargetUnit | null): string {
  return formatNumber(x, { unit, signed: true });
}

export function fmtMeanStd(mean: number | null, std: number | null, unit?: TargetUnit | null): string {
  if (mean === null) return MISSING;
  return std === null ? fmtNum(mean, unit) : `${fmtNum(mean, unit)} ± ${fmtNum(std, unit)}`;
}

export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined) return MISSING;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function fmtCi(ci: [number, number] | null, unit?: TargetUnit | null): string {
  return ci ? `[${fmtDiff(ci[0], unit)}, ${fmtDiff(ci[1], unit)}]` : MISSING;
}

export function fmtMs(ms: number | null): string {
  return formatDuration(ms);
}
