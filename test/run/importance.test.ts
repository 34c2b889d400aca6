import assert from 'node:assert/strict';
import test from 'node:test';
import { applyPipeline, fitPipeline } from '../../src/features/pipeline.ts';
import type { FeatureMatrix } from '../../src/features/types.ts';
import type { FittedModel, Prediction } from '../../src/models/types.ts';
import { foldImportance } from '../../src/run/importance.ts';
import { deriveSeed, makeRng, SeedBook } from '../../src/seeds.ts';
import { sessionConfig, sessionFixture } from '../features/fixtures.ts';

// A stub model that reads only the features whose names match `uses`: y depends on nothing else,
// so shuffling any other source column must leave every score exactly unchanged.
function stubModel(uses: RegExp, twoPart = false): FittedModel {
  return {
    type: 'mlp',
    predict(input: FeatureMatrix): Prediction {
      const idx = input.featureNames.flatMap((n, j) => (uses.test(n) ? [j] : []));
      const yHat = new Float64Array(input.nRows);
      for (let i = 0; i < input.nRows; i++) for (const [w, j] of idx.entries()) yHat[i] += (w + 1) * input.x[i * input.nFeatures + j];
      if (!twoPart) return { yHat };
      const purchaseProb = yHat.map((v) => 1 / (1 + Math.exp(-v)));
      return { yHat, purchaseProb, amount: yHat.map((v) => Math.abs(v) + 1) };
    },
    toState: () => { throw new Error('not needed'); },
    dispose: () => {},
  };
}

const n = 600;
const data = sessionFixture(3, n);
const all = Int32Array.from({ length: n }, (_, i) => i);
const train = all.filter((i) => i % 4 !== 0);
const testRows = all.filter((i) => i % 4 === 0);
const pipeline = fitPipeline(sessionConfig(), data, train);

function run(uses: RegExp, opts: { seed?: number; repeats?: number; twoPart?: boolean; target?: Float64Array } = {}) {
  const model = stubModel(uses, opts.twoPart);
  const truth = model.predict(applyPipeline(pipeline, data, testRows)).yHat;
  // y = the stub's own prediction plus seeded noise: the unpermuted R² is high but below 1.
  const rng = makeRng(deriveSeed(1, 'noise'));
  const y = opts.target ?? truth.map((v) => Math.max(0, v + 0.3 * (rng() - 0.5)));
  const prediction = model.predict(applyPipeline(pipeline, data, testRows));
  return foldImportance({ pipeline, model, data, test: testRows, y, prediction, seeds: new SeedBook(opts.seed ?? 11), repeats: opts.repeats ?? 3 });
}

test('one entry per source column: a one-hot group, a frequency code and a datetime sin/cos set are one column each', () => {
  const imp = run(/^pageViews$/);
  assert.deepEqual(Object.keys(imp.columns).sort(), ['bounces', 'browser', 'channelGrouping', 'deviceType', 'isMobile', 'pageViews', 'sessionStart', 'timeOnSite', 'totalHits', 'visitNumber']);
  assert.equal(imp.repeats, 3);
});

test('columns the model does not read have exactly zero drop; the ones it reads have a positive drop', () => {
  for (const [uses, used] of [[/^channelGrouping=/, 'channelGrouping'], [/^sessionStart:/, 'sessionStart'], [/^pageViews$/, 'pageViews']] as const) {
    const imp = run(uses);
    for (const [column, drop] of Object.entries(imp.columns)) {
      if (column === used) assert.ok(drop.r2! > 0.1, `${used}: drop ${drop.r2}`);
      else assert.equal(drop.r2, 0, `${column} is not read by the model but dropped R² by ${drop.r2}`);
    }
  }
});

test('two-part models also get the drop in AUC and in amount R² on buyers, per head', () => {
  const imp = run(/^totalHits$/, { twoPart: true });
  assert.ok(imp.base.auc !== undefined && imp.base.amountR2 !== undefined);
  assert.ok(imp.columns.totalHits.auc! > 0 && imp.columns.totalHits.amountR2! > 0);
  assert.equal(imp.columns.channelGrouping.auc, 0);
  assert.equal(imp.columns.channelGrouping.amountR2, 0);
});

test('seeded: the same seed gives the same drops, another seed other drops', () => {
  const a = run(/^pageViews$|^channelGrouping=/);
  const b = run(/^pageViews$|^channelGrouping=/);
  const c = run(/^pageViews$|^channelGrouping=/, { seed: 12 });
  assert.deepEqual(a.columns, b.columns);
  assert.notEqual(a.columns.pageViews.r2, c.columns.pageViews.r2);
});

test('a score undefined on the fold (constant target) is null, not NaN', () => {
  const imp = run(/^pageViews$/, { target: new Float64Array(testRows.length) });
  assert.equal(imp.base.r2, null);
  assert.equal(imp.columns.pageViews.r2, null);
});

test('importance only adds: the run\'s fold metrics are identical with it on and off, and each fold records its seed', async () => {
  const { initBackend } = await import('../../src/backend.ts');
  const { runExperiment } = await import('../../src/run/experiment.ts');
  const { smallExperiment } = await import('./helpers.ts');
  await initBackend('wasm');
  const opts = { outDir: '/nonexistent', backend: 'wasm' as const, workers: 1, resume: false, write: false, reproduce: 'test' };
  const off = smallExperiment('hurdle.yaml');
  const on = smallExperiment('hurdle.yaml', ['metrics.importance=true', 'metrics.importanceRepeats=1']);
  const a = (await runExperiment(off.config, off.origin, opts)).result;
  const b = (await runExperiment(on.config, on.origin, opts)).result;
  assert.deepEqual(b.perFold.map((f) => f.metrics), a.perFold.map((f) => f.metrics));
  assert.ok(a.perFold.every((f) => f.importance === undefined));
  assert.deepEqual(b.perFold.map((f) => f.importance!.seed), b.perFold.map((f) => deriveSeed(on.config.seed, 'fold', f.index, 'importance')));
});
