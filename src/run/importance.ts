/**
 * Permutation importance on one fold's test part (Breiman 2001; sklearn's
 * permutation_importance): shuffle one source column among the test rows, rebuild the features
 * with the pipeline fitted on the training fold, predict with the fitted model, and measure how
 * much each score drops. Grouping by source column means a one-hot group, a frequency code or a
 * datetime's sin/cos set is permuted as one feature, which is what a reader means by "the
 * column". For two-part models the purchase head (AUC) and the amount head (R² on test buyers)
 * are measured too: a column can matter for one head and not the other.
 *
 * Cost: columns × repeats extra predictions of the test fold; the model is not refitted.
 */
import type { Column, Dataset } from '../data/types.ts';
import { applyPipeline, usedColumns, type PipelineState } from '../features/pipeline.ts';
import { rocAuc } from '../metrics/classification.ts';
import { r2 } from '../metrics/regression.ts';
import type { FittedModel, Prediction } from '../models/types.ts';
import type { FoldImportance } from '../results/types.ts';
import { deriveSeed, makeRng, shuffleInPlace, type SeedBook } from '../seeds.ts';

type Scores = FoldImportance['base'];

export interface ImportanceInput {
  pipeline: PipelineState;
  model: FittedModel;
  data: Dataset;
  test: Int32Array;
  /** Test-fold target and the unpermuted prediction of the test rows. */
  y: Float64Array;
  prediction: Prediction;
  /** The fold's seed book: the shuffles derive and record `importance` from it. */
  seeds: SeedBook;
  repeats: number;
}

/** The data restricted to `rows` (only the listed columns), so a shuffle copies test rows only. */
function subset(data: Dataset, rows: Int32Array, columns: readonly string[]): Dataset {
  const out: Record<string, Column> = {};
  for (const name of columns) {
    const c = data.columns[name];
    out[name] = c.kind === 'categorical' ? { kind: c.kind, values: Array.from(rows, (r) => c.values[r]) } : { kind: c.kind, values: Float64Array.from(rows, (r) => c.values[r]) };
  }
  return { identity: data.identity, rowCount: rows.length, columns: out, target: null };
}

function permuted(c: Column, order: Int32Array): Column {
  return c.kind === 'categorical' ? { kind: c.kind, values: Array.from(order, (i) => c.values[i]) } : { kind: c.kind, values: Float64Array.from(order, (i) => c.values[i]) };
}

function scores(y: Float64Array, p: Prediction, buyers: Int32Array): Scores {
  const out: Scores = { r2: r2(y, p.yHat).value };
  if (p.purchaseProb) out.auc = rocAuc(y, p.purchaseProb).value;
  if (p.amount) out.amountR2 = buyers.length ? r2(Float64Array.from(buyers, (i) => y[i]), Float64Array.from(buyers, (i) => p.amount![i])).value : null;
  return out;
}

export function foldImportance(input: ImportanceInput): FoldImportance {
  const t0 = performance.now();
  const { pipeline, model, y, repeats } = input;
  // The stream seed: shuffle j of column c uses deriveSeed(seed, c, j).
  const seed = input.seeds.derive('importance');
  const columns = usedColumns(pipeline);
  const view = subset(input.data, input.test, columns);
  const buyers = Int32Array.from([...y.keys()].filter((i) => y[i] > 0));
  const base = scores(y, input.prediction, buyers);
  const keys = Object.keys(base) as (keyof Scores)[];
  const result: FoldImportance['columns'] = {};
  for (const name of columns) {
    const sums: Record<string, number> = {};
    const defined: Record<string, number> = {};
    for (let j = 0; j < repeats; j++) {
      const order = Int32Array.from({ length: view.rowCount }, (_, i) => i);
      shuffleInPlace(order, makeRng(deriveSeed(seed, name, j)));
      const shuffled: Dataset = { ...view, columns: { ...view.columns, [name]: permuted(view.columns[name], order) } };
      const s = scores(y, model.predict(applyPipeline(pipeline, shuffled)), buyers);
      for (const k of keys) {
        const b = base[k];
        const v = s[k];
        if (b === null || b === undefined || v === null || v === undefined) continue;
        sums[k] = (sums[k] ?? 0) + (b - v);
        defined[k] = (defined[k] ?? 0) + 1;
      }
    }
    const entry: FoldImportance['columns'][string] = { r2: null };
    for (const k of keys) entry[k] = defined[k] === repeats ? sums[k] / repeats : null;
    result[name] = entry;
  }
  return { seed, repeats, base, columns: result, ms: performance.now() - t0 };
}
