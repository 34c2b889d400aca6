import assert from 'node:assert/strict';
import test from 'node:test';
import { compareResults, formatReproduceReport, reproduceConfig } from '../../src/run/reproduce.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { makeResult } from '../report/fixtures.ts';

const clone = (r: ResultFile): ResultFile => JSON.parse(JSON.stringify(r));

test('identical results reproduce; every fold metric is compared', () => {
  const a = makeResult({ name: 'baseline' });
  const r = compareResults(a, clone(a));
  assert.equal(r.identical, true);
  assert.equal(r.compared, a.perFold.reduce((n, f) => n + Object.keys(f.metrics).length, 0));
  assert.match(formatReproduceReport('x.json', r), /^reproduced x\.json: all \d+ fold metrics identical\.$/);
});

test('a changed fold metric, a null, a missing fold and another backend are all named', () => {
  const a = makeResult({ name: 'baseline' });
  const b = clone(a);
  b.perFold[2].metrics.r2 = (b.perFold[2].metrics.r2 as number) + 1e-12;
  b.perFold[3].metrics.gini = null;
  b.perFold.pop();
  b.environment.backend = 'cpu';
  const r = compareResults(a, b);
  assert.equal(r.identical, false);
  assert.deepEqual(
    r.differences.map((d) => `${d.fold}:${d.metric}`),
    ['2:r2', '3:gini', `${a.perFold.length - 1}:(fold)`],
  );
  assert.match(r.warnings.join('\n'), /backend differs: wasm then, cpu now/);
  assert.match(formatReproduceReport('x.json', r), /NOT reproduced x\.json: 3 of \d+ fold metrics differ/);
});

test('reproduceConfig pins train.kernel to what the run used; files from before the setting rerun on tfjs', () => {
  const a = makeResult({ name: 'baseline' });
  const old = clone(a);
  delete (old.config.train as Partial<typeof old.config.train>).kernel;
  for (const f of old.perFold) delete f.kernel;
  assert.equal(reproduceConfig(old).train.kernel, 'tfjs');
  const auto = clone(a);
  auto.config.train.kernel = 'auto';
  for (const f of auto.perFold) f.kernel = { requested: 'auto', used: 'wasm-simd', reason: 'auto on the wasm backend' };
  assert.equal(reproduceConfig(auto).train.kernel, 'wasm-simd');
  assert.equal(auto.config.train.kernel, 'auto', 'the original is not modified');
  const fellBack = clone(auto);
  for (const f of fellBack.perFold) f.kernel = { requested: 'auto', used: 'tfjs', reason: 'fell back to tfjs: learned embeddings' };
  assert.equal(reproduceConfig(fellBack).train.kernel, 'tfjs');
  assert.match(compareResults(auto, fellBack).warnings.join('\n'), /training kernel differs: wasm-simd then, tfjs now/);
});

test('a seed the rerun recorded with another value is named; seeds only one side recorded are not', () => {
  const a = makeResult({ name: 'baseline' });
  a.seeds.derived = { 'cv/0': 1, 'fold/0/init': 2, 'fold/0/split': 3 };
  const b = clone(a);
  assert.deepEqual(compareResults(a, b).warnings, []);
  b.seeds.derived = { 'cv/0': 1, 'fold/0/init': 7, 'fold/0/importance': 5 }; // split not drawn, importance newly recorded
  assert.deepEqual(compareResults(a, b).warnings, ['1 seed differs from the recorded ones (fold/0/init)']);
});
