/**
 * Realistic result files for reporter tests. Every field of ResultFile is filled and the checksum
 * is valid. Per-fold scores are a shared fold effect (seeded by the fold split, so runs on the
 * same folds co-vary the way real CV scores do) plus run-specific noise (seeded by the run).
 */
import type { ExperimentConfig } from '../../src/config/types.ts';
import { resultChecksum } from '../../src/results/checksum.ts';
import { sha256 } from '../../src/hash.ts';
import type { DecileSummary, FoldResult, MetricSummary, ResultFile } from '../../src/results/types.ts';
import { deriveSeed, makeRng, normal } from '../../src/seeds.ts';
import { metricDirections } from '../../src/metrics/catalog.ts';

export interface FixtureOptions {
  name: string;
  modelType?: 'mlp' | 'hurdle' | 'ziln';
  /** Run seed: drives the run-specific noise and lands in config.seed. */
  seed?: number;
  /** Fold split seed: runs with the same foldSeed, k, repeats and rows share the fold fingerprint. */
  foldSeed?: number;
  k?: number;
  repeats?: number;
  rows?: number;
  /** Data identity; runs with different values cannot be paired. */
  dataSha?: string;
  /** Mean R² of the run. */
  r2?: number;
  /** Run-specific per-fold noise (sd). */
  noise?: number;
  /** Fold-to-fold difficulty shared by every run on the same folds (sd). */
  foldSpread?: number;
  /** Folds (by index) that diverged. */
  divergedFolds?: number[];
  /** Make a metric null on some folds, with a reason. */
  nullMetric?: { metric: string; folds: number[]; reason: string };
  /** Deep-merged into the default config. */
  config?: Record<string, unknown>;
  sweep?: { id: string; point: Record<string, unknown> } | null;
  status?: 'complete' | 'interrupted';
  fitMs?: number;
  /** A file as an older version wrote it: no metric directions, no D²/outlier diagnostics, no curves, no OOF file. */
  legacy?: boolean;
}

export function defaultConfig(name: string, seed: number, modelType: 'mlp' | 'hurdle' | 'ziln', k: number, repeats: number): ExperimentConfig {
  const model =
    modelType === 'mlp'
      ? { type: 'mlp' as const, hidden: [64, 32], dropout: 0.1, l2: 1e-5, targetScale: 'std' as const, embeddingDim: 4 }
      : modelType === 'hurdle'
        ? { type: 'hurdle' as const, trunk: [64], purchaseHead: [32], amountHead: [32], dropout: 0.1, l2: 1e-5, retransform: 'smearing' as const, clampLogAmount: true, lossWeights: { purchase: 1, amount: 1 }, embeddingDim: 4 }
        : { type: 'ziln' as const, hidden: [64, 32], dropout: 0.1, l2: 1e-5, clampLogAmount: true, embeddingDim: 4 };
  return {
    name,
    description: `fixture run ${name}`,
    seed,
    data: { source: 'csv', path: '/data/ga-sessions.csv', maxRows: null, target: 'totals.transactionRevenue', targetUnit: null, idColumn: 'fullVisitorId', synthetic: { rows: 20000, buyerRate: 0.013, tailSigma: 1.2, leakage: 0.5, seed: 1473281002 } },
    features: {
      numeric: ['totals.hits', 'totals.pageviews', 'totals.timeOnSite'],
      log1p: ['totals.hits', 'totals.pageviews'],
      missing: 'zero',
      scaler: 'standard',
      boolean: ['device.isMobile'],
      categorical: [{ column: 'channelGrouping', encoding: 'onehot' }, { column: 'geoNetwork.country', encoding: 'frequency' }],
      minCategoryCount: 10,
      unseenCategory: 'zeros',
      datetime: { column: 'visitStartTime', timezone: 'UTC', cyclical: true },
      sessionEnd: ['totals.hits', 'totals.pageviews', 'totals.timeOnSite'],
      dropSessionEnd: false,
    },
    model,
    train: { epochs: 30, batchSize: 256, learningRate: 0.001, optimizer: 'adam', earlyStopping: { enabled: true, patience: 5, validationFraction: 0.1, minDelta: 0 }, fastPath: true, kernel: 'auto' },
    cv: { folds: k, repeats, stratify: 'purchase', workers: 1 },
    metrics: { outlierQuantile: 0.99, tweediePower: 1.5, importance: false, importanceRepeats: 3 },
    sweep: {},
  };
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

function deciles(level: number, rng: () => number): DecileSummary {
  // Descending mean actual by predicted decile: a model with higher R² concentrates value at the top.
  const weights = Array.from({ length: 10 }, (_, d) => (d >= 8 ? 0 : Math.exp(-(0.3 + 2 * Math.max(0, level)) * d) * (0.9 + 0.2 * rng())));
  const total = weights.reduce((a, b) => a + b, 0);
  const meanActual = weights.map((w) => (w / total) * 5e7);
  const meanPredicted = meanActual.map((a) => a * (0.7 + 0.6 * rng()) + 2e4 * (1 + rng()));
  let acc = 0;
  const cumulativeActualShare = weights.map((w) => (acc += w / total)).map((v, i) => (i === 9 ? 1 : v));
  return { meanPredicted, meanActual, count: Array(10).fill(380), cumulativeActualShare };
}

export function summarize(perFold: FoldResult[], metric: string): MetricSummary {
  const vals: number[] = [];
  const reasons = new Set<string>();
  for (const f of perFold) {
    const v = f.status === 'ok' ? f.metrics[metric] : null;
    if (typeof v === 'number') vals.push(v);
    else if (f.status !== 'ok') reasons.add(`fold ${f.index} ${f.status}`);
    else if (f.notes[metric]) reasons.add(f.notes[metric]);
  }
  if (!vals.length) return { mean: null, std: null, min: null, max: null, n: 0, nullFolds: perFold.length, nullReasons: [...reasons] };
  const m = vals.reduce((a, b) => a + b, 0) / vals.length;
  const std = vals.length > 1 ? Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / (vals.length - 1)) : 0;
  return { mean: m, std, min: Math.min(...vals), max: Math.max(...vals), n: vals.length, nullFolds: perFold.length - vals.length, nullReasons: [...reasons] };
}

export function makeResult(o: FixtureOptions): ResultFile {
  const seed = o.seed ?? 42;
  const foldSeed = o.foldSeed ?? 7;
  const k = o.k ?? 5;
  const repeats = o.repeats ?? 2;
  const rows = o.rows ?? 38007;
  const modelType = o.modelType ?? 'mlp';
  const r2 = o.r2 ?? 0.3;
  const noise = o.noise ?? 0.01;
  const foldSpread = o.foldSpread ?? 0.05;
  const twoPart = modelType !== 'mlp';
  const nFolds = k * repeats;
  const testSizes = Array.from({ length: nFolds }, (_, i) => Math.floor(rows / k) + (i % k < rows % k ? 1 : 0));
  const config = deepMerge(defaultConfig(o.name, seed, modelType, k, repeats) as unknown as Record<string, unknown>, o.config ?? {}) as unknown as ExperimentConfig;
  const perFold: FoldResult[] = [];
  for (let i = 0; i < nFolds; i++) {
    const foldRng = makeRng(deriveSeed(foldSeed, 'fixture-fold', i));
    const runRng = makeRng(deriveSeed(seed, 'fixture-run', o.name, i));
    const fe = normal(foldRng) * foldSpread;
    const score = r2 + fe + normal(runRng) * noise;
    const trimmed = score + 0.12 + 0.5 * fe + normal(runRng) * noise;
    const diverged = o.divergedFolds?.includes(i) ?? false;
    const metrics: Record<string, number | null> = {
      r2: score, rmse: 4.1e7 * (1 - score / 2), mae: 3.1e6 * (1 - score / 3), r2Trimmed: trimmed, r2TrimDelta: trimmed - score,
      topSseShare: 0.7 - score / 2 + normal(runRng) * noise, r2Winsorized: score + 0.08, r2Log1p: 0.35 + score / 2 + normal(runRng) * noise,
      gini: 0.8 + score / 4 + normal(runRng) * noise, spearman: 0.2 + score / 5,
    };
    if (twoPart) Object.assign(metrics, { auc: 0.93 + score / 20 + normal(runRng) * noise / 2, amountR2: 0.1 + score / 3 });
    if (!o.legacy) {
      // A whale-dominated fold: dropping the top spenders moves R² by tenths; the bootstrap interval is wide.
      const drops = [0.6, 0.9, 1.1].map((d) => score - d * fe - 0.1 * d + normal(runRng) * noise);
      Object.assign(metrics, {
        d2Tweedie: 0.2 + score / 2 + normal(runRng) * noise, d2Poisson: 0.25 + score / 2 + normal(runRng) * noise,
        r2DropTop1: drops[0], r2DropTop5: drops[1], r2DropTop10: drops[2],
        dR2DropTop1: drops[0] - score, dR2DropTop5: drops[1] - score, dR2DropTop10: drops[2] - score,
        topBuyersSstShare: 0.35 + 0.2 * foldRng(), errorShareTop1: 0.2 + 0.1 * runRng(), errorShareTop5: 0.45, errorShareTop10: 0.6 + 0.1 * runRng(),
        r2BootLow: score - 0.25, r2BootHigh: score + 0.15,
      });
      if (twoPart) Object.assign(metrics, { logLoss: 0.06 - score / 50, brier: 0.012 - score / 200, ece: 0.004 * runRng(), amountLogR2: 0.3 + score / 4, amountLogRmse: 0.9 - score / 4 });
    }
    const notes: Record<string, string> = {};
    if (o.nullMetric?.folds.includes(i)) {
      metrics[o.nullMetric.metric] = null;
      notes[o.nullMetric.metric] = o.nullMetric.reason;
    }
    perFold.push({
      index: i, repeat: Math.floor(i / k), fold: i % k, status: diverged ? 'diverged' : 'ok', ...(diverged ? { reason: 'loss became NaN at epoch 3' } : {}),
      nTrain: rows - testSizes[i], nTest: testSizes[i], nTestBuyers: Math.round(testSizes[i] * 0.013),
      metrics: diverged ? Object.fromEntries(Object.keys(metrics).map((m) => [m, null])) : metrics,
      notes: diverged ? Object.fromEntries(Object.keys(metrics).map((m) => [m, 'fold diverged'])) : notes,
      timings: { pipelineMs: 120 + 10 * i, fitMs: (o.fitMs ?? 8000) * (0.9 + 0.2 * runRng()), predictMs: 40 },
      epochsRun: 12, bestEpoch: 7,
      history: [{ epoch: 1, loss: 1.2, valLoss: 1.1 }, { epoch: 2, loss: 0.9, valLoss: 0.95 }],
      modelInfo: twoPart ? { smearing: 1.21, clampLogAmount: [9.2, 21.4] } : { targetScale: 3.1e6 },
      deciles: diverged ? null : deciles(score, runRng),
      seeds: { init: deriveSeed(seed, 'fold', i, 'init'), shuffle: deriveSeed(seed, 'fold', i, 'shuffle') },
      ...(o.legacy || diverged
        ? {}
        : {
            sensitivity: {
              removed: [0, 1, 2, 3, 5, 10, 20],
              r2: [0, 1, 2, 3, 5, 10, 20].map((n) => score - 0.02 * n * (1 + fe)),
              low: [0, 1, 2, 3, 5, 10, 20].map((n) => score - 0.25 - 0.02 * n),
              high: [0, 1, 2, 3, 5, 10, 20].map((n) => score + 0.15 - 0.015 * n),
              resamples: 1000,
            },
            ...(twoPart ? { reliability: { meanPredicted: [0.001, 0.002, 0.004, 0.006, 0.008, 0.01, 0.013, 0.02, 0.04, 0.2], observedRate: [0, 0.001, 0.003, 0.006, 0.01, 0.01, 0.015, 0.018, 0.05, 0.17], count: Array(10).fill(760) } } : {}),
          }),
    });
  }
  const metricNames = Object.keys(perFold.find((f) => f.status === 'ok')?.metrics ?? perFold[0].metrics);
  const summary = Object.fromEntries(metricNames.map((m) => [m, summarize(perFold, m)]));
  const dataSha = o.dataSha ?? sha256('ga-sessions.csv');
  const result: Omit<ResultFile, 'checksum'> & { checksum?: string } = {
    kind: 'hurdle-lab/result', schemaVersion: 1, name: o.name, status: o.status ?? 'complete', config,
    configHash: sha256(JSON.stringify(config)),
    origin: { file: `experiments/${o.name}.yaml`, extends: ['experiments/base.yaml'], overrides: [] },
    seeds: { root: seed, derived: { folds: deriveSeed(foldSeed, 'folds') } },
    folds: { k, repeats, stratify: 'purchase', fingerprint: sha256(`folds/${k}/${repeats}/${foldSeed}/${rows}/${dataSha}`), testSizes },
    data: { source: 'csv', path: '/data/ga-sessions.csv', rows, sha256: dataSha, buyerRate: 0.0127, columns: ['fullVisitorId', 'totals.hits', 'totals.transactionRevenue'] },
    perFold, summary,
    timings: { loadMs: 900, totalMs: perFold.reduce((a, f) => a + f.timings.fitMs, 0) + 900 },
    environment: { node: 'v20.20.2', tfjs: '4.22.0', backend: 'wasm', os: 'linux 6.1', cpu: 'fixture cpu', cores: 2, host: 'fixture-host', git: { commit: 'a9f6242', dirty: false }, packages: { '@tensorflow/tfjs': '4.22.0' } },
    startedAt: '2025-01-01T10:00:00.000Z', finishedAt: '2025-01-01T10:05:00.000Z',
    reproduce: `npm run exp -- --reproduce results/${o.name}.json`,
    sweep: o.sweep ?? null,
    ...(o.legacy
      ? {}
      : {
          metricDirections: metricDirections(metricNames),
          oof: { file: `${o.name}.oof.csv.gz`, sha256: sha256(`oof/${o.name}`), rows: rows * repeats },
        }),
  };
  return seal(result);
}

/** Set a valid checksum (after editing a fixture on purpose). */
export function seal<T extends object>(result: T): T & ResultFile {
  const r = { ...result } as Record<string, unknown>;
  r.checksum = resultChecksum(r);
  return r as unknown as T & ResultFile;
}
