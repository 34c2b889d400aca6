/**
 * Fault cases on the submitter and Redis side, with a real Redis: the submitter killed and
 * restarted, Redis restarted (AOF on) in the middle of a run, and two submitters of the same run
 * at once. In each, nothing is lost and nothing is doubled: every fold is computed once and the
 * result equals the local run.
 */
import assert from 'node:assert/strict';
import { tempDir } from '../run/helpers.ts';
import { faultScene, localMetrics, SHORT } from './faults.ts';
import { resultsIn, starts } from './helpers.ts';
import { privateRedis, queueTest, testRedis } from './redis.ts';

const MEDIUM = SHORT.map((s) => (s.startsWith('train.epochs=') ? 'train.epochs=200' : s));

queueTest('the submitter killed (kill -9) and restarted: the same command picks up the same jobs, each computed once', {}, async (t) => {
  const s = faultScene(t, await testRedis(5));
  const reference = await localMetrics(SHORT);
  const out = tempDir('hurdle-q-resubmit-');
  // No worker yet: the jobs wait in Redis while the submitter dies.
  const doomed = s.submit(SHORT, out);
  await doomed.waitFor(/3 folds to collect \(3 newly queued\)/);
  doomed.child.kill('SIGKILL');
  await doomed.done;
  const w = s.worker();
  await w.waitFor(/started .* fold 1 /);
  const again = await s.submit(SHORT, out).done;
  assert.equal(again.code, 0, again.output);
  assert.match(again.output, /3 folds to collect \(0 newly queued\)/);
  const results = resultsIn(out);
  assert.equal(results.length, 1);
  assert.deepEqual(results[0].perFold.map((f) => f.metrics), reference);
  assert.deepEqual([...starts([w]).values()], [1, 1, 1], 'each fold computed once');
});

queueTest('Redis restarted (AOF on) in the middle of a run: workers and the submitter reconnect, nothing is lost or doubled', {}, async (t) => {
  const s = faultScene(t, await privateRedis()); // restarted below, so never the shared one
  const reference = await localMetrics(MEDIUM);
  const w = await s.readyWorker(['--lock-seconds', '10']);
  const out = tempDir('hurdle-q-restart-');
  const submitter = s.submit(MEDIUM, out);
  await submitter.waitFor(/fold \d done on /);
  const doneBefore = (await s.q.getJobs(['completed'])).map((j) => j.id).sort();
  assert.ok(doneBefore.length >= 1 && doneBefore.length < 3, `restart while folds are left (done: ${doneBefore.length})`);
  await s.redis.restart!();
  const done = await submitter.done;
  assert.equal(done.code, 0, done.output);
  const completed = (await s.q.getJobs(['completed'])).map((j) => j.id).sort();
  assert.equal(completed.length, 3);
  for (const id of doneBefore) assert.ok(completed.includes(id), `${id}, completed before the restart, survived it (AOF)`);
  const [result] = resultsIn(out);
  assert.deepEqual(result.perFold.map((f) => f.metrics), reference);
  assert.deepEqual(result.perFold.map((f) => f.index), [0, 1, 2]);
  for (const id of doneBefore) assert.equal(starts([w]).get(id!), 1, `${id} was not recomputed after the restart`);
});

queueTest('two submitters of the same run at once: one set of jobs, each fold computed once, one result file', {}, async (t) => {
  const s = faultScene(t, await testRedis(6));
  const reference = await localMetrics(SHORT);
  const workers = await Promise.all([s.readyWorker(), s.readyWorker()]);
  const out = tempDir('hurdle-q-two-');
  const a = s.submit(SHORT, out);
  const b = s.submit(SHORT, out);
  const [da, db] = await Promise.all([a.done, b.done]);
  assert.equal(da.code, 0, da.output);
  assert.equal(db.code, 0, db.output);
  const added = [da.output, db.output].map((o) => Number(/\((\d+) newly queued\)/.exec(o)?.[1]));
  assert.equal(added[0] + added[1], 3, 'the three fold jobs were queued once between them');
  const results = resultsIn(out);
  assert.equal(results.length, 1, 'one result file');
  assert.deepEqual(results[0].perFold.map((f) => f.metrics), reference);
  const wrote = [da.output, db.output].map((o) => /wrote (\S+)/.exec(o)?.[1]);
  assert.equal(wrote[0], wrote[1], 'both name the same file');
  const perJob = starts(workers);
  assert.equal(perJob.size, 3);
  assert.ok([...perJob.values()].every((n) => n === 1), 'each fold computed once');
});
