import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.ts';
import { buildReport } from '../../src/report/build.ts';
import { diffConfigs, flattenConfig } from '../../src/report/config-diff.ts';
import { groupSweeps } from '../../src/report/sweeps.ts';
import { BEST_MARK, runGrid, sweepGrids } from '../../src/report/table.ts';
import { makeResult } from './fixtures.ts';

const entry = (o: Parameters<typeof makeResult>[0]) => ({ path: `results/${o.name}.json`, result: makeResult(o) });
const three = () => [
  entry({ name: 'mlp', seed: 1, r2: 0.3 }),
  entry({ name: 'baseline', seed: 2, r2: 0.25 }),
  entry({ name: 'hurdle', seed: 3, r2: 0.36, modelType: 'hurdle' }),
];

test('best value per column respects each metric direction; diagnostics are never marked', () => {
  const report = buildReport(three(), { metrics: ['r2', 'rmse', 'topSseShare', 'r2TrimDelta', 'r2Trimmed'] });
  const best = (metric: string) => report.runs.filter((r) => r.cells[metric].best).map((r) => r.label);
  const means = (metric: string) => report.runs.map((r) => r.cells[metric].mean!);
  // r2: higher is better; rmse: lower is better; the rest are diagnostics: nothing marked.
  assert.deepEqual(best('r2'), [report.runs[means('r2').indexOf(Math.max(...means('r2')))].label]);
  assert.deepEqual(best('r2'), ['hurdle']);
  assert.deepEqual(best('rmse'), [report.runs[means('rmse').indexOf(Math.min(...means('rmse')))].label]);
  assert.deepEqual(best('rmse'), ['hurdle']);
  for (const m of ['topSseShare', 'r2TrimDelta', 'r2Trimmed']) assert.deepEqual(best(m), [], m);
  for (const r of report.runs) for (const c of report.outlierColumns) assert.equal(r.cells[c.metric].best, false, `${r.label} ${c.metric}`);
  // The grid shows the mark on exactly that cell.
  const grid = runGrid(report);
  const col = grid.header.indexOf('RMSE');
  const marked = grid.rows.filter((row) => row[col].text.endsWith(BEST_MARK)).map((row) => row[0].text);
  assert.deepEqual(marked, ['hurdle']);
  assert.equal(grid.rows.find((r) => r[0].text === 'hurdle')![col].style, 'best');
});

test('default baseline is the run named baseline; --baseline picks another; unknown lists the runs', () => {
  assert.equal(buildReport(three()).baseline, 'baseline');
  assert.deepEqual(buildReport(three()).runs.map((r) => r.label), ['baseline', 'mlp', 'hurdle'], 'baseline first, then file order');
  assert.equal(buildReport([entry({ name: 'x' }), entry({ name: 'y' })]).baseline, 'x');
  assert.equal(buildReport(three(), { baseline: 'mlp' }).baseline, 'mlp');
  assert.throws(() => buildReport(three(), { baseline: 'hurdel' }), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.equal(e.code, 'REGISTRY_MISS');
    assert.match(e.message, /unknown baseline run "hurdel".*"mlp", "baseline", "hurdle".*Did you mean "hurdle"\?/);
    return true;
  });
});

test('--metrics picks columns, an unknown name lists the valid ones; auc only when present', () => {
  const r = buildReport(three(), { metrics: ['gini', 'r2'] });
  assert.deepEqual(r.columns.map((c) => c.metric), ['gini', 'r2']);
  assert.deepEqual([...new Set(r.comparisons.map((c) => c.metric))], ['gini', 'r2']);
  assert.throws(() => buildReport(three(), { metrics: ['r2', 'giny'] }), /--metrics`: unknown metric "giny"\. Expected one of "r2", "rmse".*"r2Oracle", got "giny"\. Did you mean "gini"\?/);
  assert.ok(buildReport(three()).headColumns.some((c) => c.metric === 'auc'), 'a hurdle run has AUC');
  assert.ok(!buildReport(three().slice(0, 2)).headColumns.length, 'no two-part run, no two-part heads section');
});

test('default columns are scores with a direction; diagnostics sit in the outlier-sensitivity section', () => {
  const r = buildReport(three());
  assert.deepEqual(r.columns.map((c) => c.metric), ['r2', 'd2Tweedie', 'd2Poisson', 'gini', 'r2Oracle'].filter((m) => m !== 'r2Oracle'));
  assert.ok(r.columns.every((c) => c.higherIsBetter !== null));
  assert.ok(r.outlierColumns.length >= 9 && r.outlierColumns.every((c) => c.higherIsBetter === null));
  assert.deepEqual(r.headColumns.map((c) => [c.metric, c.higherIsBetter]), [
    ['logLoss', false], ['brier', false], ['auc', true], ['ece', null], ['amountR2', true], ['amountLogR2', null], ['amountLogRmse', null],
  ]);
  // Verdicts only on the run table's scores, never on a section's diagnostics.
  assert.deepEqual([...new Set(r.comparisons.map((c) => c.metric))], ['r2', 'd2Tweedie', 'd2Poisson', 'gini']);
  assert.deepEqual(r.lacking, []);
});

test('an older result file still loads; the report says what it lacks', () => {
  const r = buildReport([entry({ name: 'baseline', seed: 1, legacy: true }), entry({ name: 'new', seed: 2 })]);
  assert.equal(r.lacking.length, 1);
  assert.match(r.lacking[0], /^baseline was written by an older version and lacks recorded metric directions.*D² Tweedie\/Poisson and the outlier-sensitivity diagnostics, an out-of-fold predictions file; rerun it/);
  assert.equal(r.runs[0].cells.d2Tweedie.mean, null);
  assert.match(r.runs[0].cells.d2Tweedie.nullReasons[0], /not recorded by this run/);
});

test('--sort orders runs by mean, best first for the metric direction', () => {
  const byR2 = buildReport(three(), { sort: 'r2' }).runs.map((r) => r.label);
  assert.deepEqual(byR2, ['hurdle', 'mlp', 'baseline']);
  const byRmse = buildReport(three(), { sort: 'rmse' }).runs.map((r) => r.label);
  assert.deepEqual(byRmse, ['hurdle', 'mlp', 'baseline'], 'rmse: lower first, even though it is not a shown column');
  assert.deepEqual(buildReport(three(), { sort: 'name' }).runs.map((r) => r.label), ['baseline', 'hurdle', 'mlp']);
  assert.throws(() => buildReport(three(), { sort: 'speed' }), /unknown sort key "speed"/);
});

test('duplicate run names are told apart by file name', () => {
  const a = entry({ name: 'baseline', seed: 1 });
  const b = { path: 'results/other/baseline-2.json', result: makeResult({ name: 'baseline', seed: 2 }) };
  const labels = buildReport([a, b]).runs.map((r) => r.label);
  assert.deepEqual(labels, ['baseline (baseline.json)', 'baseline (baseline-2.json)']);
});

test('config diff shows only changed keys, as dotted paths', () => {
  const base = makeResult({ name: 'baseline', seed: 1 }).config;
  const run = makeResult({ name: 'wide', seed: 1, config: { model: { hidden: [128, 64] }, train: { earlyStopping: { patience: 9 } } } }).config;
  assert.deepEqual(diffConfigs(base, run), [
    { key: 'model.hidden', baseline: [64, 32], run: [128, 64] },
    { key: 'train.earlyStopping.patience', baseline: 5, run: 9 },
  ]);
  assert.deepEqual(diffConfigs(base, base), []);
  const flat = flattenConfig({ features: { categorical: [{ column: 'c', encoding: 'onehot' }] }, datetime: null });
  assert.deepEqual(flat, { 'features.categorical[0].column': 'c', 'features.categorical[0].encoding': 'onehot', datetime: null });
  const report = buildReport([entry({ name: 'baseline', seed: 1 }), { path: 'w.json', result: makeResult({ name: 'wide', seed: 1, config: { model: { hidden: [128, 64] } } }) }]);
  assert.deepEqual(report.configDiff, [{ run: 'wide', changes: [{ key: 'model.hidden', baseline: [64, 32], run: [128, 64] }] }]);
});

test('sweep members are grouped by id with the keys that vary', () => {
  const runs = [
    { label: 'w1', result: makeResult({ name: 'w1', sweep: { id: 's1', point: { 'model.hidden': [32], 'train.learningRate': 0.001 } } }) },
    { label: 'w2', result: makeResult({ name: 'w2', sweep: { id: 's1', point: { 'model.hidden': [64], 'train.learningRate': 0.001 } } }) },
    { label: 'solo', result: makeResult({ name: 'solo' }) },
  ];
  const groups = groupSweeps(runs);
  assert.equal(groups.length, 1);
  assert.equal(groups[0].id, 's1');
  assert.deepEqual(groups[0].members.map((m) => m.label), ['w1', 'w2']);
  assert.deepEqual(groups[0].varying, ['model.hidden']);
});

test('sweep members are ranked by the first metric, best first', () => {
  const point = (lr: number) => ({ id: 's1', point: { 'train.learningRate': lr } });
  const report = buildReport([
    entry({ name: 'p1', seed: 1, r2: 0.2, sweep: point(0.1) }),
    entry({ name: 'p2', seed: 2, r2: 0.4, sweep: point(0.01) }),
    entry({ name: 'p3', seed: 3, r2: 0.3, sweep: point(0.001) }),
  ]);
  const [grid] = sweepGrids(report);
  assert.deepEqual(grid.grid.header.slice(0, 3), ['rank', 'run', 'train.learningRate']);
  assert.deepEqual(grid.grid.rows.map((r) => [r[0].text, r[1].text]), [['1', 'p2'], ['2', 'p3'], ['3', 'p1']]);
  // With a lower-is-better metric first, the order flips.
  const byRmse = sweepGrids(buildReport(report.runs.map((_, i) => entry({ name: `p${i + 1}`, seed: i + 1, r2: [0.2, 0.4, 0.3][i], sweep: point([0.1, 0.01, 0.001][i]) })), { metrics: ['rmse'] }));
  assert.deepEqual(byRmse[0].grid.rows.map((r) => r[1].text), ['p2', 'p3', 'p1']);
});

test('r2Oracle (a reference from the data) is shown by default but never compared or marked best', () => {
  const entries = three();
  entries.forEach((e, i) => {
    e.result.summary.r2Oracle = { mean: 0.4 + i / 100, std: 0.01, min: 0.39, max: 0.43, n: 10, nullFolds: 0, nullReasons: [] };
  });
  const report = buildReport(entries);
  assert.ok(report.columns.some((c) => c.metric === 'r2Oracle'));
  assert.ok(report.runs.every((r) => !r.cells.r2Oracle.best));
  assert.ok(report.comparisons.length > 0 && report.comparisons.every((c) => c.metric !== 'r2Oracle'));
});

test('null summaries: shown as missing with the reasons', () => {
  const r = buildReport([
    entry({ name: 'baseline', seed: 1 }),
    entry({ name: 'sparse', seed: 2, nullMetric: { metric: 'gini', folds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], reason: 'oracle Gini is 0: no buyers in the test fold' } }),
  ]);
  const cell = r.runs[1].cells.gini;
  assert.equal(cell.mean, null);
  assert.deepEqual(cell.nullReasons, ['oracle Gini is 0: no buyers in the test fold']);
  assert.equal(runGrid(r).rows[1][runGrid(r).header.indexOf('norm. Gini')].text, '—');
});
