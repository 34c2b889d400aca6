import assert from 'node:assert/strict';
import { test } from 'node:test';
import { booleanFeatureNames, fitBoolean, booleanWriter, type BooleanState } from '../../src/features/boolean.ts';
import { bool, dataset, featureConfig, num, writeColumns } from './fixtures.ts';
import type { Dataset } from '../../src/data/types.ts';

/** The live path: the step's RowWriter, as the pipeline runs it. */
const encode = (state: BooleanState, d: Dataset, rows: ArrayLike<number>) => writeColumns(booleanWriter(state, d), rows, booleanFeatureNames(state).length);

const data = dataset({ b: bool(1, 0, null, 1), c: bool(null, null, 0, 1), n: num(1, 2, 3, 4) });

test('boolean: 0/1 pass through, missing → 0, one column per listed name', () => {
  const state = fitBoolean(featureConfig({ boolean: ['b', 'c'] }), data, [0, 1]);
  assert.deepEqual(booleanFeatureNames(state), ['b', 'c']);
  const [b, c] = encode(state, data, [0, 1, 2, 3]);
  assert.deepEqual([...b], [1, 0, 0, 1]);
  assert.deepEqual([...c], [0, 0, 0, 1]);
});

test('boolean: rows select and order the output', () => {
  const state = fitBoolean(featureConfig({ boolean: ['b'] }), data, [0]);
  assert.deepEqual([...encode(state, data, [3, 1, 3])[0]], [1, 0, 1]);
});

test('boolean: state round-trips through JSON', () => {
  const state = fitBoolean(featureConfig({ boolean: ['b', 'c'] }), data, [0, 1, 2, 3]);
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
});
