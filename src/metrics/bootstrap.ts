/**
 * Seeded row bootstrap of a fold's R²: how much the score would move on another draw of test
 * rows of the same size. Percentile interval (2.5%, 97.5%) of R² over B resamples drawn with
 * replacement, by a generator seeded from the fold's recorded `bootstrap` seed (B = 1000).
 *
 * The same resamples give the whole "R² vs top spenders removed" curve: for k removed, the draws
 * that hit one of the k largest spenders are left out of that resample. That is the bootstrap of
 * the trimmed fold with a resample size of about n − k (a Poisson-size bootstrap), and it keeps
 * the cost at one pass of B·n draws for every k.
 */
import type { SensitivityCurve } from '../results/types.ts';
import { makeFastRng } from '../seeds.ts';
import { defined, undefinedBecause, type Outcome } from './outcome.ts';
import { quantile7 } from './quantile.ts';
import { r2 } from './regression.ts';
import { r2DropTop, topSpenders } from './sensitivity.ts';

export const BOOTSTRAP_RESAMPLES = 1000;
/** Numbers of top spenders removed in the curve the HTML report draws. */
export const CURVE_REMOVED = [0, 1, 2, 3, 5, 10, 20] as const;

export type { SensitivityCurve };

export function bootstrapCurve(y: ArrayLike<number>, yHat: ArrayLike<number>, seed: number, resamples = BOOTSTRAP_RESAMPLES): SensitivityCurve {
  const n = y.length;
  const removed = CURVE_REMOVED.filter((k) => k < n - 1);
  const order = topSpenders(y);
  const rng = makeFastRng(seed);
  const counts = new Int32Array(n);
  const samples = removed.map(() => [] as number[]);
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[Math.floor(rng() * n)]++;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let se = 0;
    for (let i = 0; i < n; i++) {
      const c = counts[i];
      if (!c) continue;
      s0 += c;
      s1 += c * y[i];
      s2 += c * y[i] * y[i];
      se += c * (y[i] - yHat[i]) ** 2;
    }
    let dropped = 0;
    removed.forEach((k, ki) => {
      for (; dropped < k; dropped++) {
        const i = order[dropped];
        const c = counts[i];
        s0 -= c;
        s1 -= c * y[i];
        s2 -= c * y[i] * y[i];
        se -= c * (y[i] - yHat[i]) ** 2;
      }
      // SST by the one-pass formula, guarded: relative rounding of s2 − s1²/s0 is tiny next to the
      // variance of heavy-tailed y, and a resample without spread has no R².
      const sst = s0 > 1 ? s2 - (s1 * s1) / s0 : 0;
      if (sst > 1e-12 * s2) samples[ki].push(1 - se / sst);
    });
  }
  const curve: SensitivityCurve = { removed: [...removed], r2: [], low: [], high: [], resamples };
  removed.forEach((k, ki) => {
    const full = k === 0 ? r2(y, yHat) : r2DropTop(y, yHat, k, order);
    curve.r2.push(full.value);
    // Fewer than 95% usable resamples: the interval would describe a biased subset.
    const ok = samples[ki].length >= 0.95 * resamples;
    curve.low.push(ok ? quantile7(samples[ki], 0.025) : null);
    curve.high.push(ok ? quantile7(samples[ki], 0.975) : null);
  });
  return curve;
}

/** r2BootLow / r2BootHigh: the interval at 0 removed. */
export function bootstrapOutcomes(curve: SensitivityCurve): { r2BootLow: Outcome; r2BootHigh: Outcome } {
  const lo = curve.low[0];
  const hi = curve.high[0];
  const why = `fewer than 95% of the ${curve.resamples} bootstrap resamples had any spread in y (too few buyers in the fold)`;
  return {
    r2BootLow: lo === null || lo === undefined ? undefinedBecause(why) : defined(lo),
    r2BootHigh: hi === null || hi === undefined ? undefinedBecause(why) : defined(hi),
  };
}
