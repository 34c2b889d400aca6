/**
 * The q-quantile by linear interpolation between order statistics: Hyndman & Fan type 7, the
 * default of numpy.quantile / numpy.percentile, R's quantile() and pandas. With the values sorted
 * ascending as x[0..n-1], h = (n − 1)·q and the quantile is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * So q = 0 is the minimum, q = 1 the maximum, and the median of an even count is the midpoint.
 */
export function quantile7(values: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile7: q must be in [0, 1], got ${q}`);
  const n = values.length;
  if (n === 0) throw new RangeError('quantile7: no values');
  const sorted = Float64Array.from(values).sort();
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
