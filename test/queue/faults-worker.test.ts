/**
 * Fault cases on the worker side, with a real Redis: a worker killed mid-fold (kill -9), a worker
 * drained by SIGTERM mid-fold, and a fold failing on user error (the worker's CSV is not the
 * submitter's). In each, nothing is lost and nothing is doubled.
 */
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeSyntheticCsv } from '../../src/data/synthetic.ts';
import { tempDir } from '../run/helpers.ts';
import { activeJobPastEpoch, faultScene, LONG, localMetrics, SHORT } from './faults.ts';
import { resultsIn, starts } from './helpers.ts';
import { queueTest, testRedis } from './redis.ts';

queueTest('a worker killed mid-fold (kill -9): its job is detected as stalled and rerun on another worker, with the same result', {}, async (t) => {
  const s = faultScene(t, await testRedis(2));
  const reference = await localMetrics(LONG);
  const doomed = await s.readyWorker();
  const out = tempDir('hurdle-q-kill-');
  const submitter = s.submit(LONG, out);
  const jobId = await activeJobPastEpoch(s.q, 3);
  doomed.child.kill('SIGKILL');
  await doomed.done;
  assert.doesNotMatch(doomed.output(), new RegExp(`finished`), 'the killed worker finished nothing');
  const rescuer = s.worker();
  const done = await submitter.done;
  assert.equal(done.code, 0, done.output);
  const [result] = resultsIn(out);
  assert.deepEqual(result.perFold.map((f) => f.metrics), reference);
  assert.match(rescuer.output(), /stalled|started/);
  assert.equal(starts([rescuer]).get(jobId), 1, `the killed fold ${jobId} was rerun once on the other worker`);
  const record = result.queue!.folds.find((f) => f.job === jobId)!;
  assert.ok(record, 'the rerun fold is in the record');
  assert.equal(result.perFold.length, 2);
});

queueTest('SIGTERM drains a worker: the running fold finishes there, the next one is left for another worker', {}, async (t) => {
  const s = faultScene(t, await testRedis(3));
  const reference = await localMetrics(LONG);
  const first = await s.readyWorker();
  const out = tempDir('hurdle-q-drain-');
  const submitter = s.submit(LONG, out);
  const jobId = await activeJobPastEpoch(s.q, 3);
  first.child.kill('SIGTERM');
  const exit = await first.done;
  assert.equal(exit.code, 0, exit.output);
  assert.match(exit.output, /draining: finishing 1 running fold/);
  assert.equal((await s.q.getJob(jobId))?.finishedOn !== undefined, true, 'the fold it was running completed before it exited');
  assert.equal([...starts([first]).values()].reduce((a, b) => a + b, 0), 1, 'it took no new fold while draining');
  const second = s.worker();
  const done = await submitter.done;
  assert.equal(done.code, 0, done.output);
  const [result] = resultsIn(out);
  assert.deepEqual(result.perFold.map((f) => f.metrics), reference);
  assert.equal(new Set(result.queue!.folds.map((f) => f.worker)).size, 2, 'one fold on each worker');
  assert.equal(starts([second]).size, 1);
});

queueTest('a fold failing on user error (the worker has another CSV) fails once, is reported once with its message, and succeeds once fixed', {}, async (t) => {
  const s = faultScene(t, await testRedis(4));
  const root = tempDir('hurdle-q-csv-');
  mkdirSync(path.join(root, 'submitter'));
  mkdirSync(path.join(root, 'worker'));
  const csv = path.join(root, 'submitter', 'sessions.csv');
  await writeSyntheticCsv(csv, { rows: 800, seed: 1, buyerRate: 0.08, tailSigma: 1, leakage: 1 });
  await writeSyntheticCsv(path.join(root, 'worker', 'sessions.csv'), { rows: 800, seed: 2, buyerRate: 0.08, tailSigma: 1, leakage: 1 });
  writeFileSync(path.join(root, 'README'), 'the worker copy differs from the submitter copy on purpose');
  const sets = [...SHORT, 'data.source=csv', `data.path=${csv}`, 'data.rows=null'];

  const wrongCopy = s.worker(['--data-root', path.join(root, 'worker')]);
  const out = tempDir('hurdle-q-usererr-');
  const failed = await s.submit(sets, out).done;
  assert.equal(failed.code, 2, failed.output);
  const message = /is not the data the run was submitted with/g;
  assert.equal(failed.output.match(message)?.length, 1, `reported once:\n${failed.output}`);
  assert.match(failed.output, /error: fold \d \(job fold-[0-9a-f]{16}-[0-9a-f]{16}-r\d-f\d\): worker \S+: the CSV \S+worker\/sessions\.csv is not the data.*Expected [0-9a-f]{64}, got [0-9a-f]{64}\. Give every worker the same file/);
  assert.doesNotMatch(failed.output, /at .*\.ts:\d+/, 'no stack trace for a user error');
  await new Promise((r) => setTimeout(r, 3000)); // let the worker try the other folds too: each fails once
  const jobs = await s.q.getJobs(['failed']);
  assert.equal(jobs.length, 3);
  for (const j of jobs) assert.equal(j.attemptsMade, 1, `${j.id} was not retried`);
  assert.deepEqual([...starts([wrongCopy]).values()], [1, 1, 1]);
  assert.deepEqual(resultsIn(out), [], 'no result file from wrong data');

  // Fixed: this worker sees the submitter's file. The same command retries the failed folds and succeeds.
  wrongCopy.child.kill('SIGTERM');
  await wrongCopy.done;
  s.worker(); // the worker that has the right copy
  const fixed = await s.submit(sets, out).done;
  assert.equal(fixed.code, 0, fixed.output);
  assert.match(fixed.output, /3 failed before and retried/);
  assert.deepEqual(resultsIn(out)[0].perFold.map((f) => f.metrics), await localMetrics(sets));
});
