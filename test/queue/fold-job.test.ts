import assert from 'node:assert/strict';
import test from 'node:test';
import { initBackend } from '../../src/backend.ts';
import { applyOverrides } from '../../src/config/load.ts';
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
