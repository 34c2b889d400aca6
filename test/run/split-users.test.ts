import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { initBackend } from '../../src/backend.ts';
import { loadExperiment } from '../../src/config/load.ts';
import { loadExperimentData, runExperiment } from '../../src/run/experiment.ts';
import { valuesRepeat, warnFoldsSplitUsers } from '../../src/run/split-users.ts';
import { smallExperiment, tempDir } from './helpers.ts';

const SPLIT = /folds split users/;

test('valuesRepeat: a value seen twice, missing values ignored', () => {
  assert.equal(valuesRepeat({ kind: 'categorical', values: ['a', 'b', null, null] }), false);
  assert.equal(valuesRepeat({ kind: 'categorical', values: ['a', 'b', 'a'] }), true);
  assert.equal(valuesRepeat({ kind: 'numeric', values: Float64Array.from([1, NaN, NaN, 2]) }), false);
  assert.equal(valuesRepeat({ kind: 'numeric', values: Float64Array.from([1, 2, 1]) }), true);
});

test('session-level synthetic data (independent sessions, chance-equal userIds): ungrouped folds do not warn', async () => {
  await initBackend('wasm');
  const { config, origin } = smallExperiment('hurdle.yaml', ['train.epochs=1', 'model.purchaseHead=[8]', 'model.amountHead=[8]']);
  assert.ok(!config.cv.groupBy, 'ungrouped folds');
  const log: string[] = [];
  const { result } = await runExperiment(config, origin, { outDir: tempDir(), backend: 'wasm', workers: 1, resume: false, write: false, reproduce: 'test', log: (l) => log.push(l) });
  assert.ok(result.data.columns.includes('userId'), 'the data has a userId column');
  assert.deepEqual(log.filter((l) => SPLIT.test(l)), [], log.join('\n'));
  // Its ids are drawn from 1..125000 per session, so some coincide: the values alone cannot tell.
  const ids = (await loadExperimentData({ ...config, features: { ...config.features, categorical: [...config.features.categorical, { column: 'userId', encoding: 'frequency' }] } })).columns.userId;
  assert.ok(ids && valuesRepeat(ids));
});

test('a CSV warns exactly when one of its userIds repeats', async () => {
  const dir = tempDir('hurdle-split-users-');
  const rows = (ids: string[]) => ['visits,userId,purchaseValue', ...ids.map((id, i) => `${i % 5},${id},${i % 7 === 0 ? 1000000 : 0}`)].join('\n');
  const warnings = async (name: string, ids: string[]) => {
    writeFileSync(path.join(dir, `${name}.csv`), `${rows(ids)}\n`);
    const yaml = path.join(dir, `${name}.yaml`);
    writeFileSync(yaml, `name: ${name}\ndata:\n  source: csv\n  path: ${name}.csv\nfeatures:\n  numeric: [visits]\n`);
    const { config } = loadExperiment(yaml);
    const data = await loadExperimentData(config);
    const log: string[] = [];
    warnFoldsSplitUsers(config, data, (l) => log.push(l));
    return log.filter((l) => SPLIT.test(l)).length;
  };
  const ids = Array.from({ length: 40 }, (_, i) => `u${i}`);
  assert.equal(await warnings('unique', ids), 0);
  assert.equal(await warnings('repeat', [...ids.slice(0, 39), 'u3']), 1);
});
