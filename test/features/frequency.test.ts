import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitFrequency, frequencyFeatureNames, frequencyWriter, type FrequencyState } from '../../src/features/frequency.ts';
import { isUserError } from '../../src/errors.ts';
import { assertClose } from './assert.ts';
import { cat, dataset, featureConfig, sessionFixture, trainingRows, writeColumns } from './fixtures.ts';
import type { Dataset } from '../../src/data/types.ts';

/** The live path: the step's RowWriter, as the pipeline runs it. */
const encode = (state: FrequencyState, d: Dataset, rows: ArrayLike<number>) => writeColumns(frequencyWriter(state, d), rows, frequencyFeatureNames(state).length);

// Training rows 0..4: a×2, b×1, null×2. Rows 5..6 only appear at apply time.
const data = dataset({ x: cat('a', 'b', 'a', null, null, 'c', 'a') });

test('frequency: share of training rows, missing counted, unseen → 0', () => {
  const state = fitFrequency(featureConfig(), data, [0, 1, 2, 3, 4], 'x');
  assert.deepEqual(state.shares, [[null, 0.4], ['a', 0.4], ['b', 0.2]]);
  assert.deepEqual(frequencyFeatureNames(state), ['x:frequency']);
  assertClose(encode(state, data, [0, 1, 2, 3, 4, 5, 6])[0], [0.4, 0.2, 0.4, 0.4, 0.4, 0, 0.4]);
});

test('frequency: shares over the training fold sum to 1 and match a direct count', () => {
  const d = sessionFixture(21, 2500);
  const rows = trainingRows(21, 2500, 0.6);
  const state = fitFrequency(featureConfig(), d, rows, 'channelGrouping');
  assert.ok(Math.abs(state.shares.reduce((s, [, p]) => s + p, 0) - 1) < 1e-12);
  const values = d.columns.channelGrouping.values as (string | null)[];
  const direct = rows.filter((r) => values[r] === 'Direct').length / rows.length;
  assert.equal(new Map(state.shares).get('Direct'), direct);
});

test('frequency: zero training rows is a UserError, not NaN', () => {
  assert.throws(() => fitFrequency(featureConfig(), data, [], 'x'), (e: unknown) => isUserError(e) && e.code === 'DATA_DEGENERATE');
});

test('frequency: state round-trips through JSON', () => {
  const state = fitFrequency(featureConfig(), data, [0, 1, 2, 3, 4], 'x');
  const back = JSON.parse(JSON.stringify(state));
  assert.deepEqual(back, state);
  assert.deepEqual(encode(back, data, [0, 1, 2, 3, 4, 5, 6]), encode(state, data, [0, 1, 2, 3, 4, 5, 6]));
});
