import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitOneHot, oneHotFeatureNames, oneHotWriter, type OneHotState } from '../../src/features/onehot.ts';
import { cat, dataset, featureConfig, num, sessionFixture, trainingRows, writeColumns } from './fixtures.ts';
import type { Dataset } from '../../src/data/types.ts';

/** The live path: the step's RowWriter, as the pipeline runs it. */
const encode = (state: OneHotState, d: Dataset, rows: ArrayLike<number>) => writeColumns(oneHotWriter(state, d), rows, oneHotFeatureNames(state).length);

// Training rows 0..8: a×3, b×2, null×2, c×1, d×1. Row 9 ("zz") is never seen in training.
const data = dataset({ x: cat('a', 'a', 'a', 'b', 'b', 'c', null, null, 'd', 'zz'), n: num(0, 0, 0, 0, 0, 0, 0, 0, 0, 0) });
const train = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Row i of the one-hot block as an array. */
function rowsOf(cols: Float32Array[]): number[][] {
  return Array.from({ length: cols[0]?.length ?? 0 }, (_, i) => cols.map((c) => c[i]));
}

test('onehot: order is count desc then name (missing first among ties); rare categories fold into (other)', () => {
  const state = fitOneHot(featureConfig({ minCategoryCount: 2 }), data, train, 'x');
  assert.deepEqual(state.categories, ['a', null, 'b']);
  assert.deepEqual(state.folded, ['c', 'd']);
  assert.deepEqual(oneHotFeatureNames(state), ['x=a', 'x=(missing)', 'x=b', 'x=(other)']);
});

const table = [
  {
    name: 'minCount 2, unseen → zeros',
    minCategoryCount: 2, unseenCategory: 'zeros',
    //         a             a             a             b             b             c (rare)      null          null          d (rare)      zz (unseen)
    expected: [[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]],
  },
  {
    name: 'minCount 2, unseen → other',
    minCategoryCount: 2, unseenCategory: 'other',
    expected: [[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1]],
  },
  {
    name: 'minCount 1, unseen → zeros: no (other) slot at all',
    minCategoryCount: 1, unseenCategory: 'zeros',
    //  columns: a, (missing), b, c, d
    expected: [[1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]],
  },
  {
    name: 'minCount 1, unseen → other: the slot exists only for unseen values',
    minCategoryCount: 1, unseenCategory: 'other',
    expected: [[1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1]],
  },
] as const;

for (const t of table) {
  test(`onehot: ${t.name}`, () => {
    const config = featureConfig({ minCategoryCount: t.minCategoryCount, unseenCategory: t.unseenCategory });
    const state = fitOneHot(config, data, train, 'x');
    assert.deepEqual(rowsOf(encode(state, data, all)), t.expected);
  });
}

test('onehot: missing never seen in training is treated as unseen', () => {
  const d = dataset({ x: cat('a', 'b', null) });
  const zeros = fitOneHot(featureConfig({ unseenCategory: 'zeros' }), d, [0, 1], 'x');
  assert.deepEqual(oneHotFeatureNames(zeros), ['x=a', 'x=b']);
  assert.deepEqual(rowsOf(encode(zeros, d, [2])), [[0, 0]]);
  const other = fitOneHot(featureConfig({ unseenCategory: 'other' }), d, [0, 1], 'x');
  assert.deepEqual(rowsOf(encode(other, d, [2])), [[0, 0, 1]]);
});

test('onehot: on seeded sessions, every row has exactly one 1 (other mode) or at most one (zeros mode)', () => {
  const d = sessionFixture(11, 3000);
  const rows = trainingRows(11, 3000, 0.5);
  for (const unseenCategory of ['other', 'zeros'] as const) {
    const state = fitOneHot(featureConfig({ minCategoryCount: 30, unseenCategory }), d, rows, 'browser');
    const cols = encode(state, d, Array.from({ length: 3000 }, (_, i) => i));
    const seen = new Set([...state.categories, ...state.folded]);
    const values = d.columns.browser.values as (string | null)[];
    for (let i = 0; i < 3000; i++) {
      const sum = cols.reduce((s, c) => s + c[i], 0);
      const expected = unseenCategory === 'other' || seen.has(values[i]) ? 1 : 0;
      assert.equal(sum, expected, `${unseenCategory} row ${i} (${values[i]})`);
    }
  }
});

test('onehot: the state does not depend on the order of the training rows', () => {
  const d = sessionFixture(12, 2000);
  const rows = trainingRows(12, 2000, 0.7);
  const reversed = Int32Array.from(rows).reverse();
  const config = featureConfig({ minCategoryCount: 3 });
  assert.deepEqual(fitOneHot(config, d, reversed, 'browser'), fitOneHot(config, d, rows, 'browser'));
});

test('onehot: state round-trips through JSON (null categories included)', () => {
  const state = fitOneHot(featureConfig({ minCategoryCount: 2 }), data, train, 'x');
  const back = JSON.parse(JSON.stringify(state));
  assert.deepEqual(back, state);
  assert.deepEqual(encode(back, data, all), encode(state, data, all));
});
