import assert from 'node:assert/strict';
import test from 'node:test';
import { initBackend } from '../../src/backend.ts';
import { runExperiment, type RunOptions } from '../../src/run/experiment.ts';
import { smallExperiment, tempDir } from './helpers.ts';

const tiny = ['model.purchaseHead=[8]', 'model.amountHead=[8]', 'train.epochs=1', 'cv.repeats=1'];
const opts = (log: string[]): RunOptions => ({ outDir: tempDir(), backend: 'wasm', workers: 1, resume: false, write: false, reproduce: 'test', log: (l) => log.push(l) });

test('ungrouped folds on data with a userId warn once; grouped folds keep users whole and change the fingerprint', async () => {
  await initBackend('wasm');
  const log: string[] = [];
  const ungrouped = smallExperiment('users-hurdle.yaml', [...tiny, 'cv.groupBy=null']);
  const a = await runExperiment(ungrouped.config, ungrouped.origin, opts(log));
  await runExperiment(ungrouped.config, ungrouped.origin, opts(log));
  const warnings = log.filter((l) => /folds split users/.test(l));
  assert.equal(warnings.length, 1, log.join('\n'));
  assert.match(warnings[0], /Set `cv\.groupBy: userId`/);

  const grouped = smallExperiment('users-hurdle.yaml', tiny);
  const quiet: string[] = [];
  const b = await runExperiment(grouped.config, grouped.origin, opts(quiet));
  assert.ok(!quiet.some((l) => /folds split users/.test(l)));
  assert.equal(b.result.config.cv.groupBy, 'userId');
  assert.notEqual(a.result.folds.fingerprint, b.result.folds.fingerprint);
  assert.equal(a.result.data.sha256, b.result.data.sha256, 'same data either way');
});
