/** Ranking helpers shared by Spearman, AUC and the gains-curve Gini. */

/** Row indices ordered by `values`, descending or ascending; ties keep row order (stable). */
export function orderBy(values: ArrayLike<number>, direction: 'asc' | 'desc'): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  const sign = direction === 'asc' ? 1 : -1;
  // TypedArray#sort is not guaranteed stable with a comparator, so the tie-break is explicit.
  order.sort((a, b) => sign * (values[a] - values[b]) || a - b);
  return order;
}

/** 1-based ranks, tied values sharing the average of the ranks they span (scipy's rankdata 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = orderBy(values, 'asc');
  const ranks = new Float64Array(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation, or null when either side has no variance. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return null;
  return sab / Math.sqrt(saa * sbb);
}
