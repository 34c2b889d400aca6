/**
 * The queue path end to end, with a real Redis and two real `npm run worker` processes: a 2×2
 * sweep gives fold metrics bit-identical to the local run, records which worker ran each fold,
 * and submitting it again computes nothing.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { runExpCommand } from '../../src/cli/exp.ts';
import { runQueueCommand } from '../../src/cli/queue.ts';
import { repoRoot, SMALL, tempDir } from '../run/helpers.ts';
import { foldQueue, resultsIn, starts, stopAll, worker, type Cli } from './helpers.ts';
import { queueTest, testRedis } from './redis.ts';
import path from 'node:path';

const sink = () => {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
};
const sweepArgs = [
  path.join(repoRoot, 'experiments/baseline.yaml'),
  ...[...SMALL, 'model.hidden=[16]'].flatMap((s) => ['--set', s]),
  '--sweep', 'train.learningRate=0.01,0.003',
  '--sweep', 'model.hidden=[16],[8]',
  '--backend', 'wasm',
];
const metricsByName = (dir: string) => Object.fromEntries(resultsIn(dir).map((r) => [r.name, r.perFold.map((f) => f.metrics)]));

queueTest('a 2×2 sweep on the queue with 2 worker processes equals the local run, fold for fold; resubmitting computes nothing', { timeout: 300_000 }, async (t) => {
  const redis = await testRedis(1);
  const workers: Cli[] = [worker(redis.url), worker(redis.url)];
  t.after(async () => {
    await stopAll(workers);
    await redis.stop();
  });
  const localDir = tempDir('hurdle-q-local-');
  const local = sink();
  assert.equal(await runExpCommand([...sweepArgs, '--workers', '1', '--out', localDir, '--quiet'], { stdout: local.stream, stderr: local.stream }), 0, local.text());

  await Promise.all(workers.map((w) => w.waitFor(/waiting for fold jobs/)));
  const queuedDir = tempDir('hurdle-q-queued-');
  const first = sink();
  assert.equal(await runExpCommand([...sweepArgs, '--queue', redis.url, '--out', queuedDir], { stdout: first.stream, stderr: first.stream }), 0, first.text());
  assert.match(first.text(), /sweep of 4 points, 12 fold jobs \(12 newly queued\)/);

  const localMetrics = metricsByName(localDir);
  assert.equal(Object.keys(localMetrics).length, 4);
  assert.deepEqual(metricsByName(queuedDir), localMetrics, 'queued fold metrics must be bit-identical to the local ones');

  const queued = resultsIn(queuedDir);
  const pids = new Set(workers.map((w) => w.child.pid));
  const ranOn = new Set<string>();
  for (const r of queued) {
    assert.equal(r.queue?.folds.length, 3);
    for (const f of r.queue!.folds) {
      assert.match(f.job, /^fold-[0-9a-f]{16}-[0-9a-f]{16}-r0-f[0-2]$/);
      assert.equal(f.backend, 'wasm');
      ranOn.add(f.worker);
    }
    assert.equal(r.status, 'complete');
    assert.equal(r.environment.backend, 'wasm');
  }
  // Each fold was computed by one of our two workers' processes (children of the worker CLI), and both took part.
  assert.equal(ranOn.size >= 2, true, `folds ran on ${[...ranOn].join(', ')}`);
  const perJob = starts(workers);
  assert.equal(perJob.size, 12);
  assert.ok([...perJob.values()].every((n) => n === 1), 'every fold job started exactly once');
  assert.ok(pids.size === 2);

  // Same command again: every job exists and is done, so nothing is queued and nothing computed.
  const q = foldQueue(redis.url);
  t.after(() => q.close());
  const before = Object.fromEntries((await q.getJobs(['completed'])).map((j) => [j.id, j.processedOn]));
  const againDir = tempDir('hurdle-q-again-');
  const second = sink();
  assert.equal(await runExpCommand([...sweepArgs, '--queue', redis.url, '--out', againDir], { stdout: second.stream, stderr: second.stream }), 0, second.text());
  assert.match(second.text(), /12 fold jobs \(0 newly queued\)/);
  assert.deepEqual(metricsByName(againDir), localMetrics);
  const after = Object.fromEntries((await q.getJobs(['completed'])).map((j) => [j.id, j.processedOn]));
  assert.deepEqual(after, before, 'no job was processed again');
  assert.deepEqual([...starts(workers).values()].reduce((a, b) => a + b, 0), 12);

  const status = sink();
  assert.equal(await runQueueCommand(['status', '--queue', redis.url], { stdout: status.stream, stderr: status.stream }), 0);
  assert.match(status.text(), /4 run\(s\); fold jobs 0 waiting, 0 active, 0 retrying, 12 done, 0 failed/);
  assert.equal(status.text().match(/baseline-p\d +completed +0 +0 +0 +3 +0/g)?.length, 4, status.text());
});

test('--queue: a bad URL, an unreachable Redis and --workers are clear user errors', async () => {
  const args = [path.join(repoRoot, 'experiments/baseline.yaml'), '--quiet'];
  const cases: [string[], number, RegExp][] = [
    [['--queue', 'http://x:1'], 2, /bad --queue "http:\/\/x:1": the scheme must be redis:\/\/.*Expected redis:\/\/HOST:PORT/],
    [['--queue', 'redis://127.0.0.1:6379/99'], 2, /the database must be an integer 0–15/],
    [['--queue', 'redis://127.0.0.1:1'], 3, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/0.*Start it/],
    [['--queue', 'redis://127.0.0.1:1', '--workers', '2'], 2, /--workers sets local fold threads; with --queue/],
  ];
  for (const [extra, code, message] of cases) {
    const err = sink();
    assert.equal(await runExpCommand([...args, ...extra], { stdout: err.stream, stderr: err.stream }), code, err.text());
    assert.match(err.text(), message);
    assert.doesNotMatch(err.text(), /\n\s+at /, 'no stack trace');
  }
});
