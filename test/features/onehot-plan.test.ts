/** One-hot width: folded categories are reported, an exploding column is warned about with the fix. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config/load.ts';
import type { Dataset } from '../../src/data/types.ts';
import { oneHotNotes, planOneHot } from '../../src/features/onehot-plan.ts';

// 150 cities with a long tail (city_k appears 150 - k times: 11,325 rows), and a 3-valued device.
const city: string[] = [];
for (let k = 0; k < 150; k++) for (let i = 0; i < 150 - k; i++) city.push(`city_${k}`);
const device = city.map((_, i) => ['mobile', 'desktop', 'tablet'][i % 3]);
const data = {
  identity: { source: 'csv', path: '/x.csv', rows: city.length, sha256: '', buyerRate: 0, columns: ['city', 'device'] },
  rowCount: city.length,
  columns: { city: { kind: 'categorical', values: city }, device: { kind: 'categorical', values: device } },
  target: new Float64Array(city.length),
} as Dataset;

const features = (minCategoryCount: number) =>
  resolveConfig({ name: 't', data: { source: 'csv', path: '/x.csv' }, features: { categorical: ['city', 'device'], minCategoryCount } }).features;

test('the default folds the tail into "(other)" and says how many categories and rows', () => {
  const f = features(10);
  const plans = planOneHot(f, data);
  // Counts ≥ 10 are city_0 .. city_140: 141 kept, 9 folded (counts 9..1 = 45 rows).
  assert.deepEqual(plans[0], { column: 'city', distinct: 150, width: 142, folded: 9, foldedRows: 45 / city.length });
  const notes = oneHotNotes(f, plans);
  assert.match(notes[0], /^one-hot city: 150 categories, 142 columns; 9 seen fewer than 10 times \(features\.minCategoryCount\) fold into "\(other\)" \(0\.397% of rows\)$/);
  assert.match(notes[1], /^warning: one-hot city adds 142 input columns.*encoding: frequency.*minCategoryCount/);
  assert.equal(notes.length, 2, 'device is small and folds nothing: no line');
});

test('minCategoryCount 1 keeps everything: no folding line, but the width warning', () => {
  const f = features(1);
  const notes = oneHotNotes(f, planOneHot(f, data));
  assert.deepEqual(notes.map((n) => n.split(':')[0]), ['warning']);
  assert.match(notes[0], /adds 150 input columns/);
});
