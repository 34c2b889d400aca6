import assert from 'node:assert/strict';
import test from 'node:test';
import { initBackend } from '../../src/backend.ts';
import { applyOverrides } from '../../src/config/load.ts';
import { isUserError } from '../../src/errors.ts';
import { computeFoldJob } from '../../src/queue/fold-job.ts';
import { foldJobs } from '../../src/queue/submit.ts';
import { loadExperimentData } from '../../src/run/experiment.ts';
import { smallExperiment } from '../run/helpers.ts';

// A worker keeps one dataset between jobs; a job grouped by a column that is no feature must not
// reuse the dataset of an ungrouped job on the same data (it was loaded without that column).
test('computeFoldJob: jobs on the same data that differ in cv.groupBy do not share the loaded dataset', async () => {
  await initBackend('wasm');
  const overrides = ['train.epochs=1', 'cv.folds=2', 'cv.repeats=1', 'model.purchaseHead=[8]', 'model.amountHead=[8]'];
  const ungrouped = smallExperiment('users-hurdle.yaml', [...overrides, 'cv.groupBy=null']).config;
  const grouped = applyOverrides(ungrouped, ['cv.groupBy=userId']);
  assert.ok(!ungrouped.features.categorical.some((c) => c.column === 'userId'), 'userId must come from cv.groupBy alone');
  const settings = { dataRoots: [] };
  for (const config of [ungrouped, grouped]) {
    const data = await loadExperimentData(config);
    const [job] = foldJobs(config, data, 'wasm');
    const { result } = await computeFoldJob(job, settings);
    assert.equal(result.index, 0);
  }
});

// The job's config comes from Redis (maybe from another version): the worker checks it with the
// config schema before use, instead of failing somewhere inside the fold.
test('computeFoldJob: a job whose config this version cannot run is a DATA_MISMATCH naming the key, before any data is loaded', async () => {
  const { config } = smallExperiment('baseline.yaml', ['train.epochs=1']);
  const data = await loadExperimentData(config);
  const [job] = foldJobs(config, data, 'wasm');
  const older = { ...job, config: { ...job.config, train: { ...job.config.train, epochs: 'ten' } } } as unknown as typeof job;
  await assert.rejects(computeFoldJob(older, { dataRoots: [] }), (e: unknown) =>
    isUserError(e) && e.code === 'DATA_MISMATCH' && /config\.train\.epochs/.test(e.message) && /same version/.test(e.message));
});
