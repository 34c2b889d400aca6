/**
 * Parallel failure paths of the fold scheduler. Each must end with a clear error (no result),
 * hand every fold that finished to onFoldDone (what --resume keeps), leave no worker running,
 * and never leave a checkpoint write in flight once the run has settled.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadExperimentData } from '../../src/run/experiment.ts';
import { makeFolds } from '../../src/cv/folds.ts';
import type { FoldResult } from '../../src/results/types.ts';
import { runFolds, type ScheduleOptions } from '../../src/run/schedule.ts';
import { smallExperiment } from './helpers.ts';

const { config } = smallExperiment('baseline.yaml', ['cv.folds=4', 'train.epochs=1']);
const data = await loadExperimentData(config);
const tasks = makeFolds(data.target!, { k: 4, repeats: 1, stratify: 'purchase', seed: config.seed });

/** Workers of the real boot script with another entry (the crashing one). */
function pool(n: number, entry: URL): Worker[] {
  const boot = new URL('../../src/run/worker-boot.mjs', import.meta.url);
  return Array.from({ length: n }, () => new Worker(boot, { workerData: { entry: entry.href, backend: 'wasm' } }));
}

/** Resolves when every worker has exited (a hung worker fails the test by timeout). */
const exited = (workers: Worker[]) => Promise.all(workers.map((w) => new Promise((r) => (w.threadId === -1 ? r(null) : w.once('exit', r)))));

const base = (extra: Partial<ScheduleOptions> = {}): ScheduleOptions => ({ workers: 2, backend: 'wasm', ...extra });

test('a callback that throws inside the message handler fails the run cleanly (no unhandled rejection)', { timeout: 60_000 }, async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const workers = pool(2, new URL('../../src/run/worker.ts', import.meta.url));
    const run = runFolds(config, data, tasks, base({ pool: [...workers], onBackend: () => { throw new Error('resumed folds ran on cpu but this run got wasm'); } }));
    await assert.rejects(run, /resumed folds ran on cpu but this run got wasm/);
    await exited(workers);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('checkpoint writes are serialised and all land before the run settles', { timeout: 120_000 }, async () => {
  let active = 0;
  let maxActive = 0;
  let writes = 0;
  let settled = false;
  const onFoldDone = async () => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    // The first write is slow: folds finishing meanwhile must wait for it.
    await new Promise((r) => setTimeout(r, writes === 0 ? 1500 : 10));
    assert.equal(settled, false, 'a write landed after the run settled');
    writes += 1;
    active -= 1;
  };
  const { results } = await runFolds(config, data, tasks, base({ onFoldDone }));
  settled = true;
  assert.equal(results.length, tasks.length);
  assert.equal(writes, tasks.length);
  assert.equal(maxActive, 1, 'two checkpoint writes overlapped');
});

test('a worker that crashes fails the run with its exit code; finished folds are kept, no worker is left', { timeout: 120_000 }, async () => {
  const finished: FoldResult[] = [];
  const workers = pool(2, new URL('./crashing-worker.ts', import.meta.url));
  await assert.rejects(
    runFolds(config, data, tasks, base({ pool: [...workers], onFoldDone: (r) => void finished.push(r) })),
    /fold worker exited with code 7/,
  );
  await exited(workers);
  assert.ok(finished.length >= 1 && finished.length < tasks.length, `${finished.length} folds kept`);
  assert.ok(finished.every((r) => r.status === 'ok'));
});

test('a non-user error inside a worker fails the run with that error, and no worker is left', { timeout: 60_000 }, async () => {
  const workers = pool(2, new URL('../../src/run/worker.ts', import.meta.url));
  await assert.rejects(runFolds(config, { ...data, target: null }, tasks, base({ pool: [...workers] })), /runFold needs a dataset with a target/);
  await exited(workers);
});

test('an abort with two workers ends as INTERRUPTED after recording the folds that finished', { timeout: 120_000 }, async () => {
  const controller = new AbortController();
  const finished: number[] = [];
  const workers = pool(2, new URL('../../src/run/worker.ts', import.meta.url));
  const onFoldDone = async (r: FoldResult) => {
    finished.push(r.index);
    if (finished.length === 1) controller.abort();
    await new Promise((res) => setTimeout(res, 50));
  };
  await assert.rejects(runFolds(config, data, tasks, base({ pool: [...workers], signal: controller.signal, onFoldDone })), (e: Error & { code?: string }) => e.code === 'INTERRUPTED' && /--resume/.test(e.message + String((e as { hint?: string }).hint)));
  await exited(workers);
  assert.ok(finished.length >= 1 && finished.length < tasks.length, `${finished.length} folds recorded`);
});
