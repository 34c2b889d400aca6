/**
 * The one number formatter. Every tool that shows a number to a person (reports, charts, the data
 * and predict CLIs, run and sweep summaries) formats it here, so "53.84M" in the report is
 * "53.84M" in the sweep summary and the same share is "1.27%" everywhere.
 *
 * Rules: `digits` significant digits (default 4), trailing zeros dropped; SI suffixes k, M, G, T,
 * P from 10⁴ up (so counts up to 9999 stay plain); exponent form below 10⁻³; "−" for minus;
 * "—" for a missing value. A target unit rescales target-scale values (purchase values, RMSE,
 * MAE) into the unit people think in: `micros` (Google's purchase values) → currency units.
 * This module imports nothing, so every layer may use it.
 */

export const MISSING = '—';

/** How the target column is stored; each unit says how to show it. */
export const TARGET_UNITS = {
  micros: { scale: 1e-6, label: 'currency units', note: 'target stored in micros (10⁻⁶ of a currency unit)' },
  cents: { scale: 1e-2, label: 'currency units', note: 'target stored in cents' },
  units: { scale: 1, label: 'currency units', note: 'target stored in currency units' },
} as const;
export type TargetUnit = keyof typeof TARGET_UNITS;
export const TARGET_UNIT_NAMES = Object.keys(TARGET_UNITS) as TargetUnit[];

export interface NumberFormat {
  /** Significant digits (default 4). */
  digits?: number;
  /** Prefix "+" on values ≥ 0 (differences). */
  signed?: boolean;
  /** Rescale a target-scale value into this unit's display unit first. */
  unit?: TargetUnit | null;
}

const SI = [
  { exp: 15, suffix: 'P' },
  { exp: 12, suffix: 'T' },
  { exp: 9, suffix: 'G' },
  { exp: 6, suffix: 'M' },
  { exp: 3, suffix: 'k' },
];

/** `toPrecision` without an exponent and without trailing zeros: 0.019400 → "0.0194", 12.50 → "12.5". */
function plain(a: number, digits: number): string {
  const s = a.toPrecision(digits);
  if (s.includes('e')) return String(Number(s));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function formatNumber(x: number | null | undefined, opts: NumberFormat = {}): string {
  if (x === null || x === undefined || Number.isNaN(x)) return MISSING;
  const digits = opts.digits ?? 4;
  const v = opts.unit ? x * TARGET_UNITS[opts.unit].scale : x;
  const sign = v < 0 ? '−' : opts.signed ? '+' : '';
  if (!Number.isFinite(v)) return `${sign}∞`;
  const a = Math.abs(v);
  let body: string;
  if (a === 0) body = '0';
  else if (a >= 1e4) {
    // Round first: 999,999 at 4 digits is 1M, not 1000k.
    const rounded = Number(a.toPrecision(digits));
    const si = SI.find((s) => rounded >= 10 ** s.exp);
    body = si ? `${plain(rounded / 10 ** si.exp, digits)}${si.suffix}` : plain(rounded, digits);
    if (rounded >= 1e18) body = rounded.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  } else if (a < 1e-3) body = a.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  else body = plain(a, digits);
  return sign + body;
}

/** A share in [0, 1] as a percentage with 3 significant digits: 0.0127 → "1.27%", 0.5 → "50%". */
export function formatShare(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return MISSING;
  if (x === 0) return '0%';
  const p = 100 * x;
  return `${Math.abs(p) < 1e-3 ? formatNumber(p, { digits }) : (p < 0 ? '−' : '') + plain(Math.abs(p), digits)}%`;
}

/** A count with thousands separators: 30000 → "30,000". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return MISSING;
  return n.toLocaleString('en-US').replace(/^-/, '−');
}

/** Milliseconds for people: "51 ms", "4.2 s", "3.5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${plain(ms / 1000, 3)} s`;
  return `${plain(ms / 60_000, 3)} min`;
}

/** "RMSE" → "RMSE (currency units)" when a unit applies. */
export function withUnit(label: string, unit: TargetUnit | null | undefined): string {
  return unit ? `${label} (${TARGET_UNITS[unit].label})` : label;
}
