/** Number formatting shared by every renderer, so terminal, Markdown and HTML agree digit for digit. */

export const MISSING = '—';

/** Scores (R², Gini...) with 4 decimals; money-scale values (RMSE in micros) in exponent form. */
export function fmtNum(x: number | null | undefined, decimals = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return MISSING;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  const s = a >= 1e5 ? x.toExponential(2) : a >= 100 ? x.toFixed(1) : x.toFixed(decimals);
  return s.replace(/^-/, '−');
}

/** Signed, for differences: +0.0123 / −0.0040. */
export function fmtDiff(x: number | null | undefined): string {
  const s = fmtNum(x);
  return x !== null && x !== undefined && x >= 0 && Number.isFinite(x) ? `+${s}` : s;
}

export function fmtMeanStd(mean: number | null, std: number | null): string {
  if (mean === null) return MISSING;
  return std === null ? fmtNum(mean) : `${fmtNum(mean)} ± ${fmtNum(std)}`;
}

export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined) return MISSING;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function fmtCi(ci: [number, number] | null): string {
  return ci ? `[${fmtDiff(ci[0])}, ${fmtDiff(ci[1])}]` : MISSING;
}

export function fmtMs(ms: number | null): string {
  if (ms === null) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
