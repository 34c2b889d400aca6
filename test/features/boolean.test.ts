import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyBoolean, booleanFeatureNames, fitBoolean } from '../../src/features/boolean.ts';
import { bool, dataset, featureConfig, num } from './fixtures.ts';

const data = dataset({ b: bool(1, 0, null, 1), c: bool(null, null, 0, 1), n: num(1, 2, 3, 4) });

test('boolean: 0/1 pass through, missing → 0, one column per listed name', () => {
  const state = fitBoolean(featureConfig({ boolean: ['b', 'c'] }), data, [0, 1]);
  assert.deepEqual(booleanFeatureNames(state), ['b', 'c']);
  const [b, c] = applyBoolean(state, data, [0, 1, 2, 3]);
  assert.deepEqual([...b], [1, 0, 0, 1]);
  assert.deepEqual([...c], [0, 0, 0, 1]);
});

test('boolean: rows select and order the output', () => {
  const state = fitBoolean(featureConfig({ boolean: ['b'] }), data, [0]);
  assert.deepEqual([...applyBoolean(state, data, [3, 1, 3])[0]], [1, 0, 1]);
});

test('boolean: state round-trips through JSON', () => {
  const state = fitBoolean(featureConfig({ boolean: ['b', 'c'] }), data, [0, 1, 2, 3]);
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
});
