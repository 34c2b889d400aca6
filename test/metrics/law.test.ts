/**
 * The law that decides which metrics may carry a direction (src/metrics/catalog.ts).
 *
 * On the synthetic generator, whose exact E[y|x] is known, a directional metric must score the
 * exact E[y|x] at least as well as each distortion — 0, the training mean, 0.5×, 2×, and E[y|x]
 * shuffled across the test rows — and strictly better than 0, the mean and the shuffled version.
 * Ranking scores tie on rescaling, which "at least as well" allows. A distortion the metric
 * refuses to score (null: Spearman of a constant, D² of a prediction of 0 for buyers) cannot be
 * ranked above the truth, so it counts as beaten. Part-wise scores obey the same law for their
 * own target: P(buy | x) for the purchase head, E[y | x, y > 0] for the amount head.
 *
 * Several seeds × buyer rates 1.27% (the competition's) and 3%. The law is about expected scores,
 * and on one 4,000-row fold with ~50 buyers a single whale can hand 0.5×E[y|x] a better R² than
 * the truth (it does for seed 11 at 1.27%), so the test fold is large: 60k scored rows, with the
 * training mean from an independent 20k-row draw of the same generator. At that size the expected
 * margin of the truth over 0.5× is about four standard deviations of its sampling noise at 1.27%.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSynthetic } from '../../src/data/synthetic-generate.ts';
import { METRICS, type MetricDirection } from '../../src/metrics/catalog.ts';
import { foldMetrics } from '../../src/metrics/fold.ts';
import { makeRng, SeedBook, shuffleInPlace } from '../../src/seeds.ts';

const SEEDS = [11, 12, 13];
const RATES = [0.0127, 0.03];
const TEST_ROWS = 60000;
const TRAIN_ROWS = 20000;
const DISTORTIONS = ['zero', 'trainMean', 'half', 'double', 'shuffled'] as const;
const STRICT = new Set(['zero', 'trainMean', 'shuffled']);
type Distortion = (typeof DISTORTIONS)[number];

interface Setting {
  label: string;
  scores: Record<'exact' | Distortion, Record<string, number | null>>;
}

function setting(seed: number, buyerRate: number): Setting {
  const table = generateSynthetic({ rows: TEST_ROWS, seed, buyerRate, tailSigma: 1, leakage: 1 });
  const y = table.target;
  const trainY = generateSynthetic({ rows: TRAIN_ROWS, seed: seed + 1000, buyerRate, tailSigma: 1, leakage: 1 }).target;
  const mean = table.oracle;
  const buy = table.oracleBuy;
  const amount = Float64Array.from(mean, (m, i) => m / buy[i]);
  const trainMean = trainY.reduce((a, b) => a + b, 0) / trainY.length;
  const trainBuyers = trainY.filter((v) => v > 0);
  const trainRate = trainBuyers.length / trainY.length;
  const trainAmount = trainBuyers.reduce((a, b) => a + b, 0) / trainBuyers.length;
  const order = shuffleInPlace(Int32Array.from(y, (_, i) => i), makeRng(seed * 7 + 1));
  const variants: Record<'exact' | Distortion, [Float64Array, Float64Array, Float64Array]> = {
    exact: [mean, buy, amount],
    zero: [new Float64Array(y.length), new Float64Array(y.length), new Float64Array(y.length)],
    trainMean: [new Float64Array(y.length).fill(trainMean), new Float64Array(y.length).fill(trainRate), new Float64Array(y.length).fill(trainAmount)],
    half: [mean.map((v) => v / 2), buy.map((v) => v / 2), amount.map((v) => v / 2)],
    double: [mean.map((v) => v * 2), buy.map((v) => Math.min(1, v * 2)), amount.map((v) => v * 2)],
    shuffled: [Float64Array.from(order, (i) => mean[i]), Float64Array.from(order, (i) => buy[i]), Float64Array.from(order, (i) => amount[i])],
  };
  const scores = {} as Setting['scores'];
  for (const [name, [yHat, purchaseProb, amt]] of Object.entries(variants) as [keyof typeof variants, (typeof variants)['exact']][]) {
    scores[name] = foldMetrics({ y, yHat, trainY, q: 0.99, tweediePower: 1.5, seeds: new SeedBook(seed), bootstrapResamples: 100, purchaseProb, amount: amt }).metrics;
  }
  return { label: `seed ${seed}, buyer rate ${buyerRate}`, scores };
}

/** How the exact E[y|x] fails the law on `metric` under `direction`, or [] when it passes. */
function violations(s: Setting, metric: string, direction: Exclude<MetricDirection, 'none'>): string[] {
  const exact = s.scores.exact[metric];
  if (exact === null || exact === undefined) return [`${s.label}: undefined on the exact E[y|x]`];
  const out: string[] = [];
  for (const d of DISTORTIONS) {
    const v = s.scores[d][metric];
    if (v === null || v === undefined) continue;
    const margin = direction === 'higher' ? exact - v : v - exact;
    if (margin < 0 || (STRICT.has(d) && margin === 0)) out.push(`${s.label}: ${d} scores ${v} vs exact ${exact}`);
  }
  return out;
}

const settings: Setting[] = [];
const get = (): Setting[] => {
  if (!settings.length) for (const seed of SEEDS) for (const rate of RATES) settings.push(setting(seed, rate));
  return settings;
};

test('the law: every metric with a direction ranks the exact E[y|x] first (3 seeds × 1.27% and 3% buyers, 60k scored rows)', (t) => {
  const all = get();
  for (const m of METRICS) {
    if (m.direction === 'none') continue;
    const bad = all.flatMap((s) => violations(s, m.name, m.direction as 'higher' | 'lower'));
    assert.deepEqual(bad, [], `${m.name} (direction ${m.direction}) breaks the law`);
  }
  t.diagnostic(`directional and lawful: ${METRICS.filter((m) => m.direction !== 'none').map((m) => m.name).join(', ')}`);
});

test('the law fails for the diagnostics the issue measured, so they carry no direction', (t) => {
  const all = get();
  // Each would need a direction to be ranked; under either direction it breaks the law somewhere.
  const lawless = (name: string): boolean =>
    (['higher', 'lower'] as const).every((d) => all.some((s) => violations(s, name, d).length > 0));
  for (const name of ['r2Trimmed', 'r2Winsorized', 'r2Log1p', 'mae', 'amountLogR2', 'topBuyersSstShare']) {
    assert.ok(lawless(name), `${name} passes the law under some direction: it could be a score`);
    assert.equal(METRICS.find((m) => m.name === name)!.direction, 'none', name);
  }
  // The table, reproduced: on trimmed R², 0.5× the truth beats the truth; MAE prefers 0.
  assert.ok(all.some((s) => s.scores.half.r2Trimmed! > s.scores.exact.r2Trimmed!), 'r2Trimmed prefers 0.5×E[y|x] somewhere');
  assert.ok(all.every((s) => s.scores.zero.mae! < s.scores.exact.mae!), 'MAE prefers predicting 0');
  const summary = METRICS.filter((m) => m.direction === 'none' && !m.reference).map((m) => `${m.name}: ${lawless(m.name) ? 'fails' : 'passes under some direction (kept a diagnostic by definition)'}`);
  t.diagnostic(summary.join('; '));
});
