/**
 * The issue-11 figures: for baseline, hurdle and ziln on the synthetic data (same data, same
 * folds) and for the generator's exact E[y|x] on those folds, the mean over folds of R², D²
 * Tweedie, R² without the top 1, 5 and 10 spenders, and the row-bootstrap 95% interval of R².
 *
 *   npm run scores                                  # the shipped experiments as they are
 *   npm run scores -- --set train.epochs=2 --set data.rows=5000 --workers 1
 *
 * Nothing is written; the table goes to stdout (Markdown). The exact E[y|x] is scored with the
 * runner's own foldMetrics on the runner's folds (checked by fold fingerprint), so its row is the
 * best any model could do on these very folds.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadExperiment } from '../src/config/load.ts';
import { foldFingerprint, makeFolds } from '../src/cv/folds.ts';
import { foldMetrics } from '../src/metrics/fold.ts';
import type { MetricValues } from '../src/results/types.ts';
import { loadExperimentData, runExperiment } from '../src/run/experiment.ts';
import { SeedBook } from '../src/seeds.ts';

const COLUMNS = ['r2', 'd2Tweedie', 'r2DropTop1', 'r2DropTop5', 'r2DropTop10'] as const;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: { set: { type: 'string', multiple: true, default: [] }, workers: { type: 'string' }, backend: { type: 'string', default: 'auto' } },
});

const mean = (xs: (number | null | undefined)[]): number | null => {
  const v = xs.filter((x): x is number => typeof x === 'number');
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};
const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(4));

function row(label: string, perFold: MetricValues[], nulls: string[]): string {
  const cells = COLUMNS.map((c) => fmt(mean(perFold.map((m) => m[c]))));
  const boot = `[${fmt(mean(perFold.map((m) => m.r2BootLow)))}, ${fmt(mean(perFold.map((m) => m.r2BootHigh)))}]`;
  return `| ${label} | ${cells.join(' | ')} | ${boot} | ${nulls.join('; ')} |`;
}

const lines = [
  `| prediction | R² | D² Tweedie | R² −top1 | R² −top5 | R² −top10 | R² bootstrap 95% | notes |`,
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];
let oracleLine: string | null = null;
for (const file of ['baseline.yaml', 'hurdle.yaml', 'ziln.yaml']) {
  const { config, origin } = loadExperiment(path.join(root, 'experiments', file), { overrides: values.set });
  const workers = values.workers === undefined ? undefined : values.workers === 'auto' ? 'auto' : Number(values.workers);
  process.stderr.write(`running ${config.name} (${config.cv.folds}-fold × ${config.cv.repeats}, ${config.data.synthetic.rows} rows, ${config.train.epochs} epochs)...\n`);
  const { result } = await runExperiment(config, origin, {
    outDir: path.join(root, 'results'), backend: values.backend as 'auto', workers, resume: false, write: false, reproduce: 'scripts/scores-table.ts',
  });
  const ok = result.perFold.filter((f) => f.status === 'ok');
  const nulls = [...new Set(ok.flatMap((f) => Object.entries(f.notes).filter(([k]) => (COLUMNS as readonly string[]).includes(k)).map(([k, v]) => `${k}: ${v}`)))];
  if (ok.length < result.perFold.length) nulls.push(`${result.perFold.length - ok.length} folds not ok`);
  lines.push(row(`${config.name} (${config.model.type})`, ok.map((f) => f.metrics), nulls));

  if (oracleLine === null) {
    // The exact E[y|x] on the same folds, scored by the same function.
    const data = await loadExperimentData(config);
    const folds = makeFolds(data.target!, { k: config.cv.folds, repeats: config.cv.repeats, stratify: config.cv.stratify, seed: config.seed });
    if (foldFingerprint(folds, data.rowCount) !== result.folds.fingerprint) throw new Error('scores-table: the oracle folds differ from the run folds');
    const pick = (v: Float64Array, rows: Int32Array) => Float64Array.from(rows, (i) => v[i]);
    const perFold = folds.map((f) =>
      foldMetrics({
        y: pick(data.target!, f.test), yHat: pick(data.oracle!, f.test), trainY: pick(data.target!, f.train),
        q: config.metrics.outlierQuantile, tweediePower: config.metrics.tweediePower, seeds: new SeedBook(config.seed).child('fold', f.index),
      }).metrics,
    );
    oracleLine = row('exact E[y|x]', perFold, []);
  }
}
lines.splice(2, 0, oracleLine!);
process.stdout.write(`${lines.join('\n')}\n`);
