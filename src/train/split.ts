/**
 * The inner validation split used for early stopping: a seeded share of the *training* rows,
 * stratified by purchase (1[y > 0]) so that the rare buyers are represented in both parts.
 * The loop never sees the outer test fold, so it cannot leak into early stopping.
 */
import { deriveSeed, makeRng, shuffleInPlace } from '../seeds.ts';

export interface InnerSplit {
  train: Int32Array;
  validation: Int32Array;
}

/**
 * Per stratum, round(fraction · n) rows go to validation (at least one when the stratum has two
 * or more rows, so both parts see buyers), chosen by a Fisher-Yates shuffle seeded per stratum.
 * Indices come back sorted, so the split does not depend on the order strata are visited.
 */
export function stratifiedSplit(strata: Uint8Array, fraction: number, seed: number): InnerSplit {
  const byStratum = new Map<number, number[]>();
  strata.forEach((s, i) => {
    const list = byStratum.get(s);
    if (list) list.push(i);
    else byStratum.set(s, [i]);
  });
  const train: number[] = [];
  const validation: number[] = [];
  for (const [stratum, rows] of byStratum) {
    shuffleInPlace(rows, makeRng(deriveSeed(seed, 'stratum', stratum)));
    let nVal = Math.round(fraction * rows.length);
    if (rows.length >= 2) nVal = Math.min(Math.max(nVal, 1), rows.length - 1);
    else nVal = 0;
    // Loops, not push(...rows): spreading 10⁵ arguments overflows the call stack.
    for (let k = 0; k < rows.length; k++) (k < nVal ? validation : train).push(rows[k]);
  }
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return { train: sorted(train), validation: sorted(validation) };
}
