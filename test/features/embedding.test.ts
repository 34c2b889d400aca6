import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEmbedding, fitEmbedding } from '../../src/features/embedding.ts';
import { cat, dataset, featureConfig, sessionFixture, trainingRows } from './fixtures.ts';

// Training rows 0..8: a×3, b×2, null×3, c×1. Row 9 ("new") is unseen.
const data = dataset({ x: cat('a', 'b', 'a', null, 'a', 'b', null, null, 'c', 'new') });
const train = [0, 1, 2, 3, 4, 5, 6, 7, 8];

const table = [
  // ids: a=1, b=2, c=3; missing, unseen → 0
  { minCategoryCount: 1, categories: ['a', 'b', 'c'], ids: [1, 2, 1, 0, 1, 2, 0, 0, 3, 0] },
  // c is rare → 0 as well
  { minCategoryCount: 2, categories: ['a', 'b'], ids: [1, 2, 1, 0, 1, 2, 0, 0, 0, 0] },
  // nothing frequent enough: everything is id 0, cardinality 1
  { minCategoryCount: 10, categories: [], ids: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
];

for (const t of table) {
  test(`embedding: ids 1..K by count, 0 for missing/rare/unseen (minCategoryCount ${t.minCategoryCount})`, () => {
    const state = fitEmbedding(featureConfig({ minCategoryCount: t.minCategoryCount }), data, train, 'x');
    assert.deepEqual(state.categories, t.categories);
    assert.equal(state.cardinality, t.categories.length + 1);
    const out = applyEmbedding(state, data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(out, { column: 'x', ids: Int32Array.from(t.ids), cardinality: t.categories.length + 1 });
  });
}

test('embedding: every id is in [0, cardinality) on seeded data, and 0 exactly for unknown values', () => {
  const d = sessionFixture(31, 4000);
  const rows = trainingRows(31, 4000, 0.5);
  const state = fitEmbedding(featureConfig({ minCategoryCount: 5 }), d, rows, 'browser');
  const { ids, cardinality } = applyEmbedding(state, d, Array.from({ length: 4000 }, (_, i) => i));
  const known = new Set(state.categories);
  const values = d.columns.browser.values as (string | null)[];
  ids.forEach((id, i) => {
    assert.ok(id >= 0 && id < cardinality);
    assert.equal(id === 0, !known.has(values[i] as string), `row ${i}`);
    if (id > 0) assert.equal(state.categories[id - 1], values[i]);
  });
});

test('embedding: state round-trips through JSON', () => {
  const state = fitEmbedding(featureConfig(), data, train, 'x');
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
});
